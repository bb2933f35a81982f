"""What makes an allowed action risky: broad resources, no closing condition (data-driven).

Rules ask for the actions a statement *exposes*: those it allows on broad resources without a
restricting clause on a key from `data/closing_conditions.json` that closes the risk for that action.
Sets are computed with frozenset algebra and memoised per distinct Condition block.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cache, lru_cache

from generator.iam.analysis import CompiledStatement
from generator.iam.catalogue import PERMISSIONS_MANAGEMENT, Catalogue
from generator.iam.memo import Memo
from generator.iam.model import Conditions
from generator.lint.findings import data_file


@dataclass(frozen=True)
class RiskData:
    privilege_escalation: tuple[tuple[str, frozenset[str]], ...]
    data_exfiltration: frozenset[str]
    any_action_keys: tuple[str, ...]
    by_action_keys: tuple[tuple[str, tuple[str, ...]], ...]


@cache
def risk_data() -> RiskData:
    splaining = json.loads(data_file("cloudsplaining.json").read_text(encoding="utf-8"))
    closing = json.loads(data_file("closing_conditions.json").read_text(encoding="utf-8"))
    return RiskData(
        privilege_escalation=tuple(
            (name, frozenset(a.lower() for a in actions)) for name, actions in splaining["methods"].items()
        ),
        data_exfiltration=frozenset(a.lower() for a in splaining["data_exfiltration_actions"]),
        any_action_keys=tuple(closing["any_action"]),
        by_action_keys=tuple((pattern, tuple(keys)) for pattern, keys in closing["by_action"].items()),
    )


@lru_cache(maxsize=1024)  # 1,000 pooled policies name ~550 resources
def is_broad(resource: str) -> bool:
    """`*`, or an ARN whose resource part is only a wildcard (optionally after a type: `role/*`)."""
    if resource == "*":
        return True
    parts = resource.split(":", 5)
    if len(parts) < 6:
        return "*" in resource
    service, tail = parts[2], parts[5]
    if tail.startswith("*"):
        return True
    if service == "s3":
        return False
    for separator in ("/", ":"):
        kind, sep, rest = tail.partition(separator)
        if sep and rest == "*" and "*" not in kind:
            return True
    return False


STATEMENTS_KEPT = 1536
"""Statements (and Condition blocks) whose exposed actions are kept at a time (see `iam.memo`)."""


class RiskIndex:
    """Per-catalogue sets (ARN-capable, permissions management) and closing-condition look-ups."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.takes_arns = frozenset(k for k, v in catalogue.actions.items() if v.takes_resource_arns)
        self.permissions_management = frozenset(
            k for k, v in catalogue.actions.items() if v.access_level == PERMISSIONS_MANAGEMENT
        )
        self.data = risk_data()
        self.escalation_actions = frozenset().union(
            *(actions for _, actions in self.data.privilege_escalation)
        )
        """Every action some privilege-escalation method needs."""
        self._closed: dict[Conditions, frozenset[str] | None] = {}
        self._exposed: Memo[tuple[int, bool], frozenset[str]] = Memo(STATEMENTS_KEPT)
        self._escalating: Memo[int, frozenset[str]] = Memo(STATEMENTS_KEPT)

    def closed(self, conditions: Conditions) -> frozenset[str] | None:
        """Actions whose risk these conditions close; None means all of them."""
        if conditions in self._closed:
            return self._closed[conditions]
        if len(self._closed) >= STATEMENTS_KEPT:
            self._closed.clear()  # conditions as varied as the statements: start again
        result: set[str] = set()
        closed: frozenset[str] | None = None
        for clause in conditions:
            if not clause.restricts:
                continue
            if any(fnmatchcase(clause.key, key) for key in self.data.any_action_keys):
                break
            for pattern, keys in self.data.by_action_keys:
                if any(fnmatchcase(clause.key, key) for key in keys):
                    result |= self.catalogue.expand(pattern)
        else:
            closed = frozenset(result)
        self._closed[conditions] = closed
        return closed

    def exposed(self, compiled: CompiledStatement, any_resource_only: bool = False) -> frozenset[str]:
        """Actions this statement allows on broad resources (or on `*`) with nothing closing the risk."""
        key = (compiled.key, any_resource_only)
        found = self._exposed[key]
        if found is None:
            found = self._exposed.put(key, self._exposed_now(compiled, any_resource_only))
        return found

    def escalating(self, compiled: CompiledStatement) -> frozenset[str]:
        """The statement's exposed actions that some privilege-escalation method needs."""
        found = self._escalating[compiled.key]
        if found is None:
            found = self._escalating.put(compiled.key, self.exposed(compiled) & self.escalation_actions)
        return found

    def _exposed_now(self, compiled: CompiledStatement, any_resource_only: bool) -> frozenset[str]:
        if not compiled.statement.allows:
            return frozenset()
        if any_resource_only:
            if not compiled.on_any_resource:
                return frozenset()
        elif not any(is_broad(r) for r in compiled.resources):
            return frozenset()
        closed = self.closed(compiled.statement.conditions) if compiled.statement.conditions else frozenset()
        if closed is None:
            return frozenset()
        return compiled.actions - closed if closed else compiled.actions


@cache
def risk_index(catalogue: Catalogue) -> RiskIndex:
    return RiskIndex(catalogue)

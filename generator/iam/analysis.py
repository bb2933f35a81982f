"""A policy compiled against the catalogue: each statement's actions expanded, once.

Rules and the diff both read this, so a policy's wildcards are expanded a single time; and since
equal statements are one shared object with one content key (see `model.parse_policy`), the
expansion of a statement that a thousand policies contain is computed once per catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from generator.iam.catalogue import Catalogue
from generator.iam.locate import PathPart
from generator.iam.memo import Memo
from generator.iam.model import Policy, Statement

ANY_RESOURCE = ("*",)


class CompiledStatement(NamedTuple):
    """Immutable; a NamedTuple because a thousand policies build twenty thousand of these."""

    statement: Statement
    path: tuple[PathPart, ...]
    """Where the statement stands in its policy: `("Statement", 2)`."""
    actions: frozenset[str]
    """Every known action (lower-case) the statement names; NotAction is inverted."""
    unknown: tuple[str, ...]
    """Action patterns that match no action in the catalogue."""
    resources: tuple[str, ...]
    """Resource patterns; NotResource (and a missing Resource) count as `*`."""
    key: int
    """What the statement grants, as a small number: equal keys, equal verdicts."""
    services: frozenset[str] | None
    """The services its actions can belong to, read from its patterns' prefixes; None when a
    pattern's service is itself a wildcard, or it says NotAction."""

    @property
    def on_any_resource(self) -> bool:
        return "*" in self.resources

    def at(self, *rest: PathPart) -> tuple[PathPart, ...]:
        """A path inside this statement: `at("Action", 0)` -> `("Statement", 2, "Action", 0)`."""
        return (*self.path, *rest)

    @property
    def label(self) -> str:
        return self.statement.label


EXPANSIONS_KEPT = 2048
"""Statements whose expanded actions are kept at a time (a wildcard's set holds hundreds): more
than a fleet has distinct statements, a bounded memory on arbitrary input."""
_Expanded = tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]
_EXPANDED: Memo[tuple[int, Catalogue], tuple[_Expanded, frozenset[str] | None]] = Memo(EXPANSIONS_KEPT)
"""Statements' expansions, by statement key: kept while they may come again (see `iam.memo`)."""


def compile_statement(
    statement: Statement, path: tuple[PathPart, ...], catalogue: Catalogue
) -> CompiledStatement:
    key = statement.body.key
    cache_key = (key, catalogue)
    found = _EXPANDED[cache_key] if key >= 0 else None
    if found is None:
        actions, unknown = catalogue.expand_all(statement.actions)
        if statement.not_action:
            actions = catalogue.all_actions - actions
            unknown = ()
        resources = statement.resources
        if statement.not_resource or not resources:
            resources = ANY_RESOURCE
        found = ((actions, unknown, resources), _services(statement))
        if key >= 0:
            _EXPANDED.put(cache_key, found)
    expanded, services = found
    return CompiledStatement(statement, path, *expanded, key, services)


def _services(statement: Statement) -> frozenset[str] | None:
    if statement.not_action:
        return None
    found: set[str] = set()
    for pattern in statement.actions:
        service, colon, _ = pattern.partition(":")
        if not colon or "*" in service or "?" in service:
            return None
        found.add(service.lower())
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class Analysis:
    policy: Policy
    statements: tuple[CompiledStatement, ...]
    allows: tuple[CompiledStatement, ...]
    denies: tuple[CompiledStatement, ...]

    @property
    def allowed_actions(self) -> frozenset[str]:
        """Every action some Allow statement grants, on some resource, under some condition."""
        return frozenset().union(*(compiled.actions for compiled in self.allows))


def analyse(policy: Policy, catalogue: Catalogue) -> Analysis:
    path = policy.statement_path
    statements = tuple([compile_statement(s, path(s.index), catalogue) for s in policy.statements])
    allows = tuple([c for c in statements if c.statement.body.effect == "Allow"])
    denies = (
        tuple([c for c in statements if c.statement.body.effect != "Allow"])
        if len(allows) < len(statements)
        else ()
    )
    return Analysis(policy, statements, allows, denies)

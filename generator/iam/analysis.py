"""A policy compiled against the catalogue: each statement's actions expanded, once.

Rules and the diff both read this, so a policy's wildcards are expanded a single time (and the
catalogue's caches make repeated patterns across a thousand policies nearly free).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from generator.iam.catalogue import Catalogue
from generator.iam.model import Policy, Statement

ANY_RESOURCE = ("*",)


class CompiledStatement(NamedTuple):
    """Immutable; a NamedTuple because a thousand policies build twenty thousand of these."""

    statement: Statement
    actions: frozenset[str]
    """Every known action (lower-case) the statement names; NotAction is inverted."""
    unknown: tuple[str, ...]
    """Action patterns that match no action in the catalogue."""
    resources: tuple[str, ...]
    """Resource patterns; NotResource (and a missing Resource) count as `*`."""
    key: int
    """What the statement grants, independent of its position and Sid, as a small number: equal
    keys, equal verdicts (rules memoise on it)."""

    @property
    def on_any_resource(self) -> bool:
        return "*" in self.resources


_KEY_IDS: dict[tuple[object, ...], int] = {}


def compile_statement(statement: Statement, catalogue: Catalogue) -> CompiledStatement:
    actions, unknown = catalogue.expand_all(statement.actions)
    if statement.not_action:
        actions = catalogue.all_actions - actions
        unknown = ()
    resources = statement.resources
    if statement.not_resource or not resources:
        resources = ANY_RESOURCE
    content = (
        statement.effect,
        statement.actions,
        statement.not_action,
        statement.resources,
        statement.not_resource,
        statement.conditions,
        statement.principals,
        statement.not_principal,
    )
    key = _KEY_IDS.setdefault(content, len(_KEY_IDS))
    return CompiledStatement(statement, actions, unknown, resources, key)


@dataclass(frozen=True)
class Analysis:
    policy: Policy
    statements: tuple[CompiledStatement, ...]

    @cached_property
    def allows(self) -> tuple[CompiledStatement, ...]:
        return tuple(s for s in self.statements if s.statement.allows)

    @cached_property
    def denies(self) -> tuple[CompiledStatement, ...]:
        return tuple(s for s in self.statements if not s.statement.allows)

    @cached_property
    def allowed_actions(self) -> frozenset[str]:
        """Every action some Allow statement grants, on some resource, under some condition."""
        found: set[str] = set()
        for compiled in self.allows:
            found |= compiled.actions
        return frozenset(found)


def analyse(policy: Policy, catalogue: Catalogue) -> Analysis:
    return Analysis(policy, tuple(compile_statement(s, catalogue) for s in policy.statements))

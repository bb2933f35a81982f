"""Rules on a statement's Action/Resource elements: unknown and wildcard actions, `*` resources,
NotAction and NotResource in Allow statements."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from generator.iam.analysis import CompiledStatement
from generator.iam.patterns import has_wildcard
from generator.lint.rules.base import DocumentRole, Hit, RuleContext, StatementRule

_ALL_ROLES = frozenset(DocumentRole)


class UnknownAction(StatementRule):
    id: ClassVar[str] = "BDL002"
    roles: ClassVar[frozenset[DocumentRole]] = _ALL_ROLES
    allows_only: ClassVar[bool] = False

    def check_statement(self, compiled: CompiledStatement, context: RuleContext) -> Iterator[Hit]:
        statement = compiled.statement
        for pattern in compiled.unknown:
            yield Hit((statement.action_element, statement.actions.index(pattern)), (pattern,))


class WildcardAction(StatementRule):
    id: ClassVar[str] = "BDL010"

    def check_statement(self, compiled: CompiledStatement, context: RuleContext) -> Iterator[Hit]:
        statement = compiled.statement
        if statement.not_action or not has_wildcard("".join(statement.actions)):
            return  # (BDL012 says more about NotAction)
        wild = [a for a in statement.actions if has_wildcard(a) and a not in compiled.unknown]
        if wild:
            yield Hit(("Action", statement.actions.index(wild[0])), tuple(wild))


class ResourceStar(StatementRule):
    id: ClassVar[str] = "BDL011"

    def check_statement(self, compiled: CompiledStatement, context: RuleContext) -> Iterator[Hit]:
        statement = compiled.statement
        if statement.not_action:
            return  # BDL012 says more; listing thousands of actions helps nobody
        scoped = context.exposed(compiled, any_resource_only=True) & context.risks.takes_arns
        if scoped:
            yield Hit((statement.resource_element,), scoped)


class AllowNotAction(StatementRule):
    id: ClassVar[str] = "BDL012"
    accept_by_reference: ClassVar[bool] = False

    def check_statement(self, compiled: CompiledStatement, context: RuleContext) -> Iterator[Hit]:
        if compiled.statement.not_action:
            yield Hit(("NotAction",), compiled.statement.actions)


class AllowNotResource(StatementRule):
    id: ClassVar[str] = "BDL013"
    accept_by_reference: ClassVar[bool] = False

    def check_statement(self, compiled: CompiledStatement, context: RuleContext) -> Iterator[Hit]:
        if compiled.statement.not_resource:
            yield Hit(("NotResource",), compiled.statement.resources)

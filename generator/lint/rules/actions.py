"""Rules on a statement's Action/Resource elements: unknown and wildcard actions, `*` resources,
NotAction and NotResource in Allow statements."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from generator.iam.patterns import has_wildcard
from generator.lint.rules.base import DocumentRole, Hit, Rule, RuleContext

_ALL_ROLES = frozenset(DocumentRole)


class UnknownAction(Rule):
    id: ClassVar[str] = "BDL002"
    roles: ClassVar[frozenset[DocumentRole]] = _ALL_ROLES

    def check(self, context: RuleContext) -> Iterator[Hit]:
        for compiled in context.analysis.statements:
            statement = compiled.statement
            for pattern in compiled.unknown:
                index = statement.actions.index(pattern)
                yield Hit(statement.path_parts(statement.action_element, index), (pattern,))


class WildcardAction(Rule):
    id: ClassVar[str] = "BDL010"
    roles: ClassVar[frozenset[DocumentRole]] = frozenset({DocumentRole.IDENTITY, DocumentRole.RESOURCE})

    def check(self, context: RuleContext) -> Iterator[Hit]:
        for compiled in context.analysis.allows:
            statement = compiled.statement
            if statement.not_action:
                continue  # BDL012 says more
            wild = [a for a in statement.actions if has_wildcard(a) and a not in compiled.unknown]
            if wild:
                index = statement.actions.index(wild[0])
                yield Hit(statement.path_parts("Action", index), tuple(wild))


class ResourceStar(Rule):
    id: ClassVar[str] = "BDL011"

    def check(self, context: RuleContext) -> Iterator[Hit]:
        names = context.catalogue.actions
        for compiled in context.analysis.allows:
            if compiled.statement.not_action:
                continue  # BDL012 says more; listing thousands of actions helps nobody
            scoped = context.risks.exposed(compiled, any_resource_only=True) & context.risks.takes_arns
            if scoped:
                statement = compiled.statement
                subjects = tuple(sorted(names[a].name for a in scoped))
                yield Hit(statement.path_parts(statement.resource_element), subjects)


class AllowNotAction(Rule):
    id: ClassVar[str] = "BDL012"
    accept_by_reference: ClassVar[bool] = False

    def check(self, context: RuleContext) -> Iterator[Hit]:
        for compiled in context.analysis.allows:
            if compiled.statement.not_action:
                statement = compiled.statement
                yield Hit(statement.path_parts("NotAction"), statement.actions, f"in {statement.label}")


class AllowNotResource(Rule):
    id: ClassVar[str] = "BDL013"
    accept_by_reference: ClassVar[bool] = False

    def check(self, context: RuleContext) -> Iterator[Hit]:
        for compiled in context.analysis.allows:
            if compiled.statement.not_resource:
                statement = compiled.statement
                yield Hit(statement.path_parts("NotResource"), statement.resources, f"in {statement.label}")

"""BDL001: new access against the baseline (see `generator.iam.diff`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from generator.iam.analysis import CompiledStatement
from generator.iam.diff import NewAccess as Found
from generator.iam.diff import Reason, missing_denies, statement_new_access
from generator.lint.rules.base import Hit, RuleContext, StatementRule

_SHOWN_RESOURCES = 3


def _resources(found: Found) -> str:
    shown = ", ".join(found.resources[:_SHOWN_RESOURCES])
    if len(found.resources) > _SHOWN_RESOURCES:
        shown += f" (+{len(found.resources) - _SHOWN_RESOURCES} more)"
    return shown


class NewAccess(StatementRule):
    id: ClassVar[str] = "BDL001"
    accept_by_reference: ClassVar[bool] = False

    def cacheable(self, context: RuleContext) -> bool:
        return not context.analysis.denies  # a Deny elsewhere in the policy changes the verdict

    def check_statement(self, compiled: CompiledStatement, context: RuleContext) -> Iterator[Hit]:
        return self.judge(compiled, context, context.analysis.denies)

    def judge(
        self, compiled: CompiledStatement, context: RuleContext, denies: tuple[CompiledStatement, ...]
    ) -> Iterator[Hit]:
        """The verdict on one statement given the policy's Deny statements (which only take away)."""
        if context.baseline is None:
            return
        statement = compiled.statement
        for found in statement_new_access(compiled, context.baseline, context.catalogue, denies):
            if found.reason is Reason.RESOURCE:
                element = statement.resource_element
            elif found.reason is Reason.CONDITION and statement.conditions:
                element = "Condition"
            else:
                element = statement.action_element
            yield Hit((element,), found.actions, f"{found.reason}, on {_resources(found)}")

    def policy_hits(self, context: RuleContext) -> Iterator[Hit]:
        """The part of the verdict that belongs to no one statement: baseline Denies gone."""
        if context.baseline is None:
            return
        for found in missing_denies(context.analysis, context.baseline, context.catalogue):
            yield Hit((), found.actions, f"{found.reason} ({found.statement.label} of the baseline)")

    def check(self, context: RuleContext) -> Iterator[Hit]:
        if context.baseline is None:
            return
        yield from super().check(context)
        yield from self.policy_hits(context)

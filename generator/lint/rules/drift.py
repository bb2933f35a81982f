"""BDL001: new access against the baseline (see `generator.iam.diff`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from generator.iam.diff import Reason, new_access
from generator.lint.rules.base import Hit, Rule, RuleContext

_SHOWN_RESOURCES = 3


class NewAccess(Rule):
    id: ClassVar[str] = "BDL001"
    accept_by_reference: ClassVar[bool] = False

    def check(self, context: RuleContext) -> Iterator[Hit]:
        if context.baseline is None:
            return
        for found in new_access(context.analysis, context.baseline, context.catalogue):
            statement = found.statement
            resources = ", ".join(found.resources[:_SHOWN_RESOURCES])
            if len(found.resources) > _SHOWN_RESOURCES:
                resources += f" (+{len(found.resources) - _SHOWN_RESOURCES} more)"
            if found.reason is Reason.DENY_REMOVED:
                yield Hit((), found.actions, f"{found.reason} ({statement.label} of the baseline)")
                continue
            element = (
                statement.resource_element if found.reason is Reason.RESOURCE else statement.action_element
            )
            if found.reason is Reason.CONDITION:
                element = "Condition" if statement.conditions else statement.action_element
            yield Hit(
                statement.path_parts(element),
                found.actions,
                f"{found.reason} in {statement.label}, on {resources}",
            )

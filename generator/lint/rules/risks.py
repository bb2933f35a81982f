"""Risky access (cloudsplaining's categories): privilege escalation, data exfiltration,
permissions management. An action counts only where it is allowed on broad resources and no
condition closes the risk (see `generator.lint.risk`)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import ClassVar

from generator.iam.analysis import CompiledStatement
from generator.iam.catalogue import Catalogue
from generator.lint.risk import RiskData
from generator.lint.rules.base import Hit, Rule, RuleContext, StatementRule


class PrivilegeEscalation(Rule):
    id: ClassVar[str] = "BDL020"

    def check(self, context: RuleContext) -> Iterator[Hit]:
        risks = context.risks
        parts = [found for c in context.analysis.allows if (found := risks.escalating(c))]
        if not parts:
            return
        exposed = frozenset().union(*parts)
        for method, actions, first, needs in _methods(context):
            if actions <= exposed:
                where = next(c for c in context.analysis.allows if first in risks.escalating(c))
                yield Hit(where.at(where.statement.action_element), (method,), needs)


@cache
def _method_table(catalogue: Catalogue, data: RiskData) -> tuple[tuple[str, frozenset[str], str, str], ...]:
    """(method, its actions, the one to point at, "needs a, b") for every method, computed once."""
    names = catalogue.actions
    return tuple(
        (
            method,
            actions,
            min(actions),
            "needs " + ", ".join(sorted(names[a].name if a in names else a for a in actions)),
        )
        for method, actions in data.privilege_escalation
    )


def _methods(context: RuleContext) -> tuple[tuple[str, frozenset[str], str, str], ...]:
    return _method_table(context.catalogue, context.risks.data)


class _PerStatementRisk(StatementRule):
    def risky(self, context: RuleContext) -> frozenset[str]:
        raise NotImplementedError

    def check_statement(self, compiled: CompiledStatement, context: RuleContext) -> Iterator[Hit]:
        found = context.exposed(compiled) & self.risky(context)
        if found:
            yield Hit((compiled.statement.action_element,), found)


class DataExfiltration(_PerStatementRisk):
    id: ClassVar[str] = "BDL021"

    def risky(self, context: RuleContext) -> frozenset[str]:
        return context.risks.data.data_exfiltration


class PermissionsManagement(_PerStatementRisk):
    id: ClassVar[str] = "BDL022"

    def risky(self, context: RuleContext) -> frozenset[str]:
        return context.risks.permissions_management

"""Risky access (cloudsplaining's categories): privilege escalation, data exfiltration,
permissions management. An action counts only where it is allowed on broad resources and no
condition closes the risk (see `generator.lint.risk`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from generator.iam.analysis import CompiledStatement
from generator.lint.rules.base import Hit, Rule, RuleContext, StatementRule


class PrivilegeEscalation(Rule):
    id: ClassVar[str] = "BDL020"

    def check(self, context: RuleContext) -> Iterator[Hit]:
        relevant = context.risks.escalation_actions
        exposed = frozenset().union(*(context.exposed(c) & relevant for c in context.analysis.allows))
        if not exposed:
            return
        names = context.catalogue.actions
        for method, actions in context.risks.data.privilege_escalation:
            if actions <= exposed:
                first = next(a for a in sorted(actions))
                where = next(c for c in context.analysis.allows if first in context.exposed(c))
                granted = ", ".join(sorted(names[a].name for a in actions if a in names))
                yield Hit(where.at(where.statement.action_element), (method,), f"needs {granted}")


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

"""Every lint rule, in the order findings are reported. Add a rule here and in data/findings.json."""

from __future__ import annotations

from generator.lint.rules.actions import (
    AllowNotAction,
    AllowNotResource,
    ResourceStar,
    UnknownAction,
    WildcardAction,
)
from generator.lint.rules.base import DocumentRole, Hit, Rule, RuleContext
from generator.lint.rules.drift import NewAccess
from generator.lint.rules.risks import DataExfiltration, PermissionsManagement, PrivilegeEscalation
from generator.lint.rules.trust import (
    ExternalIdRequired,
    NoExtraPrincipals,
    NoWildcardPrincipal,
    VendorPrincipal,
)

RULES: tuple[Rule, ...] = (
    NewAccess(),
    UnknownAction(),
    WildcardAction(),
    ResourceStar(),
    AllowNotAction(),
    AllowNotResource(),
    PrivilegeEscalation(),
    DataExfiltration(),
    PermissionsManagement(),
    ExternalIdRequired(),
    NoWildcardPrincipal(),
    VendorPrincipal(),
    NoExtraPrincipals(),
)

__all__ = ["RULES", "DocumentRole", "Hit", "Rule", "RuleContext"]

"""Trust-policy rules: the role may be assumed only by the vendor account, with the External ID."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from generator.iam.model import Statement
from generator.iam.patterns import has_wildcard
from generator.lint.rules.base import DocumentRole, Hit, Rule, RuleContext

_TRUST = frozenset({DocumentRole.TRUST})
_ROOT_ARN = re.compile(r"^arn:aws[a-z-]*:iam::(\d{12}):root$")


def _is_vendor(value: str, vendors: frozenset[str]) -> bool:
    if value in vendors:
        return True
    match = _ROOT_ARN.match(value)
    return bool(match and match.group(1) in vendors)


class _TrustRule(Rule):
    roles: ClassVar[frozenset[DocumentRole]] = _TRUST
    accept_by_reference: ClassVar[bool] = False

    def statements(self, context: RuleContext) -> Iterator[Statement]:
        for compiled in context.analysis.allows:
            yield compiled.statement


class ExternalIdRequired(_TrustRule):
    id: ClassVar[str] = "BDL030"

    def check(self, context: RuleContext) -> Iterator[Hit]:
        for statement in self.statements(context):
            if any(p.kind == "Service" for p in statement.principals) and not any(
                p.kind == "AWS" for p in statement.principals
            ):
                continue  # a service principal cannot send an External ID; BDL033 reports it
            required = any(
                clause.key == "sts:externalid"
                and clause.restricts
                and clause.base_operator == "StringEquals"
                and clause.values
                and not any(has_wildcard(v) for v in clause.values)
                for clause in statement.conditions
            )
            if not required:
                where = "Condition" if statement.conditions else "Principal"
                yield Hit(statement.path_parts(where), ("sts:ExternalId",), f"in {statement.label}")


class NoWildcardPrincipal(_TrustRule):
    id: ClassVar[str] = "BDL031"

    def check(self, context: RuleContext) -> Iterator[Hit]:
        for statement in self.statements(context):
            if statement.not_principal:
                yield Hit(statement.path_parts("NotPrincipal"), ("NotPrincipal",), f"in {statement.label}")
            elif any(p.value == "*" for p in statement.principals):
                yield Hit(statement.path_parts("Principal"), ("*",), f"in {statement.label}")


class VendorPrincipal(_TrustRule):
    id: ClassVar[str] = "BDL032"

    def check(self, context: RuleContext) -> Iterator[Hit]:
        vendors = context.vendor_accounts
        expected = " or ".join(f"arn:aws:iam::{v}:root" for v in sorted(vendors))
        for statement in self.statements(context):
            for index, principal in enumerate(p for p in statement.principals if p.kind == "AWS"):
                if principal.value != "*" and not _is_vendor(principal.value, vendors):
                    yield Hit(
                        statement.path_parts("Principal", "AWS", index),
                        (principal.value,),
                        f"expected {expected}",
                    )


class NoExtraPrincipals(_TrustRule):
    id: ClassVar[str] = "BDL033"

    def check(self, context: RuleContext) -> Iterator[Hit]:
        statements = list(self.statements(context))
        for position, statement in enumerate(statements):
            principals = [f"{p.kind}:{p.value}" for p in statement.principals if p.value != "*"]
            extra = principals[1:] if position == 0 else principals
            if extra:
                yield Hit(statement.path_parts("Principal"), tuple(extra), f"in {statement.label}")

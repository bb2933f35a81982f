"""Trust-policy rules: the role may be assumed only by the vendor account, with the External ID."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from generator.iam.analysis import CompiledStatement
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

    def statements(self, context: RuleContext) -> Iterator[CompiledStatement]:
        yield from context.analysis.allows


class ExternalIdRequired(_TrustRule):
    id: ClassVar[str] = "BDL030"

    def check(self, context: RuleContext) -> Iterator[Hit]:
        for compiled in self.statements(context):
            statement = compiled.statement
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
                yield Hit(compiled.at(where), ("sts:ExternalId",), f"in {compiled.label}")


class NoWildcardPrincipal(_TrustRule):
    id: ClassVar[str] = "BDL031"

    def check(self, context: RuleContext) -> Iterator[Hit]:
        for compiled in self.statements(context):
            statement = compiled.statement
            if statement.not_principal:
                yield Hit(compiled.at("NotPrincipal"), ("NotPrincipal",), f"in {compiled.label}")
            elif any(p.value == "*" for p in statement.principals):
                yield Hit(compiled.at("Principal"), ("*",), f"in {compiled.label}")


class VendorPrincipal(_TrustRule):
    id: ClassVar[str] = "BDL032"

    def check(self, context: RuleContext) -> Iterator[Hit]:
        vendors = context.vendor_accounts
        expected = " or ".join(f"arn:aws:iam::{v}:root" for v in sorted(vendors))
        for compiled in self.statements(context):
            counts: dict[str, int] = {}
            for principal in compiled.statement.principals:
                index = counts[principal.kind] = counts.get(principal.kind, -1) + 1
                if principal.value == "*":
                    continue  # BDL031 says more
                if principal.kind != "AWS" or not _is_vendor(principal.value, vendors):
                    yield Hit(
                        compiled.at("Principal", principal.kind, index),
                        (f"{principal.kind}:{principal.value}",),
                        f"expected {expected}",
                    )


class NoExtraPrincipals(_TrustRule):
    id: ClassVar[str] = "BDL033"

    def check(self, context: RuleContext) -> Iterator[Hit]:
        statements = list(self.statements(context))
        for position, compiled in enumerate(statements):
            statement = compiled.statement
            principals = [f"{p.kind}:{p.value}" for p in statement.principals if p.value != "*"]
            extra = principals[1:] if position == 0 else principals
            if extra:
                yield Hit(compiled.at("Principal"), tuple(extra), f"in {compiled.label}")

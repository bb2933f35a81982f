"""The validation rule family (BDL100-BDL111): `generator.policycheck` run on every document lint
reads, its issues turned into findings with line, column, Access Analyzer code and fix.

Each document is judged by the rules of its policy type (`PolicyKind`): a module's role policy
as a role's inline policy, its trust policy, bucket, topic and key policies as such; a plan's
resources by their Terraform type; a policy file by what it holds. A document the parser refused
is validated too (its raw JSON), so a grammar error gets its Access Analyzer code.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from generator.iam.locate import PathPart, SourceText
from generator.iam.model import Policy
from generator.lint.findings import meta
from generator.lint.rules.base import DocumentRole
from generator.output.model import Finding, Location, Severity
from generator.policycheck import Issue, PolicyKind, Validator, default_validator, path_text

_BY_SERVICE = {"s3": PolicyKind.S3_BUCKET, "sns": PolicyKind.SNS_TOPIC, "kms": PolicyKind.KMS_KEY}


TEMPLATED = frozenset({"principal-wildcard", "wildcard-without-like"})
"""Checks left out on a rendered module's documents, where each `${...}` Terraform fills in at
plan time reads as `*`: `arn:${partition}:iam::${account}:root` is no wildcard principal, and
`"aws:SourceAccount": "${data.aws_caller_identity.current.account_id}"` under StringEquals no
wildcard value. (A module's principals and conditions are the templates'; `validate` judges the
customer's own statements, which Terraform does not fill, as written.)"""


def written(issues: tuple[Issue, ...], templated: bool) -> tuple[Issue, ...]:
    """The issues that hold for the document as written (all of them, unless it is templated)."""
    return tuple(i for i in issues if i.check not in TEMPLATED) if templated else issues


@dataclass(frozen=True)
class Unparsed:
    """A policy the parser refused: validated from its raw JSON."""

    logical: str
    raw: Any
    kind: PolicyKind
    source: SourceText | None = None
    prefix: tuple[PathPart, ...] = ()
    templated: bool = False
    """A rendered module's (see `TEMPLATED`)."""
    attached: str | None = None
    """What a resource policy is on, where the input names it (see `Document.attached`)."""


def _statements(obj: Any) -> list[Any]:
    raw = obj.get("Statement") if isinstance(obj, Mapping) else None
    return [raw] if isinstance(raw, Mapping) else raw if isinstance(raw, list) else []


def guess_kind(obj: Any, role: DocumentRole | None = None) -> PolicyKind:
    """The policy type of a document that does not say: from its role, principals and actions."""
    statements = [s for s in _statements(obj) if isinstance(s, Mapping)]
    if role is DocumentRole.IDENTITY or (
        role is None and not any("Principal" in s or "NotPrincipal" in s for s in statements)
    ):
        return PolicyKind.IDENTITY
    actions = [
        a
        for s in statements
        for a in ([s.get("Action")] if isinstance(s.get("Action"), str) else s.get("Action") or [])
        if isinstance(a, str)
    ]
    if role is DocumentRole.TRUST or any(
        a.lower() in ("*", "sts:*") or a.lower().startswith("sts:assumerole") for a in actions
    ):
        return PolicyKind.TRUST
    services = {a.partition(":")[0].lower() for a in actions}
    if len(services) == 1:
        return _BY_SERVICE.get(services.pop(), PolicyKind.RESOURCE)
    return PolicyKind.RESOURCE


def finding(
    issue: Issue,
    target_name: str,
    file: str,
    logical: str | None,
    position: tuple[int, int] | None,
    accepted: bool = False,
) -> Finding:
    """The finding of one issue; `accepted`: the reference policy has the same issue (info)."""
    check = issue.meta
    rule = meta(check.rule)
    line, column = position if position else (None, None)
    message = f"{rule.title}: {issue.message}"
    return Finding(
        rule.id,
        rule.title,
        Severity.INFO if accepted else Severity(check.severity),
        message + ("; the reference policy has the same" if accepted else ""),
        target_name,
        Location(file, line, column, path_text(issue.path), logical),
        accepted_by_reference=accepted,
        code=issue.issue_code,
        fix=issue.fix,
    )


class Validation:
    def __init__(self, validator: Validator | None = None) -> None:
        self.validator = validator or default_validator()
        """The process's by default: the new-access diff asks it too what each resource can
        grant, so a resource's reach is worked out once for both (it was twice, one validator
        each: 3-4% of linting 1,000 policies whose resources all differ)."""

    @staticmethod
    def keys(policy: Policy, raw: Any) -> list[Hashable] | None:
        """Memo keys for the validator: the parser shares one body between statements whose text
        (or plain content) is the same but for the Sid, so a body's serial names the statement
        exactly as validation reads it (and, unlike an id(), is never reused once it is freed)."""
        if len(policy.statements) != len(_statements(raw)):
            return None
        return [statement.body.serial for statement in policy.statements]

    def check(
        self, raw: Any, kind: PolicyKind, keys: list[Hashable] | None = None, attached: str | None = None
    ) -> tuple[tuple[Issue, ...], int]:
        """(the issues, the size as the quota counts it); `attached`: what a resource policy is on."""
        return self.validator.check(raw, kind, keys, attached)

    def unparsed(self, item: Unparsed, target_name: str, file: str) -> list[Finding]:
        source, prefix = item.source, item.prefix
        return [
            finding(
                issue,
                target_name,
                file,
                item.logical or None,
                source.position((*prefix, *issue.path)) if source is not None else None,
            )
            for issue in written(self.check(item.raw, item.kind, None, item.attached)[0], item.templated)
        ]

"""Statements appended to a base policy (a customer's `role.additional_statements` after the
reference policy): what IAM would refuse in them, and the size of the policy they make.

`bodocfg validate` reads this before anything renders, so a spec is refused at its own line.
Refused: every error (IAM rejects the policy, or the statement can never apply) and the two
warnings that mean a statement does nothing (a resource of no type the action acts on, a
condition that is never true). Unknown names (perhaps newer than the catalogue) and redundant
statements are left to `lint`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from generator.policycheck.model import Issue, PolicyKind
from generator.policycheck.quotas import quota, remaining_text

REFUSED_WARNINGS = frozenset({"resource-type", "never-true"})


def refused(issue: Issue) -> bool:
    return issue.meta.severity == "error" or issue.check in REFUSED_WARNINGS


def addition_issues(
    base: Mapping[str, Any],
    additions: Sequence[Any],
    kind: PolicyKind = PolicyKind.IDENTITY,
    what: str = "the role's inline policy",
) -> Iterator[tuple[int | None, Issue]]:
    """(index of the addition, its issue with a path inside that statement) for every refused
    issue of the additions; (None, the quota issue) when the whole is over its quota."""
    from generator.policycheck import default_validator

    statements = base.get("Statement")
    head = [statements] if isinstance(statements, Mapping) else list(statements or [])
    policy = {**base, "Statement": [*head, *additions]}
    issues, size = default_validator().check(policy, kind)
    for issue in issues:
        if issue.check == "quota":
            limit = quota(kind)
            assert limit is not None
            yield (
                None,
                Issue(
                    "quota", (), f"{what} would be {remaining_text(size, limit.limit)}", issue.fix, issue.code
                ),
            )
            continue
        path = issue.path
        if len(path) < 2 or path[0] != "Statement" or not isinstance(path[1], int) or path[1] < len(head):
            continue  # the base policy's own: not the spec author's to fix
        if refused(issue):
            yield path[1] - len(head), Issue(issue.check, path[2:], issue.detail, issue.fix, issue.code)

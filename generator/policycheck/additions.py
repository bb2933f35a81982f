"""A customer's declared statements (`role.additional_statements`, `bucket.policy_statements`):
what IAM (or S3, for the bucket's) would refuse in them.

They are rendered as an inline policy of their own (`Version` 2012-10-17, the statements as
written, the spec-only `reason` left out), so they are judged as that policy. `bodocfg validate`
reads this before anything renders, so a spec is refused at its own line. Refused: every error
(IAM rejects the policy, or the statement can never apply) and the two warnings that mean a
statement does nothing (a resource of no type the action acts on, a condition that is never
true). Only here, where the account's region is known, is an ARN of another partition refused
(IAM: "Partition "aws-cn" is not valid for resource ..."). Unknown names (perhaps newer than the
catalogue) and redundant statements are left to `lint`; the size quota the role's inline
policies share is the spec's own rule (generator/spec/quota.py), which reads the quota from here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from generator.policycheck.arns import wild
from generator.policycheck.model import Issue, PolicyKind

REFUSED_WARNINGS = frozenset({"resource-type", "never-true"})
SPEC_ONLY = frozenset({"reason"})
"""Keys of a declared statement that are the spec's, not IAM's (not rendered into the policy)."""


def refused(issue: Issue) -> bool:
    return issue.meta.severity == "error" or issue.check in REFUSED_WARNINGS


def partition_of(region: str) -> str:
    """The partition a region's accounts are in (`us-east-2` -> `aws`, `cn-north-1` -> `aws-cn`)."""
    for start, partition in (("cn-", "aws-cn"), ("us-gov-", "aws-us-gov"), ("us-isob-", "aws-iso-b"),
                             ("us-iso-", "aws-iso")):  # fmt: skip
        if region.startswith(start):
            return partition
    return "aws"


def _other_partitions(statement: Any, partition: str) -> Iterator[Issue]:
    """ARNs in another partition than the account's: IAM refuses them ("Partition "aws-cn" is not
    valid for resource ..."), a mistake of policies copied from another partition's docs."""
    if not isinstance(statement, Mapping):
        return
    for key in ("Resource", "NotResource"):
        value = statement.get(key)
        listed = isinstance(value, list)
        values: list[Any] = value if isinstance(value, list) else [value]
        for index, resource in enumerate(values):
            if not isinstance(resource, str) or not resource.startswith("arn:"):
                continue
            theirs = resource.split(":", 2)[1]
            if theirs != partition and not wild(theirs) and "${" not in theirs:
                yield Issue(
                    "arn-partition-here",
                    (key, index) if listed else (key,),
                    f"`{resource}` is in partition {theirs}, the role's account in {partition}",
                    f"write `arn:{partition}:{resource.split(':', 2)[2]}`",
                )


def declared_issues(
    statements: Sequence[Any],
    partition: str = "aws",
    kind: PolicyKind = PolicyKind.IDENTITY,
    own: Sequence[Mapping[str, Any]] = (),
    attached: str | None = None,
) -> Iterator[tuple[int | None, Issue]]:
    """(index of the statement, its issue with a path inside it) for every refused issue;
    `partition`: the account's (see `partition_of`). `kind`: the policy they are rendered into,
    after bodocfg's `own` statements (judged with them, not reported) and on `attached` (a bucket
    policy's bucket: see `Validator.policy`). The index is None for an issue of the policy as a
    whole (its size), which only a resource policy reports here: the role's inline policies share
    a quota the spec judges itself (generator/spec/quota.py)."""
    from generator.policycheck import default_validator

    for index, statement in enumerate(statements):
        for issue in _other_partitions(statement, partition):
            yield index, issue

    rendered = [
        {k: v for k, v in s.items() if k not in SPEC_ONLY} if isinstance(s, Mapping) else s
        for s in statements
    ]
    policy = {"Version": "2012-10-17", "Statement": [*own, *rendered]}
    for issue in default_validator().policy(policy, kind, attached=attached):
        path = issue.path
        if not refused(issue):
            continue
        if len(path) < 2 or path[0] != "Statement" or not isinstance(path[1], int):
            if issue.check == "quota" and kind is not PolicyKind.IDENTITY:
                yield None, issue
            continue
        if path[1] >= len(own):
            yield path[1] - len(own), Issue(issue.check, path[2:], issue.detail, issue.fix, issue.code)

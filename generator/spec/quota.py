"""The IAM quota a spec's declared statements can break: a role's inline policies together.

IAM counts the characters of every inline policy of a role, white space not counted, against
one quota (generator/policycheck/data/quotas.json, validation's quota table, with its source).
The role carries the Bodo-Platform policy (the reference, filled with this spec's bucket and
lock table) and the policy of the declared statements; a spec whose two policies would not fit
is refused at `validate`, not at apply.
The table's ARN is counted with the longest partition name, so the check never passes a spec
that AWS would refuse in any partition.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from functools import cache

from generator.spec.rules import RuleIssue, Spec, default_bucket_name, default_lock_table_name
from generator.vendor.fill import fill
from generator.vendor.profile import profile

_WHITE = re.compile(r"\s")
LONGEST_PARTITION = "aws-iso-b"
"""The longest AWS partition name of the ARN partitions (aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b)."""


@cache
def role_policy_quota() -> int:
    from generator.policycheck.model import PolicyKind
    from generator.policycheck.quotas import quota

    found = quota(PolicyKind.IDENTITY)
    assert found is not None
    return found.limit


def counted(text: str) -> int:
    """Characters as IAM counts them for the quota: white space excluded."""
    return len(_WHITE.sub("", text))


def inline_policies_size(spec: Spec, statements: Sequence[object]) -> int:
    """Both inline policies' characters as IAM counts them, for the spec's reference version."""
    bucket = spec.get("bucket", {}).get("name") or default_bucket_name(spec)
    table = spec.get("lock_table", {}).get("name") or default_lock_table_name(spec)
    table_arn = f"arn:{LONGEST_PARTITION}:dynamodb:{spec['region']}:123456789012:table/{table}"
    vendor = profile()
    version = spec.get("reference")
    chosen = vendor.policy(version) if version in (None, *vendor.versions) else vendor.newest
    reference = json.dumps(fill(chosen.document(), bucket, table_arn), separators=(",", ":"))
    declared = json.dumps({"Version": "2012-10-17", "Statement": list(statements)}, separators=(",", ":"))
    return counted(reference) + (counted(declared) if statements else 0)


def role_policy_quota_rule(spec: Spec) -> Iterator[RuleIssue]:
    """The reference policy and the declared statements must fit IAM's quota together."""
    raw = spec.get("role", {}).get("additional_statements", [])
    if not raw:  # only declared statements can break the quota here: nothing to count without them
        return
    statements = [{k: v for k, v in s.items() if k != "reason"} for s in raw]
    size = inline_policies_size(spec, statements)
    if size > role_policy_quota():
        yield RuleIssue(
            ("role", "additional_statements"),
            f"with these statements the role's inline policies come to {size} characters (white space "
            f"not counted); IAM allows {role_policy_quota()} in total: fewer or shorter statements",
        )

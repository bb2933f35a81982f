"""Offline IAM policy validation: what IAM (or S3, SNS, KMS) would reject, and what silently
grants nothing, per policy type, with the Access Analyzer issue code of each finding.

The narrow interface the rest of bodocfg uses:

- `Validator().policy(obj, kind)` -> `Issue`s (check, path in the policy, detail, fix);
- `Validator().granted(actions, resource)` -> the actions a resource pattern can grant anything for;
- `size_of(obj)`, `quota(kind)`, `quota_issue(size, kind)` -> sizes as AWS counts them;
- `checks()` -> the check table (Access Analyzer code, lint rule, severity, what AWS does).
"""

from __future__ import annotations

from functools import cache

from generator.policycheck.checker import Validator
from generator.policycheck.model import Check, Issue, PolicyKind, checks, path_text
from generator.policycheck.quotas import Quota, quota, quota_issue, remaining_text, size_of


@cache
def default_validator() -> Validator:
    """One validator per process: its memo is what makes a fleet's shared statements cheap."""
    return Validator()


__all__ = [
    "Check",
    "Issue",
    "PolicyKind",
    "Quota",
    "Validator",
    "checks",
    "default_validator",
    "path_text",
    "quota",
    "quota_issue",
    "remaining_text",
    "size_of",
]

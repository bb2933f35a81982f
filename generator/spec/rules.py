"""Rules a JSON Schema cannot say, checked in Python once the spec has the schema's shape.

Each rule is a function `(data) -> Iterator[RuleIssue]` listed in RULES, so the set is
explicit and every rule has a test of its own.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.spec.problems import FieldPath
from generator.vendor.profile import profile

if TYPE_CHECKING:
    from generator.policycheck.model import Issue


@dataclass(frozen=True)
class RuleIssue:
    field: FieldPath
    message: str
    at_key: bool = False


Spec = Mapping[str, Any]
Rule = Callable[[Spec], Iterator[RuleIssue]]


def default_bucket_name(spec: Spec) -> str:
    """`<customer><bucket suffix>` (the suffix is the vendor profile's)."""
    return str(spec["customer"]) + profile().defaults.bucket_suffix


def default_lock_table_name(spec: Spec) -> str:
    return str(spec["customer"]) + profile().defaults.lock_table_suffix


def _strings(value: object, where: FieldPath) -> Iterator[tuple[FieldPath, str, bool]]:
    """Every string in the document: (path, text, is_key)."""
    if isinstance(value, str):
        yield where, value, False
    elif isinstance(value, dict):
        for key, item in value.items():
            yield (*where, key), key, True
            yield from _strings(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*where, index))


def no_control_characters(spec: Spec) -> Iterator[RuleIssue]:
    """Newlines and other control characters never belong in a name, an id or a tag."""
    for where, text, is_key in _strings(spec, ()):
        if text.isascii() and text.isprintable():
            continue  # ASCII has no format or separator characters, and these no control ones
        for char in text:
            if unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"}:
                yield RuleIssue(
                    where, f"control or format character U+{ord(char):04X} is not allowed", is_key
                )
                break


def bucket_name(spec: Spec) -> Iterator[RuleIssue]:
    """The S3 bucket naming rules beyond the schema's length and alphabet."""
    name = spec.get("bucket", {}).get("name")
    where: FieldPath = ("bucket", "name")
    if name is None:
        name = default_bucket_name(spec)
        where = ("customer",)
        prefix = f"derived bucket name '{name}' "
    else:
        prefix = ""
    if ".." in name:
        yield RuleIssue(where, prefix + "must not contain two adjacent periods")
    if ".-" in name or "-." in name:
        yield RuleIssue(where, prefix + "must not have a period next to a hyphen")
    try:
        ipaddress.IPv4Address(name)
    except ValueError:
        pass
    else:
        yield RuleIssue(where, prefix + "must not be formatted as an IP address")
    for bad in ("xn--", "sthree-", "amzn-s3-demo-"):
        if name.startswith(bad):
            yield RuleIssue(where, prefix + f"must not start with '{bad}'")
    for bad in ("-s3alias", "--ol-s3", "--x-s3", "--table-s3", ".mrap"):
        if name.endswith(bad):
            yield RuleIssue(where, prefix + f"must not end with '{bad}'")


def lock_table_name(spec: Spec) -> Iterator[RuleIssue]:
    """The derived default must fit too (the schema checks only a given name)."""
    if "name" in spec.get("lock_table", {}):
        return
    name = default_lock_table_name(spec)
    if not 3 <= len(name) <= 255:
        yield RuleIssue(("customer",), f"derived table name '{name}' must be 3-255 characters")


_EMAIL = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)


def alarm_emails(spec: Spec) -> Iterator[RuleIssue]:
    for index, address in enumerate(spec.get("billing_alarm", {}).get("emails", [])):
        local = address.split("@", 1)[0]
        if len(local) > 64 or not _EMAIL.match(address):
            yield RuleIssue(("billing_alarm", "emails", index), f"'{address}' is not a valid email address")


def alarm_target(spec: Spec) -> Iterator[RuleIssue]:
    """Exactly one of emails / sns_topic_arn, and an existing topic in the spec's region."""
    alarm = spec.get("billing_alarm")
    if alarm is None:
        return
    has_emails, has_topic = "emails" in alarm, "sns_topic_arn" in alarm
    if has_emails == has_topic:
        which = "both" if has_emails else "neither"
        yield RuleIssue(("billing_alarm",), f"needs exactly one of emails or sns_topic_arn (has {which})")
    if has_topic:
        topic_region = alarm["sns_topic_arn"].split(":")[3]
        if topic_region != spec["region"]:
            yield RuleIssue(
                ("billing_alarm", "sns_topic_arn"),
                f"topic is in {topic_region} but the alarm is in {spec['region']}; "
                "CloudWatch alarms can only notify topics in their own region",
            )


def alarm_window(spec: Spec) -> Iterator[RuleIssue]:
    """CloudWatch: period x evaluation periods <= 1 day for periods under an hour, else <= 7 days."""
    alarm = spec.get("billing_alarm")
    if alarm is None:
        return
    period = alarm.get("period_seconds", 300)
    periods = alarm.get("evaluation_periods", 1)
    limit, label = (86_400, "one day") if period < 3600 else (604_800, "seven days")
    if period * periods > limit:
        yield RuleIssue(
            ("billing_alarm", "evaluation_periods"),
            f"period_seconds x evaluation_periods = {period * periods}s exceeds {label} "
            f"({limit}s), the longest window CloudWatch evaluates for a {period}s period",
        )


def _tag_char_ok(char: str) -> bool:
    """Letters, digits, spaces and _ . : / = + - @ (control characters are reported by their own rule)."""
    category = unicodedata.category(char)
    return category[0] in "LNZC" or char in "_.:/=+-@"


def tags(spec: Spec) -> Iterator[RuleIssue]:
    """AWS tag rules: allowed characters, no reserved prefix."""
    for key, value in spec.get("tags", {}).items():
        where: FieldPath = ("tags", key)
        if key.lower().startswith("aws:"):
            yield RuleIssue(where, f"tag key '{key}' uses the reserved prefix 'aws:'", at_key=True)
        bad_key = next((char for char in key if not _tag_char_ok(char)), None)
        if bad_key is not None:
            yield RuleIssue(
                where,
                f"tag key contains {bad_key!r}; allowed: letters, digits, spaces and _ . : / = + - @",
                True,
            )
        bad_value = next((char for char in value if not _tag_char_ok(char)), None)
        if bad_value is not None:
            yield RuleIssue(
                where,
                f"tag value contains {bad_value!r}; allowed: letters, digits, spaces and _ . : / = + - @",
            )


def reference_sids(version: str | None) -> set[str]:
    """The Sids of the reference policy the spec is on (an unknown version is the schema's to report)."""
    vendor = profile()
    chosen = vendor.policy(version) if version in (None, *vendor.versions) else vendor.newest
    return set(chosen.sids())


_ACTION = re.compile(r"^([a-z0-9-]+:[A-Za-z0-9*?]+|\*)$")


def additional_statements(spec: Spec) -> Iterator[RuleIssue]:
    """Actions look like service:Name; Sids are unique across the reference and the additions."""
    statements = spec.get("role", {}).get("additional_statements", [])
    seen = reference_sids(spec.get("reference"))
    for index, statement in enumerate(statements):
        where: FieldPath = ("role", "additional_statements", index)
        for key in ("Action", "NotAction"):
            values = statement.get(key, [])
            for position, action in enumerate([values] if isinstance(values, str) else values):
                target = (*where, key) if isinstance(values, str) else (*where, key, position)
                if not _ACTION.match(action):
                    yield RuleIssue(target, f"'{action}' is not an IAM action (service:ActionName)")
        sid = statement.get("Sid")
        if sid is not None:
            if sid in seen:
                yield RuleIssue((*where, "Sid"), f"Sid '{sid}' is already used in the policy")
            seen.add(sid)


_AT_KEY = frozenset(
    {"operator", "null-if-exists", "global-key", "service-key", "key-format", "key-case", "key-unsupported",
     "tag-key-missing", "operator-key-type", "element", "never-true"}
)  # fmt: skip
"""Validation checks about a key of the statement (shown at the key, not at its value)."""


def _refusals(where: FieldPath, found: Iterator[tuple[int | None, Issue]]) -> Iterator[RuleIssue]:
    """generator.policycheck's refusals of a spec's statements, at the statement's own field."""
    for index, issue in found:
        code = f" [{issue.issue_code}]" if issue.issue_code else ""
        if index is None:
            yield RuleIssue(where, f"{issue.message}{code}")
            continue
        at_key = issue.check in _AT_KEY and bool(issue.path)
        yield RuleIssue((*where, index, *issue.path), f"{issue.message}{code}", at_key)


def iam_statements(spec: Spec) -> Iterator[RuleIssue]:
    """What IAM would refuse in the declared statements (generator.policycheck), at their lines."""
    statements = spec.get("role", {}).get("additional_statements", [])
    if not statements:
        return
    from generator.policycheck.additions import declared_issues, partition_of

    partition = partition_of(str(spec.get("region", "")))
    yield from _refusals(("role", "additional_statements"), declared_issues(statements, partition))


def bucket_statements(spec: Spec) -> Iterator[RuleIssue]:
    """What S3 would refuse in the bucket policy the spec's statements join (generator.policycheck,
    as a bucket policy on the spec's bucket, after bodocfg's own statement), at their lines."""
    statements = spec.get("bucket", {}).get("policy_statements", [])
    if not statements:
        return
    from generator.components.bucket import tls_deny
    from generator.policycheck import PolicyKind
    from generator.policycheck.additions import declared_issues, partition_of

    bucket = spec.get("bucket", {}).get("name") or default_bucket_name(spec)
    partition = partition_of(str(spec.get("region", "")))
    own = tls_deny(f"arn:{partition}:s3:::{bucket}", f"arn:{partition}:s3:::{bucket}/*")
    found = declared_issues(statements, partition, PolicyKind.S3_BUCKET, (own,), bucket)
    yield from _refusals(("bucket", "policy_statements"), found)


def state_bucket(spec: Spec) -> Iterator[RuleIssue]:
    """Remote state cannot live in the bucket the module itself creates (it would not exist yet)."""
    state = spec.get("state")
    if state is None:
        return
    own = spec.get("bucket", {}).get("name") or default_bucket_name(spec)
    if state["bucket"] == own:
        yield RuleIssue(
            ("state", "bucket"),
            f"'{own}' is the bucket this module creates; keep its state in a bucket that already exists",
        )


def inline_policy_quota(spec: Spec) -> Iterator[RuleIssue]:
    """The Bodo-Platform policy and the declared statements fit IAM's quota (generator/spec/quota.py)."""
    from generator.spec.quota import role_policy_quota_rule  # it reads this module's names

    return role_policy_quota_rule(spec)


RULES: tuple[Rule, ...] = (
    no_control_characters,
    bucket_name,
    lock_table_name,
    alarm_emails,
    alarm_target,
    alarm_window,
    tags,
    additional_statements,
    inline_policy_quota,
    state_bucket,
)
LAST_RULES: tuple[Rule, ...] = (iam_statements, bucket_statements)
"""Run once every other rule passes: IAM validation loads the IAM catalogue, and reads the
statements as IAM would only once they are well-formed (no control characters, no bad Sids)."""


def rule_issues(spec: Spec) -> list[RuleIssue]:
    issues: list[RuleIssue] = []
    for rule in RULES:
        issues.extend(rule(spec))
    if not issues:
        for rule in LAST_RULES:
            issues.extend(rule(spec))
    return issues

"""What adopting a spec's setup means in one account: an import per existing resource, the
change the first apply makes to each, and the conflicts that forbid adoption.

    adoption = plan_adoption(spec, Account(target, spec.region))
    adoption.conflicts     # [] or one Conflict per reason (naming the spec field)
    adoption.rows          # ImportRow per managed resource: found?, import id, first-apply change
    adoption.imports_tf()  # Terraform 1.5+ import blocks for the found ones

Import ids are what provider 5.x's importers take: bucket name for the bucket and each of its
settings resources, table name, role name, `role:policy` for an inline policy, the topic ARN
for the topic and its policy, the subscription ARN, the key id, the alias name, the alarm name.
Only resources that exist are imported (an import of a missing object fails the plan), and
only settings that exist (a bucket never given a public access block has none to import).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.adopt.account import Account
from generator.adopt.alarms import match_alarms
from generator.adopt.conflicts import Conflict, conflicts, foreign_bucket_statements
from generator.adopt.model import AlarmState, BucketState, RoleState, TableState
from generator.adopt.policies import action_delta
from generator.components.role import role_policy, trust_policy
from generator.components.topic import key_alias, topic_name
from generator.hcl import literal
from generator.spec import CustomerSpec
from generator.terraform.assertions import normalise_policy

PAB_FLAGS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")


@dataclass(frozen=True)
class ImportRow:
    address: str
    import_id: str | None
    """None: nothing to import (the first apply creates it)."""
    change: str
    """What the first apply changes on it, in words ("none" when nothing)."""

    @property
    def found(self) -> bool:
        return self.import_id is not None


@dataclass(frozen=True)
class Adoption:
    spec: CustomerSpec
    account_id: str
    rows: tuple[ImportRow, ...]
    conflicts: tuple[Conflict, ...]

    @property
    def imports(self) -> tuple[ImportRow, ...]:
        return tuple(row for row in self.rows if row.found)

    def imports_tf(self, header: str) -> str:
        blocks = [
            f"import {{\n  to = {row.address}\n  id = {literal(row.import_id)}\n}}\n" for row in self.imports
        ]
        return header + "\n" + "\n".join(blocks)


def _tags_change(spec: CustomerSpec, tags: dict[str, str] | None) -> list[str]:
    wanted = {"ManagedBy": "bodocfg", "BodoCustomer": spec.customer, **spec.tag_map}
    missing = sorted(key for key, value in wanted.items() if (tags or {}).get(key) != value)
    return [f"tags {', '.join(missing)}"] if missing else []


def _said(changes: list[str], created: str | None = None) -> str:
    if created is not None:
        return created
    return "; ".join(changes) if changes else "none"


def _bucket_rows(spec: CustomerSpec, bucket: BucketState, tags: dict[str, str]) -> list[ImportRow]:
    name = spec.bucket_name
    if not (bucket.owned and bucket.region == spec.region):
        return [ImportRow(f"aws_s3_bucket{suffix}.state", None, "created") for suffix in _BUCKET_SUFFIXES]
    rows = [ImportRow("aws_s3_bucket.state", name, _said(_tags_change(spec, tags)))]
    versioning = {"Enabled": "none", "Suspended": "versioning Suspended -> Enabled"}.get(
        bucket.versioning or ""
    )
    rows.append(
        ImportRow(
            "aws_s3_bucket_versioning.state",
            name if versioning else None,
            versioning or "versioning Enabled (created)",
        )
    )
    encryption = bucket.encryption
    wanted = ("aws:kms", True)
    rows.append(
        ImportRow(
            "aws_s3_bucket_server_side_encryption_configuration.state",
            name if encryption else None,
            "default encryption aws:kms + bucket key (created)"
            if encryption is None
            else _said(
                []
                if encryption == wanted
                else [f"default encryption {encryption[0]} -> aws:kms + bucket key"]
            ),
        )
    )
    block = bucket.public_access_block
    off = [flag for flag in PAB_FLAGS if not (block or {}).get(flag)]
    rows.append(
        ImportRow(
            "aws_s3_bucket_public_access_block.state",
            name if block is not None else None,
            "all four public access blocks on (created)"
            if block is None
            else _said([f"{', '.join(off)} on"] if off else []),
        )
    )
    ownership = bucket.ownership
    rows.append(
        ImportRow(
            "aws_s3_bucket_ownership_controls.state",
            name if ownership else None,
            "object ownership BucketOwnerEnforced, ACLs off (created)"
            if ownership is None
            else _said(
                []
                if ownership == "BucketOwnerEnforced"
                else [f"object ownership {ownership} -> BucketOwnerEnforced"]
            ),
        )
    )
    policy = bucket.policy
    foreign = foreign_bucket_statements(bucket, spec.bucket_statements)
    rows.append(
        ImportRow(
            "aws_s3_bucket_policy.state",
            name if policy else None,
            "policy denying non-TLS requests (created)"
            if policy is None
            else _said([f"{len(foreign)} other statement(s) removed"] if foreign else []),
        )
    )
    return rows


_BUCKET_SUFFIXES = (
    "",
    "_versioning",
    "_server_side_encryption_configuration",
    "_public_access_block",
    "_ownership_controls",
    "_policy",
)


def _table_row(spec: CustomerSpec, table: TableState | None) -> ImportRow:
    if table is None:
        return ImportRow("aws_dynamodb_table.lock", None, "created")
    changes = []
    if table.billing_mode != "PAY_PER_REQUEST":
        changes.append(f"billing {table.billing_mode} -> PAY_PER_REQUEST")
    if not table.deletion_protection:
        changes.append("deletion protection on")
    if not table.point_in_time_recovery:
        changes.append("point-in-time recovery on")
    if table.sse != "KMS":
        changes.append("encryption at rest with the AWS managed KMS key")
    return ImportRow(
        "aws_dynamodb_table.lock", table.name, _said(changes + _tags_change(spec, dict(table.tags)))
    )


def _role_rows(spec: CustomerSpec, role: RoleState | None, table_arn: str) -> list[ImportRow]:
    if role is None:
        return [
            ImportRow("aws_iam_role.bodo_platform", None, "created"),
            ImportRow("aws_iam_role_policy.bodo_platform", None, "created"),
        ]
    changes = []
    if normalise_policy(role.trust) != normalise_policy(trust_policy(spec)):
        changes.append("trust policy rewritten (same account and External ID, sts:AssumeRole only)")
    if role.max_session_duration != 3600:
        changes.append(f"max session {role.max_session_duration}s -> 3600s")
    changes.append("description")
    rows = [
        ImportRow(
            "aws_iam_role.bodo_platform", role.name, _said(changes + _tags_change(spec, dict(role.tags)))
        )
    ]
    current = role.inline.get(spec.policy_name)
    if current is None:
        rows.append(
            ImportRow(
                "aws_iam_role_policy.bodo_platform",
                None,
                f"created (the role has no inline policy {spec.policy_name})",
            )
        )
        return rows
    planned = role_policy(spec, dynamo_arn=table_arn)
    added, removed = action_delta(current, planned)
    if normalise_policy(current) == normalise_policy(planned):
        change = "none"
    elif added or removed:
        change = f"policy: +{len(added)} / -{len(removed)} actions against the account's current one"
    else:
        change = "policy: same actions, statements rewritten"
    rows.append(ImportRow("aws_iam_role_policy.bodo_platform", f"{role.name}:{spec.policy_name}", change))
    return rows


def _topic_rows(spec: CustomerSpec, account: Account) -> list[ImportRow]:
    alarm = spec.billing_alarm
    if alarm is None or not alarm.creates_topic:
        return []
    key_id = account.key_alias(key_alias(spec))
    arn = account.topic_arn(topic_name(spec))
    topic = account.topic(arn)
    rows = [
        ImportRow(
            "aws_kms_key.alarm_topic",
            key_id,
            "key policy lets CloudWatch use it; rotation on" if key_id else "created",
        ),
        ImportRow(
            "aws_kms_alias.alarm_topic",
            key_alias(spec) if key_id else None,
            "none" if key_id else "created",
        ),
        ImportRow(
            "aws_sns_topic.alarm",
            arn if topic else None,
            ("encrypted with the alarm key" if topic else "created"),
        ),
        ImportRow(
            "aws_sns_topic_policy.alarm",
            arn if topic else None,
            "policy: this account's alarm may publish" if topic else "created",
        ),
    ]
    confirmed = {s.endpoint: s.arn for s in (topic.subscriptions if topic else ()) if s.protocol == "email"}
    for email in alarm.emails:
        address = f"aws_sns_topic_subscription.email[{literal(email)}]"
        subscription = confirmed.get(email)
        if subscription is not None and subscription.startswith("arn:"):
            rows.append(ImportRow(address, subscription, "none"))
        elif subscription is not None:
            rows.append(ImportRow(address, None, "pending confirmation (cannot be imported): asked again"))
        else:
            rows.append(ImportRow(address, None, "created: a confirmation e-mail is sent"))
    return rows


def _alarm_rows(spec: CustomerSpec, alarms: list[AlarmState]) -> list[ImportRow]:
    alarm = spec.billing_alarm
    if alarm is None:
        return []
    rows = []
    for match in match_alarms(spec, alarms)[0]:
        chosen, managed = match.alarm, match.group.alarm_name(spec)
        if chosen is None:
            rows.append(ImportRow(match.group.address, None, "created"))
            continue
        changes = []
        if chosen.name != managed:
            changes.append(
                f"replaced by {managed!r} (an alarm cannot be renamed): {chosen.name!r} is deleted"
            )
        if chosen.threshold != alarm.vcpu_threshold:
            changes.append(f"threshold {chosen.threshold:g} -> {alarm.vcpu_threshold:g}")
        if chosen.period != alarm.period_seconds:
            changes.append(f"period {chosen.period}s -> {alarm.period_seconds}s")
        if chosen.evaluation_periods != alarm.evaluation_periods:
            changes.append(f"evaluation periods {chosen.evaluation_periods} -> {alarm.evaluation_periods}")
        if chosen.classes != tuple(sorted(match.group.class_names)):
            changes.append(f"counts {match.group.what}")
        if not chosen.ok_actions:
            changes.append("OK notifications too")
        rows.append(ImportRow(match.group.address, chosen.name, _said(changes)))
    return rows


def plan_adoption(spec: CustomerSpec, account: Account, replace_bucket_policy: bool = False) -> Adoption:
    """Read what exists and decide, per resource of the spec's module, import or create
    (`replace_bucket_policy`: see `conflicts`)."""
    bucket = account.bucket(spec.bucket_name)
    table = account.table(spec.lock_table_name)
    role = account.role(spec.role_name)
    alarms = account.vcpu_alarms() if spec.billing_alarm is not None else []
    table_arn = (
        table.arn
        if table
        else f"arn:aws:dynamodb:{spec.region}:{account.account_id}:table/{spec.lock_table_name}"
    )
    bucket_tags = (
        account.bucket_tags(spec.bucket_name) if bucket.owned and bucket.region == spec.region else {}
    )
    rows = [
        *_bucket_rows(spec, bucket, bucket_tags),
        _table_row(spec, table),
        *_role_rows(spec, role, table_arn),
        *_topic_rows(spec, account),
        *_alarm_rows(spec, alarms),
    ]
    found = conflicts(spec, account, bucket, table, role, alarms, replace_bucket_policy)
    return Adoption(spec, account.account_id, tuple(rows), tuple(found))

"""Read a customer's account back with boto3 and compare it with the spec, field by field.

    differences = verify(spec, AwsTarget())      # [] when the account is what the spec asks for

Checked: the bucket (in the spec's region, versioning, default encryption, public access
block, ownership), the lock table (key schema LockID/S), the role (trust: Bodo's account and
the External ID; the inline policy equal to the rendered one with the account's values filled),
the alarm(s) (the metric query of every vCPU class the spec counts and their SUM, threshold,
period, evaluation periods, actions -> topic) and
the topic's e-mail subscriptions. Each difference names the spec field it comes from. Then
whether the alarm can deliver (generator/delivery): each e-mail subscription still pending
confirmation, and an existing topic's region, encryption, key policy and topic policy.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from botocore.exceptions import ClientError

from generator.aws import AwsTarget, Identity, translate_errors
from generator.components.alarm import COMPARISON, metric_queries
from generator.components.lock_table import HASH_KEY, HASH_KEY_TYPE
from generator.components.role import declared_policy, declared_policy_name, role_policy, trust_policy
from generator.components.topic import topic_name
from generator.delivery import Kind, PendingConfirmation, TopicProblem, pending_confirmations, topic_problems
from generator.delivery.subscriptions import email_subscriptions
from generator.spec import CustomerSpec
from generator.terraform.assertions import normalise_policy
from generator.vcpu import alarm_groups
from generator.vcpu.readback import query_differences

Json = Any
_MISSING = {"NoSuchBucket", "ResourceNotFoundException", "NoSuchEntity", "NotFound", "404"}


@dataclass(frozen=True)
class Difference:
    field: str
    expected: Json
    actual: Json
    kind: Kind = Kind.DIFFERENCE

    def __str__(self) -> str:
        return f"{self.field}: expected {_short(self.expected)}, found {_short(self.actual)}"


Finding = Difference | PendingConfirmation | TopicProblem
"""One verify result: a difference from the spec, or a delivery finding (its `kind` says which)."""


def _short(value: Json) -> str:
    if value is None:
        return "nothing"
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    return text if len(text) <= 300 else text[:297] + "..."


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def _read(call: Callable[[], Json]) -> Json:
    """The response, or None when the thing does not exist."""
    try:
        return call()
    except ClientError as error:
        if _code(error) in _MISSING or _code(error).startswith("NoSuch"):
            return None
        raise


def _document(value: Json) -> Json:
    return json.loads(unquote(value)) if isinstance(value, str) else value


def _policy_differences(field: str, expected: Json, actual: Json) -> Iterator[Difference]:
    want, got = normalise_policy(expected), normalise_policy(actual)
    if want == got:
        return
    got_by_sid = {_label(s, i): s for i, s in enumerate(got["Statement"])}
    want_by_sid = {_label(s, i): s for i, s in enumerate(want["Statement"])}
    for sid, statement in want_by_sid.items():
        other = got_by_sid.get(sid)
        if other is None:
            yield Difference(f"{field}.{sid}", statement, None)
            continue
        for key in sorted(set(statement) | set(other)):
            if statement.get(key) != other.get(key):
                extra = sorted(set(other.get(key) or ()) - set(statement.get(key) or ()))
                suffix = (
                    f" (extra: {', '.join(map(str, extra))})"
                    if isinstance(other.get(key), list) and extra
                    else ""
                )
                yield Difference(f"{field}.{sid}.{key}{suffix}", statement.get(key), other.get(key))
    for sid in got_by_sid.keys() - want_by_sid.keys():
        yield Difference(f"{field}.{sid}", None, got_by_sid[sid])


def _label(statement: Json, index: int) -> str:
    """A statement by its Sid, or by its place when it has none (`Statement[#2]`, counted from 1)."""
    sid = statement.get("Sid") if isinstance(statement, dict) else None
    return f"Statement[{sid}]" if sid else f"Statement[#{index + 1}]"


def _bucket(spec: CustomerSpec, target: AwsTarget) -> Iterator[Difference]:
    s3 = target.client("s3", spec.region)
    name = spec.bucket_name
    owned = {bucket["Name"] for bucket in s3.list_buckets().get("Buckets", [])}
    if name not in owned:  # bucket names are global: it must be this account's
        yield Difference("bucket.name", name, None)
        return
    location = s3.get_bucket_location(Bucket=name)
    region = location.get("LocationConstraint") or "us-east-1"
    if region != spec.region:
        yield Difference("bucket.region", spec.region, region)
    versioning = s3.get_bucket_versioning(Bucket=name).get("Status")
    if versioning != "Enabled":
        yield Difference("bucket.versioning", "Enabled", versioning)
    encryption = _read(lambda: s3.get_bucket_encryption(Bucket=name))
    rules = (encryption or {}).get("ServerSideEncryptionConfiguration", {}).get("Rules", [])
    algorithms = [r.get("ApplyServerSideEncryptionByDefault", {}).get("SSEAlgorithm") for r in rules]
    if not any(algorithms):
        yield Difference("bucket.encryption", "default encryption (aws:kms or AES256)", algorithms or None)
    block = (_read(lambda: s3.get_public_access_block(Bucket=name)) or {}).get(
        "PublicAccessBlockConfiguration"
    )
    flags = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
    if not block or not all(block.get(flag) for flag in flags):
        yield Difference("bucket.public_access_block", dict.fromkeys(flags, True), block)


def _table(spec: CustomerSpec, target: AwsTarget) -> Iterator[Difference]:
    dynamodb = target.client("dynamodb", spec.region)
    table = _read(lambda: dynamodb.describe_table(TableName=spec.lock_table_name))
    if table is None:
        yield Difference("lock_table.name", f"{spec.lock_table_name} in {spec.region}", None)
        return
    keys = [(k["AttributeName"], k["KeyType"]) for k in table["Table"]["KeySchema"]]
    if keys != [(HASH_KEY, "HASH")]:
        yield Difference("lock_table.key_schema", [[HASH_KEY, "HASH"]], keys)
    types = {a["AttributeName"]: a["AttributeType"] for a in table["Table"]["AttributeDefinitions"]}
    if types.get(HASH_KEY) != HASH_KEY_TYPE:
        yield Difference(f"lock_table.key_schema.{HASH_KEY}.type", HASH_KEY_TYPE, types.get(HASH_KEY))


def _role(spec: CustomerSpec, target: AwsTarget, identity: Identity, partition: str) -> Iterator[Difference]:
    iam = target.client("iam", spec.region)
    role = _read(lambda: iam.get_role(RoleName=spec.role_name))
    if role is None:
        yield Difference("role.name", spec.role_name, None)
        return
    trust = _document(role["Role"]["AssumeRolePolicyDocument"])
    yield from _policy_differences("role.trust", trust_policy(spec), trust)
    inline = _read(lambda: iam.get_role_policy(RoleName=spec.role_name, PolicyName=spec.policy_name))
    if inline is None:
        yield Difference("role.policy_name", spec.policy_name, None)
        return
    table_arn = f"arn:{partition}:dynamodb:{spec.region}:{identity.account}:table/{spec.lock_table_name}"
    expected = role_policy(spec, dynamo_arn=table_arn)
    yield from _policy_differences("role.inline_policy", expected, _document(inline["PolicyDocument"]))
    yield from _declared(spec, iam)


def _declared(spec: CustomerSpec, iam: Any) -> Iterator[Difference]:
    """The declared statements' own inline policy: present exactly when the spec declares some."""
    name = declared_policy_name(spec)
    found = _read(lambda: iam.get_role_policy(RoleName=spec.role_name, PolicyName=name))
    actual = None if found is None else _document(found["PolicyDocument"])
    expected = declared_policy(spec)
    if expected is None or actual is None:
        if expected != actual:
            yield Difference(f"role.additional_statements (inline policy {name})", expected, actual)
        return
    yield from _policy_differences("role.additional_statements", expected, actual)


def _alarm(spec: CustomerSpec, target: AwsTarget, identity: Identity, partition: str) -> Iterator[Difference]:
    alarm = spec.billing_alarm
    if alarm is None:
        return
    cloudwatch = target.client("cloudwatch", spec.region)
    topic = alarm.sns_topic_arn or f"arn:{partition}:sns:{spec.region}:{identity.account}:{topic_name(spec)}"
    for group in alarm_groups(spec):
        name = group.alarm_name(spec)
        found = cloudwatch.describe_alarms(AlarmNames=[name]).get("MetricAlarms", [])
        if not found:
            yield Difference("billing_alarm", name, None)
            continue
        actual = found[0]
        topic_field = "sns_topic_arn" if alarm.sns_topic_arn else "emails (the alarm's new topic)"
        expected = {  # the alarm's API field -> the spec field it comes from, and its value
            "ComparisonOperator": ("vcpu_threshold (compared with >)", COMPARISON),
            "Threshold": ("vcpu_threshold", alarm.vcpu_threshold),
            "EvaluationPeriods": ("evaluation_periods", alarm.evaluation_periods),
            "AlarmActions": (topic_field, [topic]),
        }
        for key, (spec_field, want) in expected.items():
            if actual.get(key) != want:
                yield Difference(f"billing_alarm.{spec_field} ({name})", want, actual.get(key))
        expected_queries = metric_queries(group, alarm.period_seconds)
        for what, want, got in query_differences(expected_queries, actual.get("Metrics")):
            yield Difference(f"billing_alarm.classes ({name}: {what})", want, got)
    if alarm.creates_topic:
        sns = target.client("sns", spec.region)
        subscriptions = _read(lambda: email_subscriptions(sns, topic)) or []
        emails = sorted(str(s["Endpoint"]) for s in subscriptions)
        if emails != sorted(alarm.emails):
            yield Difference("billing_alarm.emails", sorted(alarm.emails), emails)


def _delivery(spec: CustomerSpec, target: AwsTarget, identity: Identity, partition: str) -> Iterator[Finding]:
    """Whether the alarm can reach anyone: unconfirmed e-mail subscriptions, the existing topic."""
    alarm = spec.billing_alarm
    if alarm is None:
        return
    if alarm.sns_topic_arn is not None:
        yield from topic_problems(spec, target, account=identity.account, partition=partition)
        return
    topic = f"arn:{partition}:sns:{spec.region}:{identity.account}:{topic_name(spec)}"
    sns = target.client("sns", spec.region)
    subscriptions = _read(lambda: email_subscriptions(sns, topic)) or []
    yield from pending_confirmations(sns, topic, alarm.emails, subscriptions)


def verify(spec: CustomerSpec, target: AwsTarget, identity: Identity) -> list[Finding]:
    """Every finding (empty: the account matches and the alarm can deliver).

    Differences first, then the delivery findings (generator/delivery): e-mail subscriptions
    pending confirmation, and an existing topic that cannot deliver.
    """
    partition = identity.arn.split(":")[1] if identity.arn.startswith("arn:") else "aws"
    differences: list[Finding] = []
    with translate_errors(f"reading {spec.customer}'s setup back in {identity.where}"):
        differences += _bucket(spec, target)
        differences += _table(spec, target)
        differences += _role(spec, target, identity, partition)
        differences += _alarm(spec, target, identity, partition)
        differences += _delivery(spec, target, identity, partition)
    return differences

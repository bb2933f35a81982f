"""Can the existing topic a spec names (`billing_alarm.sns_topic_arn`) deliver the alarm?

    problems = topic_problems(spec, target, account="123456789012", partition="aws")

Checked, in the spec's region: the topic exists; it is not encrypted with the AWS managed key
`aws/sns` (CloudWatch cannot use it, and the alarm is dropped without an error anyone sees);
a customer managed key's policy lets cloudwatch.amazonaws.com use it (kms:Decrypt,
kms:GenerateDataKey); the topic policy lets cloudwatch.amazonaws.com publish for each of this
account's vCPU alarms. Each problem names the field and the fix. Read-only calls.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from botocore.exceptions import ClientError

from generator.aws import AwsTarget, Identity, translate_errors
from generator.delivery.findings import TopicProblem
from generator.delivery.policy import Verdict, allows, document
from generator.errors import BodocfgError
from generator.header import spec_named_by
from generator.spec import CustomerSpec, load_spec
from generator.vcpu import alarm_groups
from generator.vcpu.groups import alarm_base_name

FIELD = "billing_alarm.sns_topic_arn"
CLOUDWATCH = "cloudwatch.amazonaws.com"
AWS_MANAGED_ALIAS = "alias/aws/sns"
KEY_ACTIONS = ("kms:Decrypt", "kms:GenerateDataKey")
USE_EMAILS = "or give billing_alarm.emails instead, and bodocfg creates a topic that can deliver"


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def alarm_arns(spec: CustomerSpec, account: str, partition: str) -> list[str]:
    return [
        f"arn:{partition}:cloudwatch:{spec.region}:{account}:alarm:{group.alarm_name(spec)}"
        for group in alarm_groups(spec)
    ]


def _publish_statement(spec: CustomerSpec, topic: str, account: str, partition: str) -> str:
    alarms = f"arn:{partition}:cloudwatch:{spec.region}:{account}:alarm:{alarm_base_name(spec)}*"
    statement = {
        "Sid": "AllowCloudWatchAlarms",
        "Effect": "Allow",
        "Principal": {"Service": CLOUDWATCH},
        "Action": "sns:Publish",
        "Resource": topic,
        "Condition": {
            "StringEquals": {"aws:SourceAccount": account},
            "ArnLike": {"aws:SourceArn": alarms},
        },
    }
    return json.dumps(statement, separators=(",", ":"))


KEY_STATEMENT = json.dumps(
    {
        "Sid": "AllowCloudWatchToUseKey",
        "Effect": "Allow",
        "Principal": {"Service": CLOUDWATCH},
        "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
        "Resource": "*",
    },
    separators=(",", ":"),
)


def _key_problems(kms: Any, key_id: str, context: dict[str, str]) -> Iterator[TopicProblem]:
    if key_id == AWS_MANAGED_ALIAS or key_id.endswith(":" + AWS_MANAGED_ALIAS):
        yield _aws_managed(key_id)
        return
    try:
        metadata = kms.describe_key(KeyId=key_id)["KeyMetadata"]
        aliases = [a.get("AliasName") for a in kms.list_aliases(KeyId=metadata["KeyId"]).get("Aliases", [])]
    except ClientError as error:
        if _code(error) in {"NotFoundException", "NotFound"}:
            yield TopicProblem(
                FIELD,
                f"the topic is encrypted with KMS key {key_id}, which does not exist: nothing is published",
                "point the topic's KmsMasterKeyId at a customer managed key that CloudWatch may use",
            )
            return
        raise
    if metadata.get("KeyManager") == "AWS" or AWS_MANAGED_ALIAS in aliases:
        yield _aws_managed(key_id)
        return
    policy = document(kms.get_key_policy(KeyId=metadata["KeyId"], PolicyName="default")["Policy"])
    refused = [
        (action, verdict)
        for action in KEY_ACTIONS
        if not (
            verdict := allows(policy, service=CLOUDWATCH, action=action, resource="*", context=context)
        ).allowed
    ]
    if refused:
        actions = ", ".join(action for action, _ in refused)
        yield TopicProblem(
            FIELD,
            f"the topic's KMS key {metadata['KeyId']} does not let {CLOUDWATCH} use it ({actions}: "
            f"{refused[0][1].reason}), so CloudWatch cannot publish the alarm",
            f"add this statement to the key policy: {KEY_STATEMENT}",
            found=policy,
        )


def _aws_managed(key_id: str) -> TopicProblem:
    return TopicProblem(
        FIELD,
        f"the topic is encrypted with the AWS managed key aws/sns ({key_id}); CloudWatch cannot use that "
        "key, so every alarm notification is dropped without an error",
        "encrypt the topic with a customer managed key whose policy lets cloudwatch.amazonaws.com use it "
        f"(kms:Decrypt, kms:GenerateDataKey*), {USE_EMAILS}",
        found=key_id,
    )


def _policy_problems(
    spec: CustomerSpec, topic: str, policy_text: str | None, account: str, partition: str
) -> Iterator[TopicProblem]:
    policy = document(policy_text) if policy_text else {}
    refused: list[tuple[str, Verdict]] = []
    for alarm in alarm_arns(spec, account, partition):
        context = {"aws:SourceAccount": account, "aws:SourceOwner": account, "aws:SourceArn": alarm}
        verdict = allows(policy, service=CLOUDWATCH, action="sns:Publish", resource=topic, context=context)
        if not verdict.allowed:
            refused.append((alarm, verdict))
    if refused:
        alarms = ", ".join(alarm for alarm, _ in refused)
        yield TopicProblem(
            FIELD,
            f"the topic policy does not let {CLOUDWATCH} publish for alarm {alarms} "
            f"({refused[0][1].reason}), "
            "so the alarm is never delivered",
            "add this statement to the topic policy: " + _publish_statement(spec, topic, account, partition),
            found=policy or None,
        )


def topic_problems(
    spec: CustomerSpec, target: AwsTarget, *, account: str, partition: str
) -> list[TopicProblem]:
    """Every reason the spec's existing topic cannot deliver the alarm ([] when it can, or none is named)."""
    alarm = spec.billing_alarm
    if alarm is None or alarm.sns_topic_arn is None:
        return []
    topic = alarm.sns_topic_arn
    sns = target.client("sns", spec.region)
    try:
        attributes = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    except ClientError as error:
        if _code(error) in {"NotFound", "NotFoundException"}:
            return [
                TopicProblem(
                    FIELD,
                    f"topic {topic} does not exist in {spec.region} (read as account {account})",
                    f"create the topic there or correct the ARN, {USE_EMAILS}",
                )
            ]
        if _code(error) in {"AuthorizationError", "AccessDenied", "AccessDeniedException"}:
            return [
                TopicProblem(
                    FIELD,
                    f"cannot read topic {topic} ({_code(error)}), so whether it can deliver is unknown",
                    "run verify with credentials of the topic's account, or allow sns:GetTopicAttributes",
                )
            ]
        raise
    problems: list[TopicProblem] = []
    key_id = attributes.get("KmsMasterKeyId") or ""
    if key_id:
        context = {"aws:SourceAccount": account, "aws:SourceArn": alarm_arns(spec, account, partition)[0]}
        problems += _key_problems(target.client("kms", spec.region), key_id, context)
    problems += _policy_problems(spec, topic, attributes.get("Policy"), account, partition)
    return problems


def module_warnings(module: Path, target: AwsTarget, who: Callable[[], Identity]) -> list[str]:
    """For `plan`: why the existing alarm topic the module's spec names cannot deliver, if it cannot.

    The spec is the one the module's header names; a module without a readable spec, or a spec
    without `sns_topic_arn`, has nothing to check (and AWS is not asked). Read-only calls.
    """
    source = spec_named_by(module)
    if source is None or not source.is_file():
        return []
    try:
        spec = load_spec(source)
    except BodocfgError:
        return []
    if spec.billing_alarm is None or spec.billing_alarm.sns_topic_arn is None:
        return []
    identity = who()
    partition = identity.arn.split(":")[1] if identity.arn.startswith("arn:") else "aws"
    with translate_errors(f"reading the alarm topic of {spec.customer}"):
        found = topic_problems(spec, target, account=identity.account, partition=partition)
    return [str(problem) for problem in found]

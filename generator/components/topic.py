"""A new SNS topic for the alarm: email subscriptions, encrypted with a key CloudWatch may use.

Never the `aws/sns` managed key: CloudWatch cannot use it, and alarms then fail to deliver
without an error anyone sees.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.components.base import ACCOUNT, Component, Expectations, account_arn
from generator.hcl import Expr, Ref, Template
from generator.spec import CustomerSpec
from generator.vcpu.groups import alarm_base_name

CLOUDWATCH = "cloudwatch.amazonaws.com"
ACCOUNT_VALUE = Template.of(ACCOUNT)


def topic_name(spec: CustomerSpec) -> str:
    return customer_topic_name(spec.customer)


def customer_topic_name(customer: str) -> str:
    """The name of the topic bodocfg creates for `customer`'s alarm."""
    return f"{customer}-bodo-vcpu-alarm"


def key_alias(spec: CustomerSpec) -> str:
    """The alias of the key that encrypts that topic."""
    return f"alias/{spec.customer}-bodo-alarms"


@dataclass(frozen=True)
class Topic(Component):
    spec_key: str | None = "billing_alarm"

    def enabled(self, spec: CustomerSpec) -> bool:
        return spec.billing_alarm is not None and spec.billing_alarm.creates_topic

    def parameters(self, spec: CustomerSpec) -> Mapping[str, object]:
        return {
            "topic_name": topic_name(spec),
            "key_alias": key_alias(spec),
            "key_description": f"Encrypts {topic_name(spec)}; CloudWatch may use it to publish alarms.",
            "emails": Expr("local.alarm_emails"),
        }

    def values(self, spec: CustomerSpec) -> Mapping[str, object]:
        assert spec.billing_alarm is not None
        return {"alarm_emails": list(spec.billing_alarm.emails)}

    def documents(self, spec: CustomerSpec) -> Mapping[str, object]:
        source_account = {"StringEquals": {"aws:SourceAccount": ACCOUNT_VALUE}}
        # Every vCPU alarm of this customer (one, or one per purchase option: generator.vcpu).
        alarm_arn = account_arn("cloudwatch", f"alarm:{alarm_base_name(spec)}*")
        return {
            "alarm_topic_arn": account_arn("sns", topic_name(spec)),
            "alarm_topic_policy": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "AllowCloudWatchAlarmsToPublish",
                        "Effect": "Allow",
                        "Principal": {"Service": CLOUDWATCH},
                        "Action": "sns:Publish",
                        "Resource": Ref("local.alarm_topic_arn"),
                        "Condition": {**source_account, "ArnLike": {"aws:SourceArn": alarm_arn}},
                    }
                ],
            },
            "alarm_topic_key_policy": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "AccountAdministersKey",
                        "Effect": "Allow",
                        "Principal": {"AWS": account_arn("iam", "root", regional=False)},
                        "Action": "kms:*",
                        "Resource": "*",
                    },
                    {
                        "Sid": "AllowCloudWatchToUseKey",
                        "Effect": "Allow",
                        "Principal": {"Service": CLOUDWATCH},
                        "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
                        "Resource": "*",
                        "Condition": source_account,
                    },
                ],
            },
        }

    def expectations(self, spec: CustomerSpec) -> Expectations:
        assert spec.billing_alarm is not None
        expected: dict[str, Mapping[str, object]] = {
            "aws_sns_topic.alarm": {"name": topic_name(spec)},
            "aws_kms_key.alarm_topic": {"enable_key_rotation": True},
            "aws_sns_topic_policy.alarm": {},
        }
        for email in spec.billing_alarm.emails:
            expected[f'aws_sns_topic_subscription.email["{email}"]'] = {
                "protocol": "email",
                "endpoint": email,
            }
        return expected

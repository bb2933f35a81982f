"""Existing alarm topics built with boto3 in the local AWS: a healthy one, and ways to break one."""

from __future__ import annotations

import json
from typing import Any

from generator.aws import AwsTarget

CLOUDWATCH = {"Service": "cloudwatch.amazonaws.com"}


def account_of(target: AwsTarget) -> str:
    return str(target.client("sts", "us-east-1").get_caller_identity()["Account"])


def key_for(target: AwsTarget, region: str, *, cloudwatch: bool = True) -> str:
    """A customer managed key; its policy lets CloudWatch use it unless `cloudwatch` is False."""
    account = account_of(target)
    statements: list[dict[str, Any]] = [
        {
            "Sid": "Admin",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
            "Action": "kms:*",
            "Resource": "*",
        }
    ]
    if cloudwatch:
        statements.append(
            {
                "Sid": "CloudWatch",
                "Effect": "Allow",
                "Principal": CLOUDWATCH,
                "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
                "Resource": "*",
            }
        )
    policy = json.dumps({"Version": "2012-10-17", "Statement": statements})
    return str(target.client("kms", region).create_key(Policy=policy)["KeyMetadata"]["Arn"])


def make_topic(target: AwsTarget, region: str, name: str, *, key: str | None, publish: bool = True) -> str:
    """A topic encrypted with `key` (None: not encrypted); its policy lets CloudWatch publish unless not `publish`."""
    sns = target.client("sns", region)
    attributes = {"KmsMasterKeyId": key} if key else {}
    arn = str(sns.create_topic(Name=name, Attributes=attributes)["TopicArn"])
    account = account_of(target)
    if publish:
        statement = {
            "Sid": "CloudWatchAlarms",
            "Effect": "Allow",
            "Principal": CLOUDWATCH,
            "Action": "sns:Publish",
            "Resource": arn,
        }
    else:  # only the account's own principals may publish: CloudWatch is left out
        statement = {
            "Sid": "OwnerOnly",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
            "Action": "sns:Publish",
            "Resource": arn,
        }
    policy = {"Version": "2012-10-17", "Statement": [statement]}
    sns.set_topic_attributes(TopicArn=arn, AttributeName="Policy", AttributeValue=json.dumps(policy))
    return arn


def healthy_topic(target: AwsTarget, region: str, name: str) -> str:
    return make_topic(target, region, name, key=key_for(target, region))

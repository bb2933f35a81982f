"""The resource-policy reader behind the topic checks: allows, denies, and what it cannot prove."""

from __future__ import annotations

from typing import Any

import pytest

from generator.delivery.policy import allows

TOPIC = "arn:aws:sns:us-east-1:111122223333:alerts"
ALARM = "arn:aws:cloudwatch:us-east-1:111122223333:alarm:acme-bodo-ec2-vcpu"
CONTEXT = {"aws:SourceAccount": "111122223333", "aws:SourceOwner": "111122223333", "aws:SourceArn": ALARM}


def publish(*statements: dict[str, Any]) -> bool:
    policy = {"Version": "2012-10-17", "Statement": list(statements)}
    verdict = allows(
        policy, service="cloudwatch.amazonaws.com", action="sns:Publish", resource=TOPIC, context=CONTEXT
    )
    return verdict.allowed


CLOUDWATCH = {"Service": "cloudwatch.amazonaws.com"}


@pytest.mark.parametrize(
    "statement",
    [
        {"Effect": "Allow", "Principal": CLOUDWATCH, "Action": "sns:Publish", "Resource": TOPIC},
        {"Effect": "Allow", "Principal": CLOUDWATCH, "Action": ["sns:*"], "Resource": "*"},
        {
            "Effect": "Allow",
            "Principal": {"Service": ["events.amazonaws.com", "cloudwatch.amazonaws.com"]},
            "Action": "SNS:Publish",
            "Resource": TOPIC,
        },
        {  # the default policy of a new topic: anyone in the owning account
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": ["SNS:GetTopicAttributes", "SNS:Publish"],
            "Resource": TOPIC,
            "Condition": {"StringEquals": {"AWS:SourceOwner": "111122223333"}},
        },
        {
            "Effect": "Allow",
            "Principal": CLOUDWATCH,
            "Action": "sns:Publish",
            "Resource": TOPIC,
            "Condition": {
                "StringEquals": {"aws:SourceAccount": "111122223333"},
                "ArnLike": {"aws:SourceArn": "arn:aws:cloudwatch:us-east-1:111122223333:alarm:acme-*"},
            },
        },
    ],
)
def test_statements_that_let_cloudwatch_publish(statement: dict[str, Any]) -> None:
    assert publish(statement)


@pytest.mark.parametrize(
    "statement",
    [
        {
            "Effect": "Allow",
            "Principal": {"Service": "events.amazonaws.com"},
            "Action": "sns:Publish",
            "Resource": TOPIC,
        },
        {"Effect": "Allow", "Principal": CLOUDWATCH, "Action": "sns:Subscribe", "Resource": TOPIC},
        {"Effect": "Allow", "Principal": CLOUDWATCH, "Action": "sns:Publish", "Resource": TOPIC + "-other"},
        {
            "Effect": "Allow",
            "Principal": CLOUDWATCH,
            "Action": "sns:Publish",
            "Resource": TOPIC,
            "Condition": {"StringEquals": {"aws:SourceAccount": "999999999999"}},
        },
        {
            "Effect": "Allow",
            "Principal": CLOUDWATCH,
            "Action": "sns:Publish",
            "Resource": TOPIC,
            "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:cloudwatch:*:*:alarm:other-*"}},
        },
        {  # a condition bodocfg cannot evaluate is never taken as an allow
            "Effect": "Allow",
            "Principal": CLOUDWATCH,
            "Action": "sns:Publish",
            "Resource": TOPIC,
            "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
        },
    ],
)
def test_statements_that_do_not(statement: dict[str, Any]) -> None:
    assert not publish(statement)


def test_an_explicit_deny_wins() -> None:
    allow = {"Effect": "Allow", "Principal": CLOUDWATCH, "Action": "sns:Publish", "Resource": TOPIC}
    deny = {"Sid": "NoOne", "Effect": "Deny", "Principal": "*", "Action": "sns:*", "Resource": "*"}
    assert not publish(allow, deny)
    policy = {"Statement": [allow, deny]}
    verdict = allows(
        policy, service="cloudwatch.amazonaws.com", action="sns:Publish", resource=TOPIC, context=CONTEXT
    )
    assert verdict.reason == "statement NoOne denies it"


def test_no_policy_allows_nothing() -> None:
    assert not allows(
        None, service="cloudwatch.amazonaws.com", action="sns:Publish", resource=TOPIC, context={}
    ).allowed

"""IAM elements in plain words, and the chart geometry, on hand-built inputs."""

from __future__ import annotations

import pytest

from generator.iam.model import parse_policy
from generator.review.access import AccessMatrix, ServiceRow, chart
from generator.review.words import principal, resource, trust_sentence

VENDOR = frozenset({"481633624848"})


@pytest.mark.parametrize(
    ("arn", "words"),
    [
        ("*", "every resource"),
        ("arn:aws:s3:::bucket", "S3 bucket bucket"),
        ("arn:aws:s3:::bucket/*", "every object in S3 bucket bucket"),
        ("arn:aws:s3:::bucket/logs/*", "objects logs/* in S3 bucket bucket"),
        ("arn:aws:dynamodb:us-east-1:123456789012:table/lock", "dynamodb table lock"),
        ("arn:aws:iam::123456789012:role/*", "every iam role"),
        ("arn:aws:logs:us-west-1:123456789012:log-group:/bodo/x", "logs log-group /bodo/x"),
        ("arn:aws:sns:us-east-1:123456789012:alerts", "sns alerts"),
        ("not-an-arn", "not-an-arn"),
    ],
)
def test_resource_words(arn: str, words: str) -> None:
    assert resource(arn) == words


def test_trust_sentences_name_who_and_when() -> None:
    policy = parse_policy(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {
                        "AWS": ["arn:aws:iam::481633624848:root", "arn:aws:iam::111122223333:role/Ops"]
                    },
                    "Action": "sts:AssumeRole",
                    "Condition": {
                        "StringEquals": {"sts:ExternalId": "abc"},
                        "Bool": {"aws:MultiFactorAuthPresent": True},
                    },
                },
                {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"},
                {"Effect": "Deny", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"},
            ],
        }
    )
    first, anyone, service = (trust_sentence(s, VENDOR) for s in policy.statements)
    assert first.startswith("AWS account 481633624848 (the Bodo Platform), i.e. any user or role")
    assert "; the IAM role Ops in account 111122223333 may call sts:AssumeRole" in first
    assert first.endswith("only when aws:MultiFactorAuthPresent is true and sts:ExternalId is abc.")
    assert (
        anyone == "Anyone: every AWS account and anonymous callers may call sts:AssumeRole, unconditionally."
    )
    assert service == "The AWS service ec2.amazonaws.com may never call sts:AssumeRole, unconditionally."


def test_principal_outside_the_vendor_is_not_called_bodo() -> None:
    policy = parse_policy(
        {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "999999999999"}, "Action": "sts:AssumeRole"}]}
    )
    assert principal(policy.statements[0].principals[0], VENDOR).startswith("AWS account 999999999999, i.e.")


def test_chart_bars_are_proportional_and_stacked() -> None:
    matrix = AccessMatrix((ServiceRow("ec2", (10, 0, 30, 0, 0)), ServiceRow("s3", (0, 5, 0, 0, 0))))
    drawn = chart(matrix, width=1000)
    ec2, s3 = drawn.rows
    assert [round(b.width) for b in ec2.bars] == [200, 600]  # 800 px of plot for the largest total (40)
    assert ec2.bars[1].x == pytest.approx(ec2.bars[0].x + ec2.bars[0].width)
    assert round(s3.bars[0].width) == 100
    assert s3.y > ec2.y
    assert "ec2 40 (List 10, Write 30); s3 5 (Read 5)" in drawn.description
    labels = [item.label for item in drawn.legend]
    assert labels == ["List", "Read", "Write", "Permissions management", "Tagging"]
    ends = [item.text_x + 7 * len(item.label) for item in drawn.legend]
    assert all(end < start for end, start in zip(ends, [i.x for i in drawn.legend][1:], strict=False))

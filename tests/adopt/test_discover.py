"""`discover` on hand-made accounts (boto3 only): what it reads, and what it refuses to guess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.adopt.handmade import HandMade, build, build_role, console_alarm
from generator.adopt.policies import published_versions
from generator.aws import AwsTarget
from generator.cli import main
from tests.adopt.conftest import discover, pipeline_reader, unique

pytestmark = [pytest.mark.aws]


def test_a_2021_policy_names_no_bucket_or_table_so_discover_asks(
    account: AwsTarget, customers: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hand = HandMade(unique("old"), policy_version="2021-09", alarm=False)
    build_role(account, hand)
    out = customers / "old.yaml"
    assert discover(hand, out) == 1
    err = capsys.readouterr().err
    assert (
        "bucket.name: policy Bodo-Platform-User-Policy of role BodoPlatformUser names no state bucket; pass --bucket NAME"
        in err
    )
    assert not out.exists()
    assert discover(hand, out, "--bucket", hand.bucket, "--lock-table", hand.table) == 0
    text = out.read_text()
    assert "# Policy Bodo-Platform-User-Policy: matches Bodo's published policy of 2021-09." in text
    assert main(["validate", str(out)]) == 0
    assert discover(hand, out) == 2
    assert "exists; pass --force" in capsys.readouterr().err


def test_nearest_version_extra_statements_and_several_alarms(
    account: AwsTarget, customers: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hand = HandMade(unique("near"))
    build(account, hand, objects=0)
    policy = json.loads(hand.policy(account.client("sts", hand.region).get_caller_identity()["Account"]))
    actions = policy["Statement"][0]["Action"]
    actions.remove("ec2:RunInstances")
    actions.append("glue:GetTables")
    policy["Statement"].append(
        {"Sid": "TeamLogs", "Effect": "Allow", "Action": "logs:GetLogEvents", "Resource": "*"}
    )
    iam = account.client("iam", hand.region)
    iam.put_role_policy(
        RoleName=hand.role_name, PolicyName=hand.policy_name, PolicyDocument=json.dumps(policy)
    )
    second = account.client("cloudwatch", hand.region).describe_alarms(AlarmNames=[hand.alarm_name])[
        "MetricAlarms"
    ][0]
    console_alarm(account, hand.region, "another vCPU alarm", second["AlarmActions"][0], threshold=2000)
    out = customers / "near.yaml"
    assert discover(hand, out) == 1
    assert "billing_alarm: 2 EC2 vCPU alarms in us-east-2 ('another vCPU alarm', " in capsys.readouterr().err
    assert discover(hand, out, "--alarm", "another vCPU alarm") == 0
    text = out.read_text()
    assert (
        "nearest to Bodo's published policy of 2022-11-09: +2 (glue:GetTables, logs:GetLogEvents) / "
        "-1 (ec2:RunInstances) actions." in text
    )
    assert "# Statements TeamLogs are in no published Bodo policy and are NOT carried over" in text
    assert "vcpu_threshold: 2000" in text
    assert "besides denying requests without TLS" not in text  # the hand-made bucket has no policy

    reader = pipeline_reader(hand.bucket)
    account.client("s3", hand.region).put_bucket_policy(
        Bucket=hand.bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [reader]})
    )
    assert discover(hand, out, "--alarm", "another vCPU alarm", "--force") == 0
    assert (
        f"# Bucket {hand.bucket}'s policy has 1 statement(s) (PipelineReads) besides denying requests "
        "without TLS, NOT carried over: copy them to bucket.policy_statements"
    ) in out.read_text()


def test_the_topic_bodocfg_would_create_is_read_as_emails_and_imported(
    account: AwsTarget, customers: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A topic named as bodocfg names it (e.g. a module whose state was lost): e-mails, imported."""
    hand = HandMade(unique("lost"), alarm=False)
    build(account, hand, objects=1)
    sns = account.client("sns", hand.region)
    topic = sns.create_topic(Name=f"{hand.name}-bodo-vcpu-alarm")["TopicArn"]
    subscription = sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="finops@example.com")[
        "SubscriptionArn"
    ]
    name = f"{hand.name}-bodo-ec2-vcpu"
    console_alarm(account, hand.region, name, topic, threshold=256, period=60, evaluation_periods=3)
    out = customers / f"{hand.name}.yaml"
    assert discover(hand, out) == 0
    text = out.read_text()
    assert "  emails:\n  - finops@example.com\n" in text and "period_seconds: 60" in text
    assert main(["adopt", str(out), "--out", str(tmp_path)]) == 0
    table = capsys.readouterr().out
    assert f"aws_sns_topic.alarm                                       yes    {topic}" in table
    imports = (tmp_path / hand.name / "imports.tf").read_text()
    assert (
        f'  to = aws_sns_topic_subscription.email["finops@example.com"]\n  id = "{subscription}"\n' in imports
    )
    assert f'  to = aws_sns_topic_policy.alarm\n  id = "{topic}"\n' in imports
    assert (
        f'  to = aws_cloudwatch_metric_alarm.vcpu_on_demand\n  id = "{hand.name}-bodo-ec2-vcpu"\n' in imports
    )


def test_what_discover_cannot_tell(
    account: AwsTarget, customers: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hand = HandMade(unique("none"))
    assert discover(hand, customers / "x.yaml") == 1
    assert "role.name: no role 'BodoPlatformUser' in account " in capsys.readouterr().err
    iam = account.client("iam", hand.region)
    # IAM names ignore case: the role the user means may be spelt otherwise in the account.
    iam.create_role(RoleName="bodoplatformuser", AssumeRolePolicyDocument=json.dumps(hand.trust()))
    assert discover(hand, customers / "x.yaml") == 1
    assert (
        "no role 'BodoPlatformUser' in account " in (err := capsys.readouterr().err)
        and "there is 'bodoplatformuser' (IAM role names ignore case): pass --role bodoplatformuser" in err
    )
    iam.delete_role(RoleName="bodoplatformuser")
    iam.create_role(RoleName=hand.role_name, AssumeRolePolicyDocument=json.dumps(hand.trust()))
    assert discover(hand, customers / "x.yaml") == 1
    assert "role.policy_name: role BodoPlatformUser has no inline policy" in capsys.readouterr().err
    trust = hand.trust()
    del trust["Statement"][0]["Condition"]  # type: ignore[index]
    iam.update_assume_role_policy(RoleName=hand.role_name, PolicyDocument=json.dumps(trust))
    iam.put_role_policy(
        RoleName=hand.role_name, PolicyName="p", PolicyDocument=json.dumps(published_versions()["2021-09"])
    )
    assert discover(hand, customers / "x.yaml") == 1
    assert (
        "external_id: the trust policy of role BodoPlatformUser names no sts:ExternalId"
        in capsys.readouterr().err
    )
    assert not (customers / "x.yaml").exists()

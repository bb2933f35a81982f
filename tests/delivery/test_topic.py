"""An existing alarm topic (billing_alarm.sns_topic_arn) that cannot deliver is reported with the field
and the fix; a healthy one passes. Topics built with boto3 in the local AWS."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.aws import AwsTarget
from generator.cli import main
from generator.delivery import Kind, topic_problems
from generator.localaws import LocalAws
from generator.spec import CustomerSpec, load_spec
from tests.delivery.topics import account_of, healthy_topic, key_for, make_topic
from tests.terraform.conftest import fresh_account

pytestmark = pytest.mark.aws

REGION = "us-east-1"


def spec_for(tmp_path: Path, topic: str) -> Path:
    path = tmp_path / "topic-check.yaml"
    path.write_text(
        "customer: topic-check\nregion: us-east-1\nexternal_id: topic-check-1\n"
        f"billing_alarm:\n  vcpu_threshold: 100\n  sns_topic_arn: {topic}\n"
    )
    return path


def problems(target: AwsTarget, spec: CustomerSpec) -> list[str]:
    found = topic_problems(spec, target, account=account_of(target), partition="aws")
    assert all(p.kind is Kind.TOPIC and p.field == "billing_alarm.sns_topic_arn" for p in found)
    return [str(p) for p in found]


@pytest.fixture
def target(aws_env: LocalAws, monkeypatch: pytest.MonkeyPatch) -> AwsTarget:
    return fresh_account(aws_env, monkeypatch)


def test_a_healthy_topic_passes(target: AwsTarget, tmp_path: Path) -> None:
    spec = load_spec(spec_for(tmp_path, healthy_topic(target, REGION, "finops")))
    assert problems(target, spec) == []
    unencrypted = make_topic(target, REGION, "plain", key=None)
    assert problems(target, load_spec(spec_for(tmp_path, unencrypted))) == []


def test_a_topic_encrypted_with_aws_sns_is_reported(target: AwsTarget, tmp_path: Path) -> None:
    arn = make_topic(target, REGION, "managed-key", key="alias/aws/sns")
    (line,) = problems(target, load_spec(spec_for(tmp_path, arn)))
    assert line.startswith(
        "billing_alarm.sns_topic_arn: the topic is encrypted with the AWS managed key aws/sns"
    )
    assert "fix: encrypt the topic with a customer managed key" in line


def test_a_key_cloudwatch_may_not_use_is_reported(target: AwsTarget, tmp_path: Path) -> None:
    arn = make_topic(target, REGION, "closed-key", key=key_for(target, REGION, cloudwatch=False))
    (line,) = problems(target, load_spec(spec_for(tmp_path, arn)))
    assert "does not let cloudwatch.amazonaws.com use it (kms:Decrypt, kms:GenerateDataKey" in line
    assert '"Principal":{"Service":"cloudwatch.amazonaws.com"}' in line  # the statement to add


def test_a_policy_not_allowing_cloudwatch_is_reported(target: AwsTarget, tmp_path: Path) -> None:
    arn = make_topic(target, REGION, "owner-only", key=key_for(target, REGION), publish=False)
    (line,) = problems(target, load_spec(spec_for(tmp_path, arn)))
    account = account_of(target)
    alarm = f"arn:aws:cloudwatch:us-east-1:{account}:alarm:topic-check-bodo-ec2-vcpu-on-demand"
    assert line.startswith(
        f"billing_alarm.sns_topic_arn: the topic policy does not let cloudwatch.amazonaws.com publish for alarm {alarm}"
    )
    fix = json.loads(line.split("add this statement to the topic policy: ", 1)[1])
    assert fix["Principal"] == {"Service": "cloudwatch.amazonaws.com"} and fix["Resource"] == arn
    assert fix["Condition"]["ArnLike"]["aws:SourceArn"].endswith(":alarm:topic-check-bodo-ec2-vcpu*")


def test_a_missing_topic_is_reported(target: AwsTarget, tmp_path: Path) -> None:
    arn = f"arn:aws:sns:us-east-1:{account_of(target)}:nowhere"
    (line,) = problems(target, load_spec(spec_for(tmp_path, arn)))
    assert f"topic {arn} does not exist in us-east-1" in line and "billing_alarm.emails instead" in line


def test_verify_reports_them_as_their_own_kind(
    target: AwsTarget, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    arn = make_topic(target, REGION, "both-wrong", key="alias/aws/sns", publish=False)
    path = spec_for(tmp_path, arn)
    assert main(["verify", str(path), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    (customer,) = report["customers"]
    topic = [d for d in customer["differences"] if d["kind"] == "topic"]
    assert [d["field"] for d in topic] == ["billing_alarm.sns_topic_arn"] * 2  # the key, the policy
    assert "aws/sns" in topic[0]["message"] and "topic policy" in topic[1]["message"]
    assert customer["status"] == "drifted"  # the module is not applied either: those are differences
    assert {d["kind"] for d in customer["differences"]} == {"topic", "difference"}

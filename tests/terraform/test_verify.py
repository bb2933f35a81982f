"""verify: passes after apply; fails naming the field after out-of-band changes made with boto3."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.localaws import LocalAws
from generator.render import render_module, write_module
from generator.spec import load_spec
from tests.delivery.topics import healthy_topic
from tests.terraform.conftest import fresh_account

pytestmark = [pytest.mark.terraform, pytest.mark.aws]

REPO = Path(__file__).resolve().parents[2]
INITECH = REPO / "customers" / "initech.yaml"


def test_verify_an_empty_account_lists_every_missing_part(
    aws_env: LocalAws, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fresh_account(aws_env, monkeypatch)
    assert main(["verify", str(INITECH)]) == 1
    out = capsys.readouterr().out
    for field in (
        "bucket.name",
        "lock_table.name",
        "role.name",
        "billing_alarm:",
        "billing_alarm.sns_topic_arn:",
    ):
        assert f"{INITECH}: initech: {field}" in out
    assert "arn:aws:sns:us-east-1:210987654321:finops-alerts does not exist in us-east-1" in out
    assert "initech: 5 difference(s)" in out


def test_verify_after_apply_then_out_of_band_changes(
    aws_env: LocalAws, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = fresh_account(aws_env, monkeypatch)
    initech = tmp_path / "initech.yaml"  # its existing topic, in this fresh account
    topic = healthy_topic(target, "us-east-1", "finops-alerts")
    initech.write_text(INITECH.read_text().replace("arn:aws:sns:us-east-1:210987654321:finops-alerts", topic))
    spec = load_spec(initech)
    module = tmp_path / spec.customer
    write_module(render_module(spec, module))
    assert main(["plan", str(module)]) == 0
    assert main(["apply", str(module)]) == 0
    secrets = [target.overrides["AWS_SECRET_ACCESS_KEY"], target.overrides["AWS_SESSION_TOKEN"]]
    written = capsys.readouterr()
    for text in (written.out, written.err, (module / "bodocfg.log").read_text()):
        assert not any(secret and secret in text for secret in secrets), "credentials leaked"
    assert main(["verify", str(initech)]) == 0
    assert capsys.readouterr().out == f"initech: verified ({initech})\n"

    iam = target.client("iam", spec.region)
    trust = iam.get_role(RoleName=spec.role_name)["Role"]["AssumeRolePolicyDocument"]
    trust = json.loads(trust) if isinstance(trust, str) else trust
    original_trust = json.dumps(trust)
    del trust["Statement"][0]["Condition"]
    iam.update_assume_role_policy(RoleName=spec.role_name, PolicyDocument=json.dumps(trust))
    assert main(["verify", str(initech)]) == 1
    out = capsys.readouterr().out
    assert f"{initech}: initech: role.trust.Statement[BodoPlatformAssumeRole].Condition: expected" in out
    assert "sts:ExternalId" in out and "found nothing" in out and "null" not in out
    iam.update_assume_role_policy(RoleName=spec.role_name, PolicyDocument=original_trust)

    policy = iam.get_role_policy(RoleName=spec.role_name, PolicyName=spec.policy_name)["PolicyDocument"]
    policy = json.loads(policy) if isinstance(policy, str) else policy
    statement = policy["Statement"][0]
    statement["Action"] = [
        *([statement["Action"]] if isinstance(statement["Action"], str) else statement["Action"])
    ]
    statement["Action"].append("iam:CreateUser")
    iam.put_role_policy(
        RoleName=spec.role_name, PolicyName=spec.policy_name, PolicyDocument=json.dumps(policy)
    )
    assert main(["verify", str(initech)]) == 1
    out = capsys.readouterr().out
    sid = statement.get("Sid")
    assert f"role.inline_policy.Statement[{sid}].Action (extra: iam:CreateUser)" in out
    assert "initech: 1 difference(s)" in out

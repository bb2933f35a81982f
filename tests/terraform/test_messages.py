"""Provider failures become one line naming the resource and the fix; the real one against the local AWS."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.aws import AwsTarget
from generator.cli import main
from generator.localaws import LocalAws
from generator.terraform.messages import explain, provider_errors
from tests.terraform.conftest import fresh_account


def _stderr(summary: str, address: str) -> str:
    return f'╷\n│ Error: {summary}\n│ \n│   with {address},\n│   on main.tf line 4, in resource "x" "y":\n╵\n'


MODULE = Path("modules/acme")


@pytest.mark.parametrize(
    ("summary", "address", "line"),
    [
        (
            "creating IAM Role (BodoPlatformUser): operation error IAM: CreateRole, https response error "
            "StatusCode: 409, RequestID: 1a2b, EntityAlreadyExists: Role with name BodoPlatformUser already exists.",
            "aws_iam_role.bodo_platform",
            "aws_iam_role.bodo_platform (BodoPlatformUser) already exists in the account, outside this "
            "module's state: ",
        ),
        (
            "putting IAM Role (BodoPlatformUser) Policy (Extra-Declared): operation error IAM: PutRolePolicy, "
            "https response error StatusCode: 400, RequestID: 9, MalformedPolicyDocument: Policy statement "
            "must contain resources.",
            "aws_iam_role_policy.declared",
            "aws_iam_role_policy.declared (Extra-Declared): AWS refuses the policy (Policy statement must "
            "contain resources.); check the statement it names in role.additional_statements",
        ),
        (
            "deleting DynamoDB Table (acme-bodo-lock): operation error DynamoDB: DeleteTable, https response "
            "error StatusCode: 400, RequestID: 7, api error ValidationException: Resource cannot be deleted "
            "as it is currently protected against deletion. Disable deletion protection first.",
            "aws_dynamodb_table.lock",
            "aws_dynamodb_table.lock (acme-bodo-lock) has deletion protection: offboard with `bodocfg destroy "
            "modules/acme --yes --lift-deletion-protection acme-bodo-lock`",
        ),
        (
            "deleting S3 Bucket (acme-bodo-state): operation error S3: DeleteBucket, https response error "
            "StatusCode: 409, api error BucketNotEmpty: The bucket you tried to delete is not empty",
            "aws_s3_bucket.state",
            "aws_s3_bucket.state (acme-bodo-state) still holds objects: offboard with `bodocfg destroy "
            "modules/acme --yes --empty-bucket acme-bodo-state`",
        ),
    ],
    ids=["already-exists", "malformed-policy", "deletion-protection", "bucket-not-empty"],
)
def test_known_provider_failures_become_one_line_with_the_fix(summary: str, address: str, line: str) -> None:
    [error] = provider_errors(_stderr(summary, address))
    explained = explain(error, MODULE)
    assert explained.startswith(line)
    assert "RequestID" not in explained and "StatusCode" not in explained


def test_an_unknown_failure_keeps_terraforms_summary_with_its_address() -> None:
    [error] = provider_errors(_stderr("something new went wrong", "aws_sns_topic.alarm"))
    assert explain(error, MODULE) == "aws_sns_topic.alarm: something new went wrong"


@pytest.mark.terraform
@pytest.mark.aws
def test_an_existing_role_stops_plan_before_terraform_with_the_adopt_command(
    tmp_path: Path, aws_env: LocalAws, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bucket, table or role that already exists never reaches terraform's create: plan names it."""
    target = fresh_account(aws_env, monkeypatch)
    name = f"msg-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"
    spec = tmp_path / "customers" / f"{name}.yaml"
    spec.parent.mkdir()
    spec.write_text(f"customer: {name}\nregion: us-east-2\nexternal_id: messages-0001\n")
    assert main(["render", str(spec), "--out", str(tmp_path / "modules")]) == 0
    target.client("iam", "us-east-2").create_role(
        RoleName="BodoPlatformUser", AssumeRolePolicyDocument='{"Version":"2012-10-17","Statement":[]}'
    )
    module = tmp_path / "modules" / name
    capsys.readouterr()
    assert main(["plan", str(module)]) == 1
    err = capsys.readouterr().err
    assert f"{spec}: role.name: role BodoPlatformUser already exists in account" in err
    assert f"bodocfg adopt {spec}" in err
    assert not (module / "bodocfg.tfplan").exists()


@pytest.mark.terraform
@pytest.mark.aws
def test_a_create_that_aws_refuses_as_existing_is_one_line_and_the_log_keeps_the_raw_text(
    tmp_path: Path, aws_env: LocalAws, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """What no pre-check can see (here the alarm topic key's alias, made by someone else right after
    apply's own check found none) fails in terraform's apply: the provider's error becomes one line
    naming the resource; the raw text stays in the log."""
    from generator.adopt import guard

    target = fresh_account(aws_env, monkeypatch)
    name = f"msa-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"
    spec = tmp_path / "customers" / f"{name}.yaml"
    spec.parent.mkdir()
    spec.write_text(
        f"customer: {name}\nregion: us-east-2\nexternal_id: messages-0002\n"
        "billing_alarm:\n  vcpu_threshold: 100\n  emails: [ops@example.com]\n"
    )
    assert main(["render", str(spec), "--out", str(tmp_path / "modules")]) == 0
    module = tmp_path / "modules" / name
    assert main(["plan", str(module)]) == 0
    capsys.readouterr()
    kms = target.client("kms", "us-east-2")
    checked = guard.unadopted

    def check_then_someone_makes_the_alias(module: Path, target: AwsTarget) -> list[str]:
        lines = checked(module, target)
        key = kms.create_key(Description="made by hand")["KeyMetadata"]["KeyId"]
        kms.create_alias(AliasName=f"alias/{name}-bodo-alarms", TargetKeyId=key)
        return lines

    monkeypatch.setattr(guard, "unadopted", check_then_someone_makes_the_alias)
    assert main(["apply", str(module)]) == 3
    err = capsys.readouterr().err
    assert f"aws_kms_alias.alarm_topic (alias/{name}-bodo-alarms) already exists in the account" in err, err
    assert f"`bodocfg adopt {spec} --out {module.parent}`" in err, err
    assert "RequestID" not in err and "StatusCode" not in err
    assert "AlreadyExists" in (module / "bodocfg.log").read_text()

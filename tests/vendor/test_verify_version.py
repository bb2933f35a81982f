"""verify expects the customer's own reference version in the account (local AWS, no terraform)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.components.role import role_policy, trust_policy
from generator.localaws import LocalAws
from generator.spec import load_spec
from tests.terraform.conftest import fresh_account
from tests.vendor.conftest import write_spec

pytestmark = [pytest.mark.aws]


def test_verify_compares_the_role_policy_with_the_specs_version(
    aws_env: LocalAws, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = fresh_account(aws_env, monkeypatch)
    (tmp_path / "pinned").mkdir()
    (tmp_path / "newest").mkdir()
    pinned = write_spec(tmp_path / "pinned", "oldrole", reference="2022-09-07")
    newest = write_spec(tmp_path / "newest", "oldrole")
    spec = load_spec(pinned)
    account = target.client("sts", spec.region).get_caller_identity()["Account"]
    table = f"arn:aws:dynamodb:{spec.region}:{account}:table/{spec.lock_table_name}"
    iam = target.client("iam", spec.region)
    iam.create_role(RoleName=spec.role_name, AssumeRolePolicyDocument=json.dumps(trust_policy(spec)))
    iam.put_role_policy(
        RoleName=spec.role_name,
        PolicyName=spec.policy_name,
        PolicyDocument=json.dumps(role_policy(spec, dynamo_arn=table)),
    )
    assert main(["verify", str(pinned)]) == 1  # no bucket or table here: only those differ
    out = capsys.readouterr().out
    assert "oldrole: bucket.name" in out and "oldrole: role." not in out
    assert "oldrole: 2 difference(s)" in out
    assert main(["verify", str(newest)]) == 1
    out = capsys.readouterr().out
    assert "role.inline_policy.Statement[BodoPlatformUserPermissions].Action" in out

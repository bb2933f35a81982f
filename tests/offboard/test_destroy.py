"""Offboarding against the local AWS: the table's and bucket's protections stop `destroy` before
anything is destroyed, until the operator names each one; then nothing is left."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.cli import main
from generator.localaws import LocalAws
from tests.terraform.conftest import fresh_account

pytestmark = [pytest.mark.terraform, pytest.mark.aws]


def test_offboarding_goes_through_only_the_named_protections_and_leaves_nothing(
    tmp_path: Path, aws_env: LocalAws, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = fresh_account(aws_env, monkeypatch)  # its clients: boto3's default session may be another's
    name = f"off-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"
    spec = tmp_path / "customers" / f"{name}.yaml"
    spec.parent.mkdir()
    spec.write_text(f"customer: {name}\nregion: us-east-2\nexternal_id: offboard-0001\n")
    module = tmp_path / "modules" / name
    assert main(["render", str(spec), "--out", str(tmp_path / "modules")]) == 0
    assert main(["plan", str(module)]) == 0
    assert main(["apply", str(module)]) == 0
    table, bucket = f"{name}-bodo-lock", f"{name}-bodo-state"
    s3 = target.client("s3", "us-east-2")
    # The bucket policy denies plain HTTP, which is all the local AWS speaks: it is lifted while
    # two versions of one state are written, then put back as it was.
    policy = s3.get_bucket_policy(Bucket=bucket)["Policy"]
    s3.delete_bucket_policy(Bucket=bucket)
    for body in (b"v1", b"v2"):
        s3.put_object(Bucket=bucket, Key="workspace/terraform.tfstate", Body=body)
    s3.put_bucket_policy(Bucket=bucket, Policy=policy)
    dynamodb = target.client("dynamodb", "us-east-2")
    iam = target.client("iam", "us-east-2")
    capsys.readouterr()

    assert main(["destroy", str(module), "--yes"]) == 1
    err = capsys.readouterr().err
    assert f"{module}: nothing was destroyed; 2 protection(s) stand in the way:" in err
    assert (
        f"lock table {table} (us-east-2): deletion protection is on (it holds the workspaces' state locks); "
        f"to remove it: --lift-deletion-protection {table}"
    ) in err
    assert f"state bucket {bucket} (us-east-2): it holds objects" in err
    command = f"bodocfg destroy {module} --yes --lift-deletion-protection {table} --empty-bucket {bucket}"
    assert command in err

    assert main(["destroy", str(module), "--yes", "--lift-deletion-protection", table]) == 1
    assert f"to remove it: --empty-bucket {bucket}" in capsys.readouterr().err
    assert main(["destroy", str(module), "--yes", "--empty-bucket", "someone-elses-bucket"]) == 2
    assert f"--empty-bucket someone-elses-bucket: {module} has no such resource" in capsys.readouterr().err
    # Nothing was touched by the refused runs.
    assert dynamodb.describe_table(TableName=table)["Table"]["DeletionProtectionEnabled"] is True
    assert len(s3.list_object_versions(Bucket=bucket)["Versions"]) == 2
    assert iam.get_role(RoleName="BodoPlatformUser")["Role"]["RoleName"] == "BodoPlatformUser"

    assert main(command.split()[1:]) == 0
    out = capsys.readouterr()
    assert f"{module}: lock table {table}: deletion protection lifted" in out.err
    assert f"{module}: state bucket {bucket}: bucket policy and every object version deleted" in out.err
    assert f"{module}: destroyed" in out.out
    assert table not in dynamodb.list_tables()["TableNames"]
    assert bucket not in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    assert [r["RoleName"] for r in iam.list_roles()["Roles"] if r["RoleName"] == "BodoPlatformUser"] == []
    state = json.loads((module / "terraform.tfstate").read_text())
    assert state["resources"] == []

"""verify for pipelines: --format json/markdown, a directory with --jobs, on a clean and a drifted
account in the local AWS (drift made out of band with boto3)."""

from __future__ import annotations

import json
import os
import shutil
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


def test_verify_json_and_markdown_on_a_clean_then_drifted_account(
    aws_env: LocalAws, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = fresh_account(aws_env, monkeypatch)
    specs = tmp_path / "customers"
    specs.mkdir()
    shutil.copy(REPO / "customers" / "globex.yaml", specs / "globex.yaml")
    name = f"verify-{os.getpid()}"  # bucket names are global in the local AWS too
    initech = (REPO / "customers" / "initech.yaml").read_text()
    topic = healthy_topic(target, "us-east-1", "finops-alerts")  # its existing topic, in this account
    initech = initech.replace("arn:aws:sns:us-east-1:210987654321:finops-alerts", topic)
    (specs / "initech.yaml").write_text(initech.replace("customer: initech", f"customer: {name}"))
    (specs / "broken.yaml").write_text("customer: broken\nregion: mars-1\n")
    initech_path = specs / "initech.yaml"
    spec = load_spec(initech_path)
    module = tmp_path / "modules" / spec.customer
    write_module(render_module(spec, module))
    assert main(["plan", str(module)]) == 0
    assert main(["apply", str(module)]) == 0
    capsys.readouterr()

    # clean: JSON says so, exit 0
    assert main(["verify", str(initech_path), "--format", "json"]) == 0
    clean = json.loads(capsys.readouterr().out)
    assert clean["failed"] is False and clean["exit_code"] == 0
    assert clean["tool"]["command"] == "verify"
    assert clean["account"] == target.client("sts", "us-east-1").get_caller_identity()["Account"]
    assert clean["endpoint"] == aws_env.endpoint
    assert clean["summary"] == {
        "customers": 1,
        "verified": 1,
        "drifted": 0,
        "errors": 0,
        "differences": 0,
        "pending": 0,
    }
    assert clean["customers"] == [
        {
            "customer": name,
            "spec": str(initech_path),
            "status": "verified",
            "exit_code": 0,
            "error": None,
            "differences": [],
        }
    ]
    assert main(["verify", str(initech_path), "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("## bodocfg verify: all 1 customer(s) match their specs\n")
    assert f"| {name} | `{initech_path}` | verified | 0 |" in markdown

    # the whole directory, 2 at a time: one clean, one never applied, one invalid spec
    report_file = tmp_path / "verify.json"
    assert main(["verify", str(specs), "--jobs", "2", "--format", "json", "-o", str(report_file)]) == 1
    fleet = json.loads(report_file.read_text())
    by_spec = {Path(c["spec"]).name: c for c in fleet["customers"]}
    assert [Path(c["spec"]).name for c in fleet["customers"]] == [
        "broken.yaml",
        "globex.yaml",
        "initech.yaml",
    ]
    assert by_spec["initech.yaml"]["status"] == "verified"
    assert by_spec["globex.yaml"]["status"] == "drifted"
    assert {d["field"] for d in by_spec["globex.yaml"]["differences"]} == {
        "bucket.name",
        "lock_table.name",
        "role.name",
    }
    assert by_spec["broken.yaml"]["status"] == "error" and by_spec["broken.yaml"]["customer"] is None
    assert "region" in by_spec["broken.yaml"]["error"] and by_spec["broken.yaml"]["exit_code"] == 1
    assert fleet["summary"] == {
        "customers": 3,
        "verified": 1,
        "drifted": 1,
        "errors": 1,
        "differences": 3,
        "pending": 0,
    }
    assert fleet["failed"] is True and fleet["exit_code"] == 1
    assert "broken.yaml" in capsys.readouterr().err

    # drift made out of band: versioning suspended, an action added to the inline policy
    s3 = target.client("s3", spec.region)
    s3.put_bucket_versioning(Bucket=spec.bucket_name, VersioningConfiguration={"Status": "Suspended"})
    iam = target.client("iam", spec.region)
    policy = iam.get_role_policy(RoleName=spec.role_name, PolicyName=spec.policy_name)["PolicyDocument"]
    policy = json.loads(policy) if isinstance(policy, str) else policy
    statement = policy["Statement"][0]
    actions = statement["Action"]
    statement["Action"] = [*([actions] if isinstance(actions, str) else actions), "iam:CreateUser"]
    iam.put_role_policy(
        RoleName=spec.role_name, PolicyName=spec.policy_name, PolicyDocument=json.dumps(policy)
    )

    assert main(["verify", str(initech_path), "--format", "json"]) == 1
    drifted = json.loads(capsys.readouterr().out)
    assert drifted["failed"] is True and drifted["exit_code"] == 1
    (customer,) = drifted["customers"]
    assert customer["status"] == "drifted" and customer["exit_code"] == 1
    by_field = {d["field"]: d for d in customer["differences"]}
    assert by_field["bucket.versioning"]["expected"] == "Enabled"
    assert by_field["bucket.versioning"]["actual"] == "Suspended"
    assert by_field["bucket.versioning"]["message"] == "bucket.versioning: expected Enabled, found Suspended"
    policy_field = f"role.inline_policy.Statement[{statement.get('Sid')}].Action (extra: iam:CreateUser)"
    assert "iam:CreateUser" in by_field[policy_field]["actual"]
    assert "iam:CreateUser" not in by_field[policy_field]["expected"]
    assert drifted["summary"]["differences"] == len(customer["differences"]) == 2

    assert main(["verify", str(initech_path), "--format", "markdown"]) == 1
    markdown = capsys.readouterr().out
    assert markdown.startswith("## bodocfg verify: 1 of 1 customer(s) drifted or not checked\n")
    assert f"| {name} | `{initech_path}` | drifted | 2 |" in markdown
    assert f"### {name}: 2 difference(s)" in markdown
    assert "| `bucket.versioning` | `Enabled` | `Suspended` |" in markdown
    assert f"| `{policy_field}` |" in markdown

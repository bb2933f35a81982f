"""Declared additions: a spec's role.additional_statements pass lint as BDL006 with their reason;
an edit of the module the spec does not declare is BDL001; every other rule still judges them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main

READ_LOGS = """\
    - Sid: ReadClusterLogs
      reason: the data team reads its own cluster logs (OPS-42)
      Effect: Allow
      Action: [logs:GetLogEvents, logs:FilterLogEvents]
      Resource: arn:aws:logs:us-east-2:*:log-group:/bodo/*
"""
EVERYTHING_IAM = """\
    - reason: an admin asked for it
      Effect: Allow
      Action: "iam:*"
      Resource: "*"
"""


def _module(tmp_path: Path, statements: str) -> Path:
    spec = tmp_path / "customers" / "decl-co.yaml"
    spec.parent.mkdir(parents=True, exist_ok=True)
    spec.write_text(
        "customer: decl-co\nregion: us-east-2\nexternal_id: decl-co-0001\nrole:\n  additional_statements:\n"
        + statements
    )
    assert main(["render", str(spec), "--out", str(tmp_path / "modules")]) == 0
    return tmp_path / "modules" / "decl-co"


def test_a_declared_statement_passes_and_is_listed_in_every_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    module = _module(tmp_path, READ_LOGS)
    capsys.readouterr()
    assert main(["lint", str(module)]) == 0
    out = capsys.readouterr().out
    [line] = [entry for entry in out.splitlines() if "BDL006" in entry]
    assert "info BDL006 [decl-co] local.declared_policy Statement[0].Action: Declared addition: " in line
    assert line.endswith("the spec declares it: the data team reads its own cluster logs (OPS-42)")
    assert "BDL001" not in out
    assert "1 declared addition(s)" in out and ": passed" in out

    assert main(["lint", str(module), "--format", "json", "--fail-on", "warning"]) == 0
    document = json.loads(capsys.readouterr().out)
    [declared] = [f for f in document["findings"] if f["rule_id"] == "BDL006"]
    assert declared["declared"] == {"reason": "the data team reads its own cluster logs (OPS-42)"}
    assert document["summary"]["declared"] == 1 and document["failed"] is False

    assert main(["lint", str(module), "--format", "sarif"]) == 0
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert [r["properties"].get("declaredReason") for r in results if r["ruleId"] == "BDL006"] == [
        "the data team reads its own cluster logs (OPS-42)"
    ]

    assert main(["lint", str(module), "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert "### Declared additions (1)" in markdown
    assert "| the data team reads its own cluster logs (OPS-42) |" in markdown


def test_an_undeclared_edit_of_the_module_is_new_access(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    module = _module(tmp_path, READ_LOGS)
    policies = module / "policies.tf.json"
    policies.write_text(policies.read_text().replace("log-group:/bodo/*", "log-group:*"))
    capsys.readouterr()
    assert main(["lint", str(module)]) == 1
    out = capsys.readouterr().out
    assert (
        "error BDL001 [decl-co] local.declared_policy Statement[0].Action: New access beyond the baseline"
        in out
    )
    assert "BDL006" not in out


def test_a_statement_added_to_the_reference_policy_by_hand_is_new_access(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    module = _module(tmp_path, READ_LOGS)
    policies = module / "policies.tf.json"
    data = json.loads(policies.read_text())
    data["locals"]["role_policy"]["Statement"].append(
        {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}
    )
    policies.write_text(json.dumps(data, indent=2))
    capsys.readouterr()
    assert main(["lint", str(module)]) == 1
    assert "error BDL001 [decl-co] local.role_policy Statement[4]" in capsys.readouterr().out


def test_a_risky_declared_statement_is_still_judged_by_every_risk_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    module = _module(tmp_path, EVERYTHING_IAM)
    capsys.readouterr()
    assert main(["lint", str(module)]) == 1
    out = capsys.readouterr().out
    assert "info BDL006 [decl-co] local.declared_policy Statement[0].Action: Declared addition: iam" in out
    assert "error BDL020 [decl-co] local.declared_policy Statement[0].Action: Privilege escalation" in out
    assert (
        "warning BDL010 [decl-co] local.declared_policy Statement[0].Action[0]: Wildcard action: iam:*" in out
    )
    assert "BDL001" not in out


def test_declared_statements_in_the_module_plan_json_are_declared_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    module = _module(tmp_path, READ_LOGS)
    statement = {
        "Sid": "ReadClusterLogs",
        "Effect": "Allow",
        "Action": ["logs:GetLogEvents", "logs:FilterLogEvents"],
        "Resource": "arn:aws:logs:us-east-2:*:log-group:/bodo/*",
    }
    resource = {
        "address": "aws_iam_role_policy.declared",
        "mode": "managed",
        "type": "aws_iam_role_policy",
        "name": "declared",
        "values": {"policy": json.dumps({"Version": "2012-10-17", "Statement": [statement]})},
    }
    plan = {"format_version": "1.2", "planned_values": {"root_module": {"resources": [resource]}}}
    (module / "bodocfg.plan.json").write_text(json.dumps(plan))
    capsys.readouterr()
    assert main(["lint", str(module / "bodocfg.plan.json")]) == 0
    out = capsys.readouterr().out
    assert "info BDL006" in out and "aws_iam_role_policy.declared.policy Statement[0]" in out

    statement["Resource"] = "*"  # the plan says more than the spec declares
    resource["values"] = {"policy": json.dumps({"Version": "2012-10-17", "Statement": [statement]})}
    (module / "bodocfg.plan.json").write_text(json.dumps(plan))
    assert main(["lint", str(module / "bodocfg.plan.json")]) == 1
    assert "error BDL001" in capsys.readouterr().out

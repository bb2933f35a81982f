"""Valid specs pass, and the typed spec carries every default."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.spec import load_spec
from generator.vendor.profile import profile

MINIMAL = "customer: acme-co\nregion: us-east-1\nexternal_id: abc-123\n"

VALID: list[tuple[str, str]] = [
    ("minimal", MINIMAL),
    ("every-region", MINIMAL.replace("us-east-1", "us-west-1")),
    (
        "all-fields",
        MINIMAL
        + """platform_account_id: "012345678901"
bucket: {name: acme.co-state-2026}
lock_table: {name: Acme_Lock.Table-1}
role:
  name: Bodo+Role=1,a.b@c_d-e
  policy_name: policy
  additional_statements:
    - Sid: ReadLogs
      reason: the team reads its own cluster logs
      Effect: Allow
      Action: [logs:GetLogEvents]
      Resource: arn:aws:logs:us-east-1:012345678901:log-group:/bodo/*
      Condition: {Bool: {aws:SecureTransport: true}}
billing_alarm:
  vcpu_threshold: 12.5
  period_seconds: 3600
  evaluation_periods: 168
  emails: [first.last+bodo@sub.acme.example]
tags: {"cost center": "Data & platform"}
""".replace("&", "and"),
    ),
    (
        "existing-topic",
        MINIMAL
        + "billing_alarm:\n  vcpu_threshold: 1\n  sns_topic_arn: arn:aws:sns:us-east-1:123456789012:a-b_c\n",
    ),
    (
        "period-60-one-day",
        MINIMAL
        + "billing_alarm:\n  vcpu_threshold: 1\n  period_seconds: 60\n  evaluation_periods: 1440\n  emails: [a@b.io]\n",
    ),
    (
        "named-classes",
        MINIMAL
        + "billing_alarm:\n  vcpu_threshold: 1\n  classes:\n    - HighMem/OnDemand\n    - Trn/Spot\n  emails: [a@b.io]\n",
    ),
    ("unicode-tags", MINIMAL + "tags:\n  équipe: données\n  proj: a/b=c+d@e:f\n"),
    ("external-id-all-chars", MINIMAL.replace("abc-123", "'Aa0+=,.@:/_-'")),
    ("external-id-max", MINIMAL.replace("abc-123", "x" * 1224)),
    ("bucket-max", MINIMAL + f"bucket: {{name: {'b' * 63}}}\n"),
    ("comments-and-bom", "\ufeff# yaml-language-server: $schema=../schemas/customer.schema.json\n" + MINIMAL),
    (
        "notaction-deny",
        MINIMAL
        + "role:\n  additional_statements:\n    - {reason: needed by the test, Effect: Deny, NotAction: 's3:*', NotResource: '*'}\n",
    ),
    (  # AWS names its own SSM documents with no account; IAM accepts it and it grants access
        "aws-owned-ssm-document",
        MINIMAL
        + "role:\n  additional_statements:\n    - {reason: patching, Effect: Allow, Action: 'ssm:SendCommand',"
        " Resource: ['arn:aws:ssm:us-east-1::document/AWS-RunShellScript',"
        " 'arn:aws:ec2:us-east-1:123456789012:instance/*']}\n",
    ),
]


@pytest.mark.parametrize(("name", "content"), VALID, ids=[v[0] for v in VALID])
def test_valid_spec(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(content, encoding="utf-8")
    assert main(["validate", str(path)]) == 0, capsys.readouterr().out
    assert load_spec(path).customer == "acme-co"


def test_defaults_are_applied(tmp_path: Path) -> None:
    path = tmp_path / "minimal.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    spec = load_spec(path)
    assert spec.platform_account_id == profile().platform_account
    assert spec.bucket_name == "acme-co-bodo-state"
    assert spec.lock_table_name == "acme-co-bodo-lock"
    assert (spec.role_name, spec.policy_name) == ("BodoPlatformUser", "Bodo-Platform-User-Policy")
    assert spec.billing_alarm is None
    assert spec.additional_statements == ()


def test_alarm_defaults(tmp_path: Path) -> None:
    path = tmp_path / "alarm.yaml"
    path.write_text(
        MINIMAL + "billing_alarm:\n  vcpu_threshold: 1000\n  emails: [a@b.io]\n", encoding="utf-8"
    )
    alarm = load_spec(path).billing_alarm
    assert alarm is not None
    assert (alarm.period_seconds, alarm.evaluation_periods, alarm.emails) == (300, 1, ("a@b.io",))
    assert alarm.classes is None  # every class
    assert alarm.creates_topic


def test_example_customers_are_valid(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(repo / "customers")]) == 0
    assert capsys.readouterr().out == ""


def test_json_format_lists_every_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "good.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "bad.yml").write_text(MINIMAL.replace("us-east-1", "mars-1"), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    assert main(["validate", str(tmp_path), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    by_name = {Path(entry["path"]).name: entry for entry in report}
    assert set(by_name) == {"good.yaml", "bad.yml"}
    assert by_name["good.yaml"]["valid"] is True
    [problem] = by_name["bad.yml"]["problems"]
    assert (problem["line"], problem["column"], problem["field"]) == (2, 9, "region")


def test_two_specs_for_one_customer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(MINIMAL, encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 1
    assert "customer 'acme-co' is already defined in" in capsys.readouterr().out


def test_missing_path_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_schema_documents_every_field(repo: Path) -> None:
    """Editors show title/description: every property in the schema has both."""
    schema = json.loads((repo / "schemas" / "customer.schema.json").read_text())

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for name, child in node.get("properties", {}).items():
                assert "title" in child and "description" in child, f"{where}.{name}"
            for key, child in node.items():
                walk(child, f"{where}.{key}")
        elif isinstance(node, list):
            for child in node:
                walk(child, where)

    walk(schema, "$")

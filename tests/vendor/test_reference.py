"""`bodocfg reference list|diff|add`, and `nearest` for discover."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.output.model import Severity
from generator.vendor.diff import diff_versions
from generator.vendor.fill import fill
from generator.vendor.nearest import nearest, nearest_version
from generator.vendor.profile import PACKAGE_PROFILE, clear_cache, profile
from tests.vendor.conftest import write_spec

POLICIES = PACKAGE_PROFILE.parent / "policies"
VERSIONS = ("2021-09", "2022-09-07", "2022-11-09", "2022-11-15")
CONSECUTIVE = list(itertools.pairwise(VERSIONS))


def raw_actions(version: str) -> set[str]:
    """Independent of bodocfg: every Action string of the published JSON, as written."""
    document = json.loads((POLICIES / f"{version}.json").read_text())
    found: set[str] = set()
    for statement in document["Statement"]:
        action = statement["Action"]
        found |= {action} if isinstance(action, str) else set(action)
    return found


@pytest.mark.parametrize(("old", "new"), CONSECUTIVE)
def test_diff_lists_exactly_the_published_changes(old: str, new: str) -> None:
    diff = diff_versions(old, new)
    before, after = raw_actions(old), raw_actions(new)
    assert set(diff.added) == after - before
    assert set(diff.removed) == before - after
    assert len(after) - len(before) == len(diff.added) - len(diff.removed)
    for service in diff.services:
        assert all(a.split(":")[0] == service.service for a in (*service.added, *service.removed))


def test_the_documented_changes() -> None:
    """history/README.md: 2022-09-07 has iam:SimulatePrincipalPolicy and lacks autoscaling:
    CreateOrUpdateTags and ssm:DeleteParameters; 2022-11-09 is a strict subset of 2022-11-15
    (which adds four VPC-endpoint actions); 2021-09 is one statement on `*`."""
    first = diff_versions("2022-09-07", "2022-11-09")
    assert first.removed == ("iam:SimulatePrincipalPolicy",)
    assert first.added == ("autoscaling:CreateOrUpdateTags", "ssm:DeleteParameters")
    assert first.statements == ()
    second = diff_versions("2022-11-09", "2022-11-15")
    assert second.removed == ()
    assert len(second.added) == 152 - 148
    assert all(a.startswith("ec2:") for a in second.added)
    earliest = diff_versions("2021-09", "2022-09-07")
    assert [(s.statement, s.change) for s in earliest.statements] == [
        ("BodoPlatformDynamo", "added"),
        ("BodoPlatformS3", "added"),
        ("BodoPlatformS3Items", "added"),
    ]
    assert {"s3:ListBuckets", "ec2:DescribeLocalGatewayRouteTable", "s3:CreateBucket"} <= set(
        earliest.removed
    )


def test_the_risk_rules_judge_what_is_added() -> None:
    vpc = diff_versions("2022-11-09", "2022-11-15")
    errors = [v for v in vpc.verdicts if v.severity is Severity.ERROR]
    assert [v.rule_id for v in errors] == ["BDL001"]
    assert "ec2:CreateVpcEndpoint" in errors[0].message
    earliest = diff_versions("2021-09", "2022-09-07")
    management = [v for v in earliest.verdicts if v.rule_id == "BDL022"]
    assert management and "iam:CreateServiceLinkedRole" in management[0].message
    assert diff_versions("2022-11-15", "2022-11-15").unchanged


@pytest.mark.parametrize("form", ["text", "json", "markdown"])
def test_diff_command_formats(form: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reference", "diff", "2022-09-07", "2022-11-09", "--format", form]) == 0
    out = capsys.readouterr().out
    if form == "json":
        data = json.loads(out)
        assert data["removed"] == ["iam:SimulatePrincipalPolicy"]
        assert data["services"][1] == {
            "service": "iam",
            "added": [],
            "removed": ["iam:SimulatePrincipalPolicy"],
        }
        assert data["verdicts"][0]["rule_id"] == "BDL001"
    elif form == "markdown":
        assert "| iam |  | `iam:SimulatePrincipalPolicy` |" in out
    else:
        assert "-iam:SimulatePrincipalPolicy" in out and "+ssm:DeleteParameters" in out


def test_unknown_versions_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reference", "diff", "2022-09-07", "2023-01-01"]) == 2
    assert "known: 2021-09, 2022-09-07" in capsys.readouterr().err


def test_list_shows_every_version_with_its_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reference", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[1:]] == list(VERSIONS)
    assert "(newest)" in lines[-1] and "bodo-ai/Bodo" in lines[-1]


def _published(tmp_path: Path, edit: Any = None) -> Path:
    document = profile().newest.document()
    document["Statement"][0]["Action"] += ["ec2:DescribeVpcEndpointServices", "iam:PutRolePolicy"]
    if edit:
        edit(document)
    path = tmp_path / "bodo-platform.json"
    path.write_text(json.dumps(document, indent=2) + "\n")
    return path


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_add_refuses_an_invalid_policy_with_its_lines(
    user_profile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def break_it(document: dict[str, Any]) -> None:
        document["Statement"][0]["Action"].append("ec2:DescribeUnicorns")
        document["Statement"][1]["Resource"] = "arn:aws:dynamodb:*:*:table/$$DYNAMO_ARN$$"
        document["Statement"].append({"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"})
        document["Statement"][2]["Resource"] = "arn:aws:s3:::$$BUCKET$$"
        document["Statement"][3]["Condition"] = {"StringEqualz": {"aws:SourceVpc": "vpc-1"}}

    path = _published(tmp_path, break_it)
    assert main(["reference", "add", str(path), "--version", "2025-03-01"]) == 1
    err = capsys.readouterr().err
    assert f"{path}:{_line_of(path, 'DescribeUnicorns')}:" in err and "BDL002" in err
    assert f"{path}:{_line_of(path, 'table/$$DYNAMO_ARN$$')}:" in err and "whole Resource value" in err
    assert f"{path}:{_line_of(path, 'NotAction')}:" in err and "BDL012" in err
    assert f"{path}:{_line_of(path, '$$BUCKET$$')}:" in err and "unknown placeholder $$BUCKET$$" in err
    assert f"{path}:{_line_of(path, 'StringEqualz')}:" in err and "BDL102" in err
    assert "BDL105" in err  # the validation family names the unknown action too
    assert "not added (7 problem(s))" in err, err
    assert list(user_profile.iterdir()) == []


def test_add_refuses_a_policy_without_placeholders(
    user_profile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "old-style.json"
    path.write_text(profile().policy("2021-09").text().replace("s3:ListBuckets", "s3:ListBucket"))
    path.write_text(
        path.read_text().replace("ec2:DescribeLocalGatewayRouteTable", "ec2:DescribeLocalGatewayRouteTables")
    )
    assert main(["reference", "add", str(path), "--version", "2025-03-01"]) == 1
    err = capsys.readouterr().err
    assert "no $$BUCKET_NAME$$" in err and "no $$DYNAMO_ARN$$" in err


def test_add_stores_in_the_user_profile_and_prints_the_diff(
    user_profile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shipped = sorted(p.name for p in POLICIES.iterdir())
    path = _published(tmp_path)
    argv = ["reference", "add", str(path), "--version", "2025-03-01", "--source", "docs, seen 2025-03-02"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("reference policy 2022-11-15 -> 2025-03-01: +2/-0 actions")
    assert "BDL020" in out and "iam:PutRolePolicy" in out  # a new escalation path, named
    assert (user_profile / "policies" / "2025-03-01.json").read_bytes() == path.read_bytes()
    entry = json.loads((user_profile / "profile.json").read_text())["policies"][0]
    assert entry == {
        "version": "2025-03-01",
        "file": "policies/2025-03-01.json",
        "date": "2025-03-01",
        "source": "docs, seen 2025-03-02",
    }
    assert sorted(p.name for p in POLICIES.iterdir()) == shipped  # the package is never written
    assert profile().newest.version == "2025-03-01" and profile().newest.origin == "user"
    assert main(["reference", "add", str(path), "--version", "2025-03-01"]) == 2  # already known
    spec = write_spec(tmp_path, "early", reference="2025-03-01")  # the schema knows it now
    assert main(["render", str(spec), "--out", str(tmp_path / "modules")]) == 0
    rendered = json.loads((tmp_path / "modules" / "early" / "policies.tf.json").read_text())["locals"]
    assert "iam:PutRolePolicy" in rendered["role_policy"]["Statement"][0]["Action"]
    clear_cache()


def test_nearest_names_the_matching_version() -> None:
    table = "arn:aws:dynamodb:us-east-2:123456789012:table/acme-bodo-lock"
    found = fill(profile().policy("2022-11-09").document(), "acme-bodo-state", table)
    exact = nearest(found, "acme-bodo-state", table)
    assert (exact.version, exact.matches, exact.diff.unchanged) == ("2022-11-09", True, True)
    found["Statement"][0]["Action"].remove("ec2:RunInstances")
    edited = nearest(found, "acme-bodo-state", table)
    assert (edited.version, edited.distance) == ("2022-11-09", 1)
    assert edited.diff.removed == ("ec2:RunInstances",)
    assert nearest_version(profile().policy("2021-09").document())[0] == "2021-09"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", ":1:2: BDL003"),
        ('{"Version": "2012-10-17"}', "not an IAM policy"),
        ('{"Statement": [{"Effect": "Maybe", "Action": "s3:GetObject", "Resource": "*"}]}', ":1:27: BDL003"),
    ],
)
def test_add_refuses_what_is_not_a_policy(
    user_profile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    path = tmp_path / "broken.json"
    path.write_text(content)
    assert main(["reference", "add", str(path), "--version", "2025-03-01"]) == 1
    assert message in capsys.readouterr().err
    assert list(user_profile.iterdir()) == []

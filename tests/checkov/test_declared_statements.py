"""The spec's declared statements sit in a policy resource without skips: checkov judges them."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main

from .conftest import failing, scan


@pytest.mark.checkov
def test_checkov_flags_a_risky_declared_statement_and_keeps_the_references_skips(
    checkov: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "customers" / "decl-co.yaml"
    spec.parent.mkdir()
    spec.write_text(
        "customer: decl-co\nregion: us-east-2\nexternal_id: decl-co-0001\nrole:\n  additional_statements:\n"
        "    - reason: the team manages its own IAM users\n"
        "      Effect: Allow\n      Action: ['iam:*']\n      Resource: '*'\n"
    )
    assert main(["render", str(spec), "--out", str(tmp_path / "modules")]) == 0
    capsys.readouterr()
    module = tmp_path / "modules" / "decl-co"

    report = scan([module])

    by_resource: dict[str, set[str]] = {}
    for finding in failing(report, str(module)):
        by_resource.setdefault(finding.location.logical or "", set()).add(finding.rule_id)
    declared = by_resource.get("aws_iam_role_policy.declared", set())
    assert {"CKV_AWS_286", "CKV_AWS_289"} <= declared, by_resource
    assert "aws_iam_role_policy.bodo_platform" not in by_resource, "the reference policy keeps its skips"

"""A customer pinned to an old reference version: rendered, linted and reviewed against that version."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.lint.engine import LintOptions, lint_paths
from generator.vendor.profile import profile
from tests.vendor.conftest import write_spec

OLD = "2022-09-07"


@pytest.fixture
def pinned_module(tmp_path: Path) -> Path:
    spec = write_spec(tmp_path, "oldtimer", reference=OLD)
    assert main(["render", str(spec), "--out", str(tmp_path / "modules")]) == 0
    return tmp_path / "modules" / "oldtimer"


def test_the_module_carries_the_old_version(pinned_module: Path) -> None:
    locals_ = json.loads((pinned_module / "policies.tf.json").read_text())["locals"]
    actions = locals_["role_policy"]["Statement"][0]["Action"]
    assert "iam:SimulatePrincipalPolicy" in actions  # only 2022-09-07 has it
    assert "ssm:DeleteParameters" not in actions  # 2022-11-15 added it
    assert locals_["reference_version"] == OLD


def test_it_lints_clean_against_its_own_version(pinned_module: Path) -> None:
    report = lint_paths([str(pinned_module)], LintOptions())
    assert [f for f in report.findings if not f.accepted_by_reference] == []
    assert report.targets[0].baseline.endswith(OLD)
    assert main(["lint", str(pinned_module)]) == 0


def test_against_the_newest_it_has_new_access(
    pinned_module: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    newest = profile().newest.version
    assert main(["lint", str(pinned_module), "--reference", newest, "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert [f["rule_id"] for f in errors] == ["BDL001"]
    assert "iam:SimulatePrincipalPolicy" in errors[0]["message"]


def test_an_unknown_version_on_the_command_line_is_a_usage_error(
    pinned_module: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lint", str(pinned_module), "--reference", "1999-01"]) == 2
    assert "known: " in capsys.readouterr().err


def test_a_module_naming_a_version_the_profile_lacks_is_reported(pinned_module: Path) -> None:
    path = pinned_module / "policies.tf.json"
    path.write_text(
        path.read_text().replace(f'"reference_version": "{OLD}"', '"reference_version": "2031-01"')
    )
    report = lint_paths([str(pinned_module)], LintOptions())
    assert any(f.rule_id == "BDL003" and "2031-01" in f.message for f in report.findings)


def test_review_compares_with_the_modules_own_version(
    pinned_module: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["review", str(pinned_module), "--out", str(tmp_path / "review")]) == 0
    assert "(no new access," in capsys.readouterr().out
    page = (tmp_path / "review" / "oldtimer.md").read_text()
    assert "| None | 0 |" in page  # no new access, no lint finding: 2022-09-07 is its baseline


@pytest.mark.parametrize("version", ["2021-09", "2022-09-07", "2022-11-09", "2022-11-15"])
def test_every_published_version_lints_clean_against_itself(version: str, tmp_path: Path) -> None:
    """2021-09's two actions that do not exist are the reference's own: accepted, never failing."""
    spec = write_spec(tmp_path, "pinned", reference=version)
    assert main(["render", str(spec), "--out", str(tmp_path / "modules")]) == 0
    report = lint_paths([str(tmp_path / "modules" / "pinned")], LintOptions())
    assert [f.message for f in report.findings if not f.accepted_by_reference] == []

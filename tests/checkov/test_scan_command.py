"""`bodocfg scan` against a stand-in checkov: exit codes, offline invocation, skips, formats.

The real checkov runs in the `checkov`-marked tests; these check bodocfg's own side quickly.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.output.model import Report
from generator.scan import CheckovUnavailable, ScanOptions, scan_paths
from generator.vendor.profile import profile

from .conftest import REPO

FAKE = Path(__file__).resolve().parent / "fake_checkov.py"


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    script = tmp_path / "checkov"
    script.write_text(f"#!{sys.executable}\n" + FAKE.read_text(encoding="utf-8"), encoding="utf-8")
    script.chmod(0o755)
    log = tmp_path / "fake-checkov.json"
    monkeypatch.setenv("BODOCFG_CHECKOV", str(script))
    monkeypatch.setenv("FAKE_CHECKOV_LOG", str(log))
    monkeypatch.setenv("BC_API_KEY", "must-not-reach-checkov")
    return log


@pytest.fixture
def modules(tmp_path: Path) -> Path:
    root = tmp_path / "modules"
    for name in ("acme-analytics", "globex"):
        shutil.copytree(REPO / "modules" / name, root / name)
        (root / name / "bodocfg.plan.json").write_text("{}")
    return root


def _logged(log: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(log.read_text(encoding="utf-8"))
    return data


def test_one_offline_checkov_run_and_skips_carry_over_to_the_plan(fake: Path, modules: Path) -> None:
    report: Report = scan_paths([str(modules)], ScanOptions(platform_accounts=frozenset({"123456789012"})))

    call = _logged(fake)
    assert "--skip-download" in call["argv"] and "--soft-fail" in call["argv"]
    assert call["argv"][call["argv"].index("--framework") + 1 :][:2] == ["terraform", "terraform_plan"]
    assert call["env"]["CKV_SKIP_PACKAGE_UPDATE_CHECK"] == "true"
    assert call["env"]["BC_SKIP_MAPPING"] == "TRUE"
    assert "BC_API_KEY" not in call["env"]
    # Bodo's account (the vendor profile's) and the one given: the checks name no account themselves.
    assert call["env"]["BODOCFG_PLATFORM_ACCOUNTS"] == ",".join(
        sorted({"123456789012", profile().platform_account})
    )
    assert Path(call["argv"][call["argv"].index("--external-checks-dir") + 1], "bodo_role_trust.py").is_file()

    acme, globex = str(modules / "acme-analytics"), str(modules / "globex")
    by = {(f.target, f.rule_id, Path(f.location.file or "").name): f for f in report.findings}
    assert by[(acme, "CKV_AWS_21", "bucket.tf")].suppressed is None
    assert by[(acme, "CKV_AWS_21", "bucket.tf")].location.line == 4
    assert "why it failed" in by[(acme, "CKV_AWS_21", "bucket.tf")].message
    assert by[(acme, "CKV_AWS_61", "role.tf")].suppressed == "False positive, #7209"
    # the plan finding takes the skip of the same resource in the same module, and only there
    assert by[(acme, "CKV_AWS_61", "bodocfg.plan.json")].suppressed == "False positive, #7209"
    assert by[(globex, "CKV_AWS_61", "bodocfg.plan.json")].suppressed is None
    assert by[(globex, "BDS001", "broken.tf")].location.file == f"{globex}/broken.tf"
    assert report.failed and report.command == "scan"
    assert report.checked == (acme, globex)


def test_a_module_checkov_returned_nothing_for_fails(fake: Path, modules: Path) -> None:
    shutil.copytree(REPO / "modules" / "initech", modules / "initech")
    report = scan_paths([str(modules)], ScanOptions())
    initech = [f for f in report.findings if f.target == str(modules / "initech")]
    assert [f.rule_id for f in initech] == ["BDS002"]
    assert all(f.fails(report.fail_on) for f in initech)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_formats_and_exit_code_one(
    fake: Path, modules: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scan", str(modules), "--format", fmt]) == 1
    out = capsys.readouterr().out
    if fmt == "text":
        assert f"{modules}/acme-analytics/bucket.tf:4: error CKV_AWS_21" in out
        skipped = [line for line in out.splitlines() if " CKV_AWS_61 " in line and "role.tf" in line]
        assert skipped and all(": skipped CKV_AWS_61" in line for line in skipped)
        assert "[reason: False positive, #7209]" in skipped[0]
        summary = out.splitlines()[-1]
        assert summary.startswith("bodocfg scan: 2 target(s), ")
        assert "failed check(s)" in summary and "skipped (each with its reason)" in summary
        assert "accepted by reference" not in out and "declared addition" not in out
    elif fmt == "json":
        assert json.loads(out)["failed"] is True
    else:
        results = json.loads(out)["runs"][0]["results"]
        assert {r["ruleId"] for r in results} >= {"CKV_AWS_21", "CKV_AWS_61", "BDS001"}


@pytest.mark.parametrize(
    ("scenario", "message"),
    [
        ("crash", "checkov failed (exit 2): ValueError: boom"),
        ("loaderror", "could not load bodocfg's checks"),
    ],
)
def test_checkov_failing_is_exit_three_with_one_line(
    fake: Path,
    modules: Path,
    scenario: str,
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FAKE_CHECKOV_SCENARIO", scenario)
    assert main(["scan", str(modules)]) == 3
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_checkov_hanging_is_stopped(fake: Path, modules: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_CHECKOV_SCENARIO", "hang")
    with pytest.raises(CheckovUnavailable, match="did not finish within 1s"):
        scan_paths([str(modules)], ScanOptions(timeout=1))


def test_missing_checkov_and_usage_errors(
    modules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BODOCFG_CHECKOV", str(tmp_path / "nowhere" / "checkov"))
    assert main(["scan", str(modules)]) == 3
    err = capsys.readouterr().err
    assert "make checkov-venv" in err and err.count("\n") == 1
    assert main(["scan", str(tmp_path / "missing")]) == 2
    assert main(["scan", "--format", "yaml"]) == 2
    assert "no such directory" in capsys.readouterr().err

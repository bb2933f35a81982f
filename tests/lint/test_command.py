"""`bodocfg lint` end to end through generator.cli.main: exit codes and formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.vendor.profile import profile
from tests.lint.conftest import REPO, allow, policy

REFERENCE = profile().newest.path


def _write(tmp_path: Path, name: str, document: object) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document, indent=2))
    return str(path)


def test_clean_modules_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(REPO / "modules")]) == 0
    assert "0 error(s), 0 warning(s)" in capsys.readouterr().out


def test_reference_against_itself_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(REFERENCE)]) == 0
    capsys.readouterr()


def test_new_access_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "p.json", policy(allow("s3:DeleteBucket", "arn:aws:s3:::x")))
    assert main(["lint", path]) == 1
    out = capsys.readouterr().out
    assert f"{path}:6:17: error BDL001" in out and "s3:DeleteBucket" in out


def test_fail_on_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    baseline = _write(tmp_path, "base.json", policy(allow("logs:*", "arn:aws:logs:*:*:log-group:x")))
    path = _write(tmp_path, "p.json", policy(allow("logs:*", "arn:aws:logs:*:*:log-group:x")))
    assert main(["lint", path, "--baseline", baseline]) == 0
    assert (
        main(["lint", path, "--baseline", baseline, "--fail-on", "warning"]) == 0
    )  # accepted by the baseline
    wider = _write(tmp_path, "w.json", policy(allow("sqs:SendMessage")))
    assert main(["lint", wider, "--baseline", REFERENCE.as_posix(), "--fail-on", "warning"]) == 1
    capsys.readouterr()


@pytest.mark.parametrize(
    "argv",
    [
        ["lint"],
        ["lint", "does-not-exist.json"],
        ["lint", "modules", "--format", "xml"],
        ["lint", "modules", "--fail-on", "info"],
        ["lint", "modules", "--baseline", "no-such-baseline.json"],
        ["lint", "modules", "--platform-account", "12345"],
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    assert main(argv) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_unreadable_input_is_a_finding_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\x00\x01 not json")
    assert main(["lint", str(bad), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [f["rule_id"] for f in report["findings"]] == ["BDL003"]


def test_formats_and_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "p.json", policy(allow("iam:PassRole")))
    out = tmp_path / "report.sarif"
    assert main(["lint", path, "--format", "sarif", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert json.loads(out.read_text())["version"] == "2.1.0"
    assert main(["lint", path, "--format", "markdown"]) == 0
    assert "Accepted by reference" in capsys.readouterr().out


def test_help_teaches(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--help"]) == 0
    text = capsys.readouterr().out
    assert "examples:" in text and "exit codes:" in text and "suppressions" in text


def test_freshly_rendered_example_modules_are_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "modules"
    assert main(["render", str(REPO / "customers"), "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["lint", str(out), "--format", "json", "--fail-on", "warning"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["targets"] == len(list((REPO / "customers").glob("*.yaml")))
    assert report["summary"]["error"] == report["summary"]["warning"] == 0
    assert report["summary"]["accepted_by_reference"] > 0

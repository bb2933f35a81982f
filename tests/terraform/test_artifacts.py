"""Saved-plan files: atomic owner-only writes, the record, and why a plan is refused; failure lines."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest

from generator.aws import Identity
from generator.errors import AwsUnreachable, CheckFailed, CredentialsMissing, TerraformFailed
from generator.terraform import artifacts
from generator.terraform.process import Result
from generator.terraform.runner import failure

HERE = Identity("123456789012", "arn:aws:iam::123456789012:user/a", "http://127.0.0.1:1")


def _planned(tmp_path: Path) -> Path:
    (tmp_path / "main.tf").write_text('output "x" { value = 1 }\n')
    (tmp_path / "values.tf.json").write_text("{}\n")
    (tmp_path / "notes.txt").write_text("not terraform")
    artifacts.write_private(tmp_path / artifacts.PLAN_FILE, b"plan bytes")
    artifacts.PlanRecord.make(tmp_path, tmp_path / artifacts.PLAN_FILE, HERE).write(tmp_path)
    return tmp_path


def test_private_writes_are_0600_and_leave_no_temp_files(tmp_path: Path) -> None:
    _planned(tmp_path)
    for name in (artifacts.PLAN_FILE, artifacts.RECORD_FILE):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".*.tmp"))
    record = json.loads((tmp_path / artifacts.RECORD_FILE).read_text())
    assert (record["account"], record["endpoint"]) == ("123456789012", "http://127.0.0.1:1")


def test_a_current_plan_is_accepted(tmp_path: Path) -> None:
    assert artifacts.check_saved_plan(_planned(tmp_path), HERE) == tmp_path / artifacts.PLAN_FILE
    (tmp_path / "notes.txt").write_text("changed, but not a terraform file")
    assert artifacts.check_saved_plan(tmp_path, HERE) == tmp_path / artifacts.PLAN_FILE


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: (d / artifacts.PLAN_FILE).unlink(), "no saved plan"),
        (lambda d: (d / artifacts.RECORD_FILE).unlink(), "bodocfg.tfplan.meta.json: missing"),
        (lambda d: (d / artifacts.RECORD_FILE).write_text("{"), "unreadable plan record"),
        (lambda d: (d / artifacts.PLAN_FILE).write_bytes(b"other"), "not the one `bodocfg plan` wrote"),
        (lambda d: (d / "values.tf.json").write_text('{"a": 1}'), "stale plan"),
        (lambda d: (d / "extra.tf").write_text(""), "stale plan"),
    ],
)
def test_a_missing_replaced_or_stale_plan_is_refused(tmp_path: Path, change: object, message: str) -> None:
    _planned(tmp_path)
    change(tmp_path)  # type: ignore[operator]
    with pytest.raises(CheckFailed, match=message):
        artifacts.check_saved_plan(tmp_path, HERE)


def test_a_plan_for_another_account_or_endpoint_is_refused(tmp_path: Path) -> None:
    _planned(tmp_path)
    for other in (
        Identity("210987654321", "arn:aws:iam::210987654321:user/a", HERE.endpoint),
        Identity(HERE.account, HERE.arn, None),
    ):
        with pytest.raises(
            CheckFailed, match=re.escape("made for account 123456789012 at http://127.0.0.1:1")
        ):
            artifacts.check_saved_plan(tmp_path, other)


def _result(stderr: str, code: int = 1) -> Result:
    return Result(("terraform", "plan"), code, "", stderr, 1.0)


@pytest.mark.parametrize(
    ("stderr", "kind", "text"),
    [
        ("\nError: Saved plan is stale\n", CheckFailed, "the saved plan is stale"),
        ("Error: validating provider credentials: InvalidClientTokenId\n", CredentialsMissing, "rejected"),
        (
            'Error: request send failed, Post "http://x/": dial tcp: connection refused\n',
            AwsUnreachable,
            "unreachable",
        ),
        ("panic: boom\n", TerraformFailed, "panic: boom"),
    ],
)
def test_terraform_failures_become_one_classified_line(stderr: str, kind: type, text: str) -> None:
    error = failure(Path("modules/x"), "plan", _result(stderr), "modules/x/bodocfg.log")
    assert isinstance(error, kind)
    assert text in str(error) and "\n" not in str(error)


def test_every_error_gets_its_own_line_none_left_only_in_the_log() -> None:
    stderr = "Error: Unsupported argument\n\nError: Missing required argument\n"
    error = failure(Path("modules/x"), "plan", _result(stderr), "modules/x/bodocfg.log")
    assert str(error).splitlines() == [
        "terraform plan failed in modules/x (exit 1): Unsupported argument",
        "  Missing required argument; full output in modules/x/bodocfg.log",
    ]


def test_init_failures_are_never_blamed_on_aws() -> None:
    stderr = "Error: Failed to query available provider packages: dial tcp: lookup registry.terraform.io: no such host\n"
    error = failure(Path("m"), "init", _result(stderr), None)
    assert type(error) is TerraformFailed and "no such host" in str(error)

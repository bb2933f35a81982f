"""`apply modules/ --jobs N`: each module's saved plan, the worst exit code, one summary table."""

from __future__ import annotations

from pathlib import Path

import boto3
import pytest

from generator.cli import main
from generator.localaws import LocalAws
from generator.terraform.artifacts import PLAN_FILE
from tests.terraform.conftest import make_module

pytestmark = [pytest.mark.terraform, pytest.mark.aws]


def test_apply_many_modules_applies_each_saved_plan_and_reports_the_worst(
    tmp_path: Path, aws_env: LocalAws, capsys: pytest.CaptureFixture[str]
) -> None:
    modules = tmp_path / "modules"
    first, second = make_module(modules / "first"), make_module(modules / "second")
    assert main(["plan", str(first), str(second), "--jobs", "2"]) == 0
    unplanned = make_module(modules / "unplanned")
    capsys.readouterr()

    assert main(["apply", str(modules), "--jobs", "2"]) == 1  # the unplanned module: no saved plan
    out, err = capsys.readouterr()
    assert f"{first}: applied" in out and f"{second}: applied" in out
    assert f"{unplanned}: no saved plan" in err
    table = [line for line in err.splitlines() if line.startswith(("first ", "second ", "unplanned "))]
    assert len(table) == 3 and "failed (exit 1)" in table[2], "one summary table of every module"
    assert not (first / PLAN_FILE).exists() and not (second / PLAN_FILE).exists(), "applied plans are spent"
    tables = boto3.client("dynamodb", region_name="us-east-2").list_tables()["TableNames"]
    for module in (first, second):
        name = (module / "main.tf").read_text().split('name         = "')[1].split('"')[0]
        assert name in tables

"""plan -> apply -> plan again against the local AWS, with the real terraform and provider."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import boto3
import pytest

from generator.cli import main
from generator.localaws import LocalAws, local_aws
from generator.terraform import Plan
from generator.terraform import assertions as pa
from generator.terraform.artifacts import PLAN_FILE, PLAN_JSON, RECORD_FILE

pytestmark = [pytest.mark.terraform, pytest.mark.aws]


def _size(directory: Path) -> int:
    return sum(p.lstat().st_size for p in directory.rglob("*"))


def test_plan_apply_plan_again_converges(
    module: Path, aws_env: LocalAws, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", str(module), "--detailed-exitcode"]) == 2
    summary = capsys.readouterr().out
    assert f"{module}: 8 to add, 0 to change, 0 to destroy" in summary
    assert "  + aws_dynamodb_table.lock" in summary
    for name in (PLAN_FILE, PLAN_JSON, RECORD_FILE, "bodocfg.log"):
        assert stat.S_IMODE((module / name).stat().st_mode) == 0o600, name
    assert _size(module / ".terraform") < 1_000_000
    plan = Plan.load(module / PLAN_JSON)
    pa.values(plan, "aws_dynamodb_table.lock", hash_key="LockID")

    assert main(["apply", str(module)]) == 0
    assert not (module / PLAN_FILE).exists(), "an applied plan is spent"
    table = boto3.client("dynamodb", region_name="us-east-2").describe_table(TableName=_table(module))
    assert table["Table"]["KeySchema"] == [{"AttributeName": "LockID", "KeyType": "HASH"}]

    assert main(["plan", str(module), "--detailed-exitcode"]) == 0
    assert f"{module}: no changes" in capsys.readouterr().out
    pa.no_changes(Plan.load(module / PLAN_JSON))

    assert main(["outputs", str(module), "--format", "json"]) == 0
    form = json.loads(capsys.readouterr().out)
    assert form["lock_table_name"] == _table(module)
    assert form["role_arn"].startswith("arn:aws:iam::123456789012:role/")
    assert form["region"] == "us-east-2"
    assert main(["outputs", str(module)]) == 0
    assert "Dynamo DB Table Name" in capsys.readouterr().out

    assert main(["destroy", str(module), "--yes"]) == 0
    assert _table(module) not in boto3.client("dynamodb", region_name="us-east-2").list_tables()["TableNames"]
    assert main(["outputs", str(module)]) == 1
    assert "no outputs in the state yet" in capsys.readouterr().err


def _table(module: Path) -> str:
    text = (module / "main.tf").read_text()
    return text.split('name         = "')[1].split('"')[0]


def test_apply_refuses_missing_foreign_and_stale_plans(
    module: Path, aws_env: LocalAws, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["apply", str(module)]) == 1
    assert "no saved plan" in capsys.readouterr().err

    assert main(["plan", str(module)]) == 0
    with local_aws() as other:  # another account/endpoint: the plan is foreign there
        monkeypatch.setenv("AWS_ENDPOINT_URL", other.endpoint)
        assert main(["apply", str(module)]) == 1
        assert f"made for account 123456789012 at {aws_env.endpoint}" in capsys.readouterr().err
    monkeypatch.setenv("AWS_ENDPOINT_URL", aws_env.endpoint)

    saved = (module / PLAN_FILE).read_bytes()
    (module / PLAN_FILE).write_bytes(saved + b"x")
    assert main(["apply", str(module)]) == 1
    assert "not the one `bodocfg plan` wrote" in capsys.readouterr().err
    (module / PLAN_FILE).write_bytes(saved)

    with (module / "main.tf").open("a") as handle:
        handle.write('\noutput "extra" {\n  value = "x"\n}\n')
    assert main(["apply", str(module)]) == 1
    assert "stale plan" in capsys.readouterr().err
    assert (
        boto3.client("dynamodb", region_name="us-east-2").list_tables()["TableNames"].count(_table(module))
        == 0
    )


def test_local_flag_runs_one_command_against_its_own_local_aws(
    module: Path, bodocfg_cache: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BODOCFG_CACHE_DIR", str(bodocfg_cache))
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # ignored: --local brings its own
    assert main(["plan", str(module), "--local"]) == 0
    assert "8 to add" in capsys.readouterr().out
    # that local AWS is gone with the command: apply has no --local to offer a new, empty one
    assert main(["apply", str(module), "--local"]) == 2
    assert "unrecognized arguments: --local" in capsys.readouterr().err

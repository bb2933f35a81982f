"""plan and apply with the guards, against the local AWS with the real terraform and provider."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.cli import main
from generator.localaws import LocalAws
from generator.terraform.artifacts import LOG_FILE, PLAN_FILE, PLAN_JSON, RECORD_FILE
from tests.terraform.conftest import fresh_account, make_module

pytestmark = [pytest.mark.terraform, pytest.mark.aws]
REPO = Path(__file__).resolve().parents[2]
_serial = itertools.count()
"""Each test's customer is new: bucket names are global, and plan refuses to create one that exists."""


def _customer(tmp_path: Path, region: str = "us-east-2") -> tuple[Path, Path]:
    """A spec of the smallest kind (no alarm) in tmp_path/customers, rendered to tmp_path/modules."""
    name = f"guard-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}-{next(_serial)}"
    spec = tmp_path / "customers" / f"{name}.yaml"
    spec.parent.mkdir()
    spec.write_text(f"customer: {name}\nregion: {region}\nexternal_id: guard-test-0001\n")
    assert main(["render", str(spec), "--out", str(tmp_path / "modules")]) == 0
    return spec, tmp_path / "modules" / name


def test_a_stale_module_is_refused_and_a_region_change_is_refused_with_its_line(
    tmp_path: Path,
    aws_env: LocalAws,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fresh_account(aws_env, monkeypatch)
    monkeypatch.chdir(tmp_path)
    spec, module = _customer(tmp_path)
    assert main(["plan", str(module)]) == 0
    assert main(["apply", str(module)]) == 0
    capsys.readouterr()

    spec.write_text(spec.read_text().replace("us-east-2", "us-west-2"))
    for command in ("plan", "apply"):
        assert main([command, str(module)]) == 1
        err = capsys.readouterr().err
        assert f"{module}: no longer matches its spec customers/{spec.name} (provider.tf: differs)" in err
        assert f"run `bodocfg render customers/{spec.name} --out modules`" in err
        assert "--allow-hand-edits" in err

    assert main(["render", str(spec), "--out", "modules"]) == 0
    assert main(["plan", str(module)]) == 1
    out = capsys.readouterr().out
    table = f"{spec.stem}-bodo-lock"
    assert (
        f"{module}: aws_dynamodb_table.lock ({table}) would leave the state and stay behind in us-east-2 "
        "(the module now uses us-west-2), unmanaged; safe way: set `region: us-east-2` back" in out
    )
    assert "to do it anyway: --allow-orphan aws_dynamodb_table.lock" in out
    assert not (module / PLAN_FILE).exists() and not (module / RECORD_FILE).exists()
    assert (module / PLAN_JSON).is_file(), "the refused plan's JSON stays, to inspect"
    assert main(["apply", str(module)]) == 1
    assert "no saved plan" in capsys.readouterr().err

    assert main(["plan", str(module), "--allow-orphan", "aws_dynamodb_table.lock"]) == 0
    assert "saved:" in capsys.readouterr().out
    assert (module / PLAN_FILE).is_file() and (module / RECORD_FILE).is_file()


def test_a_hand_edited_module_plans_only_with_the_flag(
    tmp_path: Path, aws_env: LocalAws, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fresh_account(aws_env, monkeypatch)
    monkeypatch.chdir(tmp_path)
    _, module = _customer(tmp_path)
    role = module / "role.tf"
    role.write_text(role.read_text().replace("max_session_duration = 3600", "max_session_duration = 7200"))
    assert main(["plan", str(module)]) == 1
    assert "(role.tf: differs)" in capsys.readouterr().err
    assert not (module / ".terraform").exists(), "refused before terraform ran"
    assert main(["plan", str(module), "--allow-hand-edits"]) == 0


def _count(path: Path, text: str) -> int:
    return path.read_text(errors="replace").count(text) if path.exists() else 0


def test_ctrl_c_during_a_re_plan_keeps_the_plan_and_its_record_together(
    tmp_path: Path, aws_env: LocalAws, capsys: pytest.CaptureFixture[str]
) -> None:
    module = make_module(tmp_path / "module")
    assert main(["plan", str(module)]) == 0
    assert main(["apply", str(module)]) == 0
    assert main(["plan", str(module)]) == 0
    saved = (module / PLAN_FILE).read_bytes(), (module / RECORD_FILE).read_bytes()
    log = module / LOG_FILE
    refreshed = _count(log, "Refreshing state...")

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    bodocfg = subprocess.Popen(
        [sys.executable, "-m", "generator", "plan", str(module)], env=env, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 120
    while _count(log, "Refreshing state...") == refreshed:
        assert time.monotonic() < deadline and bodocfg.poll() is None, "the re-plan never refreshed"
        time.sleep(0.02)
    bodocfg.send_signal(signal.SIGINT)
    _, err = bodocfg.communicate(timeout=120)
    assert bodocfg.returncode == 130, err
    assert ((module / PLAN_FILE).read_bytes(), (module / RECORD_FILE).read_bytes()) == saved
    assert not list(module.glob(f".{PLAN_FILE}.*")), "no temporary plan left behind"
    assert main(["apply", str(module)]) == 0
    capsys.readouterr()

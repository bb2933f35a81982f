"""Faults with the real terraform: the endpoint going away mid-run, Ctrl-C during apply."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from generator.cli import main
from generator.localaws import LocalAws
from tests.terraform.conftest import make_module
from tests.terraform.proxy import cuttable

pytestmark = [pytest.mark.terraform, pytest.mark.aws, pytest.mark.slow]
REPO = Path(__file__).resolve().parents[2]


def _wait_for(path: Path, text: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not (path.exists() and text in path.read_text(errors="replace")):
        assert time.monotonic() < deadline, f"{text!r} never appeared in {path}"
        time.sleep(0.05)


def test_endpoint_gone_mid_run_is_exit_3_within_a_minute(
    module: Path, aws_env: LocalAws, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", str(module)]) == 0
    assert main(["apply", str(module)]) == 0
    state = json.loads((module / "terraform.tfstate").read_text())
    # AWS goes away in the middle of the plan: at the refresh of the lock table, after the
    # provider has checked its credentials. The provider alone would retry for many minutes.
    with cuttable(urlparse(aws_env.endpoint).port or 0, cut_on=b"DynamoDB_20120810.DescribeTable") as proxy:
        monkeypatch.setenv("AWS_ENDPOINT_URL", proxy.endpoint)
        result: list[int] = []
        runner = threading.Thread(target=lambda: result.append(main(["plan", str(module)])))
        runner.start()
        assert proxy.was_cut.wait(timeout=120), "the plan never refreshed the lock table"
        cut = time.monotonic()
        runner.join(timeout=120)
    assert result == [3]
    assert time.monotonic() - cut < 60
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith(f"bodocfg: error: AWS stopped answering at {proxy.endpoint}: ")
    assert not (module / ".terraform.tfstate.lock.info").exists()
    assert json.loads((module / "terraform.tfstate").read_text())["resources"] == state["resources"]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_signal_during_apply_stops_cleanly_and_the_next_run_converges(
    tmp_path: Path, aws_env: LocalAws, capsys: pytest.CaptureFixture[str], signum: signal.Signals
) -> None:
    module = make_module(tmp_path / "slow", "slow")
    assert main(["plan", str(module)]) == 0
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    bodocfg = subprocess.Popen(
        [sys.executable, "-m", "generator", "apply", str(module)], env=env, stderr=subprocess.PIPE, text=True
    )
    # Interrupt while the KMS key waits for propagation (its id is known, so terraform records it).
    # A signal that lands while a create *request* is in flight can orphan that resource: the
    # provider cancels the request's context and never learns the id (provider behaviour).
    _wait_for(module / "bodocfg.log", "aws_dynamodb_table.lock: Creation complete")
    bodocfg.send_signal(signum)
    _, err = bodocfg.communicate(timeout=120)
    assert bodocfg.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert not (module / ".terraform.tfstate.lock.info").exists(), "terraform released its state lock"
    state = json.loads((module / "terraform.tfstate").read_text())  # written whole
    assert "aws_dynamodb_table" in {r["type"] for r in state["resources"]}

    assert main(["plan", str(module), "--detailed-exitcode"]) == 2
    assert main(["apply", str(module)]) == 0
    assert main(["plan", str(module), "--detailed-exitcode"]) == 0
    capsys.readouterr()

"""AWS unreachable or credentials missing: one line, exit 3, in seconds, before terraform runs."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from generator.cli import main
from generator.localaws import LocalAws

pytestmark = [pytest.mark.aws]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.mark.parametrize("command", ["plan", "apply", "destroy"])
def test_dead_endpoint_is_exit_3_in_seconds(
    command: str,
    module: Path,
    aws_env: LocalAws,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    endpoint = f"http://127.0.0.1:{_closed_port()}"
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    started = time.monotonic()
    argv = [command, str(module)] + (["--yes"] if command == "destroy" else [])
    assert main(argv) == 3
    assert time.monotonic() - started < 20
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(
        "bodocfg: error: checking AWS credentials (sts:GetCallerIdentity): AWS endpoint unreachable"
    )
    assert endpoint in err
    assert not (module / ".terraform").exists(), "terraform never ran"


def test_missing_credentials_is_exit_3_in_seconds(
    module: Path,
    aws_env: LocalAws,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    started = time.monotonic()
    assert main(["plan", str(module)]) == 3
    assert time.monotonic() - started < 20
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no usable AWS credentials" in err
    assert "testing" not in err


def test_usage_errors_are_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(tmp_path / "nope")]) == 2
    assert "no such directory" in capsys.readouterr().err
    assert main(["plan", str(tmp_path)]) == 2
    assert "not a Terraform module" in capsys.readouterr().err
    (tmp_path / "main.tf").write_text("")
    assert main(["destroy", str(tmp_path)]) == 2
    assert "add --yes" in capsys.readouterr().err

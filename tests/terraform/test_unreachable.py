"""AWS unreachable or credentials missing: one line, exit 3, in seconds, before terraform talks to AWS.

Only `terraform init` of a local-state module may run meanwhile (it overlaps the preflight).
"""

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
    log = module / "bodocfg.log"
    ran = (
        [line.split()[3] for line in log.read_text().splitlines() if line.startswith("== ")]
        if log.exists()
        else []
    )
    assert set(ran) <= {"init"}, f"only init may run before the preflight's verdict; ran {ran}"
    assert not (module / "bodocfg.tfplan").exists() and not (module / "terraform.tfstate").exists()


def test_a_remote_state_module_waits_for_the_preflight_before_init(
    aws_env: LocalAws, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "hooli.yaml").write_text(
        "customer: hooli\nregion: us-east-1\nexternal_id: hooli-1\n"
        "state:\n  bucket: tf-state-hooli\n  key_prefix: bodo\n  use_lockfile: true\n"
    )
    assert main(["render", str(tmp_path / "hooli.yaml"), "--out", str(tmp_path / "modules")]) == 0
    module = tmp_path / "modules" / "hooli"
    assert (module / "backend.tf").is_file()
    capsys.readouterr()
    endpoint = f"http://127.0.0.1:{_closed_port()}"
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    assert main(["plan", str(module)]) == 3
    assert "AWS endpoint unreachable" in capsys.readouterr().err
    log = module / "bodocfg.log"
    assert not log.exists() or "terraform init" not in log.read_text(), "init talks to the state's AWS"
    assert not (module / ".terraform").exists()


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

"""The one execute path: capture and streaming, timeouts, signal forwarding, the watchdog."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from generator.errors import AwsUnreachable, TerraformFailed
from generator.terraform import process
from generator.terraform.process import Watchdog, execute

# A child that counts the SIGINTs it gets, writes them to a file and exits 0 after cleaning up.
GRACEFUL = textwrap.dedent(
    """
    import signal, sys, time
    from pathlib import Path
    marker = Path(sys.argv[1])
    count = 0
    def stop(signum, frame):
        global count
        count += 1
        time.sleep(0.5)  # "releasing the lock"
        marker.write_text(f"stopped after {count} SIGINT")
        sys.exit(0)
    signal.signal(signal.SIGINT, stop)
    Path(str(marker) + ".ready").write_text("ready")
    time.sleep(60)
    """
)


def _env() -> dict[str, str]:
    return dict(os.environ)


def test_captures_and_streams_both_streams(tmp_path: Path) -> None:
    log, echo = io.StringIO(), io.StringIO()
    code = "import sys; print('out-1'); print('err-1', file=sys.stderr); print('out-2'); sys.exit(3)"
    result = execute([sys.executable, "-c", code], cwd=tmp_path, env=_env(), timeout=30, log=log, echo=echo)
    assert (result.returncode, result.stdout, result.stderr) == (3, "out-1\nout-2\n", "err-1\n")
    assert sorted(log.getvalue().splitlines()) == ["err-1", "out-1", "out-2"]
    assert echo.getvalue() == log.getvalue()


def test_no_shell_arguments_are_passed_verbatim(tmp_path: Path) -> None:
    result = execute(
        [sys.executable, "-c", "import sys; print(sys.argv[1])", "$(touch pwned); `x` | y"],
        cwd=tmp_path,
        env=_env(),
        timeout=30,
    )
    assert result.stdout == "$(touch pwned); `x` | y\n"
    assert not (tmp_path / "pwned").exists()


def test_child_files_are_owner_only(tmp_path: Path) -> None:
    execute([sys.executable, "-c", "open('state', 'w').write('s')"], cwd=tmp_path, env=_env(), timeout=30)
    assert (tmp_path / "state").stat().st_mode & 0o077 == 0


def test_missing_program_is_an_environment_failure(tmp_path: Path) -> None:
    with pytest.raises(TerraformFailed, match="not found on PATH"):
        execute(["bodocfg-no-such-terraform", "plan"], cwd=tmp_path, env=_env(), timeout=5)


def test_timeout_asks_the_child_to_stop_cleanly(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    started = time.monotonic()
    with pytest.raises(TerraformFailed, match="timed out after 1s"):
        execute([sys.executable, "-c", GRACEFUL, str(marker)], cwd=tmp_path, env=_env(), timeout=1)
    assert time.monotonic() - started < 10
    assert marker.read_text() == "stopped after 1 SIGINT"


def test_timeout_kills_a_child_that_ignores_sigint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(process, "GRACE_SECONDS", 1.0)
    code = "import signal, time; signal.signal(signal.SIGINT, signal.SIG_IGN); time.sleep(60)"
    started = time.monotonic()
    with pytest.raises(TerraformFailed, match="timed out"):
        execute([sys.executable, "-c", code], cwd=tmp_path, env=_env(), timeout=1)
    assert time.monotonic() - started < 10


def test_watchdog_stops_the_child_and_raises_its_error(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    calls: list[float] = []

    def unreachable() -> None:
        calls.append(time.monotonic())
        raise AwsUnreachable("AWS stopped answering at http://127.0.0.1:1")

    started = time.monotonic()
    with pytest.raises(AwsUnreachable, match="stopped answering"):
        execute(
            [sys.executable, "-c", GRACEFUL, str(marker)],
            cwd=tmp_path,
            env=_env(),
            timeout=60,
            watchdog=Watchdog(unreachable, interval=0.2, failures=3),
        )
    assert len(calls) == 3
    assert time.monotonic() - started < 10
    assert marker.read_text() == "stopped after 1 SIGINT"


def test_a_healthy_watchdog_lets_the_child_finish(tmp_path: Path) -> None:
    calls: list[int] = []
    result = execute(
        [sys.executable, "-c", "import time; time.sleep(1); print('done')"],
        cwd=tmp_path,
        env=_env(),
        timeout=30,
        watchdog=Watchdog(lambda: calls.append(1), interval=0.2, failures=1),
    )
    assert result.stdout == "done\n" and calls


# bodocfg's side of an interrupt: a script that runs a child through execute, inside forward_signals.
PARENT = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from generator.terraform.process import execute, forward_signals
    child, marker = sys.argv[1], sys.argv[2]
    try:
        with forward_signals():
            execute([sys.executable, "-c", child, marker], cwd=Path.cwd(), env=dict(os.environ), timeout=60)
    except KeyboardInterrupt:
        print("interrupted after the child stopped:", Path(marker).read_text(), flush=True)
        sys.exit(130)
    sys.exit(0)
    """
)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_is_forwarded_once_and_waited_for(tmp_path: Path, signum: int) -> None:
    marker = tmp_path / "marker"
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, GRACEFUL, str(marker)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    deadline = time.monotonic() + 30
    while not (tmp_path / "marker.ready").exists():
        assert parent.poll() is None and time.monotonic() < deadline, "the child never started"
        time.sleep(0.05)
    parent.send_signal(signum)
    parent.send_signal(signum)  # a second signal is not forwarded again: the child counts exactly one
    out, _ = parent.communicate(timeout=30)
    assert parent.returncode == 130
    assert "interrupted after the child stopped: stopped after 1 SIGINT" in out


@pytest.mark.parametrize("pidfd", [True, False], ids=["pidfd", "polling"])
def test_exit_wait_reports_running_then_exited(monkeypatch: pytest.MonkeyPatch, pidfd: bool) -> None:
    if not pidfd:
        monkeypatch.delattr(os, "pidfd_open", raising=False)
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read(); sys.exit(3)"], stdin=subprocess.PIPE
    )
    waiter = process._ExitWait(child)
    try:
        assert waiter.exited_within(0.2) is False and child.returncode is None
        assert child.stdin is not None
        child.stdin.close()
        assert waiter.exited_within(1e12) is True, "any timeout, however long"
        assert child.returncode == 3, "the child is reaped, its exit code kept"
        assert waiter.exited_within(0) is True
    finally:
        waiter.close()
        if child.poll() is None:
            child.kill()
            child.wait()

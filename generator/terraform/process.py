"""Run one external command: an argv list, no shell, output streamed and captured, timed, interruptible.

`execute` is the only place bodocfg starts terraform. The child runs in its own session, so
a Ctrl-C at the terminal reaches bodocfg alone; `forward_signals()` (installed by the caller
in the main thread) then sends terraform exactly one SIGINT, which makes it stop cleanly and
release its state lock, and `execute` waits for it before raising `KeyboardInterrupt`.

A `Watchdog` probes the outside world (e.g. AWS reachability) while the child runs; after
`failures` probes in a row fail, the child is interrupted the same way and the probe's
error is raised, so a dead endpoint is reported in seconds instead of after the provider's
minutes of retries.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO, TextIO

from generator.errors import BodocfgError, TerraformFailed

GRACE_SECONDS = 60.0
"""How long a child may take to stop cleanly after its timeout before it is killed."""


@dataclass(frozen=True)
class Result:
    argv: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float


@dataclass(frozen=True)
class Watchdog:
    check: Callable[[], None]
    """Returns when the world is fine; raises a `BodocfgError` that says what is wrong."""
    interval: float = 5.0
    failures: int = 3


class _Children:
    """The running children, so a signal can be forwarded to each exactly once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[int, subprocess.Popen[bytes]] = {}
        self._signalled: set[int] = set()
        self.interrupted = False

    def add(self, process: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._running[process.pid] = process

    def remove(self, process: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._running.pop(process.pid, None)
            self._signalled.discard(process.pid)

    def stop(self, process: subprocess.Popen[bytes]) -> None:
        """Ask one child to stop cleanly (SIGINT), once."""
        with self._lock:
            if process.pid in self._signalled or process.poll() is not None:
                return
            self._signalled.add(process.pid)
        with suppress(ProcessLookupError):
            process.send_signal(signal.SIGINT)

    def interrupt_all(self) -> int:
        """Stop every running child; return how many were running."""
        self.interrupted = True
        with self._lock:
            running = list(self._running.values())
        for process in running:
            self.stop(process)
        return len(running)


_CHILDREN = _Children()
_installed = False


@contextmanager
def forward_signals() -> Iterator[None]:
    """While inside, SIGINT and SIGTERM stop every running child cleanly instead of killing bodocfg.

    Only the main thread can install handlers; elsewhere (and when already installed) this is
    a no-op, since the main thread's handler covers every child. With no child running, a
    signal raises `KeyboardInterrupt` at once; otherwise the children are asked to stop and
    whichever `execute` notices first raises it once its child has exited.
    """
    global _installed
    if threading.current_thread() is not threading.main_thread() or _installed:
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        if not _CHILDREN.interrupt_all():
            raise KeyboardInterrupt

    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, handler)
    _installed = True
    try:
        yield
    finally:
        _installed = False
        _CHILDREN.interrupted = False
        for sig, old in previous.items():
            signal.signal(sig, old)


def _pump(
    stream: IO[bytes], sink: list[str], log: TextIO | None, echo: TextIO | None, lock: threading.Lock
) -> None:
    for raw in iter(stream.readline, b""):
        line = raw.decode("utf-8", errors="replace")
        sink.append(line)
        with lock:
            for out in (log, echo):
                if out is not None:
                    out.write(line)
                    out.flush()
    stream.close()


def _watch(
    process: subprocess.Popen[bytes], watchdog: Watchdog, done: threading.Event, tripped: list[BodocfgError]
) -> None:
    failed = 0
    while not done.wait(watchdog.interval):
        try:
            watchdog.check()
            failed = 0
        except BodocfgError as error:
            failed += 1
            if failed >= watchdog.failures:
                tripped.append(error)
                _CHILDREN.stop(process)
                return


class _ExitWait:
    """Waits for one child's exit and wakes the moment it happens.

    `Popen.wait(timeout)` polls with sleeps of up to 50 ms, which every terraform command
    paid as dead time; a pidfd (Linux 5.3+) becomes readable exactly when the child exits.
    Where there is none, this falls back to that polling. Signals do not end a wait early:
    the handler forwards them to the child, whose exit then ends it.
    """

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._process = process
        self._poller: select.poll | None = None
        self._fd: int | None = None
        with suppress(AttributeError, OSError):
            self._fd = os.pidfd_open(process.pid)
            self._poller = select.poll()
            self._poller.register(self._fd, select.POLLIN)

    def exited_within(self, seconds: float) -> bool:
        """True once the child has exited (and been reaped); False if `seconds` passed first."""
        if self._poller is None:
            try:
                self._process.wait(timeout=max(0.0, seconds))
            except subprocess.TimeoutExpired:
                return False
            return True
        end = time.monotonic() + max(0.0, seconds)
        # poll() takes an int of milliseconds: wait in slices of at most an hour
        while not self._poller.poll(int(min(max(0.0, end - time.monotonic()), 3600.0) * 1000)):
            if time.monotonic() >= end:
                return False
        self._process.wait()  # it has exited: this only reaps it
        return True

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def execute(
    argv: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    timeout: float,
    log: TextIO | None = None,
    echo: TextIO | None = None,
    watchdog: Watchdog | None = None,
) -> Result:
    """Run `argv` in `cwd` with exactly `env`; stream its output to `log`/`echo` and capture it.

    Raises `TerraformFailed` when the program is missing or overruns `timeout` (it is first
    asked to stop cleanly, then killed after GRACE_SECONDS), the watchdog's error when the
    watchdog trips, and `KeyboardInterrupt` when bodocfg was interrupted (after the child
    stopped). A non-zero exit is not an error here: the caller decides.
    """
    if _CHILDREN.interrupted:
        raise KeyboardInterrupt
    command = tuple(argv)
    started = time.monotonic()
    try:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            umask=0o077,
        )
    except FileNotFoundError:
        raise TerraformFailed(f"{command[0]}: not found on PATH (install it, or set PATH)") from None
    out: list[str] = []
    err: list[str] = []
    tripped: list[BodocfgError] = []
    timed_out = False
    lock = threading.Lock()
    done = threading.Event()
    exit_wait = _ExitWait(process)
    assert process.stdout is not None and process.stderr is not None
    threads = [
        threading.Thread(target=_pump, args=(process.stdout, out, log, echo, lock), daemon=True),
        threading.Thread(target=_pump, args=(process.stderr, err, log, echo, lock), daemon=True),
    ]
    if watchdog is not None:
        threads.append(threading.Thread(target=_watch, args=(process, watchdog, done, tripped), daemon=True))
    try:
        _CHILDREN.add(process)
        for thread in threads:
            thread.start()
        deadline = started + timeout
        while not exit_wait.exited_within(deadline - time.monotonic()):
            if timed_out:  # it did not stop within the grace period
                process.kill()
                process.wait()
                break
            timed_out = True
            _CHILDREN.stop(process)
            deadline += GRACE_SECONDS
    finally:
        done.set()
        exit_wait.close()
        if process.poll() is None:  # bodocfg itself is being torn down: do not orphan the child
            _CHILDREN.stop(process)
            try:
                process.wait(timeout=GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        _CHILDREN.remove(process)
        for thread in threads:
            if thread.is_alive():
                thread.join(timeout=5)
    result = Result(command, process.returncode, "".join(out), "".join(err), time.monotonic() - started)
    if _CHILDREN.interrupted:
        raise KeyboardInterrupt
    if tripped:
        raise tripped[0]
    if timed_out:
        what = " ".join(command[:2])
        raise TerraformFailed(f"{what} in {cwd}: timed out after {timeout:.0f}s and was stopped")
    return result


def child_env(overrides: Mapping[str, str | None]) -> dict[str, str]:
    """os.environ with `overrides` applied (a None value removes the variable)."""
    env = dict(os.environ)
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env

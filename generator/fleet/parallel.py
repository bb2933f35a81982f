"""Run one piece of work per customer on N threads; one failure never stops the others.

The work is terraform-bound (subprocesses), so threads are enough. Each customer gets its
own log file; whatever a customer's work raises becomes that customer's exit code (a
BodocfgError's own code; anything else is an internal error, its traceback written to the
customer's log, never to the terminal). The run's exit code is the worst of them.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TextIO, TypeVar

from generator.errors import BodocfgError, ExitCode
from generator.fleet.progress import FleetProgress

T = TypeVar("T")
W = TypeVar("W")

# Worse results rank higher; "changes pending" (2 with --detailed-exitcode) is not a failure.
_RANK = {
    ExitCode.OK: 0,
    ExitCode.USAGE: 1,
    ExitCode.FAILED: 2,
    ExitCode.ENVIRONMENT: 3,
    ExitCode.INTERNAL: 4,
    ExitCode.INTERRUPTED: 5,
}


def _jobs_count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of jobs")
    return int(text)


def add_jobs_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    """`-j/--jobs N` (a positive whole number, default 1), the same for every fleet command."""
    parser.add_argument("-j", "--jobs", type=_jobs_count, default=1, metavar="N", help=help_text)


def _rank(code: int) -> int:
    try:
        return _RANK[ExitCode(code)]
    except ValueError:  # not one of ours: count it as a bug
        return _RANK[ExitCode.INTERNAL]


def worst(codes: Sequence[int]) -> int:
    """The exit code that reports the worst result (0 for no results)."""
    return max(codes, key=_rank, default=0)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """One customer's result: its exit code, its value when the work returned one, its log."""

    name: str
    exit_code: int
    seconds: float
    log: Path
    value: T | None
    error: str | None = None


Work = Callable[[W, TextIO], tuple[int, T]]
"""(item, log stream) -> (exit code, value). Raise BodocfgError for an expected failure."""


def _open_log(path: Path) -> TextIO:
    """Append to a customer's log, creating it owner-only (terraform output can be sensitive)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    return os.fdopen(descriptor, "a", encoding="utf-8")


def _one(name: str, item: W, work: Work[W, T], log_path: Path) -> Outcome[T]:
    start = time.monotonic()
    with _open_log(log_path) as log:
        try:
            code, value = work(item, log)
            return Outcome(name, int(code), time.monotonic() - start, log_path, value)
        except BodocfgError as error:
            log.write(f"\nbodocfg: error: {error}\n")
            return Outcome(name, int(error.exit_code), time.monotonic() - start, log_path, None, str(error))
        except Exception as error:  # one customer's bug must not stop the others
            log.write(traceback.format_exc())
            message = f"internal error: {type(error).__name__}: {error}"
            return Outcome(name, int(ExitCode.INTERNAL), time.monotonic() - start, log_path, None, message)


def run_modules(
    modules: Sequence[Path],
    work: Work[Path, T],
    *,
    jobs: int,
    log_file: str,
    description: str = "plan",
) -> list[Outcome[T]]:
    """`run_all` over module directories: each named by its folder, logging to `<module>/<log_file>`,
    each failure printed to stderr as it arrives (plan and apply of a fleet)."""
    by_name = {module.name: module for module in modules}

    def report(outcome: Outcome[T]) -> None:
        if outcome.error is not None:
            print(f"bodocfg: error: {outcome.error}", file=sys.stderr)

    return run_all(
        [(module.name, module) for module in modules],
        work,
        jobs=jobs,
        logs=lambda name: by_name[name] / log_file,
        description=description,
        on_outcome=report,
    )


def run_all(
    items: Sequence[tuple[str, W]],
    work: Work[W, T],
    *,
    jobs: int,
    logs: Path | Callable[[str], Path],
    description: str = "plan",
    on_outcome: Callable[[Outcome[T]], None] | None = None,
) -> list[Outcome[T]]:
    """Run `work` for every (name, item) on up to `jobs` threads; outcomes in the items' order.

    `logs` is a directory (one `<name>.log` per item) or a function naming each item's log;
    logs are appended to. `on_outcome` is called (on this thread) as each outcome arrives.

    Ctrl-C cancels what has not started and waits for what is running (each terraform gets
    the SIGINT from the terminal and releases its state lock).
    """
    if jobs < 1:
        raise ValueError("jobs must be at least 1")

    def log_of(name: str) -> Path:
        return logs(name) if callable(logs) else logs / f"{name}.log"

    outcomes: dict[str, Outcome[T]] = {}
    with (
        FleetProgress(len(items), description) as progress,
        ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="bodocfg") as pool,
    ):
        futures: dict[Future[Outcome[T]], str] = {
            pool.submit(_one, name, item, work, log_of(name)): name for name, item in items
        }
        pending = set(futures)
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    outcome = future.result()
                    outcomes[outcome.name] = outcome
                    if on_outcome is not None:
                        on_outcome(outcome)
                    progress.advance(f"{outcome.name}: exit {outcome.exit_code}")
        except KeyboardInterrupt:
            for future in pending:
                future.cancel()
            raise
    return [outcomes[name] for name, _ in items]

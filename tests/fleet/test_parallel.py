"""run_all: parallel, isolated failures, per-customer logs, worst exit code."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TextIO

import pytest

from generator.errors import CheckFailed, ExitCode, TerraformFailed
from generator.fleet.parallel import run_all, worst


def test_worst_ranks_failures_above_changes() -> None:
    assert worst([]) == 0
    assert worst([0, 2, 0]) == 2  # changes pending (--detailed-exitcode) beat ok
    assert worst([2, 1]) == 1  # a failure beats changes
    assert worst([1, 3, 2]) == 3
    assert worst([3, 4]) == 4
    assert worst([4, 130]) == 130
    assert worst([0, 77]) == 77  # unknown codes count as bugs


def test_failures_stay_with_their_customer(tmp_path: Path) -> None:
    def work(item: str, log: TextIO) -> tuple[int, str]:
        log.write(f"planning {item}\n")
        if item == "bad-env":
            raise TerraformFailed("terraform plan failed in modules/bad-env")
        if item == "bad-check":
            raise CheckFailed("stale plan")
        if item == "bug":
            raise KeyError("oops")
        return 0, item.upper()

    names = ["a", "bad-env", "b", "bad-check", "bug", "c"]
    outcomes = run_all([(n, n) for n in names], work, jobs=3, logs=tmp_path / "logs")
    assert [o.name for o in outcomes] == names
    assert {o.name: o.exit_code for o in outcomes} == {
        "a": 0,
        "bad-env": 3,
        "b": 0,
        "bad-check": 1,
        "bug": 4,
        "c": 0,
    }
    assert [o.value for o in outcomes if o.exit_code == 0] == ["A", "B", "C"]
    assert worst([o.exit_code for o in outcomes]) == ExitCode.INTERNAL
    bad = (tmp_path / "logs" / "bad-env.log").read_text()
    assert bad.startswith("planning bad-env\n") and "terraform plan failed" in bad
    assert "KeyError: 'oops'" in (tmp_path / "logs" / "bug.log").read_text()
    assert (tmp_path / "logs" / "a.log").read_text() == "planning a\n"


def test_runs_at_most_jobs_at_once_and_in_parallel(tmp_path: Path) -> None:
    running = 0
    peak = 0
    lock = threading.Lock()

    def work(item: int, log: TextIO) -> tuple[int, None]:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.2)
        with lock:
            running -= 1
        return 0, None

    start = time.monotonic()
    run_all([(f"c{i}", i) for i in range(6)], work, jobs=3, logs=tmp_path)
    elapsed = time.monotonic() - start
    assert peak == 3
    assert elapsed < 1.0  # 6 x 0.2 s on 3 threads is ~0.4 s, sequential would be 1.2 s


def test_jobs_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        run_all([], lambda item, log: (0, None), jobs=0, logs=tmp_path)

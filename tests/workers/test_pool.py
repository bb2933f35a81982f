"""`ordered_map`: forked workers, results in task order, failures reported, no process left."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from typing import Any

import pytest

from generator.workers import (
    MIN_PARALLEL,
    WorkerError,
    auto_jobs,
    choose_jobs,
    map_in_slices,
    ordered_map,
    slices,
)
from generator.workers.pool import MAX_TASKS, SLICES_PER_JOB

_interrupt_after_fork: list[bool] = []
"""Non-empty while a test wants this process interrupted in its after-fork hooks."""


def _interrupt_in_fork_hook() -> None:
    if _interrupt_after_fork:
        os.kill(os.getpid(), signal.SIGINT)  # handled before os.kill returns: inside the hook


os.register_at_fork(after_in_parent=_interrupt_in_fork_hook)


def _no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_results_come_in_task_order_from_this_process_and_a_worker() -> None:
    def work(index: int) -> tuple[int, int]:
        if index == 0:
            time.sleep(0.3)  # task 0 finishes last: the others must wait for it to be handed on
        return index * index, os.getpid()

    results = list(ordered_map(work, 12, 2))
    assert [square for square, _ in results] == [i * i for i in range(12)]
    pids = {pid for _, pid in results}
    assert len(pids) == 2 and os.getpid() in pids  # this process works too: one fork for 2 jobs
    assert _no_children_left()


def test_three_jobs_fork_two_workers() -> None:
    def work(index: int) -> int:
        time.sleep(0.05)
        return os.getpid()

    assert len(set(ordered_map(work, 12, 3))) == 3
    assert _no_children_left()


def test_no_process_to_be_had_means_this_one_does_the_work(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    assert list(ordered_map(lambda i: (i, os.getpid()), 5, 3)) == [(i, os.getpid()) for i in range(5)]


def test_one_job_runs_in_this_process() -> None:
    assert list(ordered_map(lambda i: (i, os.getpid()), 3, 1)) == [(i, os.getpid()) for i in range(3)]


def test_large_results_arrive_whole() -> None:
    def work(index: int) -> bytes:
        time.sleep(0.05)  # so the worker gets tasks too
        return bytes([index]) * (3 * 1024 * 1024 + index)  # several pipe buffers each

    results = list(ordered_map(work, 4, 2))
    assert [len(r) for r in results] == [3 * 1024 * 1024 + i for i in range(4)]
    assert all(r == bytes([i]) * len(r) for i, r in enumerate(results))


def test_a_task_error_is_raised_after_the_results_before_it() -> None:
    def work(index: int) -> int:
        time.sleep(0.02)
        if index == 3:
            raise KeyError(f"task {index}")
        return index

    seen = []
    with pytest.raises(KeyError, match="task 3"):
        for value in ordered_map(work, 8, 2):
            seen.append(value)
    assert seen == [0, 1, 2]
    assert _no_children_left()


def test_a_worker_error_carries_the_worker_traceback() -> None:
    parent = os.getpid()

    def work(index: int) -> int:
        if os.getpid() != parent:
            raise KeyError(f"task {index}")
        time.sleep(0.05)  # the worker takes a task while this process sleeps
        return index

    with pytest.raises(KeyError) as raised:
        list(ordered_map(work, 4, 2))
    notes = "".join(getattr(raised.value, "__notes__", ()))
    assert "in a worker process" in notes and 'raise KeyError(f"task {index}")' in notes
    assert _no_children_left()


def test_an_unpicklable_error_arrives_as_its_text() -> None:
    parent = os.getpid()

    class Local(Exception):  # a local class cannot be pickled
        pass

    def work(index: int) -> int:
        if os.getpid() != parent:
            raise Local("cannot travel")
        time.sleep(0.05)
        return index

    with pytest.raises(RuntimeError, match="Local: cannot travel"):
        list(ordered_map(work, 4, 2))
    assert _no_children_left()


def test_a_worker_killed_is_a_worker_error() -> None:
    parent = os.getpid()

    def work(index: int) -> int:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(0.05)
        return index

    with pytest.raises(WorkerError, match="killed by signal 9"):
        list(ordered_map(work, 4, 2))
    assert _no_children_left()


def test_ctrl_c_reaches_this_process_and_stops_the_workers() -> None:
    parent = os.getpid()

    def work(index: int) -> int:
        if os.getpid() != parent:
            os.kill(parent, signal.SIGINT)
            time.sleep(30)
        time.sleep(0.05)
        return index

    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        list(ordered_map(work, 8, 2))
    assert time.monotonic() - started < 10
    assert _no_children_left()


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # as `terraform.process.forward_signals`' handler does with no child


@pytest.mark.parametrize("handler", [signal.default_int_handler, _raise_interrupt], ids=["python", "own"])
def test_ctrl_c_while_a_worker_is_forked_is_not_lost(handler: Callable[[int, Any], None]) -> None:
    # Python runs its after-fork hooks (logging's among them) in this process right after the
    # fork; a KeyboardInterrupt raised inside one is printed as "Exception ignored" and dropped.
    # A CI run lost a worker's SIGINT that way. Here the interrupt comes inside such a hook, with
    # Python's handler in place and with one of the program's own.
    def work(index: int) -> int:
        time.sleep(0.05)
        return index

    previous = signal.signal(signal.SIGINT, handler)
    _interrupt_after_fork.append(True)
    try:
        with pytest.raises(KeyboardInterrupt):
            list(ordered_map(work, 8, 2))
        assert signal.getsignal(signal.SIGINT) is handler  # put back as it was
    finally:
        _interrupt_after_fork.clear()
        signal.signal(signal.SIGINT, previous)
    assert _no_children_left()


def test_a_worker_takes_ctrl_c_as_the_default_action_under_a_handler_of_the_program() -> None:
    # The handler is this process's (bodocfg's stops terraform's children): a worker that ran
    # its inherited copy would act twice, or, under this one that returns, not stop at all (it
    # would sleep on and hand its result in).
    parent = os.getpid()

    def work(index: int) -> int:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(30)
        time.sleep(0.05)
        return index

    previous = signal.signal(signal.SIGINT, lambda signum, frame: None)
    started = time.monotonic()
    try:
        with pytest.raises(WorkerError, match="killed by signal 2"):
            list(ordered_map(work, 16, 2))  # 0.8 s of tasks here: the worker surely starts one
    finally:
        signal.signal(signal.SIGINT, previous)
    assert time.monotonic() - started < 10
    assert _no_children_left()


def test_leaving_early_stops_the_workers() -> None:
    parent = os.getpid()
    # Even a worker that ignores SIGTERM (a handler it inherited, say a test runner's) is stopped.
    previous = signal.signal(signal.SIGTERM, signal.SIG_IGN)

    def work(index: int) -> int:
        if os.getpid() != parent and index:
            time.sleep(30)  # the worker is busy with a later task when this process stops
        return index

    started = time.monotonic()
    try:
        results = ordered_map(work, 4, 2)
        assert next(results) == 0
        results.close()
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert time.monotonic() - started < 10
    assert _no_children_left()


def test_map_in_slices_keeps_item_order() -> None:
    items = [f"item-{n}" for n in range(101)]
    assert list(map_in_slices(str.upper, items, 2)) == [item.upper() for item in items]
    assert list(map_in_slices(str.upper, items, 1)) == [item.upper() for item in items]
    assert list(map_in_slices(str.upper, [], 2)) == []
    assert _no_children_left()


def test_slices_cover_every_input_once() -> None:
    for count, jobs in ((0, 2), (1, 2), (31, 2), (32, 2), (1000, 2), (1000, 8), (5, 1), (100_000, 1000)):
        cuts = slices(count, jobs)
        assert [n for cut in cuts for n in cut] == list(range(count))
        assert len(cuts) <= max(1, min(jobs * SLICES_PER_JOB, MAX_TASKS))


def test_auto_jobs_only_for_many_inputs_unless_asked() -> None:
    assert auto_jobs(None, MIN_PARALLEL - 1) == 1
    assert auto_jobs(None, MIN_PARALLEL) == min(len(os.sched_getaffinity(0)), MIN_PARALLEL)
    assert auto_jobs(2, 3) == 2
    assert auto_jobs(8, 3) == 3


def test_choose_jobs() -> None:
    assert choose_jobs(4, 2) == 2  # never more workers than tasks
    assert choose_jobs(3, 10) == 3
    assert choose_jobs(0, 1000) == len(os.sched_getaffinity(0))
    assert choose_jobs(None, 0) == 1
    with pytest.raises(ValueError, match="at most"):
        list(ordered_map(lambda i: i, 20_000, 2))

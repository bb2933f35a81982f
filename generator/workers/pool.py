"""`ordered_map`: tasks 0..n-1 run by forked workers, results yielded in task order.

Hand-written rather than `multiprocessing.Pool` (whose import alone costs ~40 ms of a command
that may take 200): what is needed is small. The tasks are numbers written into one pipe
before the workers start; each worker reads the next number (a 4-byte read from a pipe is
atomic, so no two workers get the same task) until the pipe is empty, runs it and writes the
pickled result, length first, into a pipe of its own. The parent reads all result pipes as
they fill, keeps what arrives early, and yields results in task order. Work functions are not
pickled: the workers are forks, they already have them, and everything the parent loaded.

A task that raises sends its exception (with the worker's traceback as a note) and the worker
stops; the parent re-raises it once the results before it are out. A worker that dies without
a word (killed, out of memory) is a `WorkerError`. Ctrl-C stops the workers (they keep the
default SIGINT action) and reaches the parent as KeyboardInterrupt; leaving the iteration early
kills whatever is still running.
"""

from __future__ import annotations

import os
import pickle
import selectors
import signal
import struct
import sys
import traceback
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import closing
from typing import TypeVar

from generator.errors import EnvironmentFailure

T = TypeVar("T")
I = TypeVar("I")  # noqa: E741 - an item, as in typing's conventions

_INDEX = struct.Struct("<I")
_LENGTH = struct.Struct("<Q")
MAX_TASKS = 16_384
"""Task numbers written before any worker starts must fit a pipe's default 64 KiB buffer."""
MIN_PARALLEL = 64
"""Below this many inputs a command stays in one process unless told otherwise (`--jobs`):
forking, and each worker doing afresh what another has done (memos, lazy loads), would
cost more than it saves."""
SLICES_PER_JOB = 16
"""Tasks per worker when inputs are cut into slices: enough that a worker done early takes
another (inputs differ in cost) and that a slice's results, which its worker holds until it
hands them over, stay a few MB (with 8 a lint worker on the fresh bench mix peaked 9 MiB
higher); few enough that each hand-over stays a small share of the slice's work."""


class WorkerError(EnvironmentFailure):
    """A worker process died before it sent all its results."""


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def choose_jobs(requested: int | None, tasks: int) -> int:
    """Workers for `tasks` tasks: `requested` if given (0 or None: one per usable CPU), never more
    than there are tasks, and 1 (no fork: the work runs in this process) where fork is missing."""
    if not hasattr(os, "fork"):
        return 1
    wanted = requested if requested else usable_cpus()
    return max(1, min(wanted, tasks))


def auto_jobs(requested: int | None, inputs: int) -> int:
    """Workers for `inputs` inputs: `requested` (0: one per CPU) as `choose_jobs` caps it, or
    by default (None, `--jobs auto`) one per CPU from MIN_PARALLEL inputs on, else none."""
    if requested is None:
        return choose_jobs(0, inputs) if inputs >= MIN_PARALLEL else 1
    return choose_jobs(requested, inputs)


def slices(count: int, jobs: int) -> list[range]:
    """`range(count)` cut into about SLICES_PER_JOB consecutive slices per worker."""
    size = max(1, -(-count // (jobs * SLICES_PER_JOB)))
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


def map_in_slices(function: Callable[[I], T], items: Sequence[I], jobs: int) -> Generator[T, None, None]:
    """`function(item)` for every item, yielded in order; with several `jobs`, computed by forked
    workers a slice of items at a time (results must pickle)."""
    if jobs <= 1:
        yield from map(function, items)
        return
    cuts = slices(len(items), jobs)

    def work(index: int) -> list[T]:
        return [function(items[position]) for position in cuts[index]]

    with closing(ordered_map(work, len(cuts), jobs)) as results:
        for result in results:
            yield from result


def ordered_map(work: Callable[[int], T], tasks: int, jobs: int) -> Generator[T, None, None]:
    """`work(0)`, `work(1)`, ... `work(tasks - 1)`, computed by `jobs` forked workers (in this
    process when `jobs` is 1), yielded in that order. Results must pickle."""
    if jobs <= 1 or tasks <= 1:
        return (work(index) for index in range(tasks))
    if tasks > MAX_TASKS:
        raise ValueError(f"{tasks} tasks: at most {MAX_TASKS} (group the work into fewer tasks)")
    return _forked(work, tasks, min(jobs, tasks))


def _forked(work: Callable[[int], T], tasks: int, jobs: int) -> Generator[T, None, None]:
    queue_read, queue_write = os.pipe()
    os.write(queue_write, b"".join(_INDEX.pack(index) for index in range(tasks)))
    os.close(queue_write)  # the workers see the end of the queue once it is empty
    sys.stdout.flush()  # nothing buffered before the fork may be written twice
    sys.stderr.flush()
    children: dict[int, int] = {}  # result pipe -> pid
    finished = False
    try:
        for _ in range(jobs):
            result_read, result_write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker: never returns
                os.close(result_read)
                _serve(work, queue_read, result_write)
            os.close(result_write)
            children[result_read] = pid
        os.close(queue_read)
        queue_read = -1
        yield from _collect(children, tasks)
        finished = True
    finally:
        if queue_read >= 0:
            os.close(queue_read)
        _stop(children, finished)


def _serve(work: Callable[[int], object], queue: int, out: int) -> None:
    """A worker's life: tasks from `queue` until it is empty, results to `out`; then exit."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        while True:
            taken = os.read(queue, _INDEX.size)
            if not taken:
                break
            (index,) = _INDEX.unpack(taken)
            try:
                payload = pickle.dumps((index, True, work(index)), pickle.HIGHEST_PROTOCOL)
            except Exception as error:  # sent to the parent, which raises it
                error.add_note(f"in a worker process:\n{traceback.format_exc()}")
                payload = pickle.dumps((index, False, _picklable(error)), pickle.HIGHEST_PROTOCOL)
                code = 1
            _write_all(out, _LENGTH.pack(len(payload)))
            _write_all(out, payload)
            del payload
            if code:
                break
    except BaseException:  # the parent is gone, or Ctrl-C: nothing left to tell anyone
        code = 1
    finally:
        os._exit(code)  # no atexit handlers, no flushing of buffers inherited from the parent


def _picklable(error: Exception) -> Exception:
    try:
        pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object, just pickled
    except Exception:
        plain = RuntimeError(f"{type(error).__name__}: {error}")
        for note in getattr(error, "__notes__", ()):
            plain.add_note(note)
        return plain
    return error


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


class _Reader:
    """One worker's result pipe, read as it fills: a length, then that many bytes of pickle,
    read straight into a buffer of that size (no copies of what may be megabytes)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._header = bytearray()
        self._body: bytearray | None = None
        self._filled = 0

    def read(self) -> list[tuple[int, bool, object]] | None:
        """The messages completed by what the pipe holds now; None at its end."""
        done: list[tuple[int, bool, object]] = []
        if self._body is None:
            chunk = os.read(self.fd, _LENGTH.size - len(self._header))
            if not chunk:
                return None
            self._header += chunk
            if len(self._header) == _LENGTH.size:
                (length,) = _LENGTH.unpack(self._header)
                self._header.clear()
                self._body, self._filled = bytearray(length), 0
        else:
            count = os.readv(self.fd, [memoryview(self._body)[self._filled :]])
            if not count:
                return None
            self._filled += count
        if self._body is not None and self._filled == len(self._body):
            done.append(pickle.loads(self._body))  # noqa: S301 - from our own forked worker
            self._body = None
        return done


def _collect(children: dict[int, int], tasks: int) -> Iterator[T]:
    """Results from every worker's pipe, yielded in task order."""
    waiting: dict[int, tuple[bool, object]] = {}
    following = 0
    open_pipes = len(children)
    with selectors.DefaultSelector() as selector:
        for fd in children:
            selector.register(fd, selectors.EVENT_READ, _Reader(fd))
        while following < tasks:
            if not open_pipes:
                raise WorkerError(_lost(children, following))
            for key, _ in selector.select():
                messages = key.data.read()
                if messages is None:
                    selector.unregister(key.fd)
                    open_pipes -= 1
                    continue
                for index, ok, value in messages:
                    waiting[index] = (ok, value)
            while following in waiting:
                ok, value = waiting.pop(following)
                if not ok:
                    raise value  # type: ignore[misc]
                following += 1
                yield value  # type: ignore[misc]


def _lost(children: dict[int, int], task: int) -> str:
    causes = []
    for pid in children.values():  # every pipe is closed: every worker has ended, or is ending
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:
            continue
        if os.WIFSIGNALED(status):
            causes.append(f"killed by signal {os.WTERMSIG(status)}")
        elif os.WEXITSTATUS(status):
            causes.append(f"exit status {os.WEXITSTATUS(status)}")
    cause = "; ".join(causes) or "no reason given"
    return f"a worker process died before task {task} was done ({cause}); rerun with --jobs 1"


def _stop(children: dict[int, int], finished: bool) -> None:
    """Close the result pipes and reap the workers: once every result is in they are ending on
    their own (the queue is empty); otherwise those still running are stopped first."""
    for fd, pid in children.items():
        os.close(fd)
        try:
            if not finished and os.waitpid(pid, os.WNOHANG)[0] == 0:
                os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
        except (ChildProcessError, ProcessLookupError):  # reaped already (see `_lost`)
            continue

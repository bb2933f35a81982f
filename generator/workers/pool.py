"""`ordered_map`: tasks 0..n-1 run by this process and forked workers, results in task order.

Hand-written rather than `multiprocessing.Pool` (whose import alone costs ~40 ms of a command
that may take 200): what is needed is small. The tasks are numbers written into one pipe
before the workers start; this process and each worker read the next number (a 4-byte read
from a pipe is atomic, so no two get the same task) until the pipe is empty. With `jobs` N,
N - 1 workers are forked and this process is the Nth: no process sits idle while the others
work, and one fewer copies the pages it touches (reference counts defeat copy-on-write, so
a worker soon holds its own copy of much of what it inherited).

A worker writes each pickled result to a temporary file of its own and then a short note
(task, offset, length) to a pipe of its own: it never waits for this process, which is busy
with tasks of its own, to read. Between its tasks this process reads the notes that have
come, and yields results in task order, reading a worker's result back only when its turn
comes. Work functions are not pickled: the workers are forks, they already have them.

Where no worker can be started (no process or temporary file to be had), this process does
the work with whatever workers did start, alone if none: the results are the same.

A task that raises (here or in a worker, where the traceback is added as a note) is re-raised
once the results before it are out; a worker stops after such a task. A worker that dies
without a word (killed, out of memory) is a `WorkerError`. Ctrl-C stops the workers (they take
the default SIGINT action where this process has a handler, and ignore it where this process
does) and reaches this process's handler (KeyboardInterrupt, for Python's), even one that comes
while workers are being forked (`_HeldInterrupt`); leaving the iteration early stops whatever
is still running.
"""

from __future__ import annotations

import os
import pickle
import selectors
import signal
import struct
import sys
import tempfile
import traceback
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import closing
from typing import IO, TypeVar

from generator.errors import EnvironmentFailure

T = TypeVar("T")
I = TypeVar("I")  # noqa: E741 - an item, as in typing's conventions

_INDEX = struct.Struct("<I")
_NOTE = struct.Struct("<IQQ")
"""A worker's note of a result: task, offset in its results file, length."""
MAX_TASKS = 16_384
"""Task numbers written before any worker starts must fit a pipe's default 64 KiB buffer."""
MIN_PARALLEL = 64
"""Below this many inputs a command stays in one process unless told otherwise (`--jobs`):
forking, and each worker doing afresh what another has done (memos, lazy loads), would
cost more than it saves."""
SLICES_PER_JOB = 64
"""Tasks per process when inputs are cut into slices: enough that a worker done early takes
another (inputs differ in cost) and that a slice's results, which its process holds as text
until they are handed over, stay small: linting bench-lint's fresh mix (73 MB of JSON) in two
processes peaked at 103-104 MiB together with 16 slices each (~2 MB of text a slice), at
90-91 MiB with 64 (8 a slice was 9 MiB higher still); few enough that each hand-over stays a
small share of its slice's work (wall time and the pooled mix's memory did not move from 16 to
64)."""


class WorkerError(EnvironmentFailure):
    """A worker process died before it sent all its results."""


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def choose_jobs(requested: int | None, tasks: int) -> int:
    """Processes for `tasks` tasks: `requested` if given (0 or None: one per usable CPU), never
    more than there are tasks, and 1 (no fork: all in this process) where fork is missing."""
    if not hasattr(os, "fork"):
        return 1
    wanted = requested if requested else usable_cpus()
    return max(1, min(wanted, tasks))


def auto_jobs(requested: int | None, inputs: int) -> int:
    """Processes for `inputs` inputs: `requested` (0: one per CPU) as `choose_jobs` caps it, or
    by default (None, `--jobs auto`) one per CPU from MIN_PARALLEL inputs on, else this one."""
    if requested is None:
        return choose_jobs(0, inputs) if inputs >= MIN_PARALLEL else 1
    return choose_jobs(requested, inputs)


def slices(count: int, jobs: int) -> list[range]:
    """`range(count)` cut into about SLICES_PER_JOB consecutive slices per process (at most
    MAX_TASKS in all)."""
    size = max(1, -(-count // min(jobs * SLICES_PER_JOB, MAX_TASKS)))
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


def map_in_slices(function: Callable[[I], T], items: Sequence[I], jobs: int) -> Generator[T, None, None]:
    """`function(item)` for every item, yielded in order; with several `jobs`, computed a slice
    of items at a time by this process and forked workers (results must pickle)."""
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
    """`work(0)`, `work(1)`, ... `work(tasks - 1)`, computed by `jobs` processes (this one and
    `jobs` - 1 forked workers; this one alone when `jobs` is 1), yielded in that order. Results
    must pickle."""
    if jobs <= 1 or tasks <= 1:
        return (work(index) for index in range(tasks))
    if tasks > MAX_TASKS:
        raise ValueError(f"{tasks} tasks: at most {MAX_TASKS} (group the work into fewer tasks)")
    return _forked(work, tasks, min(jobs, tasks))


def _forked(work: Callable[[int], T], tasks: int, jobs: int) -> Generator[T, None, None]:
    queue_read, queue_write = os.pipe()
    os.write(queue_write, b"".join(_INDEX.pack(index) for index in range(tasks)))
    os.close(queue_write)  # everyone sees the end of the queue once it is empty
    sys.stdout.flush()  # nothing buffered before the fork may be written twice
    sys.stderr.flush()
    workers: list[_Worker] = []
    finished = False
    try:
        with _HeldInterrupt() as held:  # a Ctrl-C while forking is handled once all are listed
            for _ in range(jobs - 1):
                try:
                    workers.append(_Worker.start(work, queue_read, held))
                except OSError:  # no process or temporary file to be had: fewer hands, same results
                    break
        yield from _run(work, queue_read, workers, tasks)
        finished = True
    finally:
        os.close(queue_read)
        for worker in workers:
            worker.stop(finished)


class _HeldInterrupt:
    """Ctrl-C held back while workers are forked, and handed to the SIGINT handler after.

    Python runs its after-fork hooks (logging's among them) right after each fork, and an
    exception a signal handler raises inside one (KeyboardInterrupt) is printed as "Exception
    ignored" and dropped: a Ctrl-C in that moment would be lost and the command run on. While
    held, SIGINT only sets `caught`; on leaving, the handler that was in place is called with it,
    in ordinary code, where the workers already forked are listed and will be stopped. Held
    wherever a Python handler is in place (SIG_IGN and SIG_DFL are left alone) and only in the
    main thread (the only one Python lets set handlers, and the only one it runs them in)."""

    def __init__(self) -> None:
        self.original = signal.getsignal(signal.SIGINT)
        self.caught = False
        self._holding = False

    def __enter__(self) -> _HeldInterrupt:
        if callable(self.original):
            try:
                signal.signal(signal.SIGINT, self._catch)
                self._holding = True
            except ValueError:  # not the main thread
                pass
        return self

    def _catch(self, signum: int, frame: object) -> None:
        self.caught = True

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        handler = self.original
        if self._holding and callable(handler):
            signal.signal(signal.SIGINT, handler)
            if self.caught and kind is None:
                handler(signal.SIGINT, None)  # Python's raises KeyboardInterrupt

    def in_worker(self) -> None:
        """In a forked worker: Ctrl-C ends it wherever this process handles Ctrl-C (handling it,
        raising KeyboardInterrupt or stopping terraform, is this process's part; a worker
        running an inherited handler would do it twice) and stays ignored where it is ignored.
        One held since the fork ends it at once."""
        if callable(self.original):
            signal.signal(signal.SIGINT, signal.SIG_DFL)
        if self.caught:
            raise KeyboardInterrupt


class _Worker:
    """A forked worker as this process sees it: its pid, its notes pipe, its results file."""

    def __init__(self, pid: int, notes: int, results: IO[bytes]) -> None:
        self.pid = pid
        self.notes = notes
        self.results = results
        self._partial = b""

    @classmethod
    def start(cls, work: Callable[[int], object], queue: int, held: _HeldInterrupt) -> _Worker:
        """Fork a worker; OSError (and nothing left open) when there is no pipe, temporary file
        or process to be had."""
        notes_read, notes_write = os.pipe()
        try:
            results = tempfile.TemporaryFile()  # noqa: SIM115 - closed by `stop`
            try:
                pid = os.fork()
            except OSError:
                results.close()
                raise
        except OSError:
            os.close(notes_read)
            os.close(notes_write)
            raise
        if pid == 0:  # the worker: never returns
            os.close(notes_read)
            _serve(work, queue, notes_write, results.fileno(), held)
        os.close(notes_write)
        return cls(pid, notes_read, results)

    def read_notes(self) -> list[tuple[int, int, int]] | None:
        """The notes in the pipe now (task, offset, length); None once the worker has ended."""
        data = os.read(self.notes, 64 * 1024)
        if not data:
            return None
        data = self._partial + data
        whole = len(data) - len(data) % _NOTE.size
        self._partial = data[whole:]
        return [_NOTE.unpack_from(data, at) for at in range(0, whole, _NOTE.size)]

    def result(self, offset: int, length: int) -> tuple[bool, object]:
        payload = os.pread(self.results.fileno(), length, offset)
        if len(payload) != length:
            raise WorkerError(f"a worker's result file was cut short ({len(payload)} of {length} bytes)")
        return pickle.loads(payload)  # type: ignore[no-any-return]  # noqa: S301 - our own worker's

    def stop(self, finished: bool) -> None:
        """Close its pipe and file and reap it: once every result is in it is ending on its own
        (the queue is empty); otherwise it is stopped first."""
        os.close(self.notes)
        self.results.close()
        try:
            if not finished and os.waitpid(self.pid, os.WNOHANG)[0] == 0:
                os.kill(self.pid, signal.SIGKILL)  # its results are unwanted; a handler may not stop it
            os.waitpid(self.pid, 0)
        except (ChildProcessError, ProcessLookupError):  # reaped already (see `_lost`)
            pass


def _serve(work: Callable[[int], object], queue: int, notes: int, results: int, held: _HeldInterrupt) -> None:
    """A worker's life: tasks from `queue` until it is empty, each result appended to the
    `results` file and then noted in the `notes` pipe; then exit."""
    code = 0
    offset = 0
    try:
        held.in_worker()
        while True:
            taken = os.read(queue, _INDEX.size)
            if not taken:
                break
            (index,) = _INDEX.unpack(taken)
            ok, value = _attempt(work, index, in_worker=True)
            payload = pickle.dumps((ok, _picklable(value) if not ok else value), pickle.HIGHEST_PROTOCOL)
            view = memoryview(payload)
            while view:
                view = view[os.pwrite(results, view, offset + len(payload) - len(view)) :]
            os.write(notes, _NOTE.pack(index, offset, len(payload)))  # < PIPE_BUF: written whole
            offset += len(payload)
            del payload, view, value
            if not ok:
                code = 1
                break
    except BaseException:  # this process is gone, or Ctrl-C: nothing left to tell anyone
        code = 1
    finally:
        os._exit(code)  # no atexit handlers, no flushing of buffers inherited from the parent


def _attempt(work: Callable[[int], object], index: int, in_worker: bool) -> tuple[bool, object]:
    """(True, the task's result) or (False, the exception it raised; from a worker, with the
    traceback as a note, as it reaches this process pickled, without one)."""
    try:
        return True, work(index)
    except Exception as error:
        if in_worker:
            error.add_note(f"in a worker process:\n{traceback.format_exc()}")
        return False, error


def _picklable(error: object) -> object:
    try:
        pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object, just pickled
    except Exception:
        plain = RuntimeError(f"{type(error).__name__}: {error}")
        for note in getattr(error, "__notes__", ()):
            plain.add_note(note)
        return plain
    return error


def _run(work: Callable[[int], T], queue: int, workers: list[_Worker], tasks: int) -> Iterator[T]:
    """This process's part: a task of its own while the queue lasts, then the results that are
    ready, in order; once the queue is empty, waiting for the workers' last results."""
    done: dict[int, tuple[bool, object]] = {}  # this process's results, in memory
    noted: dict[int, tuple[_Worker, int, int]] = {}  # the workers', in their files
    open_notes = {worker.notes: worker for worker in workers}
    queue_open = True
    following = 0
    with selectors.DefaultSelector() as selector:
        for worker in workers:
            selector.register(worker.notes, selectors.EVENT_READ, worker)
        while following < tasks:
            if queue_open:
                taken = os.read(queue, _INDEX.size)  # never blocks: the queue was written whole
                if taken:
                    (index,) = _INDEX.unpack(taken)
                    done[index] = _attempt(work, index, in_worker=False)
                else:
                    queue_open = False
            waiting = not queue_open and following not in done and following not in noted
            if waiting and not open_notes:
                raise WorkerError(_lost(workers, following))
            for key, _ in selector.select(timeout=None if waiting else 0):
                worker = key.data
                notes = worker.read_notes()
                if notes is None:
                    selector.unregister(worker.notes)
                    del open_notes[worker.notes]
                    continue
                for index, offset, length in notes:
                    noted[index] = (worker, offset, length)
            while following in done or following in noted:
                if following in done:
                    ok, value = done.pop(following)
                else:
                    worker, offset, length = noted.pop(following)
                    ok, value = worker.result(offset, length)
                if not ok:
                    raise value  # type: ignore[misc]
                following += 1
                yield value  # type: ignore[misc]


def _lost(workers: list[_Worker], task: int) -> str:
    causes = []
    for worker in workers:  # every pipe is closed: every worker has ended, or is ending
        try:
            _, status = os.waitpid(worker.pid, 0)
        except ChildProcessError:
            continue
        if os.WIFSIGNALED(status):
            causes.append(f"killed by signal {os.WTERMSIG(status)}")
        elif os.WEXITSTATUS(status):
            causes.append(f"exit status {os.WEXITSTATUS(status)}")
    cause = "; ".join(causes) or "no reason given"
    return f"a worker process died before task {task} was done ({cause}); rerun with --jobs 1"

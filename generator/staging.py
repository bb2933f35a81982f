"""The file-level steps of writing a module: its directory's lock, staged files, fsync.

A render stages each new file as a private temporary file beside its final name (mode 0644
whatever the umask) and renames it into place later; the lock is an `flock` on the module's
`.bodocfg.lock`, so two renders of one customer never interleave. `generator.render` decides
what to stage and when to flush and rename.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

LOCK_FILE = ".bodocfg.lock"
TEMP_PREFIX = ".bodocfg-tmp-"


def lock(directory: Path, *, wait: bool = True) -> int | None:
    """An exclusive lock on one module directory, as an open descriptor (release: `unlock`);
    None when `wait` is false and another render holds it."""
    directory.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(directory / LOCK_FILE, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o666)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        return None
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def unlock(descriptor: int) -> None:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def module_lock(directory: Path) -> Iterator[None]:
    """An exclusive lock on one module directory (waits for a concurrent render to finish)."""
    descriptor = lock(directory)
    assert descriptor is not None
    try:
        yield
    finally:
        unlock(descriptor)


def fsync(path: Path | str) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


_staged_names = itertools.count()


def stage(directory: Path | str, text: str) -> str:
    """A new private file in `directory` holding `text`, mode 0644 whatever the umask; its path
    (a string: a fleet's render stages ~10,000 files, and Path objects cost more than the writes)."""
    name = f"{directory}/{TEMP_PREFIX}{os.getpid()}-{next(_staged_names)}"
    try:
        descriptor = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    except FileExistsError:  # not ours (the lock keeps renders apart): a name nobody has
        descriptor, name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=directory)
    try:
        os.fchmod(descriptor, 0o644)  # module sources are meant to be read and committed
        data = text.encode("utf-8")
        written = 0
        while written < len(data):
            written += os.write(descriptor, data[written:])
    except BaseException:
        os.close(descriptor)
        os.unlink(name)  # noqa: PTH108 - strings throughout (see above)
        raise
    os.close(descriptor)
    return name

"""Render a customer spec into a Terraform root module, deterministically and atomically.

`render_module(spec, module_dir)` computes every file's text in memory (templates get only
values computed by the components, written through `hcl.literal`); `write_module` puts
them on disk: each file is written to a temporary file and fsynced first, then all are
renamed into place, under an exclusive lock so two renders of one customer never
interleave. Files bodocfg generated earlier that no longer belong are removed (never
`imports.tf`, which `bodocfg adopt` writes from the account); nothing else in the directory
(terraform's working files, plans, the user's own files) is touched.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import jinja2

from generator.components import COMPONENTS
from generator.hcl import dump_json, literal
from generator.header import MARKER as MARKER  # re-exported: the marker render writes
from generator.resources import data_path
from generator.spec import CustomerSpec

POLICIES_FILE = "policies.tf.json"
VALUES_FILE = "values.tf.json"
LOCK_FILE = ".bodocfg.lock"
IMPORTS_FILE = "imports.tf"
"""Written by `bodocfg adopt` from what the account holds, not from the spec: a render keeps it
(never an extra file to remove) and `render --check` accepts it."""
_TEMP_PREFIX = ".bodocfg-tmp-"


@dataclass(frozen=True)
class RenderedModule:
    customer: str
    directory: Path
    files: Mapping[str, str]
    """File name -> exact text, in a fixed order."""


@dataclass(frozen=True)
class Drift:
    """How a module on disk differs from what its spec renders to."""

    directory: Path
    changed: tuple[str, ...]
    missing: tuple[str, ...]
    extra: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.changed or self.missing or self.extra)

    def lines(self) -> Iterator[str]:
        for kind, names in (("differs", self.changed), ("missing", self.missing), ("extra", self.extra)):
            for name in names:
                yield f"{self.directory / name}: {kind}"


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_path("templates"))),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701 - output is HCL; values are escaped by the hcl filter
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates are package data: loaded once per process, never re-stat'ed
    )
    env.filters["hcl"] = literal
    return env


@lru_cache(maxsize=256)
def _real_directory(directory: str) -> str:
    return os.path.realpath(directory)


def _real_path(path: Path) -> str:
    """`os.path.realpath(path)` with the (absolute) parent's real path looked up once per process:
    a fleet's specs share a directory, and so do its modules."""
    # Plain os.path on strings: pathlib costs more here. No lexical normalisation (abspath
    # would fold `..` before symlinks are resolved, which realpath does not).
    text = os.fspath(path)
    if not text.startswith("/"):
        text = os.getcwd() + "/" + text  # noqa: PTH109
    parent, name = os.path.split(text)
    if name in ("", ".", "..") or os.path.islink(text):  # noqa: PTH114
        return os.path.realpath(text)
    return os.path.join(_real_directory(parent), name)  # noqa: PTH118


def _source_label(spec: CustomerSpec, module_dir: Path) -> str:
    """The spec's path relative to the module, so the header does not depend on the cwd."""
    return os.path.relpath(_real_path(spec.source), _real_path(module_dir))


def _hcl_header(source: str) -> str:
    return f"# {MARKER} from {source}.\n# Do not edit: change the spec and run `bodocfg render`.\n"


def render_module(spec: CustomerSpec, module_dir: Path) -> RenderedModule:
    """Every file of the customer's module, as text."""
    source = _source_label(spec, module_dir)
    header = _hcl_header(source).rstrip("\n")
    files: dict[str, str] = {}
    documents: dict[str, object] = {}
    values: dict[str, object] = {}
    for component in COMPONENTS:
        if not component.enabled(spec):
            continue
        template = environment().get_template(component.template)
        files[component.output] = template.render(header=header, **component.parameters(spec))
        documents.update(component.documents(spec))
        values.update(component.values(spec))
    note = f"{MARKER} from {source}. Do not edit: change the spec and run `bodocfg render`."
    files[POLICIES_FILE] = dump_json({"//": note, "locals": documents})
    files[VALUES_FILE] = dump_json({"//": note + " Free-text values from the spec.", "locals": values})
    return RenderedModule(spec.customer, module_dir, dict(sorted(files.items())))


def is_generated(path: Path) -> bool:
    """True for a file whose first lines carry bodocfg's marker."""
    try:
        with path.open("rb") as handle:
            head = handle.read(400)
    except OSError:
        return False
    return MARKER.encode() in head


def _entries(directory: Path) -> dict[str, os.DirEntry[str]]:
    """The directory's entries by name (none when it does not exist)."""
    try:
        with os.scandir(directory) as entries:
            return {entry.name: entry for entry in entries}
    except (FileNotFoundError, NotADirectoryError):
        return {}


def _drift(module: RenderedModule, entries: Mapping[str, os.DirEntry[str]]) -> Drift:
    changed, missing = [], []
    for name, text in module.files.items():
        entry = entries.get(name)
        if entry is None:
            missing.append(name)
            continue
        try:
            with open(entry.path, "rb") as handle:  # noqa: PTH123 - per-file hot path
                on_disk = handle.read()
        except FileNotFoundError:
            missing.append(name)
            continue
        if on_disk != text.encode("utf-8"):
            changed.append(name)
    extra = sorted(
        name
        for name, entry in entries.items()
        if name not in module.files
        and name != IMPORTS_FILE
        and not name.startswith(".")
        and entry.is_file()
        and is_generated(Path(entry.path))
    )
    return Drift(module.directory, tuple(changed), tuple(missing), tuple(extra))


def check_module(module: RenderedModule) -> Drift:
    """Compare a rendered module with the directory on disk; writes nothing."""
    return _drift(module, _entries(module.directory))


@contextlib.contextmanager
def module_lock(directory: Path) -> Iterator[None]:
    """An exclusive lock on one module directory (waits for a concurrent render to finish)."""
    directory.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(directory / LOCK_FILE, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o666)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


_staged_names = itertools.count()


def _stage(directory: Path, text: str) -> Path:
    """A new private file in `directory` holding `text`, mode 0644 whatever the umask."""
    name = f"{directory}/{_TEMP_PREFIX}{os.getpid()}-{next(_staged_names)}"
    try:
        descriptor = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    except FileExistsError:  # not ours (the lock keeps renders apart): a name nobody has
        descriptor, name = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=directory)
    try:
        os.fchmod(descriptor, 0o644)  # module sources are meant to be read and committed
        data = text.encode("utf-8")
        written = 0
        while written < len(data):
            written += os.write(descriptor, data[written:])
    except BaseException:
        os.close(descriptor)
        Path(name).unlink()
        raise
    os.close(descriptor)
    return Path(name)


def write_module(module: RenderedModule, *, durable: bool = True) -> Drift:
    """Write the module; returns what changed (empty Drift when it was already up to date).

    `durable=False` skips the per-file and directory fsyncs; `write_modules` uses it and
    flushes the whole batch once at the end instead.
    """
    directory = module.directory
    with module_lock(directory):
        entries = _entries(directory)
        for name, entry in list(entries.items()):
            if name.startswith(_TEMP_PREFIX):  # from a render that was killed before its renames
                Path(entry.path).unlink(missing_ok=True)
                del entries[name]
        drift = _drift(module, entries)
        if not drift:
            return drift
        staged: list[tuple[Path, Path]] = []
        try:
            for name in (*drift.changed, *drift.missing):
                staged.append((_stage(directory, module.files[name]), directory / name))
            if durable:
                for temp, _ in staged:
                    _fsync(temp)
        except BaseException:
            for temp, _ in staged:
                temp.unlink(missing_ok=True)
            raise
        for temp, final in staged:
            temp.replace(final)
        for name in drift.extra:
            (directory / name).unlink(missing_ok=True)
        if durable:
            _fsync(directory)
        return drift


def write_modules(modules: Iterable[RenderedModule]) -> Iterator[Drift]:
    """Write many modules, each atomically under its own lock, with one filesystem flush at the end.

    An fsync per file (what `write_module` does) costs more than the write itself when a
    template change rewrites a thousand modules; here the batch is flushed with one
    `os.sync()` once every module is written, before the caller sees the last result. A
    process killed mid-batch still leaves every module either old or new (renames are
    atomic); after a power loss mid-batch, `bodocfg render --check` shows what to redo.

    Modules are written one after the other in the caller's thread. Writer threads were
    tried: they help a little on a slow disk but halve the speed on tmpfs, where every
    syscall of the rendering thread then waits for the GIL behind them.
    """
    wrote = False
    pending: Drift | None = None
    for module in modules:
        if pending is not None:
            yield pending
        pending = write_module(module, durable=False)
        wrote = wrote or bool(pending)
    if wrote:
        os.sync()
    if pending is not None:
        yield pending

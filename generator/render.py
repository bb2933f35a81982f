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
import os
import resource
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import jinja2

from generator.components import COMPONENTS
from generator.hcl import dump_json, literal
from generator.header import MARKER as MARKER  # re-exported: the marker render writes
from generator.resources import data_path
from generator.spec import CustomerSpec
from generator.staging import TEMP_PREFIX, fsync, lock, unlock
from generator.staging import stage as _stage  # a module global: the fault tests replace it
from generator.workers import auto_jobs, map_in_slices

POLICIES_FILE = "policies.tf.json"
VALUES_FILE = "values.tf.json"
IMPORTS_FILE = "imports.tf"
"""Written by `bodocfg adopt` from what the account holds, not from the spec: a render keeps it
(never an extra file to remove) and `render --check` accepts it."""


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


def load_templates() -> None:
    """Compile every component's template now (before worker processes fork, so they share them)."""
    for component in COMPONENTS:
        environment().get_template(component.template)


def render_modules(
    specs: Sequence[CustomerSpec], out: Path, jobs: int | None = 1
) -> Iterator[RenderedModule]:
    """Each spec's module under `out`, in order; with many specs (`jobs`, see
    `generator.workers.auto_jobs`) rendered by this process, between its writes, and by forked
    workers, which only render: every write stays in this process."""
    count = auto_jobs(jobs, len(specs))
    if count > 1:
        load_templates()
    return map_in_slices(lambda spec: render_module(spec, out / spec.customer), specs, count)


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


@dataclass
class _Staged:
    """A module between its staging and its renames, holding its directory's lock."""

    module: RenderedModule
    lock: int
    drift: Drift
    files: list[tuple[str, str]]
    """(staged temporary file, the file it becomes)."""

    def publish(self) -> Drift:
        """Rename the staged files into place and remove what no longer belongs; then unlock."""
        try:
            for temp, final in self.files:
                os.replace(temp, final)  # noqa: PTH105 - strings throughout (see `staging.stage`)
            for name in self.drift.extra:
                (self.module.directory / name).unlink(missing_ok=True)
        finally:
            unlock(self.lock)
        return self.drift

    def abandon(self) -> None:
        try:
            for temp, _ in self.files:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temp)  # noqa: PTH108
        finally:
            unlock(self.lock)


def _stage_module(module: RenderedModule, lock: int) -> _Staged:
    """Under the module's lock (taken by the caller, released on failure): leftovers of a killed
    render removed, the drift found, every changed or missing file staged. Nothing is renamed."""
    directory = module.directory
    staged: list[tuple[str, str]] = []
    try:
        entries = _entries(directory)
        for name, entry in list(entries.items()):
            if name.startswith(TEMP_PREFIX):  # from a render that was killed before its renames
                Path(entry.path).unlink(missing_ok=True)
                del entries[name]
        drift = _drift(module, entries)
        for name in (*drift.changed, *drift.missing):
            staged.append((_stage(directory, module.files[name]), f"{directory}/{name}"))
    except BaseException:
        _Staged(module, lock, Drift(directory, (), (), ()), staged).abandon()
        raise
    return _Staged(module, lock, drift, staged)


def write_module(module: RenderedModule) -> Drift:
    """Write one module; returns what changed (empty Drift when it was already up to date).

    Each staged file is fsynced before the renames, and the directory after them.
    """
    held = lock(module.directory)
    assert held is not None
    staged = _stage_module(module, held)
    try:
        for temp, _ in staged.files:
            fsync(temp)
    except BaseException:
        staged.abandon()
        raise
    drift = staged.publish()
    if drift:
        fsync(module.directory)
    return drift


BATCH_MODULES = 1024
"""Modules staged (each holding its lock, one descriptor) before one flush and their renames."""


def _batch_limit() -> int:
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return max(1, min(BATCH_MODULES, (soft - 64) // 2 if soft != resource.RLIM_INFINITY else BATCH_MODULES))


def write_modules(modules: Iterable[RenderedModule]) -> Iterator[Drift]:
    """Write many modules, each atomically under its own lock, paying for durability once a batch.

    A batch's modules are each locked and their changed files staged (written to temporary
    files beside them, not flushed); then one `os.sync()` makes all the staged data durable;
    then every module's files are renamed into place and its lock released. An fsync per file
    (what `write_module` does) costs more than the write itself when a template change rewrites
    a thousand modules. A process killed before a module's renames leaves it as it was (its
    staged files are removed by the next render); each rename replaces one file atomically. A
    power loss cannot leave a renamed file without its contents (they were flushed before the
    rename); `bodocfg render --check` shows what still needs a render. A last `os.sync()`
    makes the renames durable before the caller sees the last result.

    Locks are taken in input order without waiting: a module another render holds ends the
    batch (published, locks released) before this render waits for it, so two renders never
    wait for each other while holding locks. Results come in input order; a module that cannot
    be written raises after the modules before it are published and reported.
    """
    limit = _batch_limit()
    batch: list[_Staged] = []
    wrote = False

    def publish() -> list[Drift]:
        nonlocal wrote
        if any(item.files for item in batch):
            os.sync()
        done: list[Drift] = []
        while batch:  # each item leaves the batch as it is published (or fails, unlocked)
            done.append(batch.pop(0).publish())
        wrote = wrote or any(done)
        return done

    try:
        for module in modules:
            try:
                held = lock(module.directory, wait=False)
                if held is None:  # another render has it: finish ours before waiting
                    yield from publish()
                    held = lock(module.directory)
                    assert held is not None
                staged = _stage_module(module, held)
            except Exception:
                yield from publish()
                raise
            batch.append(staged)
            if len(batch) >= limit:
                yield from publish()
        last = publish()
        if wrote:
            os.sync()
        yield from last
    finally:
        for item in batch:  # the caller stopped early: nothing half-done stays locked
            item.abandon()

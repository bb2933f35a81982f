"""The customer spec: YAML with positions -> JSON Schema -> Python rules -> typed CustomerSpec.

>>> spec = load_spec(Path("customers/acme-analytics.yaml"))   # raises SpecError
>>> problems = check_file(Path("customers/broken.yaml"))      # never raises for bad input
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import SpecError, UsageError
from generator.spec.account import platform_account, read_regular
from generator.spec.limits import MAX_BYTES
from generator.spec.model import BillingAlarm, CustomerSpec, build_spec
from generator.spec.problems import Problem
from generator.spec.rules import rule_issues
from generator.vendor.profile import Profile, profile
from generator.workers import auto_jobs, map_in_slices

if TYPE_CHECKING:
    from generator.spec.yamlfile import SourceMap

__all__ = [
    "BillingAlarm",
    "CustomerSpec",
    "Problem",
    "check_file",
    "find_specs",
    "load_spec",
    "load_specs",
    "platform_account",
]

SPEC_SUFFIXES = (".yaml", ".yml")


def _locate(
    path: Path, source: SourceMap, field: tuple[str | int, ...], at_key: bool, message: str
) -> Problem:
    position = source.key(field) if at_key else source.value(field)
    return Problem(path, position.line, position.column, field, message)


_CACHED_BYTES = 16 * 1024
"""Specs up to this size are remembered by content (a fleet's specs are a few hundred bytes)."""


def _fast_spec(path: Path, raw: bytes, vendor: Profile | None = None) -> CustomerSpec | None:
    """The typed spec when `raw` reads fast and is valid, else None (the careful path decides).
    `vendor` is only part of the memo's key: a spec valid under one profile may not be under another."""
    from generator.spec.fastload import fast_document  # libyaml only once a spec is read
    from generator.spec.schema import validator  # jsonschema only for commands that check specs

    data = fast_document(path, raw)
    if isinstance(data, dict) and validator().is_valid(data) and not rule_issues(data):
        return build_spec(path, data)
    return None


_remembered = lru_cache(maxsize=4096)(_fast_spec)
"""One process validating then rendering then linting reads each spec once."""


def _check(path: Path) -> tuple[list[Problem], CustomerSpec | None]:
    # Fast path (libyaml, no positions) for a spec that turns out valid; anything else is
    # read again below, the careful way, so every problem gets its line and column.
    raw = read_regular(path)
    if raw is not None and len(raw) <= MAX_BYTES:
        fast = (_remembered if len(raw) <= _CACHED_BYTES else _fast_spec)(path, raw, profile())
        if fast is not None:
            return [], fast
    from generator.spec.yamlfile import YamlProblem, load_yaml

    try:
        document = load_yaml(path)
    except YamlProblem as error:
        return [error.problem], None
    data = document.data
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        return [Problem(path, 1, 1, (), f"a spec must be a mapping of fields, not {kind}")], None
    from generator.spec.schema import schema_issues

    problems = [
        _locate(path, document.source, issue.field, issue.at_key, issue.message)
        for issue in schema_issues(data)
    ]
    if not problems:
        problems = [
            _locate(path, document.source, issue.field, issue.at_key, issue.message)
            for issue in rule_issues(data)
        ]
    if problems:
        return sorted(set(problems), key=lambda p: (p.line, p.column, p.message)), None
    return [], build_spec(path, data)


def check_file(path: Path) -> list[Problem]:
    """Every problem in one spec file (empty when it is valid). Never raises for bad input."""
    return _check(path)[0]


def load_spec(path: Path) -> CustomerSpec:
    """The typed spec, or SpecError listing every problem one per line."""
    problems, spec = _check(path)
    if spec is None:
        raise SpecError("\n".join(str(problem) for problem in problems))
    return spec


def _not_specs(path: Path) -> str:
    """What a path that holds no spec is instead, for the usage error."""
    if (path.is_dir() and any(path.glob("*.tf"))) or (path / "policies.tf.json").is_file():
        return "a rendered module, not specs"
    if path.is_dir() and any(p.is_dir() and (p / "policies.tf.json").is_file() for p in path.iterdir()):
        return "a directory of rendered modules, not specs"
    if path.is_dir():
        return "no spec (*.yaml, *.yml) directly inside it"
    return f"not a spec ({path.suffix or 'no suffix'}; specs are *.yaml or *.yml)"


def find_specs(paths: Iterable[Path]) -> list[Path]:
    """Expand directories into the *.yaml / *.yml files directly inside them, sorted.

    UsageError (exit 2) for a path that does not exist, a file that is not *.yaml/*.yml, and a
    directory with no spec in it (modules/ given for customers/): an empty selection is an error.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix in SPEC_SUFFIXES and p.is_file())
            if not inside:
                raise UsageError(f"{path}: {_not_specs(path)}; expected customer specs (e.g. customers/)")
            found.extend(inside)
        elif path.exists() or path.is_symlink():
            if path.suffix not in SPEC_SUFFIXES:
                raise UsageError(f"{path}: {_not_specs(path)}; expected customer specs (e.g. customers/)")
            found.append(path)
        else:
            raise UsageError(f"{path}: no such file or directory")
    return found


def load_specs(
    paths: Iterable[Path], jobs: int | None = 1
) -> Iterator[tuple[Path, list[Problem], CustomerSpec | None]]:
    """For each spec file under `paths`, in order: its problems and, when valid, the typed spec.
    `jobs`: processes reading them (`generator.workers.auto_jobs`; None: one per CPU for many)."""
    found = find_specs(paths)
    count = auto_jobs(jobs, len(found))
    if count > 1:
        _load_checkers()  # once, before the workers fork, rather than once in each
    for path, (problems, spec) in zip(found, map_in_slices(_check, found, count), strict=True):
        yield path, problems, spec


def _load_checkers() -> None:
    """Import and build what checking a spec needs (YAML reader, schema validator, profile)."""
    from generator.spec import fastload  # noqa: F401 - imported for its side effect: loaded once
    from generator.spec.schema import validator

    validator()
    profile()

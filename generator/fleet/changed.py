"""Which customers a change since a git ref touches.

A customer is touched when its spec file or anything under its module directory changed
(committed since the ref, staged, unstaged or untracked). A change to what every module
is rendered from (templates/, schemas/, generator/, pyproject.toml) touches every
customer. A deleted spec is reported apart: there is nothing to plan for it any more,
but its module may still hold resources that need a destroy.

git is run with argument lists (never a shell); names come back NUL-separated so no file
name can be misread.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from generator.errors import EnvironmentFailure, SpecError, UsageError
from generator.spec import load_specs

GLOBAL_INPUTS = ("templates/", "schemas/", "generator/", "pyproject.toml")
"""Paths (relative to the repository root) every rendered module depends on."""

GIT_TIMEOUT_SECONDS = 60
_CUSTOMER = re.compile(r"[a-z][a-z0-9-]{1,38}[a-z0-9]")
"""The schema's customer pattern: an old spec's name is used only when it is a real one."""


@dataclass(frozen=True)
class Customer:
    """A customer of the fleet: its name, its spec file and its module directory (as given)."""

    customer: str
    spec: Path
    module: Path


@dataclass(frozen=True)
class Touched:
    customer: Customer
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {
            "customer": self.customer.customer,
            "spec": str(self.customer.spec),
            "module": str(self.customer.module),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Removed:
    """A spec deleted since the ref; `module_exists` says whether its module is still there."""

    customer: str
    spec: Path
    module: Path
    module_exists: bool


@dataclass(frozen=True)
class Changes:
    since: str
    touched: tuple[Touched, ...]
    removed: tuple[Removed, ...]
    everything: str | None
    """Why every customer is touched (the first global input that changed), or None."""

    def matrix(self) -> dict[str, list[dict[str, str]]]:
        """A CI matrix: `{"include": [{"customer", "spec", "module", "reason"}, ...]}`."""
        return {"include": [touched.as_dict() for touched in self.touched]}


def _git(repo: Path, args: Sequence[str]) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args],
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError:
        raise EnvironmentFailure("git is not installed or not on PATH") from None
    except subprocess.TimeoutExpired:
        raise EnvironmentFailure(f"git {' '.join(args)} took more than {GIT_TIMEOUT_SECONDS}s") from None
    if done.returncode != 0:
        reason = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"
        raise UsageError(f"{repo}: git {' '.join(args[:2])}: {reason}")
    return done.stdout


def repository_root(inside: Path) -> Path:
    """The top of the git work tree holding `inside`."""
    start = inside if inside.is_dir() else inside.parent
    return Path(_git(start, ["rev-parse", "--show-toplevel"]).strip()).resolve()


def resolve_commit(root: Path, since: str) -> str:
    """The commit id `since` names; the user's text itself never reaches another git command."""
    try:
        found = _git(root, ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{since}^{{commit}}"])
    except UsageError:
        raise UsageError(f"--since {since}: not a commit in the repository at {root}") from None
    return found.strip()


def changed_paths(root: Path, commit: str) -> set[str]:
    """Repository-relative paths that differ from `commit`: committed, staged, unstaged, untracked."""
    diff = _git(root, ["diff", "--name-only", "--no-renames", "-z", commit, "--"])
    status = _git(root, ["status", "--porcelain=v1", "-z", "--untracked-files=all"])
    paths = {name for name in diff.split("\0") if name}
    for entry in status.split("\0"):
        if entry.startswith("?? "):
            paths.add(entry[3:])
    return paths


def _relative(root: Path, path: Path) -> str:
    return Path(os.path.relpath(path.resolve(), root)).as_posix()


def _under(path: str, directory: str) -> bool:
    return directory in {"", "."} or path == directory or path.startswith(directory + "/")


def fleet(specs: Iterable[Path], modules: Path) -> list[Customer]:
    """Every customer under `specs`; SpecError when a spec is invalid (its customer is unknown)."""
    customers: list[Customer] = []
    problems: list[str] = []
    for path, found, spec in load_specs(specs):
        problems.extend(str(problem) for problem in found)
        if spec is not None:
            customers.append(Customer(spec.customer, path, modules / spec.customer))
    if problems:
        raise SpecError("invalid spec(s): fix them before asking what changed\n" + "\n".join(problems))
    return customers


def _customer_at(root: Path, since: str, path: str) -> str:
    """The customer named by a spec as it was at `since` (its file name when unreadable)."""
    try:
        text = _git(root, ["show", f"{since}:{path}"])
        data = YAML(typ="safe", pure=True).load(text)
    except (UsageError, YAMLError):
        data = None
    name = data.get("customer") if isinstance(data, dict) else None
    return name if isinstance(name, str) and _CUSTOMER.fullmatch(name) else Path(path).stem


def _global_change(paths: Iterable[str]) -> str | None:
    """The first changed path every module depends on, or None."""
    for path in sorted(paths):
        if any(path == prefix or path.startswith(prefix) for prefix in GLOBAL_INPUTS):
            return path
    return None


def changes(since: str, specs: Sequence[Path], modules: Path) -> Changes:
    """What changed since `since` for the customers under `specs` with modules under `modules`."""
    root = repository_root(specs[0] if specs else Path())
    commit = resolve_commit(root, since)
    paths = changed_paths(root, commit)
    customers = fleet(specs, modules)
    everything = _global_change(paths)
    touched: list[Touched] = []
    for customer in customers:
        spec_path = _relative(root, customer.spec)
        module_path = _relative(root, customer.module)
        if everything is not None:
            reason = f"{everything} changed"
        elif spec_path in paths:
            reason = "spec changed"
        elif any(_under(path, module_path) for path in paths):
            reason = "module changed"
        else:
            continue
        touched.append(Touched(customer, reason))
    names = {customer.customer for customer in customers}
    removed = tuple(
        gone for gone in _removed(root, commit, paths, specs, modules) if gone.customer not in names
    )
    return Changes(since, tuple(touched), removed, everything)


def every_customer(specs: Sequence[Path], modules: Path) -> Changes:
    """Every customer under `specs`, as a `Changes` (scheduled jobs: drift detection over the fleet)."""
    touched = tuple(Touched(customer, "every customer") for customer in fleet(specs, modules))
    return Changes("--all", touched, (), "--all")


def _removed(
    root: Path, since: str, paths: set[str], specs: Sequence[Path], modules: Path
) -> tuple[Removed, ...]:
    spec_dirs = [_relative(root, path) for path in specs if path.is_dir()]
    spec_files = {_relative(root, path) for path in specs if not path.is_dir()}
    removed: list[Removed] = []
    for path in sorted(paths):
        if (root / path).exists() or Path(path).suffix not in {".yaml", ".yml"}:
            continue
        if path not in spec_files and Path(path).parent.as_posix() not in spec_dirs:
            continue
        name = _customer_at(root, since, path)
        module = modules / name
        spec = Path(os.path.relpath(root / path))
        removed.append(Removed(name, spec, module, module.is_dir()))
    return tuple(removed)

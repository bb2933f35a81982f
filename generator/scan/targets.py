"""Which rendered modules a `bodocfg scan` covers: PATH arguments -> `ModuleTarget`s."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.errors import UsageError

PLAN_FILE = "bodocfg.plan.json"
"""Where `bodocfg plan` leaves `terraform show -json` of the saved plan, beside the module."""


@dataclass(frozen=True)
class ModuleTarget:
    name: str
    """The module directory as the user named it, e.g. `modules/acme-analytics`."""
    directory: Path
    plan: Path | None
    """The module's plan JSON, when `bodocfg plan` has written one."""


def _is_module(directory: Path) -> bool:
    return any(directory.glob("*.tf")) or any(directory.glob("*.tf.json"))


def _target(directory: Path, name: str) -> ModuleTarget:
    plan = directory / PLAN_FILE
    return ModuleTarget(name=name, directory=directory, plan=plan if plan.is_file() else None)


def discover(paths: Sequence[str]) -> list[ModuleTarget]:
    """A module directory is scanned itself; any other directory, each module directly inside it."""
    targets: list[ModuleTarget] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise UsageError(f"{raw}: no such directory")
        if not path.is_dir():
            raise UsageError(f"{raw}: not a directory (give a rendered module or a folder of them)")
        if _is_module(path):
            targets.append(_target(path, raw))
            continue
        children = sorted(child for child in path.iterdir() if child.is_dir() and _is_module(child))
        if not children:
            raise UsageError(f"{raw}: no Terraform module in it or directly below it")
        targets.extend(_target(child, str(Path(raw) / child.name)) for child in children)
    seen: set[Path] = set()
    unique = []
    for target in targets:
        key = target.directory.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(target)
    return unique

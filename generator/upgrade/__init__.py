"""`bodocfg upgrade`: move customers from their reference policy version to another, reviewed.

`plan_upgrade` reads every spec and says, per customer, what it would get: its own version (the
spec's `reference`, else the newest) against the target, as a `ReferenceDiff` computed once per
distinct pair. `write_upgrade` changes only the `reference` line of each spec that moves, and adds
one (after `external_id`) to each spec that has none, pinning it: a spec without a `reference`
follows the newest version, so it would move by itself when a newer one is added. Every comment
and byte around the line is kept; each file is replaced atomically (`generator.specedit`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.errors import SpecError
from generator.spec import load_specs
from generator.spec.yamlfile import YamlProblem, load_yaml
from generator.specedit import set_scalar
from generator.vendor.diff import ReferenceDiff, diff_versions

FIELD = "reference"
INSERT_AFTER = "external_id"


@dataclass(frozen=True)
class Move:
    """One customer's upgrade."""

    path: Path
    customer: str
    current: str
    target: str
    pinned: bool
    """The spec names its version (else it follows the newest)."""
    diff: ReferenceDiff | None
    """None when it is already on the target."""

    @property
    def moves(self) -> bool:
        return self.diff is not None

    @property
    def writes(self) -> bool:
        """`--write` changes the spec: it moves, or it gets the reference line it lacks."""
        return self.moves or not self.pinned


def _pinned(path: Path) -> bool:
    try:
        data = load_yaml(path).data
    except YamlProblem:
        return False
    return isinstance(data, dict) and FIELD in data


def plan_upgrade(paths: Iterable[Path], target: str) -> list[Move]:
    """Every spec's move to `target`; SpecError listing every problem when any spec is invalid."""
    problems: list[str] = []
    moves: list[Move] = []
    diffs: dict[str, ReferenceDiff] = {}
    for path, found, spec in load_specs(paths):
        if spec is None:
            problems.extend(str(problem) for problem in found)
            continue
        diff = None
        if spec.reference != target:
            diff = diffs.get(spec.reference)
            if diff is None:
                diff = diffs[spec.reference] = diff_versions(spec.reference, target)
        moves.append(Move(path, spec.customer, spec.reference, target, _pinned(path), diff))
    if problems:
        raise SpecError("\n".join(problems))
    return moves


def write_upgrade(moves: Sequence[Move]) -> list[Move]:
    """Write the target version into every spec that moves or is not pinned; returns those written."""
    written = []
    for move in moves:
        if move.writes:
            set_scalar(move.path, (FIELD,), move.target, insert_after=INSERT_AFTER)
            written.append(move)
    return written

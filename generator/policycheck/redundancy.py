"""Redundant statements: one that another statement of the policy (same effect, no condition)
already covers, every action on every resource (Access Analyzer's REDUNDANT_STATEMENT)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from generator.iam.patterns import contained_in_any
from generator.policycheck.model import Issue


class Shape(NamedTuple):
    effect: str
    actions: frozenset[str]
    resources: tuple[str, ...]
    conditional: bool
    probe: str
    """One of its actions: a statement lacking it cannot cover this one."""


def redundant(shapes: list[Shape | None]) -> Iterator[Issue]:
    """Statements another one (same effect, no condition) already covers entirely."""
    plain_ = [(index, shape) for index, shape in enumerate(shapes) if shape is not None]
    if len(plain_) < 2:
        return
    probes = frozenset(shape.probe for _, shape in plain_)
    holders: dict[str, list[tuple[int, Shape]]] = {}
    for other, broader in plain_:
        if not broader.conditional:
            for probe in probes & broader.actions:  # in C: which statements could cover which
                holders.setdefault(probe, []).append((other, broader))
    for index, shape in plain_:
        for other, broader in holders.get(shape.probe, ()):
            if other == index or (shape == broader and other > index):
                continue  # of two equal statements, the later one is reported
            if (
                shape.effect == broader.effect
                and shape.actions <= broader.actions
                and all(contained_in_any(broader.resources, r) for r in shape.resources)
            ):
                yield Issue(
                    "redundant",
                    ("Statement", index),
                    f"Statement[{other}] already grants everything Statement[{index}] does",
                    f"remove Statement[{index}]",
                )
                break

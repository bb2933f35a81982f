"""Condition operators: their names (case-insensitive), qualifiers (ForAllValues:/ForAnyValue:),
IfExists, and the data type each compares (`data/condition_operators.json`)."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import get_close_matches
from functools import cache
from typing import Any

from generator.policycheck.model import data

QUALIFIERS = {"forallvalues": "ForAllValues", "foranyvalue": "ForAnyValue"}


@dataclass(frozen=True, slots=True)
class Operator:
    name: str
    """Canonical base name, e.g. `StringEquals`."""
    type: str
    variables: bool
    negated: bool
    qualifier: str
    if_exists: bool


@cache
def _operators() -> dict[str, dict[str, Any]]:
    raw: dict[str, dict[str, Any]] = data("condition_operators.json")["operators"]
    return raw


@cache
def _lower_operators() -> dict[str, str]:
    return {name.lower(): name for name in _operators()}


@cache
def compatible() -> dict[str, frozenset[str]]:
    raw = data("condition_operators.json")["key_types_for"]
    return {kind: frozenset(types) for kind, types in raw.items() if not kind.startswith("/")}


@cache
def parse_operator(text: str) -> Operator | None:
    qualifier, _, rest = text.rpartition(":")
    if qualifier and qualifier.lower() not in QUALIFIERS:
        return None
    if_exists = rest.lower().endswith("ifexists")
    base = rest[: -len("IfExists")] if if_exists else rest
    name = _lower_operators().get(base.lower())
    if name is None:
        return None
    entry = _operators()[name]
    return Operator(
        name,
        entry["type"],
        bool(entry.get("variables")),
        bool(entry.get("negated")),
        QUALIFIERS.get(qualifier.lower(), ""),
        if_exists,
    )


def operator_fix(text: str) -> str | None:
    """`did you mean ...?` for a misspelt operator (its qualifier and IfExists kept)."""
    qualifier, _, rest = text.rpartition(":")
    suffix = ""
    if rest.lower().endswith("ifexists"):
        rest, suffix = rest[: -len("IfExists")], "IfExists"
    lowered = _lower_operators()
    guess = get_close_matches(rest.lower(), list(lowered), 1, 0.6)
    if qualifier and qualifier.lower() not in QUALIFIERS:
        fixed = get_close_matches(qualifier.lower(), list(QUALIFIERS), 1, 0.5)
        qualifier = QUALIFIERS[fixed[0]] if fixed else qualifier
        guess = guess or [rest.lower()] if rest.lower() in lowered else guess
    if not guess:
        return None
    base = lowered.get(guess[0], guess[0])
    return f"did you mean `{qualifier + ':' if qualifier else ''}{base}{suffix}`?"

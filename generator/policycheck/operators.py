"""Condition operators: their names, qualifiers (ForAllValues:/ForAnyValue:), IfExists, and the
data type each compares (`data/condition_operators.json`).

Names are read in their exact case, as IAM reads them: it rejects `stringEquals` ("Invalid
Condition type : stringEquals", MalformedPolicyDocument, from CreateRole), and so does the local
AWS's validator, while condition keys are compared case-insensitively. A name right but for its
case is reported with the name as written (`canonical_case`).
"""

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
    """The operator `text` names in its exact case; None for anything else."""
    qualifier, _, rest = text.rpartition(":")
    if qualifier and qualifier not in QUALIFIERS.values():
        return None
    if_exists = rest.endswith("IfExists")
    base = rest[: -len("IfExists")] if if_exists else rest
    entry = _operators().get(base)
    if entry is None:
        return None
    return Operator(
        base,
        entry["type"],
        bool(entry.get("variables")),
        bool(entry.get("negated")),
        qualifier,
        if_exists,
    )


def canonical_case(text: str) -> str | None:
    """`text` written as IAM reads it when it names an operator in another case
    (`forallvalues:stringequals` -> `ForAllValues:StringEquals`); None otherwise."""
    qualifier, _, rest = text.rpartition(":")
    if qualifier and qualifier.lower() not in QUALIFIERS:
        return None
    if_exists = rest.lower().endswith("ifexists")
    base = rest[: -len("IfExists")] if if_exists else rest
    name = _lower_operators().get(base.lower())
    if name is None:
        return None
    if name == "Null":
        if_exists = False  # NullIfExists does not exist
    written = (
        (QUALIFIERS[qualifier.lower()] + ":" if qualifier else "") + name + ("IfExists" if if_exists else "")
    )
    return written if written != text else None


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

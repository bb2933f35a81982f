"""Comparing Condition blocks: is a candidate statement at least as strict as a baseline one?

A candidate is at least as strict when every baseline clause is implied by one of the candidate's
clauses (extra candidate clauses only narrow it further). A clause implies another on the same
key and set qualifier when it lets through no request the other would refuse:

- positive string/ARN operators: each candidate value lies inside some baseline value (`Like` and
  ARN operators compare as wildcard patterns; `StringEquals` inside `StringLike` counts);
- negated operators: each baseline value lies inside some candidate value (it excludes at least as much);
- numeric/date bounds: `LessThan` no higher, `GreaterThan` no lower; `IpAddress` subnets inside;
- `Bool`/`Null` and anything else: the same values;
- an `...IfExists` candidate never implies a baseline clause without `IfExists` (absent key passes).

A dropped or weakened clause therefore makes the candidate broader, which the diff reports.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime

from generator.iam.model import ConditionClause, Conditions
from generator.iam.patterns import contains

_STRING_FAMILY = frozenset(("StringEquals", "StringLike", "ArnEquals", "ArnLike"))
_NEGATED_STRING = frozenset(("StringNotEquals", "StringNotLike", "ArnNotEquals", "ArnNotLike"))
_UPPER_BOUND = frozenset(("NumericLessThan", "NumericLessThanEquals", "DateLessThan", "DateLessThanEquals"))
_LOWER_BOUND = frozenset(
    ("NumericGreaterThan", "NumericGreaterThanEquals", "DateGreaterThan", "DateGreaterThanEquals")
)


def _number(value: str, operator: str) -> float:
    if operator.startswith("Date"):
        try:
            return float(value)  # epoch seconds are allowed too
        except ValueError:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    return float(value)


def _bounded(candidate: ConditionClause, baseline: ConditionClause, upper: bool) -> bool:
    try:
        mine = [_number(v, candidate.base_operator) for v in candidate.values]
        theirs = [_number(v, baseline.base_operator) for v in baseline.values]
    except ValueError:
        return candidate.values == baseline.values
    return max(mine) <= max(theirs) if upper else min(mine) >= min(theirs)


def _networks_inside(inner: frozenset[str], outer: frozenset[str]) -> bool:
    try:
        inners = [ipaddress.ip_network(v, strict=False) for v in inner]
        outers = [ipaddress.ip_network(v, strict=False) for v in outer]
    except ValueError:
        return inner <= outer
    return all(
        any(i.version == o.version and i.subnet_of(o) for o in outers)  # type: ignore[arg-type]
        for i in inners
    )


def _fold(values: frozenset[str], fold: bool) -> frozenset[str]:
    return frozenset(v.lower() for v in values) if fold else values


def _values_inside(inner: frozenset[str], outer: frozenset[str], fold: bool) -> bool:
    if fold:
        inner = frozenset(v.lower() for v in inner)
        outer = frozenset(v.lower() for v in outer)
    return all(any(contains(o, i) for o in outer) for i in inner)


def implies(candidate: ConditionClause, baseline: ConditionClause) -> bool:
    """True when `candidate` refuses every request that `baseline` refuses."""
    if candidate.key != baseline.key or candidate.set_qualifier != baseline.set_qualifier:
        return False
    if candidate.if_exists and not baseline.if_exists:
        return False
    mine, theirs = candidate.base_operator, baseline.base_operator
    fold = mine.endswith("IgnoreCase") or theirs.endswith("IgnoreCase")
    mine, theirs = mine.removesuffix("IgnoreCase"), theirs.removesuffix("IgnoreCase")
    if mine in _STRING_FAMILY and theirs in _STRING_FAMILY:
        if theirs == "StringEquals":  # literal: only the same or fewer exact values imply it
            return mine == "StringEquals" and _fold(candidate.values, fold) <= _fold(baseline.values, fold)
        return _values_inside(candidate.values, baseline.values, fold)
    if mine != theirs:
        return False
    if mine in _NEGATED_STRING:
        return _values_inside(baseline.values, candidate.values, fold)
    if mine in _UPPER_BOUND or mine in _LOWER_BOUND:
        return _bounded(candidate, baseline, upper=mine in _UPPER_BOUND)
    if mine == "NumericEquals":
        return candidate.values <= baseline.values
    if mine == "IpAddress":
        return _networks_inside(candidate.values, baseline.values)
    if mine == "NotIpAddress":
        return _networks_inside(baseline.values, candidate.values)
    return candidate.values == baseline.values


def at_least_as_strict(candidate: Conditions, baseline: Conditions) -> bool:
    if not baseline:
        return True
    return all(any(implies(mine, theirs) for mine in candidate) for theirs in baseline)


def missing_or_weaker(candidate: Conditions, baseline: Conditions) -> tuple[ConditionClause, ...]:
    """The baseline clauses that no candidate clause implies (for messages)."""
    return tuple(theirs for theirs in baseline if not any(implies(mine, theirs) for mine in candidate))

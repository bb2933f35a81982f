"""Conditions that can never all be true on one key: Null true beside a required value, a numeric
or date range whose ends cross, StringEquals values all refused by StringNotEquals."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from generator.policycheck.model import Issue
from generator.policycheck.operators import Operator
from generator.policycheck.values import EPOCH, NUMBER, text_of


def _bound(operator: Operator, values: list[object]) -> tuple[str, float, bool] | None:
    """('low'|'high', value, strict) for a single-valued range operator on a number or epoch."""
    if operator.qualifier or operator.if_exists or len(values) != 1:
        return None
    name = operator.name
    text = text_of(values[0])
    if operator.type == "Numeric" and NUMBER.match(text):
        number = float(text)
    elif operator.type == "Date":
        try:
            number = float(text) if EPOCH.match(text) else datetime.fromisoformat(text).timestamp()
        except (ValueError, OverflowError):
            return None
    else:
        return None
    if name.endswith("GreaterThan"):
        return ("low", number, True)
    if name.endswith("GreaterThanEquals"):
        return ("low", number, False)
    if name.endswith("LessThan"):
        return ("high", number, True)
    if name.endswith("LessThanEquals"):
        return ("high", number, False)
    return None


def never_true(parsed: list[tuple[Operator, str, list[object]]]) -> Iterator[Issue]:
    by_key: dict[str, list[tuple[Operator, list[object]]]] = {}
    for operator, key, values in parsed:
        by_key.setdefault(key, []).append((operator, values))
    for key, entries in by_key.items():
        if len(entries) < 2:
            continue
        absent = any(
            o.name == "Null" and [text_of(v).lower() for v in values] == ["true"] for o, values in entries
        )
        required = [o for o, _ in entries if o.name != "Null" and not o.negated and not o.if_exists]
        if absent and required:
            yield Issue(
                "never-true",
                ("Condition", "Null"),
                f"Null says `{key}` is absent while "
                f"{required[0].name} needs a value of it: the condition is never true",
            )
            continue
        lows = [b for o, v in entries if (b := _bound(o, v)) and b[0] == "low"]
        highs = [b for o, v in entries if (b := _bound(o, v)) and b[0] == "high"]
        for low in lows:
            for high in highs:
                if low[1] > high[1] or (low[1] == high[1] and (low[2] or high[2])):
                    yield Issue(
                        "never-true",
                        ("Condition",),
                        f"`{key}` must be above {low[1]:g} and below "
                        f"{high[1]:g} at once: the condition is never true",
                    )
                    return
        equal = [
            set(map(text_of, v))
            for o, v in entries
            if o.name == "StringEquals" and not o.qualifier and not o.if_exists
        ]
        unequal = [
            set(map(text_of, v))
            for o, v in entries
            if o.name == "StringNotEquals" and not o.qualifier and not o.if_exists
        ]
        for wanted in equal:
            for refused in unequal:
                if wanted <= refused:
                    yield Issue(
                        "never-true",
                        ("Condition",),
                        f"every value StringEquals "
                        f"accepts for `{key}` StringNotEquals refuses: the condition is never true",
                    )
                    return

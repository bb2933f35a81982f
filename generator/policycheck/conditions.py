"""The Condition element: operators, keys and values, judged against the key's data type.

Keys are compared case-insensitively, as IAM does; so are operator names. A value may be a JSON
string, number or boolean, alone or in a list. Policy variables (`${aws:username}`) count only
under Version 2012-10-17 and only with the operators that accept them.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from difflib import get_close_matches
from functools import cache
from typing import Any

from generator.policycheck.catalogue import ActionEntry, ServiceCatalogue, supports
from generator.policycheck.model import Issue, PathPart, data

_KEY_FORMAT = re.compile(r"^[A-Za-z0-9-]+:[A-Za-z0-9][^\n\r\t]*$")
"""service:name; a tag key after the name may hold spaces and colons (aws:ResourceTag/a b:c)."""
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_EPOCH = re.compile(r"^-?\d+$")
_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_ESCAPES = frozenset({"*", "?", "$"})
QUALIFIERS = {"forallvalues": "ForAllValues", "foranyvalue": "ForAnyValue"}
_TRUE_FALSE = frozenset({"true", "false"})


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
def _compatible() -> dict[str, frozenset[str]]:
    raw = data("condition_operators.json")["key_types_for"]
    return {kind: frozenset(types) for kind, types in raw.items() if not kind.startswith("/")}


@cache
def _global_keys() -> tuple[dict[str, str], tuple[tuple[str, str], ...], dict[str, str]]:
    raw = data("global_condition_keys.json")
    exact = {k.lower(): t for k, t in raw["keys"].items() if not k.endswith("/")}
    prefixed = tuple((k.lower(), t) for k, t in raw["keys"].items() if k.endswith("/"))
    cross = {k.lower(): t for k, t in raw["cross_service"].items()}
    return exact, prefixed, cross


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


def _operator_fix(text: str) -> str | None:
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


def key_type(key: str, catalogue: ServiceCatalogue) -> tuple[str | None, bool]:
    """(the key's data type or None when unknown, whether the key is known at all)."""
    exact, prefixed, cross = _global_keys()
    if key in exact:
        return exact[key], True
    for start, kind in prefixed:
        if key.startswith(start) and len(key) > len(start):
            return kind, True
    if key in cross:
        return cross[key], True
    prefix = key.partition(":")[0]
    found = catalogue.key_type(prefix, key)
    return found, found is not None


def _is_global(key: str) -> bool:
    return key.startswith("aws:") or key in _global_keys()[2]


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _date(text: str) -> bool:
    if _EPOCH.match(text):
        return True
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _ip(text: str) -> bool:
    try:
        ipaddress.ip_network(text, strict=False)
    except ValueError:
        return False
    return True


def _binary(text: str) -> bool:
    try:
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def _value_problem(operator: Operator, value: object, variables_count: bool) -> str | None:
    """The check a value fails for this operator, or None when it is fine."""
    if isinstance(value, dict | list):
        return "value-json"
    text = _text(value)
    if variables_count and "${" in text:
        names = _VARIABLE.findall(text)
        if any(name not in _ESCAPES for name in names) and not operator.variables:
            return "variable-operator"
        if any(name not in _ESCAPES for name in names):
            return None
    kind = operator.type
    if kind in ("Bool", "Null"):
        return None if text.lower() in _TRUE_FALSE else "value-bool"
    if kind == "Numeric":
        return None if not isinstance(value, bool) and _NUMBER.match(text) else "value-number"
    if kind == "Date":
        return None if not isinstance(value, bool) and _date(text) else "value-date"
    if kind == "IPAddress":
        return None if _ip(text) else "value-ip"
    if kind == "Binary":
        return None if _binary(text) else "value-binary"
    if kind == "ARN":
        return None if text.startswith("arn:") or "*" in text or "?" in text else "value-arn"
    return None


_WHAT = {
    "value-bool": "is not true or false",
    "value-number": "is not a number",
    "value-date": "is not a date (ISO 8601, e.g. 2026-01-31T00:00:00Z, or epoch seconds)",
    "value-ip": "is not an IP address or CIDR range",
    "value-binary": "is not base64",
    "value-arn": "is not an ARN, so an ARN operator never matches it",
    "value-json": "is not a string, number or boolean",
    "variable-operator": "holds a policy variable, which this operator does not accept",
}


def _example(kind: str) -> str:
    return {
        "Numeric": "NumericEquals",
        "Date": "DateGreaterThan",
        "Bool": "Bool",
        "IPAddress": "IpAddress",
        "Binary": "BinaryEquals",
        "ARN": "ArnLike",
        "String": "StringEquals",
    }.get(kind, "StringEquals")


def _values(raw: object) -> list[object]:
    return raw if isinstance(raw, list) else [raw]


def condition_issues(
    condition: object,
    actions: list[ActionEntry] | None,
    variables_count: bool,
    catalogue: ServiceCatalogue,
) -> Iterator[Issue]:
    """Every problem of one statement's Condition. `actions` are the statement's known actions,
    None when they cannot be listed (NotAction, `*`, an unknown action): key support is then not
    judged."""
    if not isinstance(condition, Mapping):
        yield Issue("json", ("Condition",), "Condition must be an object of operator -> {key: values}")
        return
    parsed: list[tuple[Operator, str, list[object]]] = []
    for text, block in condition.items():
        where: tuple[PathPart, ...] = ("Condition", text)
        operator = parse_operator(str(text))
        if operator is None:
            yield Issue("operator", where, f"`{text}` is not a condition operator", _operator_fix(str(text)))
            continue
        if operator.name == "Null" and operator.if_exists:
            yield Issue(
                "null-if-exists",
                where,
                "`NullIfExists` does not exist: Null already tests presence",
                "write `Null`",
            )
        if not isinstance(block, Mapping):
            yield Issue("json", where, f"`{text}` must map condition keys to values")
            continue
        seen: dict[str, str] = {}
        for key, raw in block.items():
            key_text = str(key)
            at: tuple[PathPart, ...] = (*where, key_text)
            lowered = key_text.lower()
            if lowered in seen and seen[lowered] != key_text:
                yield Issue(
                    "key-case",
                    at,
                    f"`{key_text}` and `{seen[lowered]}` are one key to IAM, which "
                    "compares keys case-insensitively",
                    "keep one of them",
                )
            seen.setdefault(lowered, key_text)
            values = _values(raw)
            yield from _key_issues(operator, key_text, lowered, at, actions, catalogue)
            bools: set[str] = set()
            for index, value in enumerate(values):
                problem = _value_problem(operator, value, variables_count)
                value_at = at if not isinstance(raw, list) else (*at, index)
                if problem is not None:
                    shown = (
                        value
                        if isinstance(value, str)
                        else _text(value)
                        if not isinstance(value, dict | list)
                        else "an object or list"
                    )
                    yield Issue(problem, value_at, f"`{shown}` for {operator.name} {_WHAT[problem]}")
                elif operator.type == "Bool":
                    bools.add(_text(value).lower())
            if len(bools) > 1:
                yield Issue(
                    "bool-values",
                    at,
                    f"`{key_text}` is given both true and false",
                    "keep the one value the statement needs",
                )
            parsed.append((operator, lowered, values))
    yield from _never_true(parsed)


def _key_issues(
    operator: Operator,
    key: str,
    lowered: str,
    at: tuple[PathPart, ...],
    actions: list[ActionEntry] | None,
    catalogue: ServiceCatalogue,
) -> Iterator[Issue]:
    if not _KEY_FORMAT.match(key):
        yield Issue("key-format", at, f"`{key}` is not a condition key (service:name)")
        return
    kind, known = key_type(lowered, catalogue)
    prefix = lowered.partition(":")[0]
    if not known:
        if prefix == "aws":
            names = [*data("global_condition_keys.json")["keys"]]
            guess = get_close_matches(key, names, 1, 0.7) or get_close_matches(
                lowered, [n.lower() for n in names], 1, 0.7
            )
            fix = (
                f"did you mean `{next(n for n in names if n.lower() == guess[0].lower())}`?"
                if guess
                else None
            )
            yield Issue("global-key", at, f"`{key}` is not a global condition key", fix)
        else:
            where = "names no such key" if prefix in catalogue.prefixes else "is not a service"
            keys = catalogue.service_keys(prefix)
            guess = get_close_matches(lowered, keys, 1, 0.7)
            yield Issue(
                "service-key",
                at,
                f"`{prefix}` {where} (`{key}`) in {catalogue.label}",
                f"did you mean `{guess[0]}`?" if guess else None,
            )
        return
    if kind is not None and operator.type != "Null":
        types = {t.removeprefix("ArrayOf") for t in kind.split("|")}
        allowed = _compatible().get(operator.type, frozenset())
        if types.isdisjoint(allowed):
            shown = kind.removeprefix("ArrayOf")
            yield Issue(
                "operator-key-type",
                at,
                f"{operator.name} compares {operator.type} values but `{key}` is a {shown}",
                f"use a {shown} operator such as {_example(shown)}",
            )
    restricts = not operator.negated and not operator.if_exists and operator.type != "Null"
    if (
        actions
        and restricts
        and not _is_global(lowered)
        and not any(supports(entry.keys, lowered) for entry in actions)
    ):
        shown = ", ".join(entry.name for entry in actions[:3]) + (" ..." if len(actions) > 3 else "")
        yield Issue(
            "key-unsupported",
            at,
            f"no action of the statement ({shown}) supports `{key}`, so the condition is never true",
        )


def _bound(operator: Operator, values: list[object]) -> tuple[str, float, bool] | None:
    """('low'|'high', value, strict) for a single-valued range operator on a number or epoch."""
    if operator.qualifier or operator.if_exists or len(values) != 1:
        return None
    name = operator.name
    text = _text(values[0])
    if operator.type == "Numeric" and _NUMBER.match(text):
        number = float(text)
    elif operator.type == "Date":
        try:
            number = float(text) if _EPOCH.match(text) else datetime.fromisoformat(text).timestamp()
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


def _never_true(parsed: list[tuple[Operator, str, list[object]]]) -> Iterator[Issue]:
    by_key: dict[str, list[tuple[Operator, list[object]]]] = {}
    for operator, key, values in parsed:
        by_key.setdefault(key, []).append((operator, values))
    for key, entries in by_key.items():
        if len(entries) < 2:
            continue
        absent = any(
            o.name == "Null" and [_text(v).lower() for v in values] == ["true"] for o, values in entries
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
            set(map(_text, v))
            for o, v in entries
            if o.name == "StringEquals" and not o.qualifier and not o.if_exists
        ]
        unequal = [
            set(map(_text, v))
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

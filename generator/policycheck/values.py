"""Condition values against the operator's data type: dates (ISO 8601 or epoch seconds), numbers,
booleans, IPv4/IPv6 addresses and CIDRs, base64, ARNs; policy variables only where allowed."""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from datetime import datetime

from generator.policycheck.operators import Operator

NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
EPOCH = re.compile(r"^-?\d+$")
_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_ESCAPES = frozenset({"*", "?", "$"})
_TRUE_FALSE = frozenset({"true", "false"})


def text_of(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _date(text: str) -> bool:
    if EPOCH.match(text):
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


def value_problem(operator: Operator, value: object, variables_count: bool) -> str | None:
    """The check a value fails for this operator, or None when it is fine."""
    if isinstance(value, dict | list):
        return "value-json"
    text = text_of(value)
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
        return None if not isinstance(value, bool) and NUMBER.match(text) else "value-number"
    if kind == "Date":
        return None if not isinstance(value, bool) and _date(text) else "value-date"
    if kind == "IPAddress":
        return None if _ip(text) else "value-ip"
    if kind == "Binary":
        return None if _binary(text) else "value-binary"
    if kind == "ARN":
        return None if text.startswith("arn:") or "*" in text or "?" in text else "value-arn"
    return None


WHAT = {
    "value-bool": "is not true or false",
    "value-number": "is not a number",
    "value-date": "is not a date (ISO 8601, e.g. 2026-01-31T00:00:00Z, or epoch seconds)",
    "value-ip": "is not an IP address or CIDR range",
    "value-binary": "is not base64",
    "value-arn": "is not an ARN, so an ARN operator never matches it",
    "value-json": "is not a string, number or boolean",
    "variable-operator": "holds a policy variable, which this operator does not accept",
}

"""Helpers shared by bodocfg's checkov checks (checkov puts this folder on sys.path).

checkov hands a check the resource's attributes with every value wrapped in a list, and the
HCL and plan parsers wrap differently (`[["a"]]` vs `["a"]`); a single-statement policy may
arrive as a dict instead of a one-item list. These helpers undo all of that.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

ACCOUNTS_ENV = "BODOCFG_PLATFORM_ACCOUNTS"
"""Comma-separated vendor accounts a trust policy may name: `bodocfg scan` sets Bodo's (from the vendor
profile) plus any `--platform-account`."""
_HERE = Path(__file__).resolve().parent
PROFILE_FILES = (
    _HERE.parents[1] / "generator" / "vendor" / "data" / "profile.json",  # a source checkout: checks/checkov/
    _HERE.parents[2] / "vendor" / "data" / "profile.json",  # a wheel: generator/_data/checks/checkov/
)
"""bodocfg's vendor profile, for checkov runs that were not started by `bodocfg scan`."""


def first(value: Any) -> Any:
    """The value inside checkov's one-item list wrapping(s)."""
    while isinstance(value, list) and len(value) == 1:
        value = value[0]
    return value


def flat(value: Any) -> list[Any]:
    """Every leaf of a possibly nested list; a scalar becomes a one-item list; None becomes []."""
    if value is None:
        return []
    if not isinstance(value, list):
        return [value]
    out: list[Any] = []
    for item in value:
        out.extend(flat(item))
    return out


def document(value: Any) -> dict[str, Any] | None:
    """A policy document as a dict (HCL gives a dict, a plan a JSON string), or None if unreadable."""
    value = first(value)
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return value if isinstance(value, dict) else None


def statements(policy: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for item in flat(policy.get("Statement")) if isinstance(item, dict)]


@cache
def platform_account() -> str | None:
    """Bodo's platform account from bodocfg's vendor profile (None when the profile is not found)."""
    for path in PROFILE_FILES:
        if path.is_file():
            account = json.loads(path.read_text(encoding="utf-8"))["platform_account"]["id"]
            return str(account)
    return None


def vendor_accounts() -> frozenset[str]:
    named = {part.strip() for part in os.environ.get(ACCOUNTS_ENV, "").split(",") if part.strip()}
    own = platform_account()
    return frozenset(named | ({own} if own else set()))


def lower_keys(mapping: Any) -> dict[str, Any]:
    return {str(key).lower(): item for key, item in mapping.items()} if isinstance(mapping, dict) else {}

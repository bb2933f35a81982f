"""Policy sizes as AWS counts them (the policy's characters, white space excluded) and the quota
of each policy type (`data/quotas.json`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from generator.policycheck.model import Issue, PathPart, PolicyKind, data

_WHITESPACE = str.maketrans("", "", " \t\n\r")
compact_json = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
"""`json.dumps(obj, separators=(",", ":"), ensure_ascii=False)`, its encoder made once (every
statement of every policy is sized)."""


@dataclass(frozen=True, slots=True)
class Quota:
    limit: int
    what: str
    code: str


@cache
def quota(kind: PolicyKind) -> Quota | None:
    entry = data("quotas.json")["quotas"].get(str(kind))
    return Quota(entry["limit"], entry["what"], entry["code"]) if entry else None


def size_of(obj: Any) -> int:
    """Characters of the policy's JSON, white space (inside strings too) not counted."""
    return text_size(compact_json(obj))


def text_size(text: str) -> int:
    """Characters of a JSON text, white space (inside strings too) not counted."""
    return len(text.translate(_WHITESPACE))


def remaining_text(size: int, limit: int) -> str:
    left = limit - size
    return (
        f"{size:,} of {limit:,} characters ({left:,} remain)"
        if left >= 0
        else f"{size:,} of {limit:,} characters ({-left:,} over)"
    )


def quota_issue(
    size: int, kind: PolicyKind, at: tuple[PathPart, ...] = (), what: str | None = None
) -> Issue | None:
    """The quota finding when `size` is over the policy type's quota, else None."""
    found = quota(kind)
    if found is None or size <= found.limit:
        return None
    return Issue(
        "quota",
        at,
        f"{what or found.what} is {remaining_text(size, found.limit)}",
        "move statements into a managed policy, or merge statements that share resources",
        found.code,
    )

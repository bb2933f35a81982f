"""An account's Bodo policy against Bodo's published versions: which one it is, or the nearest.

    describe(nearest(policy, "acme-bodo-state", "arn:aws:dynamodb:..."))
        # "matches Bodo's published policy of V" or "nearest to ... of V: +2 (...) / -1 (...) actions"
    action_delta(current, planned)   # (added, removed) action names

`generator.vendor.nearest` finds the version (each filled with the account's bucket and table);
this module says it in one line, and counts the actions a planned policy adds and removes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from generator.vendor.fill import fill
from generator.vendor.nearest import Nearest
from generator.vendor.profile import profile

Json = Any


def published_versions() -> dict[str, dict[str, Json]]:
    """Version -> the policy as published (placeholders in place), oldest first."""
    return {policy.version: policy.document() for policy in profile().policies}


def _as_list(value: Json) -> list[str]:
    return [value] if isinstance(value, str) else [str(item) for item in value or ()]


def _statements(policy: Mapping[str, Json]) -> list[Mapping[str, Json]]:
    statements = policy.get("Statement", [])
    return [statements] if isinstance(statements, dict) else list(statements)


def grants(policy: Mapping[str, Json]) -> frozenset[tuple[str, str]]:
    """(action, resource) pairs the policy's Allow statements name, actions lower-cased."""
    pairs = set()
    for statement in _statements(policy):
        if statement.get("Effect") != "Allow":
            continue
        for action in _as_list(statement.get("Action")):
            for resource in _as_list(statement.get("Resource")):
                pairs.add((action.lower(), resource))
    return frozenset(pairs)


def actions(policy: Mapping[str, Json]) -> frozenset[str]:
    return frozenset(action for action, _ in grants(policy))


def action_delta(current: Mapping[str, Json], planned: Mapping[str, Json]) -> tuple[list[str], list[str]]:
    """(actions the planned policy adds, actions it removes) against the current one."""
    now, then = actions(current), actions(planned)
    return sorted(then - now), sorted(now - then)


def fill_version(document: Mapping[str, Json], bucket: str, table_arn: str) -> dict[str, Json]:
    """A published version with the account's bucket and table ARN in its placeholders."""
    filled: dict[str, Json] = fill(dict(document), bucket, table_arn)
    return filled


def describe(found: Nearest) -> str:
    """ "matches Bodo's published policy of V", or the nearest version and the actions that differ."""
    if found.matches:
        return f"matches Bodo's published policy of {found.version}"
    parts = []
    added, removed = found.diff.added, found.diff.removed
    if added:
        parts.append(f"+{len(added)} ({_names(added)})")
    if removed:
        parts.append(f"-{len(removed)} ({_names(removed)})")
    what = " / ".join(parts) + " actions" if parts else "same actions, statements differ"
    return f"nearest to Bodo's published policy of {found.version}: {what}"


def _names(items: Iterable[str], limit: int = 6) -> str:
    listed = list(items)
    shown = ", ".join(listed[:limit])
    return shown + (f", ... {len(listed) - limit} more" if len(listed) > limit else "")

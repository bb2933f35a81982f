"""Wildcard patterns (`*`, `?`) as IAM uses them in ARNs and condition values.

`contains(outer, inner)` says whether every string `inner` can stand for is also matched by
`outer`: `arn:aws:s3:::b/*` contains `arn:aws:s3:::b/logs/*` but not `arn:aws:s3:::*`. A wildcard in
`inner` can only be covered by a `*` in `outer`. The test is exact for the patterns policies use; in
contrived cases (`?*` against `*?`) it may answer "not contained", which only ever reports more
new access, never less.
"""

from __future__ import annotations

import re
from functools import lru_cache

WILDCARDS = frozenset("*?")


def has_wildcard(text: str) -> bool:
    return "*" in text or "?" in text


@lru_cache(maxsize=4096)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(
        "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern), re.DOTALL
    )


@lru_cache(maxsize=2048)  # 1,000 pooled policies hold ~1,200 pairs; unique resources only churn it
def contains(outer: str, inner: str) -> bool:
    if outer == "*" or outer == inner:
        return True
    if not has_wildcard(outer):
        return False
    stem = outer[:-1]
    if outer[-1] == "*" and not has_wildcard(stem):  # `prefix*`, the common shape: no regex
        return inner.startswith(stem)
    if "?" not in outer:
        # `*`s only (`arn:aws:dynamodb:*:*:table/t`): `inner` read as plain text, its own `*` and
        # `?` included, must match `outer` (a literal of `outer` never equals a wildcard, a `*` of
        # `outer` takes any run): exactly what the walk below decides, without it.
        return _stars_match(outer.split("*"), inner)
    if not has_wildcard(inner):  # a plain string: an ordinary glob match, in C
        return _regex(outer).fullmatch(inner) is not None
    head = min(i for i in (outer.find("*"), outer.find("?")) if i >= 0)
    if inner[:head] != outer[:head]:
        return False
    n, m = len(outer), len(inner)
    # covered[j]: outer[i:] covers inner[j:], computed from the end of `outer` backwards.
    covered = [False] * (m + 1)
    covered[m] = True
    for i in range(n - 1, -1, -1):
        symbol = outer[i]
        row = [False] * (m + 1)
        if symbol == "*":
            row[m] = covered[m]
            for j in range(m - 1, -1, -1):
                row[j] = covered[j] or row[j + 1]
        else:
            for j in range(m - 1, -1, -1):
                char = inner[j]
                if symbol == "?":
                    row[j] = char != "*" and covered[j + 1]
                else:
                    row[j] = char == symbol and covered[j + 1]
        covered = row
    return covered[0]


def _stars_match(runs: list[str], text: str) -> bool:
    """Whether `text` matches the glob whose literal runs between `*`s are `runs` (no `?`): it
    starts with the first, ends with the last, and holds the others in order between them
    (leftmost placement is as good as any). No regex to compile: a fleet's patterns are mostly
    seen once."""
    first, last = runs[0], runs[-1]
    end = len(text) - len(last)
    if end < len(first) or not text.startswith(first) or not text.endswith(last):
        return False
    position = len(first)
    for run in runs[1:-1]:
        found = text.find(run, position, end)
        if found < 0:
            return False
        position = found + len(run)
    return True


def contained_in_any(outers: tuple[str, ...], inner: str) -> bool:
    return any(contains(outer, inner) for outer in outers)

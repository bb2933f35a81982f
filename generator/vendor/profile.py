"""The vendor profile: what bodocfg knows about Bodo's side, read from data and schema-checked.

The package ships `data/profile.json` (platform account, supported regions, default names, the
reference policy's published versions). A user profile directory (`$BODOCFG_PROFILE_DIR`, else
`$XDG_CONFIG_HOME/bodocfg`, else `~/.config/bodocfg`) may hold a `profile.json` of its own that
adds regions and policy versions (`bodocfg reference add` writes there, never into the package).
The two are merged once per process into one typed `Profile`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from generator.errors import ProfileError, UsageError
from generator.iam.locate import SourceText

DATA_DIR = Path(__file__).resolve().parent / "data"
PACKAGE_PROFILE = DATA_DIR / "profile.json"
SCHEMA_FILE = DATA_DIR / "profile.schema.json"
PROFILE_DIR_ENV = "BODOCFG_PROFILE_DIR"
USER_PROFILE_NAME = "profile.json"
USER_POLICY_DIR = "policies"
REFERENCE_LOCAL = "reference_version"
"""The Terraform local of a rendered module naming the policy version it was rendered with."""


@dataclass(frozen=True)
class PolicyVersion:
    """One published version of Bodo's reference policy."""

    version: str
    path: Path
    date: str
    source: str
    note: str
    origin: str
    """`package` (shipped with bodocfg) or `user` (added with `bodocfg reference add`)."""

    def text(self) -> str:
        return _policy_text(self.path)

    def document(self) -> dict[str, Any]:
        """The policy as published (a fresh copy each time: callers fill it in place)."""
        loaded: dict[str, Any] = json.loads(self.text())
        return loaded

    def sids(self) -> frozenset[str]:
        return _sids(self.path)


@dataclass(frozen=True)
class Defaults:
    role_name: str
    policy_name: str
    bucket_suffix: str
    lock_table_suffix: str


@dataclass(frozen=True)
class Placeholders:
    bucket_name: str
    dynamo_arn: str


@dataclass(frozen=True, eq=False)
class Profile:
    """Compared and hashed by identity: one per process (caches are keyed by it)."""

    vendor: str
    platform_account: str
    regions: tuple[str, ...]
    defaults: Defaults
    placeholders: Placeholders
    policies: tuple[PolicyVersion, ...]
    """Oldest first (versions are dates, so they sort as text)."""
    user_dir: Path

    @property
    def newest(self) -> PolicyVersion:
        return self.policies[-1]

    @property
    def versions(self) -> tuple[str, ...]:
        return tuple(p.version for p in self.policies)

    def policy(self, version: str | None) -> PolicyVersion:
        """The policy of `version` (None: the newest); ProfileError naming the known ones."""
        if version is None:
            return self.newest
        for policy in self.policies:
            if policy.version == version:
                return policy
        raise ProfileError(
            f"unknown reference policy version {version!r}; known: {', '.join(self.versions)} "
            "(`bodocfg reference list`)"
        )


@cache
def _policy_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@cache
def _sids(path: Path) -> frozenset[str]:
    statements = json.loads(_policy_text(path)).get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    return frozenset(s["Sid"] for s in statements if isinstance(s, dict) and isinstance(s.get("Sid"), str))


@cache
def profile_schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return loaded


def _checked(path: Path, definition: str | None, shipped: bool = False) -> dict[str, Any]:
    """The profile file's JSON, schema-checked; ProfileError with file:line:col otherwise.
    The profile shipped in the package is not checked at run time (a test checks it): every
    command reads it, and jsonschema's import and the check cost ~0.1 s of each one."""
    try:
        source = SourceText(str(path), path.read_text(encoding="utf-8"))
        data = json.loads(source.text)
    except OSError as error:
        raise ProfileError(f"{path}: cannot read the vendor profile: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise ProfileError(f"{path}: not UTF-8 text (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise ProfileError(f"{path}:{error.lineno}:{error.colno}: invalid JSON: {error.msg}") from None
    if shipped:
        return dict(data)
    from jsonschema import Draft202012Validator  # only for a profile someone may have edited

    schema = profile_schema()
    if definition is not None:
        schema = {"$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]}
    problems = sorted(Draft202012Validator(schema).iter_errors(data), key=lambda e: str(e.absolute_path))
    if problems:
        lines = []
        for problem in problems:
            where = tuple(problem.absolute_path)
            position = source.position(where) if where else (1, 1)
            line, column = position if position else (1, 1)
            field = ".".join(str(part) for part in where) or "(document)"
            lines.append(f"{path}:{line}:{column}: {field}: {problem.message}")
        raise ProfileError("\n".join(lines))
    return dict(data)


def known_version(version: str) -> str:
    """`version` when the profile has it; a UsageError naming the known ones (for command lines)."""
    try:
        return profile().policy(version).version
    except ProfileError as error:
        raise UsageError(str(error)) from None


def user_dir() -> Path:
    """Where the user's own profile lives (`reference add` writes here)."""
    environ = os.environ
    return _user_dir(environ.get(PROFILE_DIR_ENV), environ.get("XDG_CONFIG_HOME"), environ.get("HOME"))


@cache
def _user_dir(explicit: str | None, config: str | None, home: str | None) -> Path:
    """`user_dir` for these environment values (asked once per lint target: pathlib's home lookup
    is not free, the environment rarely changes)."""
    if explicit:
        return Path(explicit).expanduser()
    return Path(config or str(Path.home() / ".config")) / "bodocfg"


def _versions(entries: list[Mapping[str, Any]], base: Path, origin: str) -> list[PolicyVersion]:
    found = []
    for entry in entries:
        path = base / entry["file"]
        if not path.is_file():
            raise ProfileError(f"{base / USER_PROFILE_NAME}: policy {entry['version']}: no file {path}")
        found.append(
            PolicyVersion(
                entry["version"], path, entry["date"], entry["source"], entry.get("note", ""), origin
            )
        )
    return found


def load_profile(package: Path = PACKAGE_PROFILE, user: Path | None = None) -> Profile:
    """The package profile merged with the user's (regions and versions added)."""
    data = _checked(package, None, shipped=package == PACKAGE_PROFILE)
    user = user_dir() if user is None else user
    regions = list(data["regions"]["supported"])
    policies = _versions(data["policies"], package.parent, "package")
    user_file = user / USER_PROFILE_NAME
    if user_file.is_file():
        extra = _checked(user_file, "user_profile")
        regions += [r for r in extra.get("regions", {}).get("supported", []) if r not in regions]
        added = _versions(extra.get("policies", []), user, "user")
        shipped = {p.version for p in policies}
        clash = [p.version for p in added if p.version in shipped]
        if clash:
            raise ProfileError(f"{user_file}: version {clash[0]} is already shipped with bodocfg")
        policies += added
    by_version = {p.version: p for p in policies}
    if len(by_version) != len(policies):
        raise ProfileError(f"{package}: a policy version is listed twice")
    defaults = data["defaults"]
    return Profile(
        vendor=data["vendor"],
        platform_account=data["platform_account"]["id"],
        regions=tuple(regions),
        defaults=Defaults(
            defaults["role_name"],
            defaults["policy_name"],
            defaults["bucket_suffix"],
            defaults["lock_table_suffix"],
        ),
        placeholders=Placeholders(data["placeholders"]["bucket_name"], data["placeholders"]["dynamo_arn"]),
        policies=tuple(sorted(by_version.values(), key=lambda p: p.version)),
        user_dir=user,
    )


@cache
def _profile_for(user: Path) -> Profile:
    return load_profile(PACKAGE_PROFILE, user)


def profile() -> Profile:
    """The effective profile of this process (package + user profile directory), read once."""
    return _profile_for(user_dir())


def clear_cache() -> None:
    """Forget the profiles read so far (after `reference add` wrote a new version, and in tests)."""
    _profile_for.cache_clear()
    _policy_text.cache_clear()
    _sids.cache_clear()

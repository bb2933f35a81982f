"""`terraform show -json PLANFILE` as read-only, typed wrappers keyed by resource address.

    plan = Plan.load(Path("modules/acme/bodocfg.plan.json"))
    plan.resource("aws_dynamodb_table.lock").values["hash_key"]        # "LockID"
    plan.resource("aws_iam_role.bodo_platform").json("assume_role_policy")
    plan.change("aws_s3_bucket.state").actions                          # ("create",)
    plan.config("aws_cloudwatch_metric_alarm.vcpu").references("alarm_actions")
    plan.outputs["role_arn"].known                                      # False before apply
    plan.drift["aws_dynamodb_table.lock"].actions                       # ("delete",): gone on refresh

Raw JSON stops here: nested values are frozen (mappings are read-only, lists are tuples).
There is no attribute fallthrough to the raw document; everything read is named below. A
plan without outputs, without changes or with child modules reads the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from generator.errors import CheckFailed

Json = Any
_EMPTY: Mapping[str, Json] = MappingProxyType({})


def freeze(value: Json) -> Json:
    if isinstance(value, dict):
        return MappingProxyType({key: freeze(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(freeze(item) for item in value)
    return value


def thaw(value: Json) -> Json:
    """A plain (mutable, JSON-serialisable) copy of a frozen value."""
    if isinstance(value, Mapping):
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [thaw(item) for item in value]
    return value


@dataclass(frozen=True)
class Resource:
    """A resource's values as planned (or as in the prior state); unknown values are absent."""

    address: str
    mode: str
    type: str
    name: str
    index: int | str | None
    values: Mapping[str, Json]

    def json(self, attribute: str) -> Json:
        """An attribute that holds a JSON document (policies), parsed and frozen."""
        raw = self.values.get(attribute)
        if not isinstance(raw, str):
            raise KeyError(f"{self.address}: {attribute} is not a known JSON string (got {raw!r})")
        return freeze(json.loads(raw))

    @classmethod
    def read(cls, data: Mapping[str, Json]) -> Resource:
        return cls(
            address=data["address"],
            mode=data.get("mode", "managed"),
            type=data["type"],
            name=data["name"],
            index=data.get("index"),
            values=freeze(data.get("values") or {}),
        )


@dataclass(frozen=True)
class Module:
    address: str
    """"" for the root module, else e.g. "module.network"."""
    resources: Mapping[str, Resource]
    children: Mapping[str, Module]

    def walk(self) -> Iterator[Resource]:
        yield from self.resources.values()
        for child in self.children.values():
            yield from child.walk()

    @classmethod
    def read(cls, data: Mapping[str, Json] | None, address: str = "") -> Module:
        data = data or {}
        children = {}
        for child in data.get("child_modules") or ():
            module = cls.read(child, child["address"])
            children[module.address] = module
        resources = {r.address: r for r in map(Resource.read, data.get("resources") or ())}
        return cls(address, MappingProxyType(resources), MappingProxyType(children))


@dataclass(frozen=True)
class Change:
    address: str
    type: str
    mode: str
    actions: tuple[str, ...]
    before: Mapping[str, Json] | None
    after: Mapping[str, Json] | None
    after_unknown: Mapping[str, Json]
    importing: str | None = None
    """The import id when the plan imports this resource (an `import` block), else None."""

    @property
    def symbol(self) -> str:
        if self.actions in {("delete", "create"), ("create", "delete")}:
            return "-/+"
        return {"create": "+", "update": "~", "delete": "-", "read": "<=", "no-op": " "}.get(
            self.actions[0], "?"
        )

    @property
    def is_noop(self) -> bool:
        return self.actions in {("no-op",), ("read",)}

    @classmethod
    def read(cls, data: Mapping[str, Json]) -> Change:
        change = data.get("change") or {}
        return cls(
            address=data["address"],
            type=data["type"],
            mode=data.get("mode", "managed"),
            actions=tuple(change.get("actions") or ("no-op",)),
            before=freeze(change.get("before")),
            after=freeze(change.get("after")),
            after_unknown=freeze(change.get("after_unknown") or {}),
            importing=(change.get("importing") or {}).get("id"),
        )


@dataclass(frozen=True)
class Output:
    name: str
    value: Json
    """None when not known until apply."""
    known: bool
    sensitive: bool
    actions: tuple[str, ...] = ("no-op",)


@dataclass(frozen=True)
class ConfigResource:
    """A resource block as written: each argument is a constant or references to other objects."""

    address: str
    type: str
    expressions: Mapping[str, Json]

    def references(self, argument: str) -> tuple[str, ...]:
        expression = self.expressions.get(argument) or _EMPTY
        return tuple(expression.get("references") or ())

    def constant(self, argument: str) -> Json:
        expression = self.expressions.get(argument) or _EMPTY
        if "constant_value" not in expression:
            raise KeyError(f"{self.address}: {argument} is not a constant")
        return expression["constant_value"]


def _config_resources(data: Mapping[str, Json] | None, prefix: str = "") -> Iterator[ConfigResource]:
    data = data or {}
    for resource in data.get("resources") or ():
        address = prefix + resource["address"]
        yield ConfigResource(address, resource["type"], freeze(resource.get("expressions") or {}))
    for name, call in (data.get("module_calls") or {}).items():
        yield from _config_resources(call.get("module"), f"{prefix}module.{name}.")


def _outputs(document: Mapping[str, Json]) -> dict[str, Output]:
    planned = (document.get("planned_values") or {}).get("outputs") or {}
    changes = document.get("output_changes") or {}
    outputs = {}
    for name in sorted(set(planned) | set(changes)):
        change = (changes.get(name) or {}).get
        known = not change("after_unknown", False) and (
            "value" in planned.get(name, {}) or change("after") is not None
        )
        value = planned.get(name, {}).get("value", change("after"))
        sensitive = bool(planned.get(name, {}).get("sensitive") or change("after_sensitive"))
        actions = tuple(change("actions") or ("no-op",))
        outputs[name] = Output(name, freeze(value) if known else None, known, sensitive, actions)
    return outputs


@dataclass(frozen=True)
class Plan:
    source: str
    terraform_version: str
    root: Module
    prior: Module
    changes: Mapping[str, Change]
    outputs: Mapping[str, Output]
    drift: Mapping[str, Change]
    """What terraform found changed outside it on refresh (`resource_drift`): a resource
    whose drift is a delete is no longer found and leaves the state (e.g. after a region change)."""
    configuration: Mapping[str, ConfigResource]

    @property
    def resources(self) -> Mapping[str, Resource]:
        """Every planned resource and data source, in every module, by full address."""
        return MappingProxyType({r.address: r for r in self.root.walk()})

    def managed(self) -> dict[str, Resource]:
        return {a: r for a, r in self.resources.items() if r.mode == "managed"}

    def _get(self, table: Mapping[str, Any], address: str, what: str) -> Any:
        if address not in table:
            known = ", ".join(sorted(table)) or "none"
            raise KeyError(f"{self.source}: no {what} {address!r} (the plan has: {known})")
        return table[address]

    def resource(self, address: str) -> Resource:
        return self._get(self.resources, address, "planned resource")  # type: ignore[no-any-return]

    def change(self, address: str) -> Change:
        return self._get(self.changes, address, "resource change")  # type: ignore[no-any-return]

    def config(self, address: str) -> ConfigResource:
        return self._get(self.configuration, address, "configured resource")  # type: ignore[no-any-return]

    def pending(self) -> list[Change]:
        """The managed resources' changes that would do something, in address order."""
        return [c for c in self.changes.values() if c.mode == "managed" and not c.is_noop]

    def imports(self) -> list[Change]:
        """The managed resources the plan imports (from `import` blocks), in address order."""
        return [c for c in self.changes.values() if c.mode == "managed" and c.importing is not None]

    def counts(self) -> tuple[int, int, int]:
        """(add, change, destroy), as terraform counts them: a replacement adds and destroys."""
        pending = self.pending()
        return (
            sum("create" in c.actions for c in pending),
            sum(c.actions == ("update",) for c in pending),
            sum("delete" in c.actions for c in pending),
        )

    @property
    def has_changes(self) -> bool:
        return (
            bool(self.pending())
            or bool(self.imports())
            or any(o.actions != ("no-op",) for o in self.outputs.values())
        )

    @classmethod
    def parse(cls, text: str, source: str = "<plan>") -> Plan:
        try:
            document = json.loads(text)
            if not isinstance(document, dict) or "format_version" not in document:
                raise ValueError("no format_version: not `terraform show -json` output")
            changes = {c.address: c for c in map(Change.read, document.get("resource_changes") or ())}
            drift = {c.address: c for c in map(Change.read, document.get("resource_drift") or ())}
            return cls(
                source=source,
                terraform_version=str(document.get("terraform_version", "")),
                root=Module.read((document.get("planned_values") or {}).get("root_module")),
                prior=Module.read(
                    ((document.get("prior_state") or {}).get("values") or {}).get("root_module")
                ),
                changes=MappingProxyType(dict(sorted(changes.items()))),
                outputs=MappingProxyType(_outputs(document)),
                drift=MappingProxyType(dict(sorted(drift.items()))),
                configuration=MappingProxyType(
                    {
                        c.address: c
                        for c in _config_resources((document.get("configuration") or {}).get("root_module"))
                    }
                ),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise CheckFailed(f"{source}: not a readable terraform plan JSON ({error})") from None

    @classmethod
    def load(cls, path: Path) -> Plan:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise CheckFailed(f"{path}: cannot read the plan JSON ({error.strerror})") from None
        return cls.parse(text, str(path))

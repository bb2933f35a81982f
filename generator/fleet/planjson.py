"""The parts of `terraform show -json PLANFILE` a fleet summary needs, as frozen dataclasses.

Raw JSON stops here: `read_plan(document)` turns it into a `PlanView` once. Only the root
module and its child modules' managed resources are read; data sources are not changes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

Json = Any


@dataclass(frozen=True)
class ResourceChange:
    address: str
    type: str
    actions: tuple[str, ...]
    before: Mapping[str, Json] | None
    after: Mapping[str, Json] | None
    after_unknown: Mapping[str, Json] = field(default_factory=dict)

    @property
    def creates(self) -> bool:
        return "create" in self.actions

    @property
    def deletes(self) -> bool:
        return "delete" in self.actions

    @property
    def updates(self) -> bool:
        return "update" in self.actions

    @property
    def replaces(self) -> bool:
        return self.creates and self.deletes

    def pending_document_change(self, attribute: str) -> bool:
        """True when this change may alter `attribute` (create, update, replace or delete)."""
        if self.actions in {("no-op",), ("read",)}:
            return False
        before = (self.before or {}).get(attribute)
        after = (self.after or {}).get(attribute)
        return before != after or bool(self.after_unknown.get(attribute))

    @property
    def label(self) -> str:
        if self.replaces:
            return "replace"
        return "/".join(self.actions)


@dataclass(frozen=True)
class PlanView:
    changes: tuple[ResourceChange, ...]
    prior: Mapping[str, Mapping[str, Json]]
    """Resource address -> attribute values in the state the plan started from."""

    @property
    def counts(self) -> tuple[int, int, int]:
        """(add, change, destroy) as terraform counts them: a replacement adds and destroys."""
        add = sum(1 for change in self.changes if change.creates)
        update = sum(1 for change in self.changes if change.updates)
        destroy = sum(1 for change in self.changes if change.deletes)
        return add, update, destroy

    @property
    def pending(self) -> tuple[ResourceChange, ...]:
        return tuple(c for c in self.changes if c.actions not in {("no-op",), ("read",)})


def _modules(module: Mapping[str, Json]) -> Iterator[Mapping[str, Json]]:
    yield module
    for child in module.get("child_modules", ()) or ():
        yield from _modules(child)


def _mapping(value: Json) -> Mapping[str, Json] | None:
    return value if isinstance(value, dict) else None


def read_plan(document: Mapping[str, Json]) -> PlanView:
    """The summary's view of a plan JSON document (format_version 1.x)."""
    changes = []
    for entry in document.get("resource_changes", ()) or ():
        if entry.get("mode", "managed") != "managed":
            continue
        change = entry.get("change", {})
        changes.append(
            ResourceChange(
                address=str(entry["address"]),
                type=str(entry.get("type", "")),
                actions=tuple(str(action) for action in change.get("actions", ())),
                before=_mapping(change.get("before")),
                after=_mapping(change.get("after")),
                after_unknown=_mapping(change.get("after_unknown")) or {},
            )
        )
    prior: dict[str, Mapping[str, Json]] = {}
    root = (document.get("prior_state") or {}).get("values", {}).get("root_module")
    if isinstance(root, dict):
        for module in _modules(root):
            for resource in module.get("resources", ()) or ():
                if resource.get("mode", "managed") == "managed":
                    prior[str(resource["address"])] = resource.get("values") or {}
    return PlanView(tuple(changes), prior)

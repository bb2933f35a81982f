"""Changes in a plan that would lose data or lose track of a resource, each with the safe way.

    for hazard in hazards(plan, Allowances(replace={"aws_s3_bucket.state"})):
        print(hazard.line())

Three kinds, read from the plan JSON (`generator.terraform.plan` wrappers):

- replace / delete: a resource type a component `protects()` (bucket, lock table, role,
  role policy) would be destroyed, with or without a new one after it (a rename, a
  removed component, a changed force-new argument);
- orphan: a managed resource of any type leaves the state but stays in the account. Either
  refresh no longer finds it (`resource_drift` shows a delete: the region changed, so the
  provider looks in another region) or the configuration `forget`s it (a `removed` block).

Each is refused unless the operator names its address (`--allow-replace ADDRESS`,
`--allow-orphan ADDRESS`). Planned imports (issue 14's adopt) read the same way: an
import that would also replace a protected resource is a replace.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from generator.components import COMPONENTS
from generator.delivery.planned import deleted_unconfirmed
from generator.terraform.plan import Change, Json, Plan

Kind = Literal["replace", "delete", "orphan"]


@cache
def protected_types() -> Mapping[str, str]:
    """Resource type -> what destroying one loses, from every registered component."""
    found: dict[str, str] = {}
    for component in COMPONENTS:
        found.update(component.protects())
    return found


@dataclass(frozen=True)
class Allowances:
    """Addresses the operator allowed to be replaced or deleted, and to leave the state."""

    replace: frozenset[str] = field(default_factory=frozenset)
    orphan: frozenset[str] = field(default_factory=frozenset)

    def allows(self, kind: Kind, address: str) -> bool:
        return address in (self.orphan if kind == "orphan" else self.replace)


NO_ALLOWANCES = Allowances()


def _name(values: Mapping[str, Json] | None) -> str:
    values = values or {}
    for key in ("bucket", "name", "id"):
        value = values.get(key)
        if isinstance(value, str) and value:
            return value
    return ""


def _region(values: Mapping[str, Json] | None) -> str:
    """The region a resource was in, from its `region` attribute or its ARN."""
    values = values or {}
    region = values.get("region")
    if isinstance(region, str) and region:
        return region
    arn = values.get("arn")
    parts = arn.split(":") if isinstance(arn, str) else []
    return parts[3] if len(parts) > 3 else ""


def _module_region(plan: Plan) -> str:
    """The region the module now uses: its `aws_region` data source, as planned or as read."""
    for resource in (*plan.root.walk(), *plan.prior.walk()):
        if resource.type == "aws_region" and resource.mode == "data":
            value = resource.values.get("name")
            if isinstance(value, str) and value:
                return value
    return ""


@dataclass(frozen=True)
class Hazard:
    kind: Kind
    address: str
    name: str
    """The resource's AWS name (bucket, table, role), "" when the plan does not say."""
    loses: str
    """What destroying it loses (replace, delete), or where it stays behind (orphan)."""
    safe_way: str

    @property
    def flag(self) -> str:
        return f"--allow-{'orphan' if self.kind == 'orphan' else 'replace'} {self.address}"

    def line(self) -> str:
        named = f"{self.address} ({self.name})" if self.name else self.address
        what = {
            "replace": f"would be destroyed and created again, losing {self.loses}",
            "delete": f"would be deleted, losing {self.loses}",
            "orphan": f"would leave the state and stay behind {self.loses}, unmanaged",
        }[self.kind]
        return f"{named} {what}; safe way: {self.safe_way}; to do it anyway: {self.flag}"


def _destroyed(change: Change, loses: str) -> Hazard:
    name = _name(change.before)
    if "create" in change.actions:
        renamed = _name(change.after)
        safe = (
            f"keep the name {name!r} in the spec"
            if renamed and renamed != name
            else "change the spec back, or move the data to a new resource first"
        )
        return Hazard("replace", change.address, name, loses, safe + ", then render and plan again")
    return Hazard(
        "delete",
        change.address,
        name,
        loses,
        "keep it in the spec; to remove the customer, offboard with `bodocfg destroy` (see its --help)",
    )


def _orphan(change: Change, now: str) -> Hazard:
    was = _region(change.before)
    name = _name(change.before)
    if was and now and was != now:
        return Hazard(
            "orphan",
            change.address,
            name,
            f"in {was} (the module now uses {now})",
            f"set `region: {was}` back, offboard that region first (`bodocfg destroy`), "
            f"then change the region and apply to create everything in {now}",
        )
    return Hazard(
        "orphan",
        change.address,
        name,
        "in the account",
        "keep the resource in the configuration, or delete it with `bodocfg destroy` before removing it",
    )


def hazards(plan: Plan, allowed: Allowances = NO_ALLOWANCES) -> list[Hazard]:
    """Every change in `plan` that would lose data or a resource, minus the allowed ones."""
    return [hazard for hazard in _all(plan) if not allowed.allows(hazard.kind, hazard.address)]


def _all(plan: Plan) -> Iterator[Hazard]:
    protected = protected_types()
    now = _module_region(plan)
    seen: set[str] = set()
    for change in plan.drift.values():
        if deleted_unconfirmed(change):  # SNS deleted it (nobody confirmed): gone, not left behind
            continue
        if change.mode == "managed" and change.actions == ("delete",):
            seen.add(change.address)
            yield _orphan(change, now)
    for change in plan.changes.values():
        if change.mode != "managed" or change.address in seen:
            continue
        if change.actions == ("forget",):
            yield _orphan(change, now)
        elif "delete" in change.actions and change.type in protected:
            yield _destroyed(change, protected[change.type])

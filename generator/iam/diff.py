"""New access: what a candidate policy allows that a baseline policy does not.

Both sides are sets of (action, resource) pairs: actions are expanded against the catalogue, and a
candidate pair is covered when some baseline Allow statement names the action, has a resource
pattern containing the candidate's (see `patterns.contains`), and carries no condition the
candidate drops or weakens (see `conditions.at_least_as_strict`). Unconditional candidate Deny
statements take pairs away; a baseline Deny the candidate lacks (or narrows) is new access too.

A pair whose resource can name nothing the action acts on (s3:GetObject on a bucket ARN) grants
nothing, so it is never new access (see `generator.policycheck`, which reports it instead).

Every uncovered pair is explained by one reason, in this order: the action appears nowhere in the
baseline (added action), a baseline statement would cover it but for its conditions (condition
dropped or weakened), or the baseline grants the action on narrower resources (resource widened).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from generator.iam.analysis import Analysis, CompiledStatement
from generator.iam.catalogue import Catalogue
from generator.iam.conditions import at_least_as_strict
from generator.iam.memo import Memo
from generator.iam.model import Conditions, Statement
from generator.iam.patterns import contained_in_any, contains
from generator.policycheck import default_validator


class Reason(StrEnum):
    ADDED_ACTION = "action not in the baseline"
    CONDITION = "condition dropped or weakened"
    RESOURCE = "resource wider than the baseline"
    DENY_REMOVED = "baseline Deny missing or narrowed"


@dataclass(frozen=True, slots=True)
class NewAccess:
    statement: Statement
    """The candidate statement (for DENY_REMOVED: the baseline Deny that is missing)."""
    reason: Reason
    actions: tuple[str, ...]
    """Canonical action names, sorted."""
    resources: tuple[str, ...]


class ServiceChange(NamedTuple):
    service: str
    added: int
    removed: int


def _literal_head(pattern: str) -> str:
    """The part of a resource pattern before its first wildcard: what anything it contains starts with."""
    cut = min((i for i in (pattern.find("*"), pattern.find("?")) if i >= 0), default=len(pattern))
    return pattern[:cut]


COVERAGE_KEPT = 2048
"""Resources (with their conditions) whose coverage a baseline keeps at a time (see `iam.memo`)."""
SPLITS_KEPT = 1024
"""Statements whose split against a baseline is kept (two sets each: a wildcard's are large)."""


_SERIALS = itertools.count()


_BY_SERVICE: Memo[tuple[frozenset[str], Catalogue], dict[str, frozenset[str]]] = Memo(16)


def _by_service(actions: frozenset[str], catalogue: Catalogue) -> dict[str, frozenset[str]]:
    """The actions by service: once per distinct set (a fleet's filled references all grant the
    same actions; only their resources differ)."""
    found = _BY_SERVICE[(actions, catalogue)]
    if found is None:
        grouped: dict[str, set[str]] = {}
        for action in actions:
            grouped.setdefault(catalogue.service[action], set()).add(action)
        found = _BY_SERVICE.put(
            (actions, catalogue), {service: frozenset(names) for service, names in grouped.items()}
        )
    return found


class Baseline:
    """A baseline policy, compiled, with memoised coverage per (resource, conditions)."""

    def __init__(self, analysis: Analysis, name: str, catalogue: Catalogue) -> None:
        self.serial = next(_SERIALS)
        """Names this baseline in memo keys for the whole process (an id() could be reused)."""
        self.analysis = analysis
        self.catalogue = catalogue
        self.name = name
        self.actions = analysis.allowed_actions
        self.actions_by_service = _by_service(self.actions, catalogue)
        self._scopes = tuple(
            (tuple((outer, _literal_head(outer)) for outer in grant.resources), grant.statement.conditions)
            for grant in analysis.allows
        )
        self._grants: Memo[tuple[str, Conditions | None], tuple[int, ...]] = Memo(COVERAGE_KEPT)
        self._split: Memo[int, tuple[frozenset[str], frozenset[str]]] = Memo(SPLITS_KEPT)
        """Statement key -> (its actions the baseline lacks, those it has too)."""
        self._unions: dict[tuple[int, ...], frozenset[str]] = {}
        """The actions of a set of baseline grants, by their indexes: every resource they cover
        shares one set (a baseline has a handful of grants, and few sets of them ever match)."""

    def _union(self, grants: tuple[int, ...]) -> frozenset[str]:
        found = self._unions.get(grants)
        if found is None:
            allows = self.analysis.allows
            found = self._unions[grants] = frozenset().union(*(allows[i].actions for i in grants))
        return found

    def split(self, compiled: CompiledStatement) -> tuple[frozenset[str], frozenset[str]]:
        """(the statement's actions the baseline grants nowhere, those it grants somewhere)."""
        found = self._split[compiled.key] if compiled.key >= 0 else None
        if found is None:
            actions = compiled.actions
            found = (actions - self.actions, actions & self.actions)
            if compiled.key >= 0:
                self._split.put(compiled.key, found)
        return found

    def grants(self, resource: str, conditions: Conditions | None) -> tuple[int, ...]:
        """Indexes of the baseline Allow statements whose resources contain `resource` and whose
        conditions `conditions` are at least as strict as (None: whatever their conditions)."""
        key = (resource, conditions)
        found = self._grants[key]
        if found is None:
            matching: list[int] = []
            for index, (patterns, grant_conditions) in enumerate(self._scopes):
                for outer, head in patterns:  # a cheap prefix test first: most resources fail it
                    if resource.startswith(head) and contains(outer, resource):
                        break
                else:
                    continue
                if conditions is None or at_least_as_strict(conditions, grant_conditions):
                    matching.append(index)
            found = self._grants.put(key, tuple(matching))
        return found

    def covered(self, resource: str, conditions: Conditions) -> frozenset[str]:
        """Every action some baseline grant allows on `resource` under `conditions`."""
        return self._union(self.grants(resource, conditions))

    def covered_ignoring_conditions(self, resource: str) -> frozenset[str]:
        return self._union(self.grants(resource, None))


_NOTHING: frozenset[str] = frozenset()


def _denied(denies: tuple[CompiledStatement, ...], resource: str) -> frozenset[str]:
    found: set[str] = set()
    for deny in denies:
        if not deny.statement.conditions and contained_in_any(deny.resources, resource):
            found |= deny.actions
    return frozenset(found)


MAX_LISTED_ACTIONS = 64


SUMMARISED_FROM = 6
_BY_INTERSECTION = 4096


def _names(
    actions: set[str] | frozenset[str], catalogue: Catalogue, services: frozenset[str] | None = None
) -> tuple[str, ...]:
    """Canonical names, sorted. Past MAX_LISTED_ACTIONS in all, a service with SUMMARISED_FROM or
    more of them is one entry, `s3 (164 actions)`; the others are still listed by name.
    `services`, when known, are the only services the actions can belong to."""
    canonical = catalogue.canonical
    if len(actions) <= MAX_LISTED_ACTIONS:
        return tuple(sorted(map(canonical.__getitem__, actions)))
    counts = _per_service(actions, catalogue, services)
    entries: list[str] = []
    for service, count in sorted(counts.items()):
        if count >= SUMMARISED_FROM:
            entries.append(f"{service} ({count} actions)")
        else:  # a few: by name (the service's own set against the actions: iterates the smaller)
            entries.extend(sorted(map(canonical.__getitem__, catalogue.by_service[service] & actions)))
    return tuple(entries)


def _per_service(
    actions: set[str] | frozenset[str], catalogue: Catalogue, services: frozenset[str] | None = None
) -> Mapping[str, int]:
    """How many of the actions each service has: by intersecting with the sets of the services
    they can come from, when those are known (or the actions are as many as `*` grants); else
    counted action by action, in C."""
    by_service = catalogue.by_service
    if services is not None:
        counts = {
            service: count
            for service in services
            if (known := by_service.get(service)) is not None and (count := len(known & actions))
        }
        if sum(counts.values()) == len(actions):
            return counts
    if len(actions) < _BY_INTERSECTION:
        return Counter(map(catalogue.service.__getitem__, actions))
    return {
        service: len(known & actions)
        for service, known in by_service.items()
        if not known.isdisjoint(actions)
    }


def services_of(statements: Iterable[CompiledStatement]) -> frozenset[str] | None:
    """The services the statements' actions can belong to (see `CompiledStatement.services`);
    None when some statement's cannot be told from its patterns."""
    found: list[frozenset[str]] = []
    for compiled in statements:
        if compiled.services is None:
            return None
        found.append(compiled.services)
    return frozenset().union(*found)


def _statement_new_access(
    compiled: CompiledStatement, baseline: Baseline, denies: tuple[CompiledStatement, ...]
) -> dict[Reason, tuple[set[str], list[str]]]:
    per_reason: dict[Reason, tuple[set[str], list[str]]] = {}
    conditions = compiled.statement.conditions
    granted = default_validator().granted
    for resource in compiled.resources:
        new = compiled.actions - baseline.covered(resource, conditions)
        if new:  # an action the resource names nothing of is granted nothing there: not new access
            new = granted(new, resource)
        if not new:
            continue
        if denies:
            new -= _denied(denies, resource)
        added = new - baseline.actions
        rest = new - added
        loose = rest & baseline.covered_ignoring_conditions(resource) if rest else _NOTHING
        for reason, actions in (
            (Reason.ADDED_ACTION, added),
            (Reason.CONDITION, loose),
            (Reason.RESOURCE, rest - loose),
        ):
            if actions:
                bucket = per_reason.setdefault(reason, (set(), []))
                bucket[0].update(actions)
                bucket[1].append(resource)
    return per_reason


def _deny_kept(theirs: CompiledStatement, candidate: Analysis) -> bool:
    return any(
        mine.actions >= theirs.actions
        and all(contained_in_any(mine.resources, r) for r in theirs.resources)
        and at_least_as_strict(theirs.statement.conditions, mine.statement.conditions)
        for mine in candidate.denies
    )


def statement_new_access(
    compiled: CompiledStatement,
    baseline: Baseline,
    catalogue: Catalogue,
    denies: tuple[CompiledStatement, ...] = (),
) -> list[NewAccess]:
    """What one Allow statement grants beyond the baseline (minus the policy's unconditional Denies)."""
    found = _statement_new_access(compiled, baseline, denies)
    services = (
        services_of((compiled,)) if any(len(a) > MAX_LISTED_ACTIONS for a, _ in found.values()) else None
    )
    return [
        NewAccess(
            compiled.statement, reason, _names(actions, catalogue, services), tuple(dict.fromkeys(resources))
        )
        for reason, (actions, resources) in found.items()
    ]


def missing_denies(candidate: Analysis, baseline: Baseline, catalogue: Catalogue) -> list[NewAccess]:
    """Baseline Deny statements the candidate lacks or narrows."""
    return [
        NewAccess(theirs.statement, Reason.DENY_REMOVED, _names(theirs.actions, catalogue), theirs.resources)
        for theirs in baseline.analysis.denies
        if not _deny_kept(theirs, candidate)
    ]


def new_access(candidate: Analysis, baseline: Baseline, catalogue: Catalogue) -> list[NewAccess]:
    """Every (action, resource) the candidate allows beyond the baseline, grouped by statement and reason."""
    found: list[NewAccess] = []
    for compiled in candidate.allows:
        found.extend(statement_new_access(compiled, baseline, catalogue, candidate.denies))
    found.extend(missing_denies(candidate, baseline, catalogue))
    return found


def service_changes(candidate: Analysis, baseline: Baseline) -> tuple[ServiceChange, ...]:
    """Per service, how many actions the candidate allows that the baseline does not, and vice versa:
    each Allow statement's actions split once against the baseline's (memoised by statement),
    then a union of each side."""
    extra_parts: list[frozenset[str]] = []
    kept_parts: list[frozenset[str]] = []
    extra_from: list[CompiledStatement] = []
    split = baseline.split
    for compiled in candidate.allows:
        extra, shared = split(compiled)
        if extra:
            extra_parts.append(extra)
            extra_from.append(compiled)
        kept_parts.append(shared)
    added: Mapping[str, int] = {}
    if extra_parts:
        extra = extra_parts[0] if len(extra_parts) == 1 else frozenset().union(*extra_parts)
        added = _per_service(extra, baseline.catalogue, services_of(extra_from))
    kept = frozenset().union(*kept_parts)
    removed = {
        service: count
        for service, actions in baseline.actions_by_service.items()
        if (count := len(actions - kept))
    }
    return tuple(
        ServiceChange(service, added.get(service, 0), removed.get(service, 0))
        for service in sorted(added.keys() | removed.keys())
    )

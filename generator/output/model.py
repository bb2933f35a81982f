"""The neutral report every formatter reads, shared by `lint` and (later) `scan`.

A command maps what its checker found into `Finding`s and `RuleMeta`s and hands a `Report` to one
of the formatters in `generator.output.FORMATTERS`; the formatters know nothing of IAM or checkov.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from operator import attrgetter
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True, slots=True)
class Location:
    file: str | None = None
    """Path of the file, as the user named it (relative paths stay relative)."""
    line: int | None = None
    column: int | None = None
    path: str = ""
    """Path inside the document, e.g. `Statement[2].Action[0]`."""
    logical: str | None = None
    """What inside the file holds the document, e.g. `locals.role_policy` or a resource address."""

    def __reduce__(self) -> tuple[type[Location], tuple[Any, ...]]:
        return Location, _LOCATION_FIELDS(self)  # see `_by_fields`


@dataclass(frozen=True, slots=True)
class RuleMeta:
    id: str
    title: str
    severity: Severity
    description: str


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    title: str
    severity: Severity
    message: str
    target: str
    """The customer module or file the finding belongs to."""
    location: Location = field(default_factory=Location)
    accepted_by_reference: bool = False
    """The baseline (Bodo's reference policy) grants the same risk: reported, never failing."""
    suppressed: str | None = None
    """The reason of the suppression that silenced it, if any."""
    declared: str | None = None
    """New access the customer's spec declares (role.additional_statements), with the spec's
    reason: reported as a declared addition, never failing (other rules still judge it)."""
    code: str | None = None
    """The IAM Access Analyzer issue code a validation finding corresponds to (`INVALID_ACTION`)."""
    fix: str | None = None
    """The fix, where one is clear (`did you mean arn:aws:s3:::data/*?`)."""

    def __reduce__(self) -> tuple[type[Finding], tuple[Any, ...]]:
        return Finding, _FINDING_FIELDS(self)  # see `_by_fields`

    def fails(self, threshold: Severity) -> bool:
        return (
            not self.accepted_by_reference
            and self.declared is None
            and self.suppressed is None
            and self.severity.rank >= threshold.rank
        )


@dataclass(frozen=True, slots=True)
class ServiceChange:
    service: str
    added: int
    removed: int

    def __reduce__(self) -> tuple[type[ServiceChange], tuple[Any, ...]]:
        return ServiceChange, _SERVICE_FIELDS(self)  # see `_by_fields`


@dataclass(frozen=True, slots=True)
class TargetSummary:
    target: str
    kind: str
    """module, policy, plan."""
    baseline: str | None = None
    services: tuple[ServiceChange, ...] = ()
    """Actions added/removed against the baseline, per service."""
    size: int | None = None
    """The policy's size as its quota counts it (characters, white space excluded)."""
    quota: int | None = None
    """The quota of its policy type (a role's inline policies: 10,240)."""

    def __reduce__(self) -> tuple[type[TargetSummary], tuple[Any, ...]]:
        return TargetSummary, _TARGET_FIELDS(self)  # see `_by_fields`


def _by_fields(cls: type) -> attrgetter[Any]:
    """A dataclass's fields in order, as its constructor takes them: what `__reduce__` pickles.
    Worker processes hand findings over pickled, and the slots dataclass's own state is restored
    field by field in Python: 4,900 findings loaded in 27 ms so, 14 ms by the constructor (and
    dumped in 9 ms, not 28); 584 target summaries with their 7,636 service changes in 15 ms so,
    5 ms by the constructor."""
    return attrgetter(*(f.name for f in fields(cls)))


_LOCATION_FIELDS = _by_fields(Location)
_FINDING_FIELDS = _by_fields(Finding)
_TARGET_FIELDS = _by_fields(TargetSummary)
_SERVICE_FIELDS = _by_fields(ServiceChange)


@dataclass(frozen=True)
class Report:
    tool: str
    version: str
    rules: tuple[RuleMeta, ...]
    findings: tuple[Finding, ...]
    fail_on: Severity = Severity.ERROR
    targets: tuple[TargetSummary, ...] = ()
    checked: tuple[str, ...] = ()
    """Names of every target looked at, findings or not."""
    command: str = "lint"
    """The command that made it: lint or scan."""

    @property
    def failing(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.fails(self.fail_on))

    @property
    def failed(self) -> bool:
        return any(f.fails(self.fail_on) for f in self.findings)

    def count(self, severity: Severity) -> int:
        return sum(
            1
            for f in self.findings
            if f.severity is severity
            and not f.accepted_by_reference
            and f.declared is None
            and f.suppressed is None
        )

    @property
    def declared(self) -> tuple[Finding, ...]:
        """New access the specs declare, each with its reason."""
        return tuple(f for f in self.findings if f.declared is not None and f.suppressed is None)

    @property
    def accepted(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.accepted_by_reference and f.suppressed is None)

    @property
    def suppressed(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.suppressed is not None)

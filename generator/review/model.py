"""What a review page shows, computed in Python: the templates only lay these values out."""

from __future__ import annotations

from dataclasses import dataclass

from generator.review.access import AccessMatrix, Chart


@dataclass(frozen=True)
class ResourceView:
    pattern: str
    """As the policy writes it, plan-time values shown as `<account-id>`, `<region>`, `<partition>`."""
    words: str


@dataclass(frozen=True)
class StatementView:
    label: str
    effect: str
    action_element: str
    """`Action` or `NotAction`."""
    actions: tuple[str, ...]
    action_count: int
    """Distinct catalogue actions the patterns expand to (NotAction: everything else)."""
    resource_element: str
    resources: tuple[ResourceView, ...]
    conditions: str
    """The Condition block in words; empty when there is none."""


@dataclass(frozen=True)
class NewAccessView:
    statement: str
    reason: str
    actions: tuple[str, ...]
    resources: tuple[str, ...]
    declared: str = ""
    """The spec's reason when the statement is a declared addition (role.additional_statements)."""


@dataclass(frozen=True)
class ServiceChangeView:
    service: str
    added: int
    removed: int


@dataclass(frozen=True)
class RiskView:
    rule_id: str
    title: str
    description: str
    subjects: tuple[str, ...]

    @property
    def expanded(self) -> bool:
        """Short lists are shown open; long ones (e.g. 147 actions on `*`) start folded."""
        return len(self.subjects) <= 20


@dataclass(frozen=True)
class FindingView:
    rule_id: str
    severity: str
    message: str
    where: str
    suppressed: str = ""
    """The reason it is suppressed (a checkov:skip comment, a suppressions file), if it is."""

    @property
    def badge(self) -> str:
        """CSS class of the severity badge: suppressed findings are shown muted, whatever their severity."""
        return "muted" if self.suppressed else self.severity


@dataclass(frozen=True)
class ScanSection:
    included: bool
    note: str
    findings: tuple[FindingView, ...]
    """Active findings first, then the suppressed ones."""


@dataclass(frozen=True)
class TrustView:
    sentences: tuple[str, ...]
    external_id: str | None
    principals: tuple[str, ...]


@dataclass(frozen=True)
class TextBar:
    label: str
    bar: str
    total: int


@dataclass(frozen=True)
class Review:
    customer: str
    source: str
    region: str
    tool: str
    statement_count: int
    service_count: int
    matrix: AccessMatrix
    chart: Chart
    text_chart: tuple[TextBar, ...]
    text_legend: str
    statements: tuple[StatementView, ...]
    trust: TrustView
    new_access: tuple[NewAccessView, ...]
    service_changes: tuple[ServiceChangeView, ...]
    accepted: tuple[RiskView, ...]
    findings: tuple[FindingView, ...]
    """Active findings of `bodocfg lint` (not accepted by reference, not suppressed)."""
    scan: ScanSection

    @property
    def undeclared(self) -> tuple[NewAccessView, ...]:
        """New access nobody declared: each needs a reason before approval."""
        return tuple(item for item in self.new_access if not item.declared)

    @property
    def declared_count(self) -> int:
        return len(self.new_access) - len(self.undeclared)

    @property
    def accepted_subject_count(self) -> int:
        return sum(len(risk.subjects) for risk in self.accepted)

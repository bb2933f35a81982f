"""Assemble one customer's `Review` from the linter's view of the module.

Everything security-relevant comes from the same engine as `bodocfg lint`: the documents
(`read_module`), the compiled policy (`analyse`), new access (`generator.iam.diff.new_access`
against the reference filled with the module's values) and what the reference itself grants that
is risky (the baseline's accepted-by-reference subjects, per rule).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator import __version__
from generator.iam.analysis import Analysis, analyse
from generator.iam.catalogue import Catalogue
from generator.iam.diff import new_access, service_changes
from generator.iam.model import Policy, Statement
from generator.lint.engine import Linter
from generator.lint.findings import meta
from generator.lint.inputs import Document
from generator.lint.rules import RULES, DocumentRole
from generator.output.model import Finding
from generator.review import words
from generator.review.access import ACCESS_LEVELS, AccessMatrix, access_matrix, chart
from generator.review.inputs import ModuleInput, role_policies
from generator.review.model import (
    FindingView,
    NewAccessView,
    ResourceView,
    Review,
    RiskView,
    ScanSection,
    ServiceChangeView,
    StatementView,
    TextBar,
    TrustView,
)
from generator.review.scan import ScanResults, scan_section

TEXT_BAR_WIDTH = 40
TEXT_GLYPHS = dict(zip(ACCESS_LEVELS, ("░", "▒", "▓", "█", "·"), strict=True))


def _document(item: ModuleInput, role: DocumentRole) -> Document | None:
    return next((d for d in item.target.documents if d.role is role), None)


def _identity(item: ModuleInput) -> Document | None:
    """The role's inline policies (the reference, then the declared statements) as one document,
    with the declared statements' reasons at their place in it."""
    documents = [d for d in item.target.documents if d.role is DocumentRole.IDENTITY]
    if len(documents) < 2:
        return documents[0] if documents else None
    policy = role_policies([d.policy for d in documents])
    assert policy is not None
    declared: list[tuple[int, str]] = []
    offset = 0
    for document in documents:
        declared.extend((offset + index, reason) for index, reason in document.declared)
        offset += len(document.policy.statements)
    return replace(documents[0], policy=policy, logical="role", declared=tuple(declared))


def _statement_view(shown: Statement, compiled_count: int) -> StatementView:
    return StatementView(
        label=shown.label,
        effect=shown.effect,
        action_element=shown.action_element,
        actions=shown.actions,
        action_count=compiled_count,
        resource_element=shown.resource_element,
        resources=tuple(ResourceView(r, words.resource(r)) for r in shown.resources or ("*",)),
        conditions=words.conditions(shown),
    )


def _statements(shown: Policy | None, analysis: Analysis | None) -> tuple[StatementView, ...]:
    if shown is None or analysis is None:
        return ()
    return tuple(
        _statement_view(statement, len(compiled.actions))
        for statement, compiled in zip(shown.statements, analysis.statements, strict=True)
    )


def _trust(item: ModuleInput) -> TrustView:
    policy = item.trust_policy
    vendors = item.target.vendor_accounts
    if policy is None:
        return TrustView(("The module has no readable trust policy.",), None, ())
    external_ids = sorted(
        value
        for statement in policy.statements
        for clause in statement.conditions
        if clause.key == "sts:externalid"
        for value in clause.values
    )
    principals = tuple(
        dict.fromkeys(p.value for statement in policy.statements for p in statement.principals)
    )
    return TrustView(
        tuple(words.trust_sentence(s, vendors) for s in policy.statements),
        ", ".join(external_ids) or None,
        principals,
    )


def _finding_view(finding: Finding) -> FindingView:
    location = finding.location
    where = " ".join(part for part in (location.logical or "", location.path) if part)
    return FindingView(finding.rule_id, str(finding.severity), finding.message, where)


def _text_chart(matrix: AccessMatrix) -> tuple[tuple[TextBar, ...], str]:
    largest = max((row.total for row in matrix.rows), default=0) or 1
    bars = []
    for row in matrix.rows:
        text = ""
        for level, count in zip(matrix.levels, row.counts, strict=True):
            cells = round(TEXT_BAR_WIDTH * count / largest)
            text += TEXT_GLYPHS[level] * (cells if count == 0 or cells else 1)
        bars.append(TextBar(row.service, text, row.total))
    legend = "  ".join(f"{glyph} {level}" for level, glyph in TEXT_GLYPHS.items())
    return tuple(bars), legend


def _accepted(accepted: dict[str, frozenset[str]]) -> tuple[RiskView, ...]:
    views = []
    for rule in RULES:
        subjects = accepted.get(rule.id)
        if subjects:
            info = meta(rule.id)
            views.append(RiskView(rule.id, info.title, info.description, tuple(sorted(subjects))))
    return tuple(views)


def build_review(
    item: ModuleInput, linter: Linter, scan: ScanResults | None = None, scan_note: str = ""
) -> Review:
    catalogue: Catalogue = linter.catalogue
    report = linter.targets([item.target])
    identity = _identity(item)
    analysis = analyse(identity.policy, catalogue) if identity else None
    entry = linter.baselines.get(identity.fill, identity.reference) if identity else None
    matrix = access_matrix(analysis, catalogue) if analysis else AccessMatrix(())
    new = new_access(analysis, entry.baseline, catalogue) if analysis and entry else []
    changes = service_changes(analysis, entry.baseline) if analysis and entry else ()
    text_bars, text_legend = _text_chart(matrix)
    statements = _statements(item.role_policy, analysis)
    reasons = dict(identity.declared) if identity else {}
    return Review(
        customer=item.customer,
        source=item.source,
        region=item.region or "unknown",
        tool=f"bodocfg {__version__}",
        statement_count=len(statements),
        service_count=len(matrix.rows),
        matrix=matrix,
        chart=chart(matrix),
        text_chart=text_bars,
        text_legend=text_legend,
        statements=statements,
        trust=_trust(item),
        new_access=tuple(
            NewAccessView(
                n.statement.label, str(n.reason), n.actions, n.resources, reasons.get(n.statement.index, "")
            )
            for n in new
        ),
        service_changes=tuple(ServiceChangeView(c.service, c.added, c.removed) for c in changes),
        accepted=_accepted(entry.accepted if entry else {}),
        findings=tuple(
            _finding_view(f)
            for f in report.findings
            if not f.accepted_by_reference and f.suppressed is None and f.declared is None
        ),
        scan=scan_section(scan, item.customer, Path(item.source), scan_note),
    )


__all__ = ["ScanSection", "build_review"]

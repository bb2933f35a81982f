"""`--format markdown`: a review ready to paste as a pull-request comment.

Verdict first, then what fails the run, other active findings, the per-service access changes
against the baseline, and, folded, what the reference policy itself grants that is risky
(accepted by reference) and what is suppressed with its reason.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.output.model import Finding, Report, Severity

_ICON = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}


def cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _where(finding: Finding) -> str:
    location = finding.location
    where = location.file or finding.target
    if location.line is not None:
        where += f":{location.line}"
    inside = " ".join(part for part in (location.logical or "", location.path) if part)
    return f"`{where}` {inside}".strip()


def _table(findings: Iterable[Finding], extra: str | None = None) -> list[str]:
    header = "| Severity | Rule | Target | Where | Finding |" + (f" {extra} |" if extra else "")
    rule = "|---|---|---|---|---|" + ("---|" if extra else "")
    rows = [header, rule]
    for f in findings:
        rule_id = f"{f.rule_id} `{f.code}`" if f.code else f.rule_id
        cells = (_ICON[f.severity], rule_id, cell(f.target), cell(_where(f)), cell(f.message))
        row = "| " + " | ".join(cells) + " |"
        if extra:
            row += f" {cell(f.suppressed or f.declared or '')} |"
        rows.append(row)
    return rows


def render(report: Report) -> str:
    failing = report.failing
    verdict = "FAILED" if report.failed else "passed"
    lines = [
        f"## {report.tool} {report.command}: {verdict}",
        "",
        f"{len(report.checked)} target(s) checked; fail-on `{report.fail_on}`: "
        f"{report.count(Severity.ERROR)} error(s), {report.count(Severity.WARNING)} warning(s), "
        f"{report.count(Severity.INFO)} info, {len(report.accepted)} accepted by reference, "
        f"{len(report.declared)} declared addition(s), {len(report.suppressed)} suppressed.",
        "",
    ]
    if failing:
        lines += ["### Findings that fail the run", "", *_table(failing), ""]
    others = [
        f
        for f in report.findings
        if not f.fails(report.fail_on) and not f.accepted_by_reference and not f.suppressed and not f.declared
    ]
    if others:
        lines += ["### Other findings", "", *_table(others), ""]
    changed = [t for t in report.targets if t.services]
    if report.targets:
        lines += ["### Access against the baseline", ""]
        if changed:
            lines += ["| Target | Service | Actions added | Actions removed |", "|---|---|---|---|"]
            for target in changed:
                for change in target.services:
                    lines.append(
                        f"| {cell(target.target)} | {change.service} | {change.added} | {change.removed} |"
                    )
        else:
            lines.append("Every policy allows exactly the baseline's actions.")
        lines.append("")
    if report.declared:
        lines += [
            f"### Declared additions ({len(report.declared)})",
            "",
            "Access beyond the reference policy that the customer's spec declares, with its reason "
            "(`role.additional_statements`); every other rule still judges it.",
            "",
            *_table(report.declared, extra="Reason"),
            "",
        ]
    if report.accepted:
        lines += [
            f"<details><summary>Accepted by reference ({len(report.accepted)}): risky access the "
            "Bodo-Platform reference policy itself grants</summary>",
            "",
            *_table(report.accepted),
            "",
            "</details>",
            "",
        ]
    if report.suppressed:
        lines += [
            f"<details><summary>Suppressed ({len(report.suppressed)})</summary>",
            "",
            *_table(report.suppressed, extra="Reason"),
            "",
            "</details>",
            "",
        ]
    return "\n".join(lines)

"""`--format text`: one line per finding, compiler style, then a summary line.

FILE:LINE:COL: SEVERITY RULE [ACCESS-ANALYZER-CODE] [TARGET] PATH: MESSAGE
"""

from __future__ import annotations

from generator.output.model import Finding, Report, Severity


def _where(finding: Finding) -> str:
    location = finding.location
    where = location.file or finding.target
    if location.line is not None:
        where += f":{location.line}"
        if location.column is not None:
            where += f":{location.column}"
    return where


def _line(finding: Finding, skip_words: bool = False) -> str:
    """One finding; with `skip_words` (scan) a suppressed check reads as skipped, with its reason."""
    location = finding.location
    inside = " ".join(part for part in (location.logical or "", location.path) if part)
    code = f" {finding.code}" if finding.code else ""
    skipped = skip_words and finding.suppressed is not None
    status = "skipped" if skipped else str(finding.severity)
    text = f"{_where(finding)}: {status} {finding.rule_id}{code} [{finding.target}]"
    if inside:
        text += f" {inside}"
    text += f": {finding.message}"
    if finding.suppressed is not None:
        text += f" [{'reason' if skipped else 'suppressed'}: {finding.suppressed}]"
    return text


def _scan_summary(report: Report, verdict: str) -> str:
    """scan's own words: failed checks and skipped ones (lint's reference words do not apply)."""
    return (
        f"{report.tool} {report.command}: {len(report.checked)} target(s), "
        f"{report.count(Severity.ERROR)} failed check(s), {report.count(Severity.WARNING)} warning(s), "
        f"{len(report.suppressed)} skipped (each with its reason): {verdict} (fail-on {report.fail_on})"
    )


def render(report: Report) -> str:
    scan = report.command == "scan"
    lines = [_line(f, skip_words=scan) for f in report.findings if not f.accepted_by_reference]
    for target in report.targets:
        if target.size is not None and target.quota is not None:
            left = target.quota - target.size
            state = f"{left:,} remain" if left >= 0 else f"{-left:,} over"
            lines.append(
                f"{target.target}: policy size {target.size:,} of {target.quota:,} characters ({state})"
            )
        if target.services:
            changes = ", ".join(f"{c.service} +{c.added}/-{c.removed}" for c in target.services)
            lines.append(f"{target.target}: actions vs {target.baseline}: {changes}")
    verdict = "FAILED" if report.failed else "passed"
    if scan:
        lines.append(_scan_summary(report, verdict))
        return "\n".join(lines) + "\n"
    lines.append(
        f"{report.tool} {report.command}: {len(report.checked)} target(s), "
        f"{report.count(Severity.ERROR)} error(s), {report.count(Severity.WARNING)} warning(s), "
        f"{report.count(Severity.INFO)} info, {len(report.accepted)} accepted by reference, "
        f"{len(report.declared)} declared addition(s), "
        f"{len(report.suppressed)} suppressed: {verdict} (fail-on {report.fail_on})"
    )
    return "\n".join(lines) + "\n"

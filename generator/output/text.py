"""`--format text`: one line per finding, compiler style, then a summary line.

FILE:LINE:COL: SEVERITY RULE [ACCESS-ANALYZER-CODE] [TARGET] PATH: MESSAGE
"""

from __future__ import annotations

from typing import TextIO

from generator.output.model import Finding, Report, RuleMeta, Severity, TargetSummary
from generator.output.stream import ReportHead, ReportWriter, Spool, render_with


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


class TextWriter(ReportWriter):
    """Finding lines and per-target change lines spooled; the summary line last."""

    def __init__(self, fail_on: Severity, rules: tuple[RuleMeta, ...] = (), command: str = "lint") -> None:
        super().__init__(fail_on, rules)
        self.scan = command == "scan"
        """scan's words: failed checks, and suppressed ones skipped with their reason."""
        self.lines = Spool()
        self.changes = Spool()

    def add_finding(self, finding: Finding) -> None:
        if not finding.accepted_by_reference:
            self.lines.write(_line(finding, skip_words=self.scan) + "\n")

    def add_target(self, summary: TargetSummary) -> None:
        if summary.size is not None and summary.quota is not None:
            left = summary.quota - summary.size
            state = f"{left:,} remain" if left >= 0 else f"{-left:,} over"
            self.changes.write(
                f"{summary.target}: policy size {summary.size:,} of {summary.quota:,} characters ({state})\n"
            )
        if summary.services:
            changes = ", ".join(f"{c.service} +{c.added}/-{c.removed}" for c in summary.services)
            self.changes.write(f"{summary.target}: actions vs {summary.baseline}: {changes}\n")

    def finish(self, head: ReportHead, out: TextIO) -> None:
        self.lines.copy_to(out)
        self.changes.copy_to(out)
        tally = self.tally
        verdict = "FAILED" if tally.failed else "passed"
        head_line = f"{head.tool} {head.command}: {head.checked} target(s), "
        if self.scan:  # lint's reference words do not apply
            out.write(
                f"{head_line}{tally.count(Severity.ERROR)} failed check(s), "
                f"{tally.count(Severity.WARNING)} warning(s), {tally.suppressed} skipped (each with its "
                f"reason): {verdict} (fail-on {head.fail_on})\n"
            )
            return
        out.write(
            f"{head_line}{tally.count(Severity.ERROR)} error(s), {tally.count(Severity.WARNING)} warning(s), "
            f"{tally.count(Severity.INFO)} info, {tally.accepted} accepted by reference, "
            f"{tally.declared} declared addition(s), "
            f"{tally.suppressed} suppressed: {verdict} (fail-on {head.fail_on})\n"
        )


def render(report: Report) -> str:
    return render_with(TextWriter(report.fail_on, report.rules, report.command), report)

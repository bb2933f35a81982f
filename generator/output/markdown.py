"""`--format markdown`: a review ready to paste as a pull-request comment.

Verdict first, then what fails the run, other active findings, the per-service access changes
against the baseline, and, folded, what the reference policy itself grants that is risky
(accepted by reference) and what is suppressed with its reason.
"""

from __future__ import annotations

from typing import TextIO

from generator.output.model import Finding, Report, RuleMeta, Severity, TargetSummary
from generator.output.stream import ReportHead, ReportWriter, Spool, render_with

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


def _row(finding: Finding, extra: bool = False) -> str:
    f = finding
    rule_id = f"{f.rule_id} `{f.code}`" if f.code else f.rule_id
    cells = (_ICON[f.severity], rule_id, cell(f.target), cell(_where(f)), cell(f.message))
    row = "| " + " | ".join(cells) + " |"
    if extra:
        row += f" {cell(f.suppressed or f.declared or '')} |"
    return row + "\n"


def _table_head(extra: str | None = None) -> str:
    header = "| Severity | Rule | Target | Where | Finding |" + (f" {extra} |" if extra else "")
    rule = "|---|---|---|---|---|" + ("---|" if extra else "")
    return f"{header}\n{rule}\n"


class MarkdownWriter(ReportWriter):
    """One spool per section (failing, other, accepted, suppressed findings; access changes)."""

    def __init__(self, fail_on: Severity, rules: tuple[RuleMeta, ...] = ()) -> None:
        super().__init__(fail_on, rules)
        self.failing = Spool()
        self.others = Spool()
        self.accepted = Spool()
        self.declared = Spool()
        self.suppressed = Spool()
        self.changes = Spool()

    def add_finding(self, finding: Finding) -> None:
        if finding.suppressed is not None:
            self.suppressed.write(_row(finding, extra=True))
            return
        if finding.accepted_by_reference:
            self.accepted.write(_row(finding))
        if finding.declared is not None:
            self.declared.write(_row(finding, extra=True))
        if finding.fails(self.tally.fail_on):
            self.failing.write(_row(finding))
        elif not finding.accepted_by_reference and finding.declared is None:
            self.others.write(_row(finding))

    def add_target(self, summary: TargetSummary) -> None:
        for change in summary.services:
            self.changes.write(
                f"| {cell(summary.target)} | {change.service} | {change.added} | {change.removed} |\n"
            )

    def finish(self, head: ReportHead, out: TextIO) -> None:
        tally = self.tally
        verdict = "FAILED" if tally.failed else "passed"
        out.write(
            f"## {head.tool} {head.command}: {verdict}\n\n"
            f"{head.checked} target(s) checked; fail-on `{head.fail_on}`: "
            f"{tally.count(Severity.ERROR)} error(s), {tally.count(Severity.WARNING)} warning(s), "
            f"{tally.count(Severity.INFO)} info, {tally.accepted} accepted by reference, "
            f"{tally.declared} declared addition(s), {tally.suppressed} suppressed.\n"
        )
        # Each section starts with the blank line that ends the one before it.
        for title, spool in (("Findings that fail the run", self.failing), ("Other findings", self.others)):
            if not spool.empty:
                out.write(f"\n### {title}\n\n{_table_head()}")
                spool.copy_to(out)
        if tally.targets:
            out.write("\n### Access against the baseline\n\n")
            if self.changes.empty:
                out.write("Every policy allows exactly the baseline's actions.\n")
            else:
                out.write("| Target | Service | Actions added | Actions removed |\n|---|---|---|---|\n")
                self.changes.copy_to(out)
        if not self.declared.empty:
            out.write(
                f"\n### Declared additions ({tally.declared})\n\n"
                "Access beyond the reference policy that the customer's spec declares, with its reason "
                "(`role.additional_statements`); every other rule still judges it.\n\n"
                + _table_head("Reason")
            )
            self.declared.copy_to(out)
        if not self.accepted.empty:
            out.write(
                f"\n<details><summary>Accepted by reference ({tally.accepted}): risky access the "
                f"Bodo-Platform reference policy itself grants</summary>\n\n{_table_head()}"
            )
            self.accepted.copy_to(out)
            out.write("\n</details>\n")
        if not self.suppressed.empty:
            out.write(
                f"\n<details><summary>Suppressed ({tally.suppressed})</summary>\n\n{_table_head('Reason')}"
            )
            self.suppressed.copy_to(out)
            out.write("\n</details>\n")


def render(report: Report) -> str:
    return render_with(MarkdownWriter(report.fail_on, report.rules), report)

"""`--format json`: the whole report as one JSON object (stable keys, sorted as below).

Schema (version 1)::

    {
      "schema_version": 1,
      "tool": {"name": "bodocfg", "version": "0.1.0", "command": "lint"},
      "fail_on": "error" | "warning",
      "failed": bool,                         # true exactly when the exit code is 1
      "summary": {"targets": int, "error": int, "warning": int, "info": int,
                  "accepted_by_reference": int, "declared": int, "suppressed": int},
                                              # error/warning/info count active findings only
      "targets": [                            # one per linted identity document with a baseline
        {"target": str, "kind": "module" | "policy" | "plan", "baseline": str | null,
         "services": [{"service": str, "added": int, "removed": int}],   # actions vs baseline
         "size": int | null, "quota": int | null}   # characters as the quota counts them
      ],
      "findings": [
        {"rule_id": "BDL001", "title": str, "severity": "error" | "warning" | "info",
         "message": str, "target": str,
         "file": str | null, "line": int | null, "column": int | null,   # 1-based
         "path": str,                         # inside the policy, e.g. "Statement[2].Action[0]"
         "logical_location": str | null,      # e.g. "local.role_policy", a resource address
         "accepted_by_reference": bool,       # the baseline grants the same: never fails
         "suppressed": null | {"reason": str},
         "declared": null | {"reason": str},  # BDL006: the spec declares it, with this reason
         "access_analyzer_code": str | null,  # validation findings: IAM Access Analyzer's issue code
         "fix": str | null}                   # where one is clear
      ],
      "rules": [{"id": str, "title": str, "severity": str, "description": str}]
    }
"""

from __future__ import annotations

from json import dumps
from json.encoder import encode_basestring_ascii as _quote
from typing import TextIO

from generator.output.model import Finding, Report, RuleMeta, Severity, TargetSummary
from generator.output.stream import ReportHead, ReportWriter, Spool, render_with

SCHEMA_VERSION = 1
_INDENT = "  "


def _scalar(value: str | int | None) -> str:
    """A value as `json.dumps` writes it (strings ASCII-escaped, as its default)."""
    if value is None:
        return "null"
    return _quote(value) if isinstance(value, str) else str(value)


def _reason(reason: str | None) -> str:
    return "null" if reason is None else '{\n        "reason": ' + _quote(reason) + "\n      }"


def _finding(finding: Finding) -> str:
    """One entry of `findings`, exactly as `json.dumps(..., indent=2)` indents it there."""
    location = finding.location
    suppressed = _reason(finding.suppressed)
    declared = _reason(finding.declared)
    return (
        "    {\n"
        f'      "rule_id": {_quote(finding.rule_id)},\n'
        f'      "title": {_quote(finding.title)},\n'
        f'      "severity": {_quote(str(finding.severity))},\n'
        f'      "message": {_quote(finding.message)},\n'
        f'      "target": {_quote(finding.target)},\n'
        f'      "file": {_scalar(location.file)},\n'
        f'      "line": {_scalar(location.line)},\n'
        f'      "column": {_scalar(location.column)},\n'
        f'      "path": {_quote(location.path)},\n'
        f'      "logical_location": {_scalar(location.logical)},\n'
        f'      "accepted_by_reference": {"true" if finding.accepted_by_reference else "false"},\n'
        f'      "suppressed": {suppressed},\n'
        f'      "declared": {declared},\n'
        f'      "access_analyzer_code": {_scalar(finding.code)},\n'
        f'      "fix": {_scalar(finding.fix)}\n'
        "    }"
    )


def _target(summary: TargetSummary) -> str:
    services = ",\n".join(
        "        {\n"
        f'          "service": {_quote(c.service)},\n'
        f'          "added": {c.added},\n'
        f'          "removed": {c.removed}\n'
        "        }"
        for c in summary.services
    )
    return (
        "    {\n"
        f'      "target": {_quote(summary.target)},\n'
        f'      "kind": {_quote(summary.kind)},\n'
        f'      "baseline": {_scalar(summary.baseline)},\n'
        f'      "services": {"[" + chr(10) + services + chr(10) + "      ]" if services else "[]"},\n'
        f'      "size": {_scalar(summary.size)},\n'
        f'      "quota": {_scalar(summary.quota)}\n'
        "    }"
    )


def _indented(value: object, depth: int) -> str:
    """`json.dumps(value, indent=2)` as it stands `depth` levels deep (small parts only)."""
    return dumps(value, indent=2).replace("\n", "\n" + _INDENT * depth)


class JsonWriter(ReportWriter):
    """Findings and targets spooled as their text; the summary (counts) written before them."""

    def __init__(self, fail_on: Severity, rules: tuple[RuleMeta, ...] = ()) -> None:
        super().__init__(fail_on, rules)
        self.findings = Spool(",\n")
        self.targets = Spool(",\n")

    def add_finding(self, finding: Finding) -> None:
        self.findings.item(_finding(finding))

    def add_target(self, summary: TargetSummary) -> None:
        self.targets.item(_target(summary))

    def finish(self, head: ReportHead, out: TextIO) -> None:
        tally = self.tally
        start = {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": head.tool, "version": head.version, "command": head.command},
            "fail_on": str(head.fail_on),
            "failed": tally.failed,
            "summary": {
                "targets": head.checked,
                "error": tally.count(Severity.ERROR),
                "warning": tally.count(Severity.WARNING),
                "info": tally.count(Severity.INFO),
                "accepted_by_reference": tally.accepted,
                "declared": tally.declared,
                "suppressed": tally.suppressed,
            },
        }
        out.write(_indented(start, 0)[:-2] + ",\n")  # the object left open after "summary"
        for name, spool in (("targets", self.targets), ("findings", self.findings)):
            if spool.empty:
                out.write(f'  "{name}": [],\n')
            else:
                out.write(f'  "{name}": [\n')
                spool.copy_to(out)
                out.write("\n  ],\n")
        rules = [
            {"id": r.id, "title": r.title, "severity": str(r.severity), "description": r.description}
            for r in head.rules
        ]
        out.write(f'  "rules": {_indented(rules, 1)}\n}}\n')


def render(report: Report) -> str:
    return render_with(JsonWriter(report.fail_on, report.rules), report)

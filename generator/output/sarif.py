"""`--format sarif`: SARIF 2.1.0 (OASIS), for GitHub code scanning and IDEs.

One run; `tool.driver.rules` from the report's rule catalogue; each finding a result with its
level (error/warning/note), a physical location (file, line, column) when known and a logical
location (the path inside the policy). Suppressed findings carry an external, accepted
suppression with its reason; accepted-by-reference ones are notes with
`properties.acceptedByReference`. Validated against the official schema in the test suite.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring_ascii as _quote
from pathlib import PurePath
from typing import Any, TextIO

from generator.output.model import Finding, Report, RuleMeta, Severity, TargetSummary
from generator.output.stream import ReportHead, ReportWriter, Spool, render_with

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(file: str) -> str:
    path = PurePath(file)
    return path.as_uri() if path.is_absolute() else path.as_posix()


def _location(finding: Finding) -> str | None:
    """The result's one location (12 spaces deep), or None when it has neither place."""
    location = finding.location
    parts: list[str] = []
    if location.file:
        region = ""
        if location.line is not None:
            column = (
                "" if location.column is None else f',\n                  "startColumn": {location.column}'
            )
            region = (
                ',\n                "region": {\n'
                f'                  "startLine": {location.line}{column}\n'
                "                }"
            )
        parts.append(
            '              "physicalLocation": {\n'
            '                "artifactLocation": {\n'
            f'                  "uri": {_quote(_uri(location.file))}\n'
            f"                }}{region}\n"
            "              }"
        )
    logical = "/".join(part for part in (location.logical or "", location.path) if part)
    if logical:
        parts.append(
            '              "logicalLocations": [\n'
            "                {\n"
            f'                  "fullyQualifiedName": {_quote(logical)},\n'
            '                  "kind": "member"\n'
            "                }\n"
            "              ]"
        )
    if not parts:
        return None
    return "            {\n" + ",\n".join(parts) + "\n            }"


def _result(finding: Finding, rule_index: dict[str, int]) -> str:
    """One entry of `results`, exactly as `json.dumps(..., indent=2)` indents it there."""
    members = [
        f'          "ruleId": {_quote(finding.rule_id)}',
        f'          "level": "{_LEVEL[finding.severity]}"',
        f'          "message": {{\n            "text": {_quote(finding.message)}\n          }}',
        '          "properties": {\n'
        f'            "target": {_quote(finding.target)},\n'
        f'            "acceptedByReference": {"true" if finding.accepted_by_reference else "false"}'
        + "".join(
            f',\n            "{name}": {_quote(value)}'
            for name, value in (
                ("declaredReason", finding.declared),
                ("accessAnalyzerCode", finding.code),
                ("fix", finding.fix),
            )
            if value is not None
        )
        + "\n          }",
    ]
    index = rule_index.get(finding.rule_id)
    if index is not None:
        members.append(f'          "ruleIndex": {index}')
    place = _location(finding)
    if place is not None:
        members.append(f'          "locations": [\n{place}\n          ]')
    if finding.suppressed is not None:
        members.append(
            '          "suppressions": [\n'
            "            {\n"
            '              "kind": "external",\n'
            '              "status": "accepted",\n'
            f'              "justification": {_quote(finding.suppressed)}\n'
            "            }\n"
            "          ]"
        )
    return "        {\n" + ",\n".join(members) + "\n        }"


def _driver(head: ReportHead) -> dict[str, Any]:
    return {
        "name": head.tool,
        "version": head.version,
        "semanticVersion": head.version,
        "rules": [
            {
                "id": rule.id,
                "name": "".join(
                    word.capitalize() for word in rule.title.replace("`", "").split() if word.isalnum()
                ),
                "shortDescription": {"text": rule.title},
                "fullDescription": {"text": rule.description},
                "defaultConfiguration": {"level": _LEVEL[rule.severity]},
            }
            for rule in head.rules
        ],
    }


class SarifWriter(ReportWriter):
    """Results spooled as their text; the run's verdict (`properties.failed`) written after them."""

    def __init__(self, fail_on: Severity, rules: tuple[RuleMeta, ...] = ()) -> None:
        super().__init__(fail_on, rules)
        self.rule_index = {rule.id: index for index, rule in enumerate(rules)}
        self.results = Spool(",\n")

    def add_finding(self, finding: Finding) -> None:
        self.results.item(_result(finding, self.rule_index))

    def add_target(self, summary: TargetSummary) -> None:
        pass  # SARIF has no place for per-target access changes

    def finish(self, head: ReportHead, out: TextIO) -> None:
        driver = json.dumps({"driver": _driver(head)}, indent=2).replace("\n", "\n" + "  " * 3)
        out.write(
            "{\n"
            f'  "$schema": "{SCHEMA_URI}",\n'
            '  "version": "2.1.0",\n'
            '  "runs": [\n'
            "    {\n"
            f'      "tool": {driver},\n'
            '      "columnKind": "unicodeCodePoints",\n'
        )
        if self.results.empty:
            out.write('      "results": [],\n')
        else:
            out.write('      "results": [\n')
            self.results.copy_to(out)
            out.write("\n      ],\n")
        failed = "true" if self.tally.failed else "false"
        out.write(
            '      "properties": {\n'
            f'        "failOn": "{head.fail_on}",\n'
            f'        "failed": {failed}\n'
            "      }\n"
            "    }\n"
            "  ]\n"
            "}\n"
        )


def render(report: Report) -> str:
    return render_with(SarifWriter(report.fail_on, report.rules), report)

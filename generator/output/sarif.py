"""`--format sarif`: SARIF 2.1.0 (OASIS), for GitHub code scanning and IDEs.

One run; `tool.driver.rules` from the report's rule catalogue; each finding a result with its
level (error/warning/note), a physical location (file, line, column) when known and a logical
location (the path inside the policy). Suppressed findings carry an external, accepted
suppression with its reason; accepted-by-reference ones are notes with
`properties.acceptedByReference`. Validated against the official schema in the test suite.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any

from generator.output.model import Finding, Report, Severity

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(file: str) -> str:
    path = PurePath(file)
    return path.as_uri() if path.is_absolute() else path.as_posix()


def _result(finding: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    location = finding.location
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message},
        "properties": {"target": finding.target, "acceptedByReference": finding.accepted_by_reference},
    }
    if finding.declared is not None:
        result["properties"]["declaredReason"] = finding.declared
    if finding.code is not None:
        result["properties"]["accessAnalyzerCode"] = finding.code
    if finding.fix is not None:
        result["properties"]["fix"] = finding.fix
    if finding.rule_id in rule_index:
        result["ruleIndex"] = rule_index[finding.rule_id]
    place: dict[str, Any] = {}
    if location.file:
        physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(location.file)}}
        if location.line is not None:
            region: dict[str, Any] = {"startLine": location.line}
            if location.column is not None:
                region["startColumn"] = location.column
            physical["region"] = region
        place["physicalLocation"] = physical
    logical = "/".join(part for part in (location.logical or "", location.path) if part)
    if logical:
        place["logicalLocations"] = [{"fullyQualifiedName": logical, "kind": "member"}]
    if place:
        result["locations"] = [place]
    if finding.suppressed is not None:
        result["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": finding.suppressed}
        ]
    return result


def as_data(report: Report) -> dict[str, Any]:
    rule_index = {rule.id: index for index, rule in enumerate(report.rules)}
    driver = {
        "name": report.tool,
        "version": report.version,
        "semanticVersion": report.version,
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
            for rule in report.rules
        ],
    }
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, rule_index) for f in report.findings],
                "properties": {"failOn": str(report.fail_on), "failed": report.failed},
            }
        ],
    }


def render(report: Report) -> str:
    return json.dumps(as_data(report), indent=2) + "\n"

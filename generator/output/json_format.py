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

import json
from typing import Any

from generator.output.model import Finding, Report, Severity

SCHEMA_VERSION = 1


def _finding(finding: Finding) -> dict[str, Any]:
    location = finding.location
    return {
        "rule_id": finding.rule_id,
        "title": finding.title,
        "severity": str(finding.severity),
        "message": finding.message,
        "target": finding.target,
        "file": location.file,
        "line": location.line,
        "column": location.column,
        "path": location.path,
        "logical_location": location.logical,
        "accepted_by_reference": finding.accepted_by_reference,
        "suppressed": None if finding.suppressed is None else {"reason": finding.suppressed},
        "declared": None if finding.declared is None else {"reason": finding.declared},
        "access_analyzer_code": finding.code,
        "fix": finding.fix,
    }


def as_data(report: Report) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": report.tool, "version": report.version, "command": report.command},
        "fail_on": str(report.fail_on),
        "failed": report.failed,
        "summary": {
            "targets": len(report.checked),
            "error": report.count(Severity.ERROR),
            "warning": report.count(Severity.WARNING),
            "info": report.count(Severity.INFO),
            "accepted_by_reference": len(report.accepted),
            "declared": len(report.declared),
            "suppressed": len(report.suppressed),
        },
        "targets": [
            {
                "target": t.target,
                "kind": t.kind,
                "baseline": t.baseline,
                "services": [
                    {"service": c.service, "added": c.added, "removed": c.removed} for c in t.services
                ],
                "size": t.size,
                "quota": t.quota,
            }
            for t in report.targets
        ],
        "findings": [_finding(f) for f in report.findings],
        "rules": [
            {"id": r.id, "title": r.title, "severity": str(r.severity), "description": r.description}
            for r in report.rules
        ],
    }


def render(report: Report) -> str:
    return json.dumps(as_data(report), indent=2) + "\n"

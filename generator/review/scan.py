"""Checkov results for the review: the JSON report of `bodocfg scan --format json`, when given.

`scan` writes the same report JSON as `bodocfg lint --format json` (schema_version 1, see
`generator.output.json_format`). The review keeps the findings whose target is the customer's
module (or whose file lies in it), active ones first, then the suppressed ones with their reason
(the `checkov:skip` comments the templates carry). Without a file the section says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from generator.errors import UsageError
from generator.review.model import FindingView, ScanSection

SCHEMA_VERSION = 1
NOT_GIVEN = (
    "No checkov results were given. Run `bodocfg scan --format json -o scan.json` and pass "
    "`--scan scan.json` to include them."
)


@dataclass(frozen=True)
class ScanFinding:
    target: str
    file: str | None
    view: FindingView


@dataclass(frozen=True)
class ScanResults:
    source: Path
    findings: tuple[ScanFinding, ...]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _finding(raw: Any, path: Path, index: int) -> ScanFinding:
    if not isinstance(raw, dict) or not isinstance(raw.get("rule_id"), str):
        raise UsageError(f"{path}: findings[{index}] is not a finding object with a rule_id")
    where = " ".join(
        part
        for part in (_text(raw.get("file")), _text(raw.get("logical_location")), _text(raw.get("path")))
        if part
    )
    suppressed = raw.get("suppressed")
    reason = (_text(suppressed.get("reason")) or "suppressed") if isinstance(suppressed, dict) else ""
    severity = _text(raw.get("severity")) or "error"
    view = FindingView(raw["rule_id"], severity, _text(raw.get("message")), where, reason)
    file = raw.get("file")
    return ScanFinding(_text(raw.get("target")), file if isinstance(file, str) else None, view)


def load_scan(path: Path) -> ScanResults:
    """Read a scan report; a file that is not one is a usage error naming it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"{path}: cannot read: {error.strerror or error}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UsageError(f"{path}: not a JSON report: {error}") from None
    if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION:
        raise UsageError(f"{path}: not a bodocfg JSON report (schema_version {SCHEMA_VERSION})")
    raw_findings = data.get("findings")
    if not isinstance(raw_findings, list):
        raise UsageError(f"{path}: the report has no findings list")
    return ScanResults(path, tuple(_finding(raw, path, i) for i, raw in enumerate(raw_findings)))


def _belongs(finding: ScanFinding, customer: str, module: PurePath) -> bool:
    if customer in (finding.target, PurePath(finding.target).name):
        return True
    if finding.file is None:
        return False
    return customer in PurePath(finding.file).parts or PurePath(finding.file).is_relative_to(module)


def scan_section(results: ScanResults | None, customer: str, module: PurePath, note: str = "") -> ScanSection:
    if results is None:
        return ScanSection(False, note or NOT_GIVEN, ())
    mine = sorted(
        (f.view for f in results.findings if _belongs(f, customer, module)), key=lambda v: bool(v.suppressed)
    )
    suppressed = sum(1 for view in mine if view.suppressed)
    summary = (
        f"From {results.source}: {len(mine) - suppressed} failed check(s) for {customer}, "
        f"and {suppressed} suppressed with a reason."
    )
    return ScanSection(True, summary, tuple(mine))

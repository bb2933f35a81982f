"""checkov's JSON report, read once into typed records (raw dicts stop here)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from generator.scan.locate import CheckovUnavailable


class Outcome(StrEnum):
    FAILED = "failed"
    SKIPPED = "skipped"
    PASSED = "passed"


class Framework(StrEnum):
    HCL = "terraform"
    PLAN = "terraform_plan"


@dataclass(frozen=True, slots=True)
class CheckovRecord:
    framework: Framework
    outcome: Outcome
    check_id: str
    check_name: str
    resource: str
    """Resource address, e.g. `aws_s3_bucket.state` or `aws_sns_topic_subscription.email["a@b"]`."""
    file_path: str
    """Path relative to the scanned root, with a leading `/`."""
    line: int | None
    suppress_comment: str | None = None
    details: tuple[str, ...] = ()
    guideline: str | None = None

    @property
    def resource_id(self) -> str:
        """The address without its `[index]`, as a skip comment names it."""
        return self.resource.split("[", 1)[0]


@dataclass(frozen=True, slots=True)
class CheckovReport:
    records: tuple[CheckovRecord, ...]
    parsing_errors: tuple[tuple[Framework, str], ...]
    resource_count: dict[Framework, int]
    version: str


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _record(framework: Framework, outcome: Outcome, raw: Any) -> CheckovRecord:
    if not isinstance(raw, dict):
        raise CheckovUnavailable(f"checkov wrote an unexpected {outcome} entry: {raw!r:.200}")
    lines = _list(raw.get("file_line_range"))
    start = lines[0] if lines and isinstance(lines[0], int) else 0
    result = _dict(raw.get("check_result"))
    details = _list(raw.get("details"))
    return CheckovRecord(
        framework=framework,
        outcome=outcome,
        check_id=_text(raw.get("check_id")),
        check_name=_text(raw.get("check_name")),
        resource=_text(raw.get("resource")),
        file_path=_text(raw.get("file_path")),
        line=start or None,
        suppress_comment=_text(result.get("suppress_comment")) or None,
        details=tuple(str(item) for item in details),
        guideline=_text(raw.get("guideline")) or None,
    )


def parse_report(text: str) -> CheckovReport:
    """checkov's `-o json`: one object per framework, a list of them, or `[]`-like when nothing ran."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise CheckovUnavailable(f"checkov wrote no readable JSON report: {error}") from error
    reports = data if isinstance(data, list) else [data]
    records: list[CheckovRecord] = []
    errors: list[tuple[Framework, str]] = []
    counts: dict[Framework, int] = {}
    version = ""
    for report in reports:
        if not isinstance(report, dict) or report.get("check_type") not in set(Framework):
            continue  # an empty run prints a summary without check_type
        framework = Framework(report["check_type"])
        summary = _dict(report.get("summary"))
        counts[framework] = int(summary.get("resource_count") or 0)
        version = _text(summary.get("checkov_version")) or version
        results = _dict(report.get("results"))
        for outcome in Outcome:
            for raw in _list(results.get(f"{outcome}_checks")):
                records.append(_record(framework, outcome, raw))
        errors.extend((framework, str(path)) for path in _list(results.get("parsing_errors")))
    return CheckovReport(tuple(records), tuple(errors), counts, version)

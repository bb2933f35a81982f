"""Golden files for every formatter over one fixed report. Regenerate with `make golden`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.output import FORMATTERS
from generator.output.model import Report

GOLDEN = Path(__file__).resolve().parent / "golden"
EXTENSIONS = {"text": "txt", "json": "json", "sarif": "sarif", "markdown": "md"}


@pytest.mark.parametrize("name", sorted(FORMATTERS))
def test_golden_output(name: str, report: Report) -> None:
    rendered = FORMATTERS[name](report)
    golden = GOLDEN / f"report.{EXTENSIONS[name]}"
    if os.environ.get("BODOCFG_REGEN_GOLDEN"):
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8"), (
        f"{golden.name} differs; run `make golden` if intended"
    )


def test_json_output_matches_its_documented_shape(report: Report) -> None:
    document = json.loads(FORMATTERS["json"](report))
    assert set(document) == {
        "schema_version",
        "tool",
        "fail_on",
        "failed",
        "summary",
        "targets",
        "findings",
        "rules",
    }
    assert document["failed"] is True and document["summary"]["suppressed"] == 1
    finding_keys = {
        "rule_id", "title", "severity", "message", "target", "file", "line", "column", "path",
        "logical_location", "accepted_by_reference", "suppressed", "declared", "access_analyzer_code",
        "fix",
    }  # fmt: skip
    assert all(set(f) == finding_keys for f in document["findings"])
    (target,) = document["targets"]
    assert {c["service"]: c["added"] for c in target["services"]}["s3"] > 10


def test_markdown_lists_accepted_by_reference_risks(report: Report) -> None:
    text = FORMATTERS["markdown"](report)
    assert text.startswith("## bodocfg lint: FAILED")
    accepted = text.split("Accepted by reference", 1)[1]
    assert "CreateEC2WithExistingIP" in accepted and "iam:PassRole" in accepted
    assert "| s3 |" in text  # per-service access changes


def test_text_hides_accepted_lines_but_counts_them(report: Report) -> None:
    text = FORMATTERS["text"](report)
    assert "CreateEC2WithExistingIP" not in text
    assert f"{len(report.accepted)} accepted by reference" in text
    assert "[suppressed: log group names are generated per cluster]" in text

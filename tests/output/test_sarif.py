"""SARIF output is valid against the official 2.1.0 schema and carries what reviewers need."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from generator.output import sarif
from generator.output.model import Finding, Location, Report, Severity

SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text())


def _validate(document: dict[str, object]) -> None:
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    jsonschema.Draft4Validator(SCHEMA).validate(document)


def test_lint_report_is_valid_sarif(report: Report) -> None:
    document = json.loads(sarif.render(report))
    _validate(document)
    run = document["runs"][0]
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["BDL001"] == "error" and levels["BDL004"] == "error"
    suppressed = [r for r in run["results"] if "suppressions" in r]
    assert suppressed and suppressed[0]["suppressions"][0]["justification"].startswith("log group")
    located = next(r for r in run["results"] if r["ruleId"] == "BDL002")
    physical = located["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "fixtures/drift-policy.json"
    assert physical["region"] == {"startLine": 19, "startColumn": 17}


def test_empty_and_absolute_path_reports_are_valid() -> None:
    empty = Report("bodocfg", "0.1.0", (), ())
    _validate(json.loads(sarif.render(empty)))
    finding = Finding(
        "X001", "t", Severity.WARNING, "m", "target", Location("/abs/path/p.json", None, None, "", None)
    )
    document = json.loads(sarif.render(Report("bodocfg", "0.1.0", (), (finding,))))
    _validate(document)
    assert document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"
    ] == ("file:///abs/path/p.json")


def test_invalid_sarif_is_caught() -> None:
    with pytest.raises(jsonschema.ValidationError):
        _validate({"version": "2.1.0", "runs": [{"results": []}]})  # no tool

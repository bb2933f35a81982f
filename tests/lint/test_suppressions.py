from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.errors import UsageError
from generator.lint.engine import LintOptions
from generator.lint.suppressions import load_suppressions
from tests.lint.conftest import active, allow, lint_document, policy

RISKY = policy(allow("lambda:InvokeFunction"), allow("secretsmanager:GetSecretValue"))


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "suppressions.yaml"
    path.write_text(body)
    return path


def test_suppression_silences_only_its_rule_target_and_path(tmp_path: Path) -> None:
    entries = load_suppressions(
        _write(
            tmp_path,
            "suppressions:\n"
            "  - rule: BDL011\n"
            "    target: t*\n"
            '    path: "Statement[0]*"\n'
            "    reason: invoked by ARN built at run time\n",
        )
    )
    report = lint_document(RISKY, options=LintOptions(suppressions=entries))
    suppressed = [f for f in report.findings if f.suppressed]
    assert [(f.rule_id, f.location.path, f.suppressed) for f in suppressed] == [
        ("BDL011", "Statement[0].Resource", "invoked by ARN built at run time")
    ]
    assert {f.rule_id for f in active(report)} == {"BDL001", "BDL011", "BDL021"}  # Statement[1] still counts


def test_expired_suppression_fails_the_run_and_silences_nothing(tmp_path: Path) -> None:
    entries = load_suppressions(
        _write(
            tmp_path,
            "suppressions:\n"
            "  - rule: BDL021\n"
            "    target: '*'\n"
            "    reason: temporary\n"
            "    expires: 2026-01-31\n",
        )
    )
    options = LintOptions(suppressions=entries, today=date(2026, 2, 1))
    report = lint_document(
        policy(allow("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:*:*:secret:x")), options=options
    )
    expired = [f for f in report.findings if f.rule_id == "BDL004"]
    assert len(expired) == 1 and expired[0].location.line == 2 and report.failed
    still = lint_document(
        policy(allow("ssm:GetParametersByPath")),
        options=LintOptions(suppressions=entries, today=date(2026, 1, 31)),
    )
    assert not [f for f in still.findings if f.rule_id == "BDL004"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("suppressions:\n  - rule: BDL011\n    target: x\n", "reason: required"),
        ("suppressions:\n  - rule: NOPE\n    target: x\n    reason: r\n", "not a bodocfg lint rule id"),
        ("suppressions:\n  - rule: BDL011\n    target: x\n    reason: r\n    expires: soon\n", "not a date"),
        ("suppressions:\n  - rule: BDL011\n    target: x\n    reason: r\n    colour: red\n", "unknown key"),
        ("- just a list\n", "expected a mapping"),
        ("suppressions: [\n", "not valid YAML"),
    ],
)
def test_malformed_file_is_a_usage_error_naming_the_line(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(UsageError, match=message) as raised:
        load_suppressions(_write(tmp_path, body))
    assert "suppressions.yaml" in str(raised.value)


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot read"):
        load_suppressions(tmp_path / "absent.yaml")

"""verify speaks in spec fields and values: statements without a Sid by place, nothing as nothing."""

from __future__ import annotations

from generator.verify import Difference, _policy_differences


def test_statements_without_sid_are_named_by_place_and_missing_values_as_nothing() -> None:
    expected = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
    }
    actual = {"Version": "2012-10-17", "Statement": []}
    [difference] = _policy_differences("role.additional_statements", expected, actual)
    text = str(difference)
    assert text.startswith("role.additional_statements.Statement[#1]: expected {")
    assert text.endswith(", found nothing")
    assert "None" not in text and "null" not in text


def test_an_unexpected_statement_is_expected_nothing() -> None:
    extra = {"Sid": "Extra", "Effect": "Allow", "Action": "iam:*", "Resource": "*"}
    [difference] = _policy_differences(
        "role.inline_policy",
        {"Version": "2012-10-17", "Statement": []},
        {"Version": "2012-10-17", "Statement": [extra]},
    )
    assert str(difference).startswith("role.inline_policy.Statement[Extra]: expected nothing, found {")


def test_a_difference_never_prints_null() -> None:
    assert str(Difference("billing_alarm.vcpu_threshold (x)", 10.0, None)) == (
        "billing_alarm.vcpu_threshold (x): expected 10.0, found nothing"
    )

from __future__ import annotations

import pytest

from generator.iam.conditions import at_least_as_strict, implies
from generator.iam.model import ConditionClause


def clause(operator: str, key: str, *values: str) -> ConditionClause:
    return ConditionClause(operator, key.lower(), frozenset(values))


@pytest.mark.parametrize(
    ("candidate", "baseline", "expected"),
    [
        (clause("StringEquals", "s3:prefix", "a"), clause("StringEquals", "s3:prefix", "a", "b"), True),
        (clause("StringEquals", "s3:prefix", "a", "c"), clause("StringEquals", "s3:prefix", "a", "b"), False),
        (clause("StringLike", "s3:prefix", "logs/app/*"), clause("StringLike", "s3:prefix", "logs/*"), True),
        (clause("StringLike", "s3:prefix", "*"), clause("StringLike", "s3:prefix", "logs/*"), False),
        (clause("StringEquals", "s3:prefix", "logs/x"), clause("StringLike", "s3:prefix", "logs/*"), True),
        (clause("StringLike", "s3:prefix", "logs/x"), clause("StringEquals", "s3:prefix", "logs/x"), False),
        (
            clause("StringLikeIfExists", "s3:prefix", "logs/*"),
            clause("StringLike", "s3:prefix", "logs/*"),
            False,
        ),
        (
            clause("StringLike", "s3:prefix", "logs/*"),
            clause("StringLikeIfExists", "s3:prefix", "logs/*"),
            True,
        ),
        (clause("StringNotEquals", "aws:x", "a", "b"), clause("StringNotEquals", "aws:x", "a"), True),
        (clause("StringNotEquals", "aws:x", "a"), clause("StringNotEquals", "aws:x", "a", "b"), False),
        (
            clause("IpAddress", "aws:sourceip", "10.1.0.0/16"),
            clause("IpAddress", "aws:sourceip", "10.0.0.0/8"),
            True,
        ),
        (
            clause("IpAddress", "aws:sourceip", "0.0.0.0/0"),
            clause("IpAddress", "aws:sourceip", "10.0.0.0/8"),
            False,
        ),
        (
            clause("NumericLessThan", "s3:max-keys", "10"),
            clause("NumericLessThan", "s3:max-keys", "100"),
            True,
        ),
        (
            clause("NumericLessThan", "s3:max-keys", "1000"),
            clause("NumericLessThan", "s3:max-keys", "100"),
            False,
        ),
        (
            clause("DateLessThan", "aws:currenttime", "2026-01-01T00:00:00Z"),
            clause("DateLessThan", "aws:currenttime", "2027-01-01T00:00:00Z"),
            True,
        ),
        (clause("Bool", "aws:securetransport", "true"), clause("Bool", "aws:securetransport", "true"), True),
        (
            clause("Bool", "aws:securetransport", "false"),
            clause("Bool", "aws:securetransport", "true"),
            False,
        ),
        (clause("StringEquals", "aws:other", "a"), clause("StringEquals", "s3:prefix", "a"), False),
        (
            clause("ForAllValues:StringEquals", "aws:tagkeys", "a"),
            clause("ForAnyValue:StringEquals", "aws:tagkeys", "a"),
            False,
        ),
    ],
)
def test_implies(candidate: ConditionClause, baseline: ConditionClause, expected: bool) -> None:
    assert implies(candidate, baseline) is expected


def test_extra_candidate_conditions_only_narrow() -> None:
    baseline = (clause("StringEquals", "s3:prefix", "a"),)
    candidate = (clause("StringEquals", "s3:prefix", "a"), clause("Bool", "aws:securetransport", "true"))
    assert at_least_as_strict(candidate, baseline)
    assert not at_least_as_strict((), baseline)
    assert at_least_as_strict(candidate, ())

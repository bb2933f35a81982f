from __future__ import annotations

import pytest

from generator.iam.patterns import contains


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        ("*", "arn:aws:s3:::b", True),
        ("arn:aws:s3:::b", "arn:aws:s3:::b", True),
        ("arn:aws:s3:::b", "arn:aws:s3:::c", False),
        ("arn:aws:s3:::b/*", "arn:aws:s3:::b/logs/*", True),
        ("arn:aws:s3:::b/*", "arn:aws:s3:::b/key", True),
        ("arn:aws:s3:::b/*", "arn:aws:s3:::*", False),
        ("arn:aws:s3:::b/logs/*", "arn:aws:s3:::b/*", False),
        ("arn:aws:s3:::b", "arn:aws:s3:::b*", False),
        ("arn:aws:s3:::b?", "arn:aws:s3:::bc", True),
        ("arn:aws:s3:::b?", "arn:aws:s3:::b*", False),
        ("arn:*:dynamodb:*:*:table/t", "arn:aws:dynamodb:us-east-2:123456789012:table/t", True),
        ("arn:*:dynamodb:*:*:table/t", "arn:aws:dynamodb:us-east-2:123456789012:table/u", False),
        ("arn:aws:iam::*:role/bodo-*", "arn:aws:iam::1:role/bodo-*", True),
        ("arn:aws:iam::*:role/bodo-*", "arn:aws:iam::1:role/*", False),
        ("a*b*c", "a*b*c", True),
        ("a*c", "a*b*c", True),
    ],
)
def test_resource_containment(outer: str, inner: str, expected: bool) -> None:
    assert contains(outer, inner) is expected

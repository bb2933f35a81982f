from __future__ import annotations

from fnmatch import fnmatchcase

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
        # `prefix*`: decided by the prefix alone, wildcards in `inner` included
        ("arn:aws:s3:::b/*", "arn:aws:s3:::b/a?c", True),
        ("arn:aws:s3:::b/*", "arn:aws:s3:::b/", True),
        ("arn:aws:s3:::bc*", "arn:aws:s3:::b*", False),
        ("arn:aws:s3:::bc*", "arn:aws:s3:::b?", False),
    ],
)
def test_resource_containment(outer: str, inner: str, expected: bool) -> None:
    assert contains(outer, inner) is expected


_ALPHABET = "ab/:*?"


@settings(max_examples=300, deadline=None)
@given(
    outer=st.text(alphabet=_ALPHABET, max_size=8),
    inner=st.text(alphabet=_ALPHABET, max_size=8),
    filler=st.text(alphabet="ab/:", max_size=4),
)
def test_containment_is_sound(outer: str, inner: str, filler: str) -> None:
    """If `outer` contains `inner`, every string `inner` stands for is matched by `outer`."""
    concrete = inner.replace("*", filler).replace("?", filler[:1] or "a")
    if contains(outer, inner):
        assert fnmatchcase(concrete, outer.replace("[", "[[]"))


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="ab/:", max_size=10))
def test_a_pattern_contains_what_it_matches(text: str) -> None:
    for pattern in ("*", f"{text[:2]}*", f"*{text[-2:]}", text):
        if fnmatchcase(text, pattern):
            assert contains(pattern, text)

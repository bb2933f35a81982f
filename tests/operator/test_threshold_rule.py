"""The readable-number rule and the period choice, without AWS."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.threshold import (
    HEADROOM_TOLERANCE,
    MAX_DATAPOINTS,
    choose_period,
    readable_numbers,
    suggest_threshold,
)


@pytest.mark.parametrize(
    ("peak", "headroom", "expected"),
    [
        (850, 1.2, 1000),  # the setup guide's example
        (0, 1.2, 1),
        (1, 1.2, 2),
        (7, 1.2, 8),
        (100, 1.2, 120),
        (256, 1.2, 300),
        (999, 1.2, 1200),
        (1000, 1.2, 1200),
        (4100, 1.2, 5000),
        (850, 1.0, 1000),
        (850, 2.0, 2000),
        (1000, 1.0, 1200),  # never at the peak itself
        (79_000, 1.2, 100_000),
    ],
)
def test_examples(peak: float, headroom: float, expected: int) -> None:
    assert suggest_threshold(peak, headroom) == expected


def test_readable_numbers_ladder() -> None:
    numbers = readable_numbers(0)
    first = [next(numbers) for _ in range(24)]
    assert first == [
        1,
        2,
        3,
        4,
        5,
        6,
        8,
        10,
        12,
        15,
        20,
        25,
        30,
        40,
        50,
        60,
        80,
        100,
        120,
        150,
        200,
        250,
        300,
        400,
    ]


@given(
    peak=st.floats(min_value=0, max_value=5_000_000, allow_nan=False),
    headroom=st.floats(min_value=1, max_value=10, allow_nan=False),
)
def test_suggestion_properties(peak: float, headroom: float) -> None:
    value = suggest_threshold(peak, headroom)
    assert value > peak
    assert value >= HEADROOM_TOLERANCE * peak * headroom
    # readable: the leading digits are one of the ladder's steps
    assert value == next(readable_numbers(value))
    # smallest: the readable number before it fails one of the two conditions
    below = list(itertools.takewhile(lambda n: n < value, readable_numbers(0)))[-1:]
    for smaller in below:
        assert smaller <= peak or smaller < HEADROOM_TOLERANCE * peak * headroom


@pytest.mark.parametrize("bad", [(-1.0, 1.2), (math.nan, 1.2), (100.0, 0.5), (100.0, math.inf)])
def test_rejects_nonsense(bad: tuple[float, float]) -> None:
    with pytest.raises(ValueError, match="must be"):
        suggest_threshold(*bad)


@pytest.mark.parametrize(
    ("days", "period"), [(1, 60), (7, 420), (14, 840), (16, 1200), (30, 1800), (90, 7200)]
)
def test_period_fits_the_datapoint_limit(days: int, period: int) -> None:
    assert choose_period(days) == period
    assert period % 60 == 0
    assert days * 86400 / period <= MAX_DATAPOINTS


@given(st.integers(min_value=1, max_value=455))
def test_every_window_fits(days: int) -> None:
    period = choose_period(days)
    assert days * 86400 / period <= MAX_DATAPOINTS
    assert period % (3600 if days > 63 else 300 if days > 15 else 60) == 0

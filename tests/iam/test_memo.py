"""The bounded memo behind lint's per-statement verdicts (`generator.iam.memo`)."""

from __future__ import annotations

import random

from generator.iam.memo import START, Memo


def test_a_key_it_does_not_hold_reads_as_none_and_put_returns_the_value() -> None:
    memo: Memo[str, int] = Memo(4)
    assert memo["absent"] is None
    assert "absent" not in memo  # reading does not store
    assert memo.put("a", 1) == 1
    assert memo["a"] == 1


def test_it_never_holds_more_than_twice_its_limit() -> None:
    memo: Memo[int, int] = Memo(8)
    for key in range(1000):
        memo.put(key, key)
        assert memo.kept() <= 16
    assert memo.kept() >= 8


def test_fewer_distinct_keys_than_it_holds_are_worked_out_again_only_while_it_grows() -> None:
    """A fleet's statements repeat in any order: the table grows until it holds them all, and
    from then on each is found every time (the two-generation memo it replaced lost a third of
    them for good)."""
    memo: Memo[int, int] = Memo(64)
    rng = random.Random(7)
    stores = 0
    for step in range(20_000):
        key = rng.randrange(120)
        if memo[key] is None:
            memo.put(key, key)
            stores += 1
            assert step < 2_000, "stored again after the table had grown"
    assert memo.capacity == 64
    assert sorted(memo) == list(range(120))
    assert stores <= 120 + START  # at most what its one pass dropped while it was small, once more


def test_keys_that_never_come_back_keep_it_at_its_start() -> None:
    """An input whose statements all differ (bench-lint's fresh mix) gains nothing from a big
    table: it stays at START, however large its limit."""
    memo: Memo[int, int] = Memo(4096)
    for key in range(10_000):
        memo.put(key, key)
        assert memo.kept() <= 2 * START
    assert memo.capacity == START


def test_a_dropped_key_stored_again_doubles_it_up_to_its_limit() -> None:
    memo: Memo[int, int] = Memo(START * 3)
    for key in range(2 * START + 1):  # full at 2 x START: the oldest START keys are dropped
        memo.put(key, key)
    assert memo.capacity == START and memo[0] is None
    memo.put(0, 0)  # dropped, and back
    for key in range(1000, 1000 + START):  # fills it again: now it grows rather than dropping
        memo.put(key, key)
    assert memo.capacity == 2 * START
    assert memo[START] == START  # kept through the growth
    for _ in range(20):  # returns again and again: never past the limit
        for key in range(START * 4):
            if memo[key] is None:
                memo.put(key, key)
        assert memo.capacity <= START * 3 and memo.kept() <= 2 * START * 3
    assert memo.capacity == START * 3


def test_when_full_the_oldest_stores_go_first() -> None:
    memo: Memo[int, int] = Memo(3)
    for key in range(6):
        memo.put(key, key)
    memo[0]  # a look-up does not renew an entry
    memo.put(6, 6)
    assert sorted(memo) == [3, 4, 5, 6]

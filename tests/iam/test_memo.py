"""The bounded memo behind lint's per-statement verdicts (`generator.iam.memo`)."""

from __future__ import annotations

import random

from generator.iam.memo import Memo


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


def test_fewer_distinct_keys_than_it_holds_are_never_worked_out_twice() -> None:
    """A fleet's statements repeat in any order: with at most 2 x limit of them, each is stored
    once and found every time after (the two-generation memo it replaced lost a third of them)."""
    memo: Memo[int, int] = Memo(64)
    rng = random.Random(7)
    stores = 0
    for _ in range(20_000):
        key = rng.randrange(120)
        if memo[key] is None:
            memo.put(key, key)
            stores += 1
    assert stores == 120


def test_when_full_the_oldest_stores_go_first() -> None:
    memo: Memo[int, int] = Memo(3)
    for key in range(6):
        memo.put(key, key)
    memo[0]  # a look-up does not renew an entry
    memo.put(6, 6)
    assert sorted(memo) == [3, 4, 5, 6]

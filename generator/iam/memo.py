"""A bounded memo table: what linting learns about one statement, kept while it may come again.

A fleet's policies repeat their statements, so verdicts are memoised by statement; an arbitrary
set of policies may repeat none, and an unbounded table would then hold a verdict for every
statement ever read. `Memo` holds at most twice its capacity (at most `limit`): when it is full,
the `capacity` entries stored first are dropped in one pass, and a dropped entry that comes again
is worked out again.

It starts small and grows only when that pays: a table begins with capacity `START`, and when a
key its last pass dropped is stored again the table was too small for the input, so its capacity
doubles, up to `limit`, instead of dropping. On 1,000 policies whose statements all differ
(bench-lint's fresh mix) no key comes back and the statement tables stay at their start: two
lint processes held 187 MiB with tables that filled to their limits, 106 MiB so. A fleet's
~2,300 distinct statements come back within a few dozen stores and the tables grow to hold them
all; the warm-up judges ~100 statements per table twice (1.1% more instructions on the pooled
mix).

It is a dict so that a hit, `memo[key]`, costs one look-up in C and moves nothing; a key it does
not hold reads as None (`__missing__`), and `put` stores. (It kept two generations before, moving
an entry on its first hit in the older one: on 1,000 pooled policies whose ~2,300 distinct
statements fit in 2 x `limit`, over a quarter of the look-ups moved an entry and ~940
statements per memo were judged again after their generation was dropped.)
"""

from __future__ import annotations

from itertools import islice
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")

START = 32
"""A table's first capacity (it holds up to twice that before its first pass)."""


class Memo(dict[K, V | None]):
    __slots__ = ("_dropped", "_returned", "capacity", "limit")

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.capacity = min(limit, START)
        self._dropped: frozenset[int] = frozenset()
        """The hashes of the keys the last pass dropped."""
        self._returned = False
        """Whether one of them was stored again since."""

    def __missing__(self, key: K) -> V | None:
        return None

    def put(self, key: K, value: V) -> V:
        if self._dropped and not self._returned and hash(key) in self._dropped:
            self._returned = True
        if len(self) >= 2 * self.capacity:
            if self._returned and self.capacity < self.limit:
                self.capacity = min(self.limit, 2 * self.capacity)  # too small for this input: grow
            else:
                dropped = list(islice(self, self.capacity))  # the oldest stores, in insertion order
                for old in dropped:
                    del self[old]
                self._dropped = frozenset(map(hash, dropped))
            self._returned = False
        self[key] = value
        return value

    def kept(self) -> int:
        """Entries held."""
        return len(self)

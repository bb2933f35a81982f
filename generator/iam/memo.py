"""A bounded memo table: what linting learns about one statement, kept while it may come again.

A fleet's policies repeat their statements, so verdicts are memoised by statement; an arbitrary
set of policies may repeat none, and an unbounded table would then hold a verdict for every
statement ever read. `Memo` holds at most 2 x `limit` entries: when it is full, the `limit`
entries stored first are dropped (one pass, once every `limit` stores), and a dropped entry that
comes again is worked out again. Memory stays within 2 x `limit` entries whatever the input's
size, and an input with fewer distinct keys than that (a fleet's statements) never loses one.

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


class Memo(dict[K, V | None]):
    __slots__ = ("limit",)

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def __missing__(self, key: K) -> V | None:
        return None

    def put(self, key: K, value: V) -> V:
        if len(self) >= 2 * self.limit:
            for old in list(islice(self, self.limit)):  # the oldest stores, in insertion order
                del self[old]
        self[key] = value
        return value

    def kept(self) -> int:
        """Entries held."""
        return len(self)

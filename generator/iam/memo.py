"""A bounded memo table: what linting learns about one statement, kept while it may come again.

A fleet's policies repeat their statements, so verdicts are memoised by statement; an arbitrary
set of policies may repeat none, and an unbounded table would then hold a verdict for every
statement ever read. `Memo` keeps two generations of at most `limit` entries each: a look-up
finds an entry in either (moving an old one to the young generation), and when the young one is
full it becomes the old one and the previous old one is dropped. Entries in use survive; memory
stays within 2 x `limit` entries whatever the input's size.

It is a dict (the young generation) so that a hit, `memo[key]`, costs one look-up in C; a key
in neither generation reads as None (`__missing__`), and `put` stores.
"""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V | None]):
    __slots__ = ("limit", "old")

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.old: dict[K, V | None] = {}

    def __missing__(self, key: K) -> V | None:
        found = self.old.pop(key, None) if self.old else None
        if found is not None:
            self.put(key, found)
        return found

    def put(self, key: K, value: V) -> V:
        if len(self) >= self.limit:
            self.old = dict(self)
            self.clear()
        self[key] = value
        return value

    def kept(self) -> int:
        """Entries in both generations."""
        return len(self) + len(self.old)

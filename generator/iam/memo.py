"""A bounded memo table: what linting learns about one statement, kept while it may come again.

A fleet's policies repeat their statements, so verdicts are memoised by statement; an arbitrary
set of policies may repeat none, and an unbounded table would then hold a verdict for every
statement ever read. `Memo` keeps two generations of at most `limit` entries each: a look-up
finds an entry in either (moving an old one to the young generation), and when the young one is
full it becomes the old one and the previous old one is dropped. Entries in use survive; memory
stays within 2 x `limit` entries whatever the input's size.
"""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(Generic[K, V]):
    __slots__ = ("limit", "old", "young")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.young: dict[K, V] = {}
        self.old: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        found = self.young.get(key)
        if found is None and self.old:
            found = self.old.pop(key, None)
            if found is not None:
                self.put(key, found)
        return found

    def put(self, key: K, value: V) -> V:
        young = self.young
        if len(young) >= self.limit:
            self.old = young
            self.young = young = {}
        young[key] = value
        return value

    def __len__(self) -> int:
        return len(self.young) + len(self.old)

    def clear(self) -> None:
        self.young = {}
        self.old = {}

"""Line and column of a path (`["Statement", 2, "Action", 0]`) inside a JSON text.

Policies are parsed with the C JSON decoder for speed; positions are found only when a finding
needs one, by walking the text along the path and skipping sibling values with `raw_decode`.
Like parliament, we report 1-based lines and columns of the value the path names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

_DECODER = json.JSONDecoder()
NESTED = 2
"""Levels of objects below the root that `load` decodes member by member."""

PathPart = str | int


class _Container:
    """Members of one JSON object or array, scanned only as far as a lookup needed."""

    __slots__ = ("done", "ends", "members", "resume")

    def __init__(self, resume: int) -> None:
        self.members: dict[PathPart, int] = {}
        self.ends: dict[int, int] = {}
        """For arrays decoded by `load`: where each element's text ends."""
        self.resume = resume
        self.done = False


@dataclass(frozen=True)
class SourceText:
    """The text of a JSON file and where it came from; finds positions of paths, memoised."""

    file: str
    text: str
    _containers: dict[int, _Container | None] = field(default_factory=dict, compare=False, repr=False)
    _positions: dict[tuple[PathPart, ...], tuple[int, int] | None] = field(
        default_factory=dict, compare=False, repr=False
    )
    _spans: list[tuple[list[int], list[int]]] = field(default_factory=list, compare=False, repr=False)
    """Where each element of a root-level `Statement` array starts and ends, once `load` saw it."""
    _cursor: list[int] = field(default_factory=lambda: [0, 1], compare=False, repr=False)
    """The last offset given a line, and its line: findings come mostly in text order, so lines
    are counted on from there rather than from the top of the file each time."""

    @property
    def _statements(self) -> tuple[list[int], list[int]] | None:
        return self._spans[0] if self._spans else None

    def load(self) -> Any:
        """The decoded document, exactly as `json.loads(text)` gives it (and raising as it does).

        A policy's root object and its `Statement` array are decoded member by member with the C
        decoder, so their offsets are known without a second pass when findings need positions.
        """
        text = self.text
        start = _WS.match(text, 1 if text.startswith("\ufeff") else 0).end()  # type: ignore[union-attr]
        try:
            document, end = self._decode_object(start)
        except (_NotSimple, ValueError, IndexError):  # JSONDecodeError is a ValueError
            self._containers.clear()
            self._spans.clear()
            return json.loads(text)
        if _WS.match(text, end).end() != len(text):  # type: ignore[union-attr]
            return json.loads(text)  # raises "Extra data" as json.loads does
        return document

    def _decode_object(self, start: int, depth: int = 0) -> tuple[Any, int]:
        """An object member by member (offsets recorded); objects inside it too, down to
        NESTED levels (a module's policies: root -> locals -> policy), so a finding's position
        is found without decoding every value before it again."""
        text = self.text
        if text[start : start + 1] != "{":
            raise _NotSimple
        container = self._containers[start] = _Container(start + 1)
        document: dict[str, Any] = {}
        position = _WS.match(text, start + 1).end()  # type: ignore[union-attr]
        if text[position : position + 1] == "}":
            container.done = True
            return document, position + 1
        while True:
            if text[position : position + 1] != '"':
                raise _NotSimple
            key, position = scanstring(text, position + 1)
            position = _WS.match(text, position).end()  # type: ignore[union-attr]
            if text[position : position + 1] != ":":
                raise _NotSimple
            position = _WS.match(text, position + 1).end()  # type: ignore[union-attr]
            container.members.setdefault(key, position)
            opener = text[position : position + 1]
            if key == "Statement" and opener == "[":
                value, position = self._decode_array(position, record=depth == 0)
            elif opener == "{" and depth < NESTED:
                value, position = self._decode_object(position, depth + 1)
            else:
                value, position = _DECODER.raw_decode(text, position)
            document[key] = value
            position = _WS.match(text, position).end()  # type: ignore[union-attr]
            separator = text[position : position + 1]
            if separator == "}":
                container.done = True
                container.resume = position
                return document, position + 1
            if separator != ",":
                raise _NotSimple
            position = _WS.match(text, position + 1).end()  # type: ignore[union-attr]

    def _decode_array(self, start: int, record: bool = True) -> tuple[list[Any], int]:
        """A `Statement` array, element by element (see `load`); `record`: the root's, whose
        spans `element_texts` and the fast position path read."""
        text = self.text
        container = self._containers[start] = _Container(start + 1)
        items: list[Any] = []
        position = _WS.match(text, start + 1).end()  # type: ignore[union-attr]
        if text[position : position + 1] == "]":
            container.done = True
            return items, position + 1
        starts: list[int] = []
        ends: list[int] = []
        decode, next_item = _DECODER.raw_decode, _NEXT_ITEM.match
        while True:
            starts.append(position)
            value, position = decode(text, position)
            ends.append(position)
            items.append(value)
            after = next_item(text, position)
            if after is None:
                raise _NotSimple
            if after.group(1) == "]":
                if record and not self._spans:  # a repeated key: positions name the first, as `offset` does
                    self._spans.append((starts, ends))
                container.members = {index: offset for index, offset in enumerate(starts)}
                container.ends = dict(enumerate(ends))
                container.done = True
                container.resume = after.start(1)
                return items, after.start(1) + 1
            position = after.end()

    def element_texts(self, path: Sequence[PathPart]) -> list[str] | None:
        """The source text of each element of the array at `path`, when `load` decoded it
        element by element (a policy's root Statement array); None otherwise, without walking
        the text (a module's policies sit deep in its locals: the walk would decode every value
        before them only to learn that)."""
        statements = self._statements
        if statements is None or tuple(path) != ("Statement",):
            return None
        text = self.text
        starts, ends = statements
        return [text[start:end] for start, end in zip(starts, ends, strict=True)]

    def position(self, path: Sequence[PathPart]) -> tuple[int, int] | None:
        key = tuple(path)
        if key in self._positions:  # several findings often point at the same element
            return self._positions[key]
        offset = self._in_statement(key)
        if offset is None:
            offset = self.offset(key)
        found = self._positions[key] = None if offset is None else self._line_column(offset)
        return found

    def _line_column(self, offset: int) -> tuple[int, int]:
        text, cursor = self.text, self._cursor
        if offset >= cursor[0]:
            line = cursor[1] + text.count("\n", cursor[0], offset)
        else:
            line = text.count("\n", 0, offset) + 1
        cursor[0], cursor[1] = offset, line
        return line, offset - (text.rfind("\n", 0, offset) + 1) + 1

    def _in_statement(self, path: tuple[PathPart, ...]) -> int | None:
        """Fast path for most findings, `("Statement", i, key)` and `("Statement", i, key, j)`:
        the statement's span is known from `load`, so the key is one search in C (and the j-th
        element is found as the general walk finds it); None when the general walk must decide."""
        if (
            not 3 <= len(path) <= 4
            or path[0] != "Statement"
            or type(path[1]) is not int
            or type(path[2]) is not str
        ):
            return None
        statements = self._statements
        if statements is None:
            return None
        starts, ends = statements
        index = path[1]
        if not 0 <= index < len(starts) or self.text[starts[index]] != "{":
            return None
        match = _key_pattern(path[2]).search(self.text, starts[index], ends[index])
        if match is None:
            return None
        if len(path) == 3:
            return match.end()
        element = path[3]
        if type(element) is not int:
            return None
        try:
            return self._member(match.end(), element)
        except (ValueError, IndexError):
            return None

    def offset(self, path: Sequence[PathPart]) -> int | None:
        text = self.text
        index = _WS.match(text, 1 if text.startswith("\ufeff") else 0).end()  # type: ignore[union-attr]
        end: int | None = None  # end of the current value, when an array element's span is known
        try:
            for part in path:
                if end is not None and isinstance(part, str) and text[index] == "{":
                    # A key of an object whose span is known: one search in C instead of a scan.
                    match = _key_pattern(part).search(text, index, end)
                    if match is not None:
                        index, end = match.end(), None
                        continue
                found = self._member(index, part)
                if found is None:
                    return None
                container = self._containers.get(index)
                end = container.ends.get(part) if container and isinstance(part, int) else None
                index = found
        except (ValueError, IndexError):
            return None
        return index

    def _member(self, index: int, part: PathPart) -> int | None:
        text = self.text
        if index not in self._containers:
            opener = text[index]
            self._containers[index] = _Container(index + 1) if opener in "{[" else None
        container = self._containers[index]
        if container is None:  # a scalar: a single value stands for a one-element list
            return index if part == 0 else None
        if part in container.members:
            return container.members[part]
        is_object = text[index] == "{"
        if container.done or is_object != isinstance(part, str):
            return None
        position = container.resume
        while True:
            position = _WS.match(text, position).end()  # type: ignore[union-attr]
            if text[position] in "}]":
                container.done = True
                return None
            if is_object:
                key_match = _KEY.match(text, position)
                if key_match is None:
                    raise ValueError("not a key")
                key: PathPart = _unescape(key_match.group(1))
                position = key_match.end()
            else:
                key = len(container.members)
            container.members.setdefault(key, position)
            position = _SEPARATOR.match(text, _DECODER.raw_decode(text, position)[1]).end()  # type: ignore[union-attr]
            container.resume = position
            if key == part:
                return container.members[key]


class _NotSimple(Exception):
    """The text is not a JSON object this fast path handles; json.loads decides (and reports)."""


_WS = re.compile(r"[ \t\n\r]*")
_KEY = re.compile(r'"((?:[^"\\]|\\.)*)"[ \t\n\r]*:[ \t\n\r]*')
_NEXT_ITEM = re.compile(r"[ \t\n\r]*([,\]])[ \t\n\r]*")
_SEPARATOR = re.compile(r"[ \t\n\r]*,?")


@lru_cache(maxsize=256)
def _key_pattern(key: str) -> re.Pattern[str]:
    return re.compile(re.escape(json.dumps(key)) + r"[ \t\n\r]*:[ \t\n\r]*")


def _unescape(raw: str) -> str:
    return raw if "\\" not in raw else str(json.loads(f'"{raw}"'))


def split_path(text: str) -> tuple[PathPart, ...]:
    """`Statement[2].Action[0]` -> `("Statement", 2, "Action", 0)`."""
    parts: list[PathPart] = []
    for piece in text.split("."):
        name, _, rest = piece.partition("[")
        if name:
            parts.append(name)
        while rest:
            number, _, rest = rest.partition("]")
            if number.isdigit():
                parts.append(int(number))
            rest = rest.removeprefix("[")
    return tuple(parts)

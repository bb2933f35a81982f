"""Line and column of a path (`["Statement", 2, "Action", 0]`) inside a JSON text.

Policies are parsed with the C JSON decoder for speed; positions are found only when a finding
needs one, by walking the text along the path and skipping sibling values with `raw_decode`.
Like parliament, we report 1-based lines and columns of the value the path names.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from json.decoder import scanstring  # type: ignore[attr-defined]

_DECODER = json.JSONDecoder()
_WHITESPACE = " \t\n\r"

PathPart = str | int


@dataclass(frozen=True)
class SourceText:
    """The text of a JSON file (or of a JSON string inside one) and where it came from."""

    file: str
    text: str
    _cache: dict[tuple[PathPart, ...], tuple[int, int] | None] = field(
        default_factory=dict, compare=False, repr=False
    )

    def position(self, path: Sequence[PathPart]) -> tuple[int, int] | None:
        key = tuple(path)
        if key not in self._cache:
            offset = _offset(self.text, key)
            self._cache[key] = None if offset is None else _line_column(self.text, offset)
        return self._cache[key]


def _skip(text: str, index: int) -> int:
    while index < len(text) and text[index] in _WHITESPACE:
        index += 1
    return index


def _offset(text: str, path: Sequence[PathPart]) -> int | None:
    try:
        index = _skip(text, 1 if text.startswith("\ufeff") else 0)
        for part in path:
            index = _step(text, index, part)
            if index < 0:
                return None
        return index
    except (ValueError, IndexError):
        return None


def _step(text: str, index: int, part: PathPart) -> int:
    """Offset of the child `part` of the value starting at `index`; -1 when absent."""
    opener = text[index]
    if isinstance(part, str):
        if opener != "{":
            return -1
        index = _skip(text, index + 1)
        while text[index] != "}":
            key, index = scanstring(text, index + 1)
            index = _skip(text, _skip(text, index) + 1)  # past the colon
            if key == part:
                return index
            index = _skip(text, _DECODER.raw_decode(text, index)[1])
            if text[index] == ",":
                index = _skip(text, index + 1)
        return -1
    if opener != "[":
        return index if part == 0 else -1  # a single string stands for a one-element list
    index = _skip(text, index + 1)
    position = 0
    while text[index] != "]":
        if position == part:
            return index
        index = _skip(text, _DECODER.raw_decode(text, index)[1])
        if text[index] == ",":
            index = _skip(text, index + 1)
        position += 1
    return -1


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


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

"""Read a spec file into plain data, keeping the line and column of every key and value.

Hostile input is refused before it can cost anything: files over MAX_BYTES, bytes that
are not UTF-8, NUL and other control characters, anchors and aliases (so an alias bomb is
rejected at its first `&`), nesting deeper than MAX_DEPTH, several documents, and
duplicate keys.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingStartEvent,
    NodeEvent,
    SequenceStartEvent,
)

from generator.spec.limits import MAX_BYTES, MAX_DEPTH
from generator.spec.problems import FieldPath, Problem

PlainData = object


class YamlProblem(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass
class SourceMap:
    """Where each field of a document is: the value's position, and the key's for mapping entries."""

    values: dict[FieldPath, Position] = field(default_factory=dict)
    keys: dict[FieldPath, Position] = field(default_factory=dict)

    def value(self, path: FieldPath) -> Position:
        """Position of the value at `path`, or of its closest ancestor that exists."""
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found is not None:
                return found
        return Position(1, 1)

    def key(self, path: FieldPath) -> Position:
        return self.keys.get(path) or self.value(path)


@dataclass(frozen=True)
class YamlDocument:
    path: Path
    data: PlainData
    source: SourceMap
    text: str


def _fail(path: Path, line: int, column: int, message: str) -> YamlProblem:
    return YamlProblem(Problem(path, line, column, (), message))


_REFUSED_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufeff]")
"""Every character the loop in `_decode` refuses: categories Cc and Cs but tab, CR and LF, and
U+2028, U+2029, U+FEFF."""


def _decode(path: Path, raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise _fail(path, 1, 1, f"file is larger than {MAX_BYTES:,} bytes, the most a spec may be")
    if not raw.strip():
        raise _fail(path, 1, 1, "file is empty; a spec needs at least customer, region and external_id")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise _fail(path, line, 1, "file is not UTF-8 text (binary data?)") from None
    text = text.removeprefix("\ufeff")
    if not _REFUSED_CHARS.search(text):
        return text  # the common case; the loop below only locates the first refused character
    for line_no, line_text in enumerate(text.split("\n"), start=1):
        for col, char in enumerate(line_text, start=1):
            if char in "\t\r":
                continue
            if unicodedata.category(char) in {"Cc", "Cs"} or char in "\u2028\u2029\ufeff":
                raise _fail(path, line_no, col, f"control character U+{ord(char):04X} is not allowed")
    return text


def _check_flow_depth(path: Path, text: str) -> None:
    """Refuse deeply nested flow collections (`[[[[...`) before the YAML scanner sees them.

    ruamel's scanner is quadratic in flow nesting, so the event scan below would take seconds
    on a few thousand brackets. This linear pass skips quoted strings and comments.
    """
    depth = 0
    quote = ""
    line, column = 1, 0
    previous = " "
    in_comment = False
    for char in text:
        column += 1
        if char == "\n":
            line, column, in_comment, previous = line + 1, 0, False, " "
            continue
        if in_comment:
            continue
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"" and previous in " \t[{,:":
            quote = char
        elif char == "#" and previous in " \t":
            in_comment = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise _fail(path, line, column, f"nesting deeper than {MAX_DEPTH} levels")
        elif char in "]}" and depth:
            depth -= 1
        previous = char


def _events(yaml: YAML, text: str) -> Iterator[Event]:
    yield from yaml.parse(text)


def _scan(path: Path, yaml: YAML, text: str) -> None:
    """Walk the event stream once: refuse anchors, aliases, deep nesting and extra documents."""
    depth = 0
    documents = 0
    for event in _events(yaml, text):
        mark = event.start_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        if isinstance(event, AliasEvent):
            raise _fail(path, line, column, "YAML aliases (*name) are not allowed in a spec")
        if isinstance(event, NodeEvent) and event.anchor is not None:
            raise _fail(path, line, column, "YAML anchors (&name) are not allowed in a spec")
        if isinstance(event, DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _fail(path, line, column, "a spec file holds exactly one YAML document")
        if isinstance(event, MappingStartEvent | SequenceStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _fail(path, line, column, f"nesting deeper than {MAX_DEPTH} levels")
        elif type(event).__name__ in {"MappingEndEvent", "SequenceEndEvent"}:
            depth -= 1


def _plain(node: object, where: FieldPath, source: SourceMap) -> PlainData:
    """Turn ruamel's round-trip objects into dicts, lists, str, int, float, bool and None."""
    if isinstance(node, CommentedMap):
        result: dict[str, PlainData] = {}
        for key in node:
            child = (*where, str(key))
            key_line, key_col, value_line, value_col = node.lc.data[key]
            source.keys[child] = Position(key_line + 1, key_col + 1)
            # An empty value (`name:`) has no position of its own; report it on its key's line.
            empty = node[key] is None
            source.values[child] = source.keys[child] if empty else Position(value_line + 1, value_col + 1)
            result[str(key)] = _plain(node[key], child, source)
        return result
    if isinstance(node, CommentedSeq):
        items: list[PlainData] = []
        for index, item in enumerate(node):
            child = (*where, index)
            item_line, item_col = node.lc.data[index]
            source.values[child] = Position(item_line + 1, item_col + 1)
            items.append(_plain(item, child, source))
        return items
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, datetime.date):
        return node.isoformat()
    return str(node)


def load_yaml(path: Path) -> YamlDocument:
    """Read and parse one spec file; raise YamlProblem naming the line for anything unreadable."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)  # never read more of a huge file than it takes to refuse it
    except IsADirectoryError:
        raise _fail(path, 1, 1, "is a directory, not a spec file") from None
    except OSError as error:
        raise _fail(path, 1, 1, f"cannot read file: {error.strerror or error}") from None
    text = _decode(path, raw)
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    try:
        _check_flow_depth(path, text)
        _scan(path, yaml, text)
        node = yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        reason = " ".join(str(part) for part in (error.context, error.problem) if part)
        if "duplicate key" in reason:
            key = (
                reason.split('duplicate key "', 1)[1].split('"', 1)[0] if 'duplicate key "' in reason else ""
            )
            raise YamlProblem(
                Problem(path, line, column, (key,) if key else (), f"duplicate key '{key}'")
            ) from None
        raise _fail(path, line, column, f"YAML syntax: {reason or 'invalid YAML'}") from None
    except (YAMLError, RecursionError, ValueError) as error:
        raise _fail(path, 1, 1, f"YAML syntax: {error}") from None
    source = SourceMap()
    source.values[()] = Position(1, 1)
    data = _plain(node, (), source)
    return YamlDocument(path=path, data=data, source=source, text=text)

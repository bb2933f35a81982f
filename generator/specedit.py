"""Change one scalar in a spec file and leave every other byte as it was.

ruamel.yaml's round-trip *dumper* keeps comments but re-indents sequences and re-flows some
scalars, so a dump of `customers/acme-analytics.yaml` is not the file the user wrote. Instead we
use ruamel's round-trip *composer* only to find where the value is (its exact start and end
offsets), splice the new text in, check that the result parses to the same document with just
that value changed, and replace the file atomically (temporary file in the same directory, fsync,
rename, fsync of the directory). Comments, quoting, blank lines and line endings stay untouched.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode

from generator.errors import CheckFailed
from generator.fileio import atomic_write

_BOM = "\ufeff"


def _yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    return yaml


def _child(node: Node, key: str) -> Node | None:
    if not isinstance(node, MappingNode):
        return None
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return value_node  # type: ignore[no-any-return]
    return None


def _scalar_span(text: str, field: Sequence[str]) -> tuple[int, int] | None:
    """Character offsets [start, end) of the scalar at `field`, or None when it is absent."""
    node: Node | None = _yaml().compose(text)
    for key in field:
        if node is None:
            return None
        node = _child(node, key)
    if not isinstance(node, ScalarNode):
        return None
    return node.start_mark.index, node.end_mark.index


def _load(text: str) -> object:
    return _yaml().load(text)


def replace_scalar(text: str, field: Sequence[str], new_value: str) -> str:
    """`text` with the scalar at `field` (a path of mapping keys) written as `new_value`.

    Raises KeyError when the field is not a scalar in the document. `new_value` is YAML source:
    a plain scalar (a number) or a quoted string (`scalar_text`).
    """
    body = text.removeprefix(_BOM)
    span = _scalar_span(body, field)
    if span is None:
        raise KeyError(".".join(field))
    start, end = span
    return text[: len(text) - len(body)] + body[:start] + new_value + body[end:]


def scalar_text(value: int | float | str) -> str:
    """A value as YAML source: numbers plain, strings double-quoted (a date-like string stays a string)."""
    return json.dumps(value) if isinstance(value, str) else str(value)


def insert_after_line(text: str, key: str, after: str, value: int | float | str) -> str:
    """`text` with a new top-level `key: value` line after the line holding `after`'s scalar value.

    Raises KeyError when `after` is not a top-level scalar or `key` is already there.
    """
    body = text.removeprefix(_BOM)
    loaded = _load(body)
    if not isinstance(loaded, dict) or key in loaded:
        raise KeyError(key)
    span = _scalar_span(body, (after,))
    if span is None:
        raise KeyError(after)
    end = body.find("\n", span[1])
    newline = "\r\n" if body[max(end - 1, 0) : end + 1] == "\r\n" else "\n"
    line = f"{key}: {scalar_text(value)}{newline}"
    if end < 0:
        body, end = body + newline, len(body)
    return text[: len(text) - len(body)] + body[: end + 1] + line + body[end + 1 :]


def _same_but_for(before: object, after: object, field: Sequence[str], value: object) -> bool:
    if not field:
        return after == value
    if not isinstance(before, dict) or not isinstance(after, dict) or before.keys() != after.keys():
        return False
    head, rest = field[0], field[1:]
    return all(
        _same_but_for(before[key], after[key], rest, value) if key == head else before[key] == after[key]
        for key in before
    )


def set_scalar(
    path: Path, field: Sequence[str], new_value: int | float | str, *, insert_after: str | None = None
) -> str:
    """Write `new_value` at `field` in the YAML file `path`; returns the new text.

    With `insert_after` (a top-level key), a missing top-level `field` is added on a line of its
    own after that key's line. Raises CheckFailed naming the file when the field is missing (and
    may not be added) or the edit would change anything else (which would be a bug in the splice,
    so nothing is written then).
    """
    path = path.resolve()  # through a symlink: edit the file it points to, keep the link
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    name = ".".join(field)
    try:
        before = _load(text.removeprefix(_BOM))
        present = _scalar_span(text.removeprefix(_BOM), field) is not None
        if not present and insert_after is not None and len(field) == 1:
            updated = insert_after_line(text, field[0], insert_after, new_value)
            before = {**before, field[0]: new_value} if isinstance(before, dict) else before
            expected: Sequence[str] = ()
        else:
            updated = replace_scalar(text, field, scalar_text(new_value))
            expected = field
        after = _load(updated.removeprefix(_BOM))
    except KeyError:
        raise CheckFailed(f"{path}: {name} is not set; nothing was written") from None
    except YAMLError as error:
        raise CheckFailed(f"{path}: cannot edit {name}: {error}") from None
    same = before == after if not expected else _same_but_for(before, after, expected, new_value)
    if not same:
        raise CheckFailed(f"{path}: editing {name} would change other fields; nothing was written")
    atomic_write(path, updated.encode("utf-8"))
    return updated

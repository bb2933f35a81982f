"""A fast path for the common case: a valid spec, read with libyaml and no positions.

Reading with positions (ruamel.yaml, pure Python) costs ~5 ms a file, most of a fleet's
validate. `fast_document(path)` reads the same document with libyaml's C parser and
returns the plain data, or None whenever anything is unusual, and then the caller takes the
careful path (`yamlfile.load_yaml`), which locates every problem. None is returned for: no
libyaml, a file over the size limit, bytes that are not UTF-8, control characters,
directives or an explicit `---`, anchors, aliases, tags, several documents, nesting deeper
than the limit, non-string or duplicate keys, a libyaml error, and any plain scalar that
YAML 1.2 (ruamel's reading) types as something other than str, null, bool, a plain
decimal int or a plain decimal float.

So a document this returns equals what `load_yaml(path).data` would be; callers accept a
spec through it only when the schema and rules find nothing, and re-read every other spec
the careful way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml.nodes import ScalarNode as RuamelScalarNode
from ruamel.yaml.resolver import VersionedResolver

from generator.spec.limits import MAX_BYTES, MAX_DEPTH
from generator.spec.yamlfile import YamlProblem, _decode

_CParser: Any = getattr(yaml, "CSafeLoader", None)

_TAG = "tag:yaml.org,2002:"
_INT = re.compile(r"-?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"-?(0|[1-9][0-9]*)\.[0-9]+")
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULLS = {"", "~", "null", "Null", "NULL"}


class _Unusual(Exception):
    """Something the fast path does not decide; the careful path will."""


@cache
def _resolver() -> VersionedResolver:
    return VersionedResolver(version=(1, 2))


_UNUSUAL = object()


@lru_cache(maxsize=4096)
def _plain_scalar(value: str) -> object:
    """A plain (unquoted) scalar as YAML 1.2 types it, or _UNUSUAL; keys and common values repeat."""
    tag = _resolver().resolve(RuamelScalarNode, value, (True, False))
    if tag == _TAG + "str":
        return value
    if tag == _TAG + "null" and value in _NULLS:
        return None
    if tag == _TAG + "bool" and value in _BOOLS:
        return _BOOLS[value]
    if tag == _TAG + "int" and _INT.fullmatch(value):
        return int(value)
    if tag == _TAG + "float" and _FLOAT.fullmatch(value):
        return float(value)
    return _UNUSUAL


def _scalar(event: yaml.ScalarEvent) -> object:
    if event.style:  # quoted or block scalar: always a string (plain is None or "")
        return event.value
    value = _plain_scalar(event.value)
    if value is _UNUSUAL:
        raise _Unusual
    return value


def _read(text: str) -> object:
    """One pass over libyaml's events: refuse what the careful path must judge, build the rest.

    The data is built as the events come (no node tree): mappings with unique string keys,
    sequences, and scalars typed as YAML 1.2 reads them.
    """
    root: object = None
    containers: list[dict[str, object] | list[object]] = []
    keys: list[str | None] = []  # per open mapping: the key awaiting its value
    documents = 0
    events: Iterator[Any] = yaml.parse(text, Loader=_CParser)
    for event in events:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            if event.anchor is not None or (event.tag is not None and not event.implicit[0]):
                raise _Unusual
            value: object = _scalar(event)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if event.anchor is not None or (event.tag is not None and not event.implicit):
                raise _Unusual
            if len(containers) >= MAX_DEPTH:
                raise _Unusual
            value = {} if kind is yaml.MappingStartEvent else []
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            containers.pop()
            keys.pop()
            continue
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1 or event.explicit or event.version or event.tags:
                raise _Unusual
            continue
        elif kind is yaml.AliasEvent:
            raise _Unusual
        else:  # stream start/end, document end
            continue
        if not containers:
            root = value
        else:
            parent = containers[-1]
            if isinstance(parent, list):
                parent.append(value)
            else:
                key = keys[-1]
                if key is not None:
                    parent[key] = value
                    keys[-1] = None
                elif not isinstance(value, str) or value in parent:
                    raise _Unusual  # a non-string (or collection) key, or a duplicate
                else:
                    keys[-1] = value
        if isinstance(value, dict | list):
            containers.append(value)
            keys.append(None)
    return root


def fast_document(path: Path, raw: bytes) -> object | None:
    """The plain data of the spec `path` holding `raw`, or None when the careful reader must decide."""
    if _CParser is None:
        return None
    try:
        if len(raw) > MAX_BYTES:
            return None
        return _read(_decode(path, raw))
    except (_Unusual, YamlProblem, yaml.YAMLError, OSError, RecursionError, ValueError):
        return None

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
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml.nodes import ScalarNode as RuamelScalarNode
from ruamel.yaml.resolver import VersionedResolver

from generator.spec.yamlfile import MAX_BYTES, MAX_DEPTH, YamlProblem, _decode

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


def _scalar(node: yaml.ScalarNode) -> object:
    value: str = node.value
    if node.style:  # quoted or block scalar: always a string (plain is None or "")
        return value
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
    raise _Unusual


def _plain(node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Unusual
            key = _scalar(key_node)
            if not isinstance(key, str) or key in result:
                raise _Unusual
            result[key] = _plain(value_node)
        return result
    raise _Unusual


def _screen(text: str) -> None:
    """Walk libyaml's events: refuse what the careful path must judge, before composing."""
    depth = 0
    documents = 0
    for event in yaml.parse(text, Loader=_CParser):
        if isinstance(event, yaml.AliasEvent):
            raise _Unusual
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            raise _Unusual
        if isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent):
            implicit = event.implicit if isinstance(event, yaml.CollectionStartEvent) else event.implicit[0]
            if event.tag is not None and not implicit:
                raise _Unusual
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1 or event.explicit or event.version or event.tags:
                raise _Unusual
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Unusual
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def fast_document(path: Path, raw: bytes) -> object | None:
    """The plain data of the spec `path` holding `raw`, or None when the careful reader must decide."""
    if _CParser is None:
        return None
    try:
        if len(raw) > MAX_BYTES:
            return None
        text = _decode(path, raw)
        _screen(text)
        node = yaml.compose(text, Loader=_CParser)
        return None if node is None else _plain(node)
    except (_Unusual, YamlProblem, yaml.YAMLError, OSError, RecursionError, ValueError):
        return None

"""Turn Python values into Terraform source text that can never become code.

Two places carry spec values into a module:
- HCL files (`*.tf`), through `literal()`: strings are quoted and escaped, including
  Terraform's template sequences `${` and `%{`, so a value always means itself.
- Terraform JSON files (`*.tf.json`), through `json_template()`: JSON strings there are
  templates too, so `${` and `%{` are doubled.
`Expr` and `Ref` are the only ways to put real Terraform expressions in, and only the
generator's own code creates them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from json.encoder import encode_basestring


@dataclass(frozen=True)
class Expr:
    """A Terraform expression written by the generator itself, e.g. `aws_sns_topic.alarm.arn`."""

    code: str


@dataclass(frozen=True)
class Ref:
    """An interpolation inside a template string: `${<code>}`."""

    code: str


@dataclass(frozen=True)
class JsonText:
    """A value already written as `dump_json` would write it at the top level (`indent=2`,
    template sequences escaped); `dump_json` splices it in, indented to where it sits."""

    text: str


@dataclass(frozen=True)
class Template:
    """A string assembled from literal text and generator-written references."""

    parts: tuple[str | Ref, ...]

    @classmethod
    def of(cls, *parts: str | Ref) -> Template:
        return cls(tuple(parts))


def escape_template(text: str) -> str:
    """Escape Terraform's template sequences so `text` is taken literally."""
    return text.replace("${", "$${").replace("%{", "%%{")


def unescape_template(text: str) -> str:
    """The inverse of `escape_template` (for readers of rendered files)."""
    return text.replace("$${", "${").replace("%%{", "%{")


def _template_text(value: Template) -> str:
    return "".join(
        f"${{{part.code}}}" if isinstance(part, Ref) else escape_template(part) for part in value.parts
    )


_HCL_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


_NEEDS_ESCAPE = re.compile('[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029]')
"""The characters `quote_chars` writes as escapes (everything else is written as itself)."""
_ESCAPE_TABLE = {code: f"\\u{code:04x}" for code in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]} | {
    ord(char): escaped for char, escaped in _HCL_ESCAPES.items()
}


def quote_chars(text: str) -> str:
    """`text` as the inside of an HCL quoted string: quotes, backslashes and control characters
    escaped; template sequences (`${`, `%{`) left as they are, to be read as templates."""
    return text.translate(_ESCAPE_TABLE) if _NEEDS_ESCAPE.search(text) else text


@lru_cache(maxsize=4096)
def _quote(text: str) -> str:
    """Memoised: a fleet's modules quote the same names, keys and metric dimensions over and over."""
    return '"' + escape_template(quote_chars(text)) + '"'


def literal(value: object, indent: int = 0) -> str:
    """HCL source for `value`. Mappings are multi-line with aligned `=`, as `terraform fmt` wants."""
    if type(value) is str:  # the common case, before the pattern match
        return _quote(value)
    match value:
        case Expr(code=code):
            return code
        case Template():
            inner = _template_text(value)
            return '"' + quote_chars(inner) + '"'
        case bool():
            return "true" if value else "false"
        case int():
            return str(value)
        case float():
            if not math.isfinite(value):
                raise ValueError("HCL has no infinite or NaN numbers")
            return str(int(value)) if value.is_integer() else repr(value)
        case str():
            return _quote(value)
        case Mapping():
            if not value:
                return "{}"
            pad = " " * (indent + 2)
            keys = [_quote(str(key)) for key in value]
            width = max(len(key) for key in keys)
            lines = [
                f"{pad}{key.ljust(width)} = {literal(item, indent + 2)}"
                for key, item in zip(keys, value.values(), strict=True)
            ]
            return "{\n" + "\n".join(lines) + "\n" + " " * indent + "}"
        case Sequence():
            return "[" + ", ".join(literal(item, indent) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as HCL")


def json_template(value: object) -> object:
    """`value` as plain JSON data for a `.tf.json` file, template sequences escaped."""
    match value:
        case Template():
            return _template_text(value)
        case Ref(code=code):
            return f"${{{code}}}"
        case Expr(code=code):
            return f"${{{code}}}"
        case str():
            return escape_template(value)
        case bool() | int() | float() | None:
            return value
        case Mapping():
            return {escape_template(str(key)): json_template(item) for key, item in value.items()}
        case Sequence():
            return [json_template(item) for item in value]
    raise TypeError(f"cannot write {type(value).__name__} as Terraform JSON")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (math.inf, -math.inf):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _json_text(value: object, pad: str) -> str:
    """`json.dumps(json_template(value), indent=2, ensure_ascii=False)` at indentation `pad`,
    in one walk (json's indenting encoder is pure Python and yields every token)."""
    match value:
        case str():
            return encode_basestring(escape_template(value))
        case JsonText(text=text):
            return text.replace("\n", "\n" + pad)
        case Template():
            return encode_basestring(_template_text(value))
        case Ref(code=code) | Expr(code=code):
            return encode_basestring(f"${{{code}}}")
        case bool():
            return "true" if value else "false"
        case None:
            return "null"
        case int():
            return int.__repr__(value)
        case float():
            return _float(value)
        case Mapping():
            if not value:
                return "{}"
            inner = pad + "  "
            members = ",\n".join(
                f"{inner}{encode_basestring(escape_template(str(key)))}: {_json_text(item, inner)}"
                for key, item in value.items()
            )
            return "{\n" + members + "\n" + pad + "}"
        case Sequence():
            if not value:
                return "[]"
            inner = pad + "  "
            items = ",\n".join(inner + _json_text(item, inner) for item in value)
            return "[\n" + items + "\n" + pad + "]"
    raise TypeError(f"cannot write {type(value).__name__} as Terraform JSON")


def dump_json(document: Mapping[str, object]) -> str:
    """Deterministic text of a Terraform JSON file: exactly
    `json.dumps(json_template(document), indent=2, ensure_ascii=False) + "\\n"`, except that a
    `JsonText` value is spliced in verbatim (indented to where it sits)."""
    return _json_text(document, "") + "\n"

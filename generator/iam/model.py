"""IAM policy documents as typed, frozen objects, parsed once from JSON.

`parse_policy(obj)` checks the grammar (elements, their types, Effect, exactly one of Action /
NotAction, ...) and raises `PolicyError` carrying the path of the offending element, e.g.
`Statement[2].Effect`. Lines and columns are not computed while parsing (that would double the
cost of reading a thousand policies); `Policy.position(path)` finds them in the source text when a
finding needs one.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.iam.locate import PathPart, SourceText
from generator.iam.memo import Memo

PRINCIPAL_TYPES = ("AWS", "Service", "Federated", "CanonicalUser")
_STATEMENT_KEYS = frozenset(
    (
        "Sid",
        "Effect",
        "Action",
        "NotAction",
        "Resource",
        "NotResource",
        "Principal",
        "NotPrincipal",
        "Condition",
    )
)


class PolicyError(ValueError):
    """A document that is not a valid IAM policy; `path` names the element."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


@dataclass(frozen=True, slots=True)
class ConditionClause:
    """One `operator: {key: values}` entry. Keys are case-insensitive in IAM: kept lower-case."""

    operator: str
    key: str
    values: frozenset[str]

    @property
    def base_operator(self) -> str:
        """The operator without `ForAllValues:`/`ForAnyValue:` and `IfExists`, e.g. `StringEquals`."""
        name = self.operator.rpartition(":")[2]
        return name.removesuffix("IfExists")

    @property
    def set_qualifier(self) -> str:
        return self.operator.rpartition(":")[0]

    @property
    def if_exists(self) -> bool:
        return self.operator.endswith("IfExists")

    @property
    def negated(self) -> bool:
        return "Not" in self.base_operator

    @property
    def restricts(self) -> bool:
        """True when the clause only lets requests through that carry a matching value."""
        return not self.negated and not self.if_exists and self.base_operator != "Null"


Conditions = tuple[ConditionClause, ...]


@dataclass(frozen=True, slots=True)
class Principal:
    kind: str
    """AWS, Service, Federated, CanonicalUser, or `*` for the bare wildcard principal."""
    value: str


@dataclass(frozen=True, slots=True)
class StatementBody:
    """What a statement says, independent of where it stands: equal statements in a thousand
    policies are one object (see `parse_policy`), so what is learned about it is learned once.
    The Sid is not part of it: it names the statement at its place (`Statement.sid`)."""

    effect: str
    actions: tuple[str, ...]
    not_action: bool
    resources: tuple[str, ...]
    not_resource: bool
    principals: tuple[Principal, ...]
    not_principal: bool
    conditions: Conditions
    key: int = field(default=-1, compare=False)
    """A small number naming what the statement grants; set by the parser."""
    serial: int = field(default=-1, compare=False)
    """Names this body (one statement text, Sid aside) for the whole process, never reused (an
    id() would be, once the body is freed); set by the parser."""


@dataclass(frozen=True, slots=True)
class Statement:
    """A statement at its place in a policy."""

    index: int
    body: StatementBody
    single: bool = False
    """The policy wrote `Statement` as one object rather than a list."""
    sid: str | None = None

    @property
    def effect(self) -> str:
        return self.body.effect

    @property
    def actions(self) -> tuple[str, ...]:
        return self.body.actions

    @property
    def not_action(self) -> bool:
        return self.body.not_action

    @property
    def resources(self) -> tuple[str, ...]:
        return self.body.resources

    @property
    def not_resource(self) -> bool:
        return self.body.not_resource

    @property
    def principals(self) -> tuple[Principal, ...]:
        return self.body.principals

    @property
    def not_principal(self) -> bool:
        return self.body.not_principal

    @property
    def conditions(self) -> Conditions:
        return self.body.conditions

    @property
    def key(self) -> int:
        return self.body.key

    @property
    def allows(self) -> bool:
        return self.body.effect == "Allow"

    @property
    def path(self) -> str:
        return "Statement" if self.single else f"Statement[{self.index}]"

    def path_parts(self, *rest: PathPart) -> tuple[PathPart, ...]:
        return ("Statement", *(() if self.single else (self.index,)), *rest)

    @property
    def action_element(self) -> str:
        return "NotAction" if self.body.not_action else "Action"

    @property
    def resource_element(self) -> str:
        return "NotResource" if self.body.not_resource else "Resource"

    @property
    def label(self) -> str:
        return f"{self.path} ({self.sid})" if self.sid else self.path


@dataclass(frozen=True)
class Policy:
    statements: tuple[Statement, ...]
    version: str | None = None
    source: SourceText | None = None
    """The text the policy was read from, for line/column of findings."""
    prefix: tuple[PathPart, ...] = ()
    """Path of this document inside `source` (e.g. `("locals", "role_policy")`)."""
    single: bool = False
    """The policy wrote `Statement` as one object rather than a list."""

    def statement_path(self, index: int) -> tuple[PathPart, ...]:
        return ("Statement",) if self.single else ("Statement", index)

    def position(self, parts: tuple[PathPart, ...]) -> tuple[int, int] | None:
        if self.source is None:
            return None
        return self.source.position((*self.prefix, *parts))


def _strings(value: Any, path: str, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value:
        try:
            "".join(value)  # fails, in C, on any element that is not a string
        except TypeError:
            pass
        else:
            return tuple(value)
    raise PolicyError(path, f"{what} must be a string or a non-empty list of strings")


def _condition_value(value: Any, path: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise PolicyError(path, "condition values must be strings, numbers or booleans")


def _conditions(value: Any, path: str) -> Conditions:
    if not isinstance(value, Mapping):
        raise PolicyError(path, "Condition must be an object of operator -> {key: values}")
    clauses = []
    for operator, entries in value.items():
        if not isinstance(entries, Mapping):
            raise PolicyError(f"{path}.{operator}", "must be an object of condition key -> values")
        for key, raw in entries.items():
            items = raw if isinstance(raw, list) else [raw]
            values = frozenset(_condition_value(item, f"{path}.{operator}.{key}") for item in items)
            clauses.append(ConditionClause(str(operator), str(key).lower(), values))
    return tuple(sorted(clauses, key=lambda c: (c.operator, c.key, sorted(c.values))))


def _principals(value: Any, path: str) -> tuple[Principal, ...]:
    if value == "*":
        return (Principal("*", "*"),)
    if not isinstance(value, Mapping) or not value:
        raise PolicyError(path, 'Principal must be "*" or an object such as {"AWS": "arn:..."}')
    found: list[Principal] = []
    for kind, raw in value.items():
        if kind not in PRINCIPAL_TYPES:
            raise PolicyError(
                f"{path}.{kind}", f"unknown principal type (expected {', '.join(PRINCIPAL_TYPES)})"
            )
        found.extend(Principal(kind, item) for item in _strings(raw, f"{path}.{kind}", "a principal"))
    return tuple(found)


_KEPT = 2048
_CONTENT_KEYS: Memo[tuple[object, ...], int] = Memo(_KEPT)
"""Statement content -> its key. Bounded (see `iam.memo`); a content seen again after its entry
was dropped gets a new key, never an old one (`_NEXT_KEY`): memos keyed by it only miss."""
_NEXT_KEY = itertools.count()
_BODY_SERIALS = itertools.count()
_SHARED: Memo[tuple[object, ...], StatementBody] = Memo(_KEPT)
"""Parsed statements by their source text after a leading Sid (or by their plain key, Sid left
out, when there is no text): the same grant under another Sid (a fleet's policies number their
statements) is parsed once."""
_LEADING_SID = re.compile(r'\{[ \t\n\r]*"Sid"[ \t\n\r]*:[ \t\n\r]*"(?:[^"\\]|\\.)*"[ \t\n\r]*,')
_TRAILING_SID = re.compile(r'"Sid"[ \t\n\r]*:[ \t\n\r]*"(?:[^"\\]|\\.)*"[ \t\n\r]*\}')


def _plain_key(raw: dict[str, Any]) -> tuple[object, ...] | None:
    """A hashable key for the common statement shape (Effect, Action, Resource: strings or lists
    of strings; the Sid is left out); None for anything else, which is then parsed in full every
    time."""
    key: list[object] = []
    for name, value in raw.items():
        if type(value) is list:
            value = tuple(value)
        elif type(value) is not str:
            return None
        if name != "Sid":
            key.append(name)
            key.append(value)
    return tuple(key)


def _text_key(text: str) -> tuple[object, ...]:
    """The statement's text without its Sid member when that is its first or its last member.

    Both matches are anchored at the statement's own braces, and in valid JSON a quote after a
    comma or a brace opens a token, so neither can be a nested key or a string's contents."""
    leading = _LEADING_SID.match(text)
    if leading:
        return ("after-sid", text[leading.end() :])
    at = text.rfind('"Sid"')
    if at > 0 and _TRAILING_SID.fullmatch(text, at):
        before = text[:at].rstrip(" \t\n\r")
        if before.endswith(","):
            return ("before-sid", before[:-1])
    return ("text", text)


def _statement(raw: Any, index: int, single: bool, text: str | None = None) -> Statement:
    if type(raw) is dict:
        sid = raw.get("Sid")
        plain = _text_key(text) if text is not None else _plain_key(raw)
        if plain is not None and (sid is None or type(sid) is str):
            try:
                shared = _SHARED[plain]
            except TypeError:  # a list holding objects or lists: not a valid policy; the parser says why
                shared = _parse_statement(raw, index, single)
            if shared is None:
                shared = _SHARED.put(plain, _parse_statement(raw, index, single))
            return Statement(index, shared, single, sid)
    body = _parse_statement(raw, index, single)
    return Statement(index, body, single, raw.get("Sid"))


def _parse_statement(raw: Any, index: int, single: bool) -> StatementBody:
    path = "Statement" if single else f"Statement[{index}]"
    if not isinstance(raw, Mapping):
        raise PolicyError(path, "a statement must be an object")
    keys = raw.keys()
    unknown = keys - _STATEMENT_KEYS
    if unknown:
        raise PolicyError(f"{path}.{sorted(unknown)[0]}", "unknown statement element")
    effect = raw.get("Effect")
    if effect != "Allow" and effect != "Deny":
        raise PolicyError(f"{path}.Effect", 'Effect must be "Allow" or "Deny"')
    not_action = "NotAction" in keys
    if ("Action" in keys) == not_action:
        raise PolicyError(path, "a statement needs exactly one of Action and NotAction")
    not_resource = "NotResource" in keys
    if not_resource and "Resource" in keys:
        raise PolicyError(path, "a statement cannot have both Resource and NotResource")
    action_key = "NotAction" if not_action else "Action"
    resource_key = "NotResource" if not_resource else "Resource"
    sid = raw.get("Sid")
    if sid is not None and not isinstance(sid, str):
        raise PolicyError(f"{path}.Sid", "Sid must be a string")
    principals: tuple[Principal, ...] = ()
    not_principal = "NotPrincipal" in keys
    if not_principal or "Principal" in keys:
        if not_principal and "Principal" in keys:
            raise PolicyError(path, "a statement cannot have both Principal and NotPrincipal")
        principal_key = "NotPrincipal" if not_principal else "Principal"
        principals = _principals(raw[principal_key], f"{path}.{principal_key}")
    raw_resources = raw.get(resource_key)
    actions = _strings(raw[action_key], f"{path}.{action_key}", action_key)
    resources = (
        () if raw_resources is None else _strings(raw_resources, f"{path}.{resource_key}", resource_key)
    )
    conditions = _conditions(raw["Condition"], f"{path}.Condition") if "Condition" in keys else ()
    content = (effect, actions, not_action, resources, not_resource, principals, not_principal, conditions)
    key = _CONTENT_KEYS[content]
    if key is None:
        key = _CONTENT_KEYS.put(content, next(_NEXT_KEY))
    return StatementBody(
        effect,
        actions,
        not_action,
        resources,
        not_resource,
        principals,
        not_principal,
        conditions,
        key,
        next(_BODY_SERIALS),
    )


def parse_policy(obj: Any, source: SourceText | None = None, prefix: tuple[PathPart, ...] = ()) -> Policy:
    """A `Policy` from decoded JSON; raises `PolicyError` naming the element that is wrong.

    Statements of the common shape are shared between policies: the same statement text in a
    thousand files is parsed, and later judged, once.
    """
    if not isinstance(obj, Mapping):
        raise PolicyError("", "a policy must be a JSON object")
    unknown = sorted(set(obj) - {"Version", "Id", "Statement"})
    if unknown:
        raise PolicyError(unknown[0], "unknown policy element (expected Version, Id, Statement)")
    version = obj.get("Version")
    if version is not None and version not in ("2012-10-17", "2008-10-17"):
        raise PolicyError("Version", 'Version must be "2012-10-17" (or the legacy "2008-10-17")')
    raw = obj.get("Statement")
    statements: tuple[Statement, ...]
    if isinstance(raw, Mapping):
        statements = (_statement(raw, 0, single=True),)
        single = True
    elif isinstance(raw, list) and raw:
        texts = source.element_texts((*prefix, "Statement")) if source is not None else None
        if texts is not None and len(texts) == len(raw):  # the statement's own text is its cache key
            statements = tuple([_statement(item, i, False, texts[i]) for i, item in enumerate(raw)])
        else:
            statements = tuple([_statement(item, i, False) for i, item in enumerate(raw)])
        single = False
    else:
        raise PolicyError("Statement", "Statement must be an object or a non-empty list of objects")
    return Policy(statements=statements, version=version, source=source, prefix=prefix, single=single)

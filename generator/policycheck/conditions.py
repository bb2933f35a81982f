"""The Condition element: operators, keys and values, judged against the key's data type.

Keys are compared case-insensitively, as IAM does; operator names are read in their exact case
(see `operators`). A value may be a JSON string, number or boolean, alone or in a list. Policy
variables (`${aws:username}`) count only under Version 2012-10-17 and only with the operators that
accept them.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator, Mapping
from difflib import get_close_matches
from functools import cache
from typing import NamedTuple

from generator.policycheck.arns import wild
from generator.policycheck.catalogue import ActionEntry, KeySupport, ServiceCatalogue
from generator.policycheck.contradictions import never_true
from generator.policycheck.model import Issue, PathPart, data
from generator.policycheck.operators import Operator, canonical_case, compatible, operator_fix, parse_operator
from generator.policycheck.request_values import request_value_issues
from generator.policycheck.values import WHAT, text_of, value_problem
from generator.policycheck.variables import variable_problems

_KEY_FORMAT = re.compile(r"^[A-Za-z0-9-]+:[A-Za-z0-9][^\n\r\t]*$")
"""service:name; a tag key after the name may hold spaces and colons (aws:ResourceTag/a b:c)."""
_PROVIDER_KEY = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/[^\s:]+)?:[A-Za-z0-9_.-]+$")
"""An OIDC identity provider's claim, as a role trust policy tests it: the provider's URL without
`https://`, then the claim (`token.actions.githubusercontent.com:sub`,
`oidc.eks.us-east-2.amazonaws.com/id/EXAMPLE:aud`)."""
SHARED_CONTEXT_SERVICE = "sts"
"""One AssumeRole call authorizes sts:AssumeRole, sts:TagSession and sts:SetSourceIdentity in one
request context, so a trust statement's `sts:ExternalId` applies to all three, whatever each
action's own key list says: the per-action check leaves STS's keys out."""
FEDERATION_SERVICE = "sts"
"""Where the catalogue lists the federation keys (`saml:aud`, `accounts.google.com:sub`): they
are AWS STS's, whatever their prefix says."""


@cache
def _global_keys() -> tuple[dict[str, str], tuple[tuple[str, str], ...], dict[str, str]]:
    raw = data("global_condition_keys.json")
    exact = {k.lower(): t for k, t in raw["keys"].items() if not k.endswith("/")}
    prefixed = tuple((k.lower(), t) for k, t in raw["keys"].items() if k.endswith("/"))
    cross = {k.lower(): t for k, t in raw["cross_service"].items()}
    return exact, prefixed, cross


def key_type(key: str, catalogue: ServiceCatalogue) -> tuple[str | None, bool]:
    """(the key's data type or None when unknown, whether the key is known at all)."""
    exact, prefixed, cross = _global_keys()
    if key in exact:
        return exact[key], True
    for start, kind in prefixed:
        if key.startswith(start) and len(key) > len(start):
            return kind, True
    if key in cross:
        return cross[key], True
    prefix = key.partition(":")[0]
    found = catalogue.key_type(prefix, key)
    if found is None and (prefix == "saml" or "." in prefix):
        found = catalogue.key_type(FEDERATION_SERVICE, key)
        if found is None and "." in prefix:
            return "String", True  # a claim of an OIDC provider the catalogue cannot list (any URL)
    return found, found is not None


def _is_global(key: str) -> bool:
    return key.startswith("aws:") or key in _global_keys()[2]


def _example(kind: str) -> str:
    return {
        "Numeric": "NumericEquals",
        "Date": "DateGreaterThan",
        "Bool": "Bool",
        "IPAddress": "IpAddress",
        "Binary": "BinaryEquals",
        "ARN": "ArnLike",
        "String": "StringEquals",
    }.get(kind, "StringEquals")


def _values(raw: object) -> list[object]:
    return raw if isinstance(raw, list) else [raw]


class StatementActions(NamedTuple):
    """A statement's known actions, per Action entry, as its condition keys are judged."""

    known: tuple[tuple[str, tuple[ActionEntry, ...]], ...]
    """(pattern, the known actions it names) for each Action entry."""
    keys: tuple[KeySupport, ...]
    """The condition keys each entry's actions support, in the same order."""

    def supports(self, key: str) -> bool:
        return any(support.supports(key) for support in self.keys)

    def lacking(self, key: str) -> list[str]:
        """The actions named without a wildcard whose entry does not support `key` (Access
        Analyzer leaves wildcards out of this check, as a wildcard's actions differ)."""
        return [
            entry.name
            for (pattern, listed), support in zip(self.known, self.keys, strict=True)
            if not wild(pattern) and not support.supports(key)
            for entry in listed
        ]

    def shown(self) -> str:
        """The first three actions, `...` when there are more."""
        entries = [entry for _, listed in self.known for entry in listed]
        return ", ".join(entry.name for entry in entries[:3]) + (" ..." if len(entries) > 3 else "")


def condition_issues(
    condition: object,
    actions: StatementActions | None,
    variables_count: bool,
    catalogue: ServiceCatalogue,
) -> Iterator[Issue]:
    """Every problem of one statement's Condition. `actions` are the statement's known actions,
    None when they cannot be listed (NotAction, `*`, an unknown action): key support is then not
    judged."""
    if not isinstance(condition, Mapping):
        yield Issue("json", ("Condition",), "Condition must be an object of operator -> {key: values}")
        return
    parsed: list[tuple[Operator, str, list[object]]] = []
    for text, block in condition.items():
        where: tuple[PathPart, ...] = ("Condition", text)
        operator = parse_operator(str(text))
        if operator is None:
            cased = canonical_case(str(text))
            if cased is not None:
                yield Issue(
                    "operator",
                    where,
                    f"`{text}` is not a condition operator (IAM reads operator names in their exact case)",
                    f"write `{cased}`",
                )
            else:
                yield Issue(
                    "operator", where, f"`{text}` is not a condition operator", operator_fix(str(text))
                )
            continue
        if operator.name == "Null" and operator.if_exists:
            yield Issue(
                "null-if-exists",
                where,
                "`NullIfExists` does not exist: Null already tests presence",
                "write `Null`",
            )
        if not isinstance(block, Mapping):
            yield Issue("json", where, f"`{text}` must map condition keys to values")
            continue
        seen: dict[str, str] = {}
        for key, raw in block.items():
            key_text = str(key)
            at: tuple[PathPart, ...] = (*where, key_text)
            lowered = key_text.lower()
            if lowered in seen and seen[lowered] != key_text:
                yield Issue(
                    "key-case",
                    at,
                    f"`{key_text}` and `{seen[lowered]}` are one key to IAM, which "
                    "compares keys case-insensitively",
                    "keep one of them",
                )
            seen.setdefault(lowered, key_text)
            values = _values(raw)
            yield from _key_issues(operator, key_text, lowered, at, actions, catalogue)
            if not values:
                yield _empty_values(operator, key_text, at)
            bools: set[str] = set()
            for index, value in enumerate(values):
                problem = value_problem(operator, value, variables_count)
                value_at = at if not isinstance(raw, list) else (*at, index)
                if variables_count and isinstance(value, str) and "${" in value:
                    yield from (Issue(v.check, value_at, v.detail, v.fix) for v in variable_problems(value))
                if problem is not None:
                    shown = (
                        value
                        if isinstance(value, str)
                        else text_of(value)
                        if not isinstance(value, dict | list)
                        else "an object or list"
                    )
                    yield Issue(problem, value_at, f"`{shown}` for {operator.name} {WHAT[problem]}")
                elif operator.type == "Bool":
                    bools.add(text_of(value).lower())
                elif operator.type == "IPAddress" and isinstance(value, str) and _host_bits(value):
                    network = ipaddress.ip_network(value, strict=False)
                    yield Issue(
                        "ip-host-bits",
                        value_at,
                        f"`{value}` has bits set after its /{network.prefixlen} mask, which are ignored",
                        f"write `{network}`",
                    )
                elif (
                    operator.type == "String"
                    and "Like" not in operator.name
                    and isinstance(value, str)
                    and wild(_VARIABLES.sub("", value))
                ):
                    yield Issue(
                        "wildcard-without-like",
                        value_at,
                        f"`{value}` is compared by {operator.name}, which has no wildcards",
                        f"write `{text.replace(operator.name, operator.name.replace('Equals', 'Like'))}`"
                        if "IgnoreCase" not in operator.name
                        else None,
                    )
            if len(bools) > 1:
                yield Issue(
                    "bool-values",
                    at,
                    f"`{key_text}` is given both true and false",
                    "keep the one value the statement needs",
                )
            yield from request_value_issues(operator, key_text, lowered, raw, at)
            parsed.append((operator, lowered, values))
    yield from never_true(parsed)


_VARIABLES = re.compile(r"\$\{[^}]*\}")
"""A policy variable (`${aws:username}`, `${*}`): its `*` is no wildcard of the value."""


def _host_bits(value: str) -> bool:
    """Whether a valid CIDR range sets address bits after its mask (`10.1.2.3/16`)."""
    try:
        ipaddress.ip_network(value, strict=True)
    except ValueError:
        return "${" not in value
    return False


def _empty_values(operator: Operator, key: str, at: tuple[PathPart, ...]) -> Issue:
    """A key given no values: Access Analyzer's EMPTY_ARRAY_CONDITION suggestions, by operator."""
    if operator.qualifier == "ForAllValues" or operator.if_exists:
        code = (
            "EMPTY_ARRAY_CONDITION_FORALLVALUES" if operator.qualifier else "EMPTY_ARRAY_CONDITION_IFEXISTS"
        )
        return Issue(
            "empty-condition-absent",
            at,
            f"`{key}` is given no values, so the condition holds only for a request without the key",
            f'test that with `"Null": {{"{key}": "true"}}`',
            code,
        )
    code = "EMPTY_ARRAY_CONDITION_FORANYVALUE" if operator.qualifier else "EMPTY_ARRAY_CONDITION"
    return Issue(
        "empty-condition", at, f"`{key}` is given no values to compare", "give it the values meant", code
    )


def _key_issues(
    operator: Operator,
    key: str,
    lowered: str,
    at: tuple[PathPart, ...],
    actions: StatementActions | None,
    catalogue: ServiceCatalogue,
) -> Iterator[Issue]:
    if not _KEY_FORMAT.match(key) and not _PROVIDER_KEY.match(key):
        yield Issue("key-format", at, f"`{key}` is not a condition key (service:name)")
        return
    kind, known = key_type(lowered, catalogue)
    prefix = lowered.partition(":")[0]
    if not known and any(lowered == start for start, _ in _global_keys()[1]):
        yield Issue(
            "tag-key-missing",
            at,
            f"`{key}` names no tag key (or name) after its `/`",
            f"write `{key}Project`, naming the key",
        )
        return
    if lowered == "aws:arn":
        yield Issue(
            "global-key-unsupported",
            at,
            f"`{key}` is not supported as a condition key",
            "use `aws:PrincipalArn` (the caller) or `aws:SourceArn` (the resource a service acts for)",
        )
        return
    if not known:
        if prefix == "aws":
            names = [*data("global_condition_keys.json")["keys"]]
            guess = get_close_matches(key, names, 1, 0.7) or get_close_matches(
                lowered, [n.lower() for n in names], 1, 0.7
            )
            fix = (
                f"did you mean `{next(n for n in names if n.lower() == guess[0].lower())}`?"
                if guess
                else None
            )
            yield Issue("global-key", at, f"`{key}` is not a global condition key", fix)
        else:
            where = "names no such key" if prefix in catalogue.prefixes else "is not a service"
            keys = catalogue.service_keys(prefix)
            guess = get_close_matches(lowered, keys, 1, 0.7)
            yield Issue(
                "service-key",
                at,
                f"`{prefix}` {where} (`{key}`) in {catalogue.label}",
                f"did you mean `{guess[0]}`?" if guess else None,
            )
        return
    if kind is not None and operator.type != "Null":
        types = {t.removeprefix("ArrayOf") for t in kind.split("|")}
        allowed = compatible().get(operator.type, frozenset())
        if types.isdisjoint(allowed):
            shown = kind.removeprefix("ArrayOf")
            yield Issue(
                "operator-key-type",
                at,
                f"{operator.name} compares {operator.type} values but `{key}` is a {shown}",
                f"use a {shown} operator such as {_example(shown)}",
            )
    if kind is not None and kind.startswith("ArrayOf") and not operator.qualifier and operator.type != "Null":
        yield Issue(
            "missing-qualifier",
            at,
            f"`{key}` can carry several values in one request, and {operator.name} "
            "does not say whether any or all of them must match",
            f"write `ForAnyValue:{operator.name}` (any value matches) or "
            f"`ForAllValues:{operator.name}` (every value must)",
        )
    if kind is not None and "ArrayOf" not in kind and operator.qualifier == "ForAllValues":
        yield Issue(
            "forallvalues-single",
            at,
            f"`{key}` carries one value, and ForAllValues is true as well for a request without it",
            f"write `{operator.name}` (without ForAllValues:)",
        )
    restricts = not operator.negated and not operator.if_exists and operator.type != "Null"
    if (
        actions is None
        or not actions.known
        or not restricts
        or _is_global(lowered)
        or not catalogue.keys_of_actions(prefix).supports(lowered)  # else: which actions take it is unknown
    ):
        return
    if not actions.supports(lowered):
        yield Issue(
            "key-unsupported",
            at,
            f"no action of the statement ({actions.shown()}) supports `{key}`, "
            "so the condition is never true",
        )
        return
    lacking = actions.lacking(lowered) if prefix != SHARED_CONTEXT_SERVICE else []
    if lacking:
        one = len(lacking) == 1
        shown = ", ".join(lacking[:3]) + (f" (and {len(lacking) - 3} more)" if len(lacking) > 3 else "")
        yield Issue(
            "key-unsupported-some",
            at,
            f"{shown} {'does' if one else 'do'} not take `{key}` in {catalogue.label}, so the "
            f"condition is never true for {'it' if one else 'them'}",
            f"move {'it' if one else 'them'} to a statement without this condition",
        )

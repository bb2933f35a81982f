"""Does a resource policy let an AWS service principal do an action, for a given request context?

    allows(policy, service="cloudwatch.amazonaws.com", action="sns:Publish",
           resource=topic_arn, context={"aws:SourceAccount": "123...", "aws:SourceArn": alarm_arn})
    -> Verdict(allowed=True, reason="statement AllowCloudWatch")

Written by hand: no maintained Python library evaluates IAM resource policies (parliament and
policy_sentry lint and describe them). It covers what topic and key policies for CloudWatch
use: Allow/Deny, Principal `*` / AWS `*` / Service, Action/NotAction and Resource wildcards,
and the condition operators String/Arn Equals/Like (with IfExists and IgnoreCase) on the
context keys given. A statement with any other condition cannot be proven to apply, so it
never counts as an allow (and a Deny with one is ignored); the verdict says which it was.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Json = Any
_OPERATORS = {
    "StringEquals": (False, False),
    "StringLike": (True, False),
    "ArnEquals": (False, False),
    "ArnLike": (True, False),
    "StringEqualsIgnoreCase": (False, True),
}


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str


def _as_list(value: Json) -> list[Json]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _glob(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    if ignore_case:
        pattern, value = pattern.lower(), value.lower()
    return fnmatch.fnmatchcase(value, pattern.replace("[", "[[]"))


def _principal(statement: Mapping[str, Json], service: str) -> bool:
    principal = statement.get("Principal")
    if principal == "*":
        return True
    if not isinstance(principal, Mapping):
        return False
    return "*" in _as_list(principal.get("AWS")) or service in _as_list(principal.get("Service"))


def _action(statement: Mapping[str, Json], action: str) -> bool:
    if "NotAction" in statement:
        return not any(_glob(str(a), action, ignore_case=True) for a in _as_list(statement["NotAction"]))
    return any(_glob(str(a), action, ignore_case=True) for a in _as_list(statement.get("Action")))


def _resource(statement: Mapping[str, Json], resource: str) -> bool:
    if "NotResource" in statement:
        return not any(_glob(str(r), resource) for r in _as_list(statement["NotResource"]))
    return any(_glob(str(r), resource) for r in _as_list(statement.get("Resource", "*")))


def _conditions(statement: Mapping[str, Json], context: Mapping[str, str]) -> bool | None:
    """True/False when every condition could be evaluated, None when one could not."""
    result = True
    for operator, tests in (statement.get("Condition") or {}).items():
        base = operator.removesuffix("IfExists")
        if base not in _OPERATORS or not isinstance(tests, Mapping):
            return None
        like, ignore_case = _OPERATORS[base]
        for key, wanted in tests.items():
            known = {k.lower(): v for k, v in context.items()}
            if key.lower() not in known:
                if operator.endswith("IfExists"):
                    continue
                return None
            value = known[key.lower()]
            patterns = [str(w) for w in _as_list(wanted)]
            if like:
                matched = any(_glob(p, value, ignore_case=ignore_case) for p in patterns)
            else:
                matched = any((p.lower() == value.lower()) if ignore_case else p == value for p in patterns)
            result = result and matched
    return result


def document(text_or_policy: Json) -> Json:
    """A policy as a mapping, from the JSON text AWS returns (or one already parsed)."""
    return json.loads(text_or_policy) if isinstance(text_or_policy, str) else text_or_policy


def allows(policy: Json, *, service: str, action: str, resource: str, context: Mapping[str, str]) -> Verdict:
    """Whether `policy` lets `service` do `action` on `resource` in `context` (explicit deny wins)."""
    statements = [s for s in _as_list((policy or {}).get("Statement")) if isinstance(s, Mapping)]
    applicable = [
        s for s in statements if _principal(s, service) and _action(s, action) and _resource(s, resource)
    ]
    for statement in applicable:
        if statement.get("Effect") == "Deny" and _conditions(statement, context) is True:
            return Verdict(False, f"statement {statement.get('Sid', '(no Sid)')} denies it")
    unknown = []
    for statement in applicable:
        if statement.get("Effect") != "Allow":
            continue
        verdict = _conditions(statement, context)
        if verdict is True:
            return Verdict(True, f"statement {statement.get('Sid', '(no Sid)')} allows it")
        if verdict is None:
            unknown.append(str(statement.get("Sid", "(no Sid)")))
    if unknown:
        return Verdict(
            False, f"only statements with conditions bodocfg cannot evaluate ({', '.join(unknown)}) might"
        )
    return Verdict(False, f"no statement allows {service} {action}")

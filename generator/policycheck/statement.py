"""One statement, judged by the rules of its policy type: elements, actions, resources, principals
and conditions. The verdict depends on nothing outside the statement but its Sid (judged with the
policy), so `Validator` memoises it per distinct statement."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from difflib import get_close_matches
from functools import cache
from typing import TYPE_CHECKING, Any

from generator.iam.patterns import contains
from generator.policycheck.actions import action_issues, actions_issues, key_support, known_actions
from generator.policycheck.arns import arn_problems, only_wildcards, plain, suggestion, wild
from generator.policycheck.catalogue import ActionEntry
from generator.policycheck.conditions import StatementActions, condition_issues
from generator.policycheck.model import Issue, PathPart, PolicyKind, data
from generator.policycheck.permissive import deny_tag_issues, permissive_issues
from generator.policycheck.variables import holds_variable, variable_problems

if TYPE_CHECKING:
    from generator.policycheck.checker import Validator

ELEMENTS = (
    "Sid", "Effect", "Action", "NotAction", "Resource", "NotResource",
    "Principal", "NotPrincipal", "Condition",
)  # fmt: skip
PRINCIPAL_KEYS = ("AWS", "Service", "Federated", "CanonicalUser")
TRUST_ACTIONS = frozenset(
    {
        "sts:assumerole",
        "sts:assumerolewithsaml",
        "sts:assumerolewithwebidentity",
        "sts:tagsession",
        "sts:setsourceidentity",
        "sts:setcontext",
    }
)
SERVICE_OF_POLICY = {PolicyKind.S3_BUCKET: "s3", PolicyKind.SNS_TOPIC: "sns", PolicyKind.KMS_KEY: "kms"}
_AWS_PRINCIPAL = re.compile(
    r"^(\d{12}|arn:[a-z*-]+:iam::(\d{12}|\*):(root|(user|role|group)/.+|federated-user/.+)"
    r"|arn:[a-z*-]+:sts::(\d{12}|\*):(assumed-role|federated-user)/.+"
    r"|arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity [A-Z0-9]+)$"
)
"""An account, an IAM or STS principal ARN, or a CloudFront origin access identity (the legacy
principal of bucket policies behind CloudFront)."""
_UNIQUE_ID = re.compile(r"^(AROA|AIDA)[A-Z0-9]{12,28}$")
"""An IAM role's or user's unique ID (`AROADBQP57FF2AEXAMPLE`): IAM accepts it as a principal, and
shows it in place of an ARN whose role or user was deleted (Access Analyzer: a general warning)."""
_SERVICE_PRINCIPAL = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")
_CANONICAL = re.compile(r"^[0-9a-f]{64}$")
_SAML_PROVIDER = re.compile(r"^arn:[a-z*-]+:iam::(\d{12}|\*):saml-provider/[\w+=,.@-]+$")
_OIDC_PROVIDER = re.compile(r"^arn:[a-z*-]+:iam::(\d{12}|\*):oidc-provider/[^\s/][^\s]*$")
_IDENTITY_DOMAIN = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
"""A web identity provider named by its domain (`cognito-identity.amazonaws.com`, `accounts.google.com`)."""
ROLES_ANYWHERE = "rolesanywhere.amazonaws.com"
ROLES_ANYWHERE_ACTIONS = ("sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession")


def _strings(element: str, value: Any) -> tuple[list[Any], bool] | Issue:
    """(the entries, whether written as a list) or the issue with the element's shape."""
    if isinstance(value, str):
        return [value], False
    if isinstance(value, list):
        return value, True
    return Issue("json", (element,), f"{element} must be a string or a list of strings")


def _at(element: str, index: int, listed: bool) -> tuple[PathPart, ...]:
    return (element, index) if listed else (element,)


BUCKET_POLICY_REJECTS = {"resource-type": "bucket-resource-type", "key-unsupported": "bucket-key-unsupported"}
"""What IAM only ignores but S3 refuses in a bucket policy: PutBucketPolicy answers MalformedPolicy,
"Action does not apply to any resource(s) in statement" for a named action none of whose resource
types the statement names, and "Conditions do not apply to combination of actions and resources in
statement" for a condition key no action of the statement takes."""


def statement_issues(
    raw: Any, kind: PolicyKind, variables_count: bool, validator: Validator
) -> Iterator[Issue]:
    issues = _statement_issues(raw, kind, variables_count, validator)
    if kind is not PolicyKind.S3_BUCKET:
        yield from issues
        return
    for issue in issues:
        check = BUCKET_POLICY_REJECTS.get(issue.check)
        yield issue if check is None else Issue(check, issue.path, issue.detail, issue.fix, issue.code)


def _statement_issues(
    raw: Any, kind: PolicyKind, variables_count: bool, validator: Validator
) -> Iterator[Issue]:
    if not isinstance(raw, Mapping):
        yield Issue("json", (), "a statement must be an object")
        return
    yield from _elements(raw, kind)
    effect = raw.get("Effect")
    if effect is None:
        yield Issue("no-effect", (), "the statement has no Effect", 'add `"Effect": "Allow"` or `"Deny"`')
    elif effect not in ("Allow", "Deny"):
        guess = get_close_matches(str(effect).capitalize(), ["Allow", "Deny"], 1, 0.5)
        yield Issue(
            "effect",
            ("Effect",),
            f"`{effect}` is not Allow or Deny",
            f"did you mean `{guess[0]}`?" if guess else None,
        )
    yield from _principals(raw, kind)
    action_key = "NotAction" if "NotAction" in raw else "Action"
    actions: list[Any] = []
    listed = False
    if "Action" in raw or "NotAction" in raw:
        shape = _strings(action_key, raw[action_key])
        if isinstance(shape, Issue):
            yield shape
        else:
            actions, listed = shape
            if not actions:
                yield Issue("empty-array", (action_key,), f"{action_key} is an empty list")
            if all(type(a) is str for a in actions):
                yield from actions_issues(
                    tuple(actions), action_key, listed, validator.catalogue, validator.expand
                )
            else:
                for index, action in enumerate(actions):
                    yield from action_issues(
                        action, _at(action_key, index, listed), validator.catalogue, validator.expand
                    )
            yield from _actions_for_policy(actions, action_key, listed, kind, validator)
    resource_key = "NotResource" if "NotResource" in raw else "Resource"
    resources: list[Any] = []
    malformed: set[str] = set()
    if resource_key in raw and kind is not PolicyKind.TRUST:
        shape = _strings(resource_key, raw[resource_key])
        if isinstance(shape, Issue):
            yield shape
        else:
            resources, resources_listed = shape
            if not resources:
                yield Issue(
                    "empty-array",
                    (resource_key,),
                    f"{resource_key} is an empty list",
                    code="EMPTY_ARRAY_RESOURCE",
                )
            for index, resource in enumerate(resources):
                at = _at(resource_key, index, resources_listed)
                if not isinstance(resource, str):
                    yield Issue("json", at, "a resource must be a string")
                    continue
                for problem in arn_problems(resource, validator.catalogue):
                    malformed.add(resource)
                    yield Issue(problem.check, at, problem.detail, problem.fix)
                if variables_count and "${" in resource:
                    yield from (Issue(v.check, at, v.detail, v.fix) for v in variable_problems(resource))
                service = SERVICE_OF_POLICY.get(kind)
                if (
                    service
                    and service != "kms"
                    and resource != "*"
                    and not _arn_service_is(resource, service)
                ):
                    yield Issue(
                        "resource-for-policy",
                        at,
                        f"a {kind} policy can only name {service} resources, not `{resource}`",
                    )
    plain_resources = [r for r in resources if isinstance(r, str) and r not in malformed]
    typed = (
        resource_key == "Resource"
        and bool(plain_resources)
        and not any(only_wildcards(plain(r)) for r in plain_resources)  # `*`: every type matches
    )
    known = None
    listable = action_key == "Action" and actions and all(isinstance(a, str) for a in actions)
    if listable and (typed or "Condition" in raw):  # actions listed only where something reads them
        known = known_actions(tuple(actions), validator.catalogue, validator.expand)
    if known is not None and typed:
        yield from _resource_types(known, plain_resources, listed, validator)
    if "Condition" in raw:
        listed_actions = None
        if known is not None:
            catalogue, expand = validator.catalogue, validator.expand
            keys = tuple(key_support(pattern, catalogue, expand) for pattern, _ in known)
            listed_actions = StatementActions(known, keys)
        yield from condition_issues(raw["Condition"], listed_actions, variables_count, validator.catalogue)
        if listed_actions is not None and effect == "Deny" and isinstance(raw["Condition"], Mapping):
            yield from deny_tag_issues(raw["Condition"], listed_actions, validator.catalogue)
    yield from permissive_issues(raw, kind, validator.catalogue)


def _elements(raw: Mapping[str, Any], kind: PolicyKind) -> Iterator[Issue]:
    for name in raw:
        if name not in ELEMENTS:
            guess = get_close_matches(str(name), ELEMENTS, 1, 0.6) or [
                e for e in ELEMENTS if e.lower() == str(name).lower()
            ]
            yield Issue(
                "element",
                (str(name),),
                f"`{name}` is not a statement element",
                f"did you mean `{guess[0]}`?" if guess else None,
            )
    for first, second in (
        ("Action", "NotAction"),
        ("Resource", "NotResource"),
        ("Principal", "NotPrincipal"),
    ):
        if first in raw and second in raw:
            yield Issue(
                "combination",
                (second,),
                f"a statement cannot have both {first} and {second}",
                f"keep one of {first} and {second}",
            )
    if "Action" not in raw and "NotAction" not in raw:
        yield Issue("no-action", (), "the statement has no Action or NotAction")
    has_resource = "Resource" in raw or "NotResource" in raw
    if kind is PolicyKind.TRUST:
        if has_resource:
            key = "Resource" if "Resource" in raw else "NotResource"
            yield Issue(
                "trust-resource",
                (key,),
                "a trust policy names no resource: the role is the resource",
                f"remove {key}",
            )
    elif not has_resource:
        yield Issue("no-resource", (), "the statement has no Resource or NotResource", 'add `"Resource"`')


def _principals(raw: Mapping[str, Any], kind: PolicyKind) -> Iterator[Issue]:
    key = "NotPrincipal" if "NotPrincipal" in raw else "Principal"
    if kind.is_identity:
        if key in raw:
            yield Issue(
                "principal-here",
                (key,),
                f"an identity policy cannot name a {key}: the principal is whoever the policy is attached to",
                f"remove {key}",
            )
        return
    if key not in raw:
        yield Issue("no-principal", (), f"a {kind} policy statement needs a Principal")
        return
    value = raw[key]
    if kind is PolicyKind.TRUST and key == "NotPrincipal":
        yield Issue(
            "trust-notprincipal",
            (key,),
            "a trust policy cannot use NotPrincipal",
            "name who may assume the role in a Principal element",
        )
    elif key == "NotPrincipal" and raw.get("Effect") == "Allow":
        yield Issue(
            "allow-notprincipal",
            (key,),
            "Allow with NotPrincipal grants everyone it does not name, anonymous callers included",
            "name who is allowed in a Principal element (or Deny with NotPrincipal)",
        )
    if value == "*":
        if kind is PolicyKind.TRUST and key == "Principal":
            yield Issue(
                "trust-principal-wildcard",
                (key,),
                'a trust policy cannot name `"Principal": "*"`',
                "name the accounts, roles or services that may assume the role",
            )
        return
    if isinstance(value, Mapping) and not value:
        yield Issue("empty-array", (key,), f"{key} is an empty object", code="EMPTY_OBJECT_PRINCIPAL")
        return
    if not isinstance(value, Mapping):
        yield Issue("json", (key,), f'{key} must be "*" or an object such as {{"AWS": "arn:..."}}')
        return
    for kind_name, entries in value.items():
        at: tuple[PathPart, ...] = (key, str(kind_name))
        if kind_name not in PRINCIPAL_KEYS:
            guess = get_close_matches(str(kind_name), PRINCIPAL_KEYS, 1, 0.5)
            yield Issue(
                "principal-key",
                at,
                f"`{kind_name}` is not a principal type ({', '.join(PRINCIPAL_KEYS)})",
                f"did you mean `{guess[0]}`?" if guess else None,
            )
            continue
        if kind_name == "Federated" and kind is not PolicyKind.TRUST:
            yield Issue(
                "federated-here",
                at,
                f"a {kind} policy cannot name a Federated principal: only role trust policies can",
                "name the role or account that signs in through the provider (`AWS`)",
            )
            continue
        listed = isinstance(entries, list)
        if listed and not entries:
            yield Issue(
                "empty-array", at, f"{key}.{kind_name} is an empty list", code="EMPTY_ARRAY_PRINCIPAL"
            )
        for index, entry in enumerate(entries if listed else [entries]):
            where = (*at, index) if listed else at
            if not isinstance(entry, str):
                yield Issue("json", where, "a principal must be a string")
            elif entry == "*" and kind_name == "AWS":
                continue  # everyone, as "Principal": "*"
            elif holds_variable(entry):
                yield Issue(
                    "variable-element",
                    where,
                    f"`{entry}` holds a policy variable, which only Resource and Condition values take",
                    "name the principal in full",
                )
            elif kind_name == "Federated" and not _federated_ok(entry):
                yield Issue(
                    "federated-format",
                    where,
                    f"`{entry}` is neither an identity provider's domain nor a SAML or OIDC provider ARN",
                    "write `arn:aws:iam::<account>:saml-provider/<name>`, "
                    "`arn:aws:iam::<account>:oidc-provider/<host>` or a domain such as "
                    "`cognito-identity.amazonaws.com`",
                )
            elif kind_name == "AWS" and _UNIQUE_ID.match(entry):
                what = "role" if entry.startswith("AROA") else "user"
                yield Issue(
                    "principal-unique-id",
                    where,
                    f"`{entry}` is an IAM {what}'s unique ID, not its ARN",
                    f"name the {what} by its ARN (IAM shows an ID like this where the {what} a policy named "
                    "was deleted)",
                    "INVALID_ROLE_REFERENCE" if what == "role" else "INVALID_USER_REFERENCE",
                )
            elif kind_name != "Federated" and not _principal_ok(str(kind_name), entry):
                yield Issue("principal-format", where, f"`{entry}` is not a valid {kind_name} principal")
            elif wild(entry):
                yield Issue(
                    "principal-wildcard",
                    where,
                    f"`{entry}` holds a wildcard, which a {kind_name} principal does not take",
                    'name each principal in full (or `"*"` alone for everyone)',
                )
    if kind is PolicyKind.TRUST and key == "Principal":
        yield from _trust_actions(raw, value)


def _principal_ok(kind_name: str, value: str) -> bool:
    if kind_name == "AWS":
        return bool(_AWS_PRINCIPAL.match(value))
    if kind_name == "Service":
        return bool(_SERVICE_PRINCIPAL.match(value))
    if kind_name == "CanonicalUser":
        return bool(_CANONICAL.match(value))
    return bool(value.strip())


def _federated_ok(value: str) -> bool:
    return bool(_SAML_PROVIDER.match(value) or _OIDC_PROVIDER.match(value) or _IDENTITY_DOMAIN.match(value))


def _entries(principal: Mapping[str, Any], kind_name: str) -> list[str]:
    entries = principal.get(kind_name, [])
    return [e for e in (entries if isinstance(entries, list) else [entries]) if isinstance(e, str)]


def _named_actions(raw: Mapping[str, Any]) -> list[tuple[int | None, str]]:
    """(index or None for a single string, lower-cased name) of the statement's Action entries."""
    actions = raw.get("Action")
    if isinstance(actions, str):
        return [(None, actions.lower())]
    if isinstance(actions, list):
        return [(i, a.lower()) for i, a in enumerate(actions) if isinstance(a, str)]
    return []


def _trust_actions(raw: Mapping[str, Any], principal: Any) -> Iterator[Issue]:
    """A trust statement's actions against its principals: the federated actions need a provider of
    their kind (MISMATCHED_ACTION_FOR_PRINCIPAL), IAM Roles Anywhere needs three actions."""
    if not isinstance(principal, Mapping):
        return
    federated = _entries(principal, "Federated")
    others = any(k != "Federated" and _entries(principal, str(k)) for k in principal)
    saml = [f for f in federated if _SAML_PROVIDER.match(f)]
    web = [f for f in federated if not _SAML_PROVIDER.match(f)]
    named = _named_actions(raw)
    for index, action in named:
        at: tuple[PathPart, ...] = ("Action",) if index is None else ("Action", index)
        if action == "sts:assumerolewithsaml" and not saml:
            wanted = "a SAML provider (`Federated`: `arn:aws:iam::<account>:saml-provider/<name>`)"
        elif action == "sts:assumerolewithwebidentity" and not web:
            wanted = "an OIDC provider or web identity domain (`Federated`)"
        elif action == "sts:assumerole" and federated and not others:
            wanted = (
                "an `AWS` or `Service` principal (a federated one assumes the role "
                "with AssumeRoleWithSAML or AssumeRoleWithWebIdentity)"
            )
        else:
            continue
        yield Issue(
            "trust-action-principal",
            at,
            f"`{raw['Action'] if index is None else raw['Action'][index]}` needs {wanted}, "
            "which the statement's Principal lacks",
        )
    if ROLES_ANYWHERE in _entries(principal, "Service"):
        missing = [a for a in ROLES_ANYWHERE_ACTIONS if not any(contains(p, a.lower()) for _, p in named)]
        if missing:
            yield Issue(
                "rolesanywhere-actions",
                ("Action",),
                f"IAM Roles Anywhere needs {', '.join(ROLES_ANYWHERE_ACTIONS)} to assume the role; "
                f"the statement lacks {', '.join(missing)}",
                f"add {', '.join(f'`{a}`' for a in missing)} to Action",
            )


def _arn_service_is(resource: str, service: str) -> bool:
    parts = plain(resource).split(":")
    return len(parts) < 3 or parts[2] == service or "*" in parts[2] or "?" in parts[2]


@cache
def topic_policy_actions() -> frozenset[str]:
    """The actions an SNS topic policy may name, lower-cased (`data/topic_policy_actions.json`)."""
    return frozenset(action.lower() for action in data("topic_policy_actions.json")["actions"])


def _actions_for_policy(
    actions: list[Any], key: str, listed: bool, kind: PolicyKind, validator: Validator
) -> Iterator[Issue]:
    if key != "Action" or not (kind is PolicyKind.TRUST or kind in SERVICE_OF_POLICY):
        return
    for index, action in enumerate(actions):
        if not isinstance(action, str) or action == "*":
            continue
        if kind is PolicyKind.TRUST:
            expanded = validator.expand.expand(action)
            ok = not expanded or not expanded.isdisjoint(TRUST_ACTIONS)
            wanted = "sts:AssumeRole (or AssumeRoleWithSAML, AssumeRoleWithWebIdentity, TagSession, ...)"
        else:
            prefix = action.partition(":")[0].lower()
            service = SERVICE_OF_POLICY[kind]
            ok = prefix == service or "*" in prefix or "?" in prefix
            wanted = f"{service} actions"
            if ok and kind is PolicyKind.SNS_TOPIC and not wild(action):
                ok = action.lower() in topic_policy_actions()
                wanted = "the topic's own actions (Publish, Subscribe, GetTopicAttributes, ...)"
        if not ok:
            yield Issue(
                "action-for-policy",
                _at("Action", index, listed),
                f"a {kind} policy can only grant {wanted}, not `{action}`",
            )


def _resource_types(
    known: tuple[tuple[str, tuple[ActionEntry, ...]], ...],
    resources: list[str],
    listed: bool,
    validator: Validator,
) -> Iterator[Issue]:
    granted = validator.granted
    reachable = validator.reachable(resources)
    for index, (pattern, entries) in enumerate(known):
        names = validator.names(pattern, entries)
        if reachable is not None:
            reached = names & reachable
        else:
            reached = frozenset().union(*(granted(names, r) for r in resources))
        if reached and ("*" in pattern or "?" in pattern):
            continue  # a wildcard is judged as a whole: some action it names is granted
        if len(reached) == len(names):
            continue
        entry = next(entry for entry in entries if entry.name.lower() not in reached)
        failing = (  # names are one per entry, so the rest need not be tested one by one
            len(names) - len(reached)
            if len(names) == len(entries)
            else sum(entry.name.lower() not in reached for entry in entries)
        )
        types = ", ".join(entry.resource_types) or "none: it takes only `*`"
        formats = [
            validator.catalogue.resource_format(entry.name.partition(":")[0].lower(), t)
            for t in entry.resource_types
        ]
        fix = suggestion(resources[0], formats) if len(resources) == 1 else None
        named = entry.name if failing == 1 else f"{entry.name} (and {failing - 1} more)"
        shown = resources[0] if len(resources) == 1 else f"any of its {len(resources)} resources"
        yield Issue(
            "resource-type",
            _at("Action", index, listed),
            f"{named} acts on {types}; `{shown}` names none of them",
            fix,
        )

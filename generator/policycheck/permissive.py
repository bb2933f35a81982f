"""Access Analyzer's security warnings about one statement that can be decided offline.

Each is a form AWS accepts that grants (or fails to deny) more than it seems to ("IAM policy
validation check reference", Security Warning sections, read 2026-12-08); all are BDL111 warnings:

- `service-principal-unrestricted` (RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL): a resource policy
  allows a service principal without `aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOrgID` or
  `aws:SourceOrgPaths`, so the service may act for anyone's resource (the confused deputy);
- `oidc-unconditioned` (MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL) and `github-no-sub`
  (MISSING_GITHUB_REPO_CONDITION_KEY): a trust policy lets an OIDC provider's users assume the
  role without a condition on that provider's claims (for GitHub, on
  `token.actions.githubusercontent.com:sub`: any repository's workflow could assume it);
- `string-like-arn` (STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS): StringLike on an ARN key;
- `s3-prefix-negative` (S3_PREFIX_IN_NEGATIVE_CONTEXT): `s3:prefix` in a Deny with a positive
  string operator, or in an Allow with a negated one (a shorter prefix walks around it);
- `foranyvalue-aud` (FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE): ForAnyValue on an `:aud` claim;
- `dynamodb-attributes-select` (DYNAMODB_ATTRIBUTES_WITHOUT_SELECT): `dynamodb:Attributes`
  restricted in an Allow without `dynamodb:Select` = `SPECIFIC_ATTRIBUTES` (a read without a
  projection returns every attribute);
- `deny-tag-unsupported` (DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE, `deny_tag_issues`,
  which needs the statement's listed actions): a Deny on a global tag key with actions whose
  requests never carry it.

Two more BDL111 checks sit where their element is judged: `allow-notprincipal` with the
principals (`statement`), `forallvalues-single` with the condition keys (`conditions`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from generator.policycheck.catalogue import KeySupport, ServiceCatalogue
from generator.policycheck.conditions import StatementActions, key_type
from generator.policycheck.model import Issue, PathPart, PolicyKind
from generator.policycheck.operators import Operator, parse_operator

SOURCE_KEYS = frozenset({"aws:sourcearn", "aws:sourceaccount", "aws:sourceorgid", "aws:sourceorgpaths"})
GITHUB = "token.actions.githubusercontent.com"
_OIDC_PROVIDER = ":oidc-provider/"


def _listed(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, str)]


def _conditions(raw: Mapping[str, Any]) -> list[tuple[str, Operator, str, list[Any]]]:
    """(operator text, operator, key as written, values) of each condition the statement tests."""
    condition = raw.get("Condition")
    found: list[tuple[str, Operator, str, list[Any]]] = []
    if not isinstance(condition, Mapping):
        return found
    for text, block in condition.items():
        operator = parse_operator(str(text))
        if operator is None or not isinstance(block, Mapping):
            continue
        for key, values in block.items():
            found.append((str(text), operator, str(key), values if isinstance(values, list) else [values]))
    return found


def _oidc_hosts(principal: Any) -> list[str]:
    """The OIDC providers a Federated principal names (`arn:...:oidc-provider/<host>` or the host)."""
    if not isinstance(principal, Mapping):
        return []
    hosts = []
    for value in _listed(principal.get("Federated")):
        if _OIDC_PROVIDER in value:
            hosts.append(value.split(_OIDC_PROVIDER, 1)[1].lower())
        elif "." in value and ":" not in value and "saml" not in value.lower():
            hosts.append(value.lower())  # a provider's domain (`accounts.google.com`)
    return hosts


def permissive_issues(
    raw: Mapping[str, Any], kind: PolicyKind, catalogue: ServiceCatalogue
) -> Iterator[Issue]:
    """The security warnings of one statement (paths relative to it)."""
    if "Condition" not in raw and "Principal" not in raw:
        return  # every check reads one of them (most statements of an identity policy have neither)
    effect = raw.get("Effect")
    conditions = _conditions(raw)
    keys = {key.lower() for _, _, key, _ in conditions}
    principal = raw.get("Principal")
    if (
        effect == "Allow"
        and kind.is_resource
        and isinstance(principal, Mapping)
        and _listed(principal.get("Service"))
        and keys.isdisjoint(SOURCE_KEYS)
    ):
        yield Issue(
            "service-principal-unrestricted",
            ("Principal", "Service"),
            f"`{_listed(principal['Service'])[0]}` is allowed with no condition on the source it acts for, "
            "so it may act for anyone's resource",
            "add aws:SourceAccount (or aws:SourceArn, aws:SourceOrgID, aws:SourceOrgPaths) to the Condition",
        )
    if effect == "Allow" and kind is PolicyKind.TRUST:
        for host in _oidc_hosts(principal):
            if host == GITHUB and f"{GITHUB}:sub" not in keys:
                yield Issue(
                    "github-no-sub",
                    ("Principal", "Federated"),
                    f"GitHub's OIDC provider is trusted without a condition on `{GITHUB}:sub`, so any "
                    "repository's workflow can assume the role",
                    f'add "StringLike": {{"{GITHUB}:sub": "repo:<org>/<repository>:*"}}',
                )
            elif host != GITHUB and not any(key.startswith(f"{host}:") for key in keys):
                yield Issue(
                    "oidc-unconditioned",
                    ("Principal", "Federated"),
                    f"the OIDC provider `{host}` is trusted without a condition on its claims, so "
                    "anyone it issues tokens to can assume the role",
                    f"add a condition on `{host}:aud` and `{host}:sub`",
                )
    for text, operator, key, _ in conditions:
        lowered = key.lower()
        at: tuple[PathPart, ...] = ("Condition", text, key)
        if operator.name in ("StringLike", "StringNotLike") and key_type(lowered, catalogue)[0] == "ARN":
            arn_operator = "ArnLike" if operator.name == "StringLike" else "ArnNotLike"
            yield Issue(
                "string-like-arn",
                at,
                f"`{key}` is an ARN, compared here as a string with {operator.name}",
                f"write `{text.replace(operator.name, arn_operator)}`",
            )
        if lowered == "s3:prefix" and operator.type == "String":
            if effect == "Deny" and not operator.negated:
                yield Issue(
                    "s3-prefix-negative",
                    at,
                    "a Deny on `s3:prefix` does not stop a listing that asks for a shorter prefix",
                    "Deny with StringNotLike on the prefixes to allow, or Allow with StringLike",
                )
            elif effect == "Allow" and operator.negated:
                yield Issue(
                    "s3-prefix-negative",
                    at,
                    f"an Allow with {operator.name} on `s3:prefix` grants every prefix it does not name, "
                    "shorter ones included",
                    "Allow with StringLike on the prefixes to grant",
                )
        if operator.qualifier == "ForAnyValue" and lowered.endswith(":aud"):
            yield Issue(
                "foranyvalue-aud",
                at,
                f"`{key}` carries one audience, and ForAnyValue makes the test looser than meant",
                f"write `{operator.name}` (without ForAnyValue:)",
            )
    if effect == "Allow" and "dynamodb:attributes" in keys:
        select = any(
            key.lower() == "dynamodb:select" and "SPECIFIC_ATTRIBUTES" in values
            for _, _, key, values in conditions
        )
        if not select:
            attributes = next(c for c in conditions if c[2].lower() == "dynamodb:attributes")
            yield Issue(
                "dynamodb-attributes-select",
                ("Condition", attributes[0], attributes[2]),
                "`dynamodb:Attributes` is restricted without `dynamodb:Select` = SPECIFIC_ATTRIBUTES, so a "
                "read without a projection returns every attribute",
                'add "StringEquals": {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"}',
            )


TAG_KEYS = ("aws:resourcetag/", "aws:requesttag/", "aws:tagkeys")
"""The global tag condition keys (lower-case; the first two start a key, the last is one)."""
TAG_KEYS_UNJUDGED = frozenset({"tag"})
"""Services whose actions this check leaves out: the catalogue lists no tag key for the Resource
Groups Tagging API, yet four AWS managed policies (AwsGlueSessionUserRestricted*) deny
`tag:TagResources` on `aws:TagKeys`, which says the catalogue is what lacks them."""


def deny_tag_issues(
    condition: Mapping[str, Any], actions: StatementActions, catalogue: ServiceCatalogue
) -> Iterator[Issue]:
    """Access Analyzer's DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE for one Deny
    statement: a global tag key that some of its actions never carry in their request context,
    tested so that a missing key fails the condition (not negated, not IfExists, not Null); the
    Deny then never denies those actions, however the resource is tagged."""
    for text, block in condition.items():
        operator = parse_operator(str(text))
        if operator is None or operator.negated or operator.if_exists or operator.type == "Null":
            continue
        if not isinstance(block, Mapping):
            continue
        for key in block:
            lowered = str(key).lower()
            if not lowered.startswith(TAG_KEYS[:2]) and lowered != TAG_KEYS[2]:
                continue
            lacking = [
                entry.name
                for _, listed in actions.known
                for entry in listed
                if not KeySupport.of((entry,)).supports(lowered)
                and entry.name.partition(":")[0] not in TAG_KEYS_UNJUDGED
            ]
            if not lacking:
                continue
            services = sorted({name.partition(":")[0] for name in lacking})
            shown = ", ".join(lacking[:3]) + (f" (and {len(lacking) - 3} more)" if len(lacking) > 3 else "")
            yield Issue(
                "deny-tag-unsupported",
                ("Condition", str(text), str(key)),
                f"{shown} never carry `{key}` in {catalogue.label}, so this Deny never denies "
                f"{'it' if len(lacking) == 1 else 'them'} (services: {', '.join(services)})",
                "deny those actions in a statement of their own, by resource name instead of tag",
            )

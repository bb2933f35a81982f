"""A KMS key policy that locks everyone out of it, which KMS refuses.

CreateKey and PutKeyPolicy check that the new key policy lets the caller change it again: one that
lets no AWS principal call `kms:PutKeyPolicy` fails with MalformedPolicyDocumentException, "The new
key policy will not allow you to update the key policy in the future" (the local AWS accepts it).
Whether the caller is among those it does let in depends on who applies (the account's `root`
principal delegates to IAM policies), so only the case that fails for every caller is decided
here: no Allow statement with an AWS principal names the action on the key. In a key policy the
key is `"Resource": "*"`; a statement whose resources cannot name a KMS key grants nothing on it
(ministryofjustice/modernisation-platform#1046: `kms:*` on `arn:aws:dynamodb:*` failed so).
Conditions are not judged (a statement with one still lets someone in), nor NotResource.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from generator.iam.patterns import contains
from generator.policycheck.globs import overlaps
from generator.policycheck.model import Issue, PathPart

UPDATE = "kms:putkeypolicy"
KEY_ARN = "arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}"
"""A KMS key's ARN as the catalogue writes its format."""


def _listed(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, str)]


def _names_update(statement: Mapping[str, Any]) -> bool:
    if "NotAction" in statement:
        return not any(contains(p.lower(), UPDATE) for p in _listed(statement["NotAction"]))
    return any(contains(p.lower(), UPDATE) for p in _listed(statement.get("Action")))


def _to_aws_principal(statement: Mapping[str, Any]) -> bool:
    principal = statement.get("Principal")
    if principal == "*":
        return True
    return isinstance(principal, Mapping) and bool(_listed(principal.get("AWS")))


def _on_the_key(statement: Mapping[str, Any]) -> bool:
    """Whether the statement's Resource can name the key (anything else, NotResource or a
    malformed Resource, is left to the other checks and counted as naming it)."""
    resources = _listed(statement.get("Resource")) if "Resource" in statement else []
    return not resources or any(overlaps(resource, KEY_ARN) for resource in resources)


def key_policy_issues(statements: Sequence[Any], single: bool) -> Iterator[Issue]:
    """A `key-lockout` issue when no statement lets an AWS principal call kms:PutKeyPolicy on the
    key (`single`: the policy wrote Statement as one object)."""
    off_key: tuple[PathPart, ...] | None = None  # the first that would, but for its resources
    for index, statement in enumerate(statements):
        if (
            isinstance(statement, Mapping)
            and statement.get("Effect") == "Allow"
            and "NotPrincipal" not in statement
            and _to_aws_principal(statement)
            and _names_update(statement)
        ):
            if _on_the_key(statement):
                return
            if off_key is None:
                off_key = ("Statement", "Resource") if single else ("Statement", index, "Resource")
    if off_key is None:
        yield Issue(
            "key-lockout",
            ("Statement",),
            "no statement lets an AWS principal call kms:PutKeyPolicy, so nobody could change this key "
            "policy again",
            'keep the account\'s own statement: Principal {"AWS": "arn:aws:iam::<account>:root"}, '
            'Action "kms:*", Resource "*"',
        )
    else:
        yield Issue(
            "key-lockout",
            off_key,
            "the only statements letting an AWS principal call kms:PutKeyPolicy name resources that are "
            "not this key, so nobody could change this key policy again",
            'in a key policy the key is `"Resource": "*"`',
        )

"""A KMS key policy that locks everyone out of it, which KMS refuses.

CreateKey and PutKeyPolicy check that the new key policy lets the caller change it again: one that
lets no AWS principal call `kms:PutKeyPolicy` fails with MalformedPolicyDocumentException, "The new
key policy will not allow you to update the key policy in the future" (the local AWS accepts it).
Whether the caller is among those it does let in depends on who applies (the account's `root`
principal delegates to IAM policies), so only the case that fails for every caller is decided
here: no Allow statement with an AWS principal names the action. Conditions are not judged (a
statement with one still lets someone in).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from generator.iam.patterns import contains

UPDATE = "kms:putkeypolicy"


def _listed(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [item.lower() for item in items if isinstance(item, str)]


def _names_update(statement: Mapping[str, Any]) -> bool:
    if "NotAction" in statement:
        return not any(contains(pattern, UPDATE) for pattern in _listed(statement["NotAction"]))
    return any(contains(pattern, UPDATE) for pattern in _listed(statement.get("Action")))


def _to_aws_principal(statement: Mapping[str, Any]) -> bool:
    principal = statement.get("Principal")
    if principal == "*":
        return True
    return isinstance(principal, Mapping) and bool(_listed(principal.get("AWS")))


def locks_everyone_out(statements: Iterable[Any]) -> bool:
    """Whether no statement of a key policy lets an AWS principal call kms:PutKeyPolicy."""
    return not any(
        isinstance(s, Mapping)
        and s.get("Effect") == "Allow"
        and "NotPrincipal" not in s
        and _to_aws_principal(s)
        and _names_update(s)
        for s in statements
    )

"""IAM elements in plain words: principals, conditions, resources and trust statements."""

from __future__ import annotations

import re

from generator.iam.model import ConditionClause, Principal, Statement

_ACCOUNT_ROOT = re.compile(r"^arn:[^:]+:iam::(\d{12}):root$")
_IAM_ENTITY = re.compile(r"^arn:[^:]+:iam::(\d{12}):(role|user)/(.+)$")
_ACCOUNT = re.compile(r"^\d{12}$")

OPERATORS = {
    "StringEquals": "is",
    "StringNotEquals": "is not",
    "StringEqualsIgnoreCase": "is (ignoring case)",
    "StringNotEqualsIgnoreCase": "is not (ignoring case)",
    "StringLike": "matches",
    "StringNotLike": "does not match",
    "ArnEquals": "is",
    "ArnNotEquals": "is not",
    "ArnLike": "matches",
    "ArnNotLike": "does not match",
    "Bool": "is",
    "NumericEquals": "=",
    "NumericNotEquals": "≠",
    "NumericLessThan": "<",
    "NumericLessThanEquals": "≤",
    "NumericGreaterThan": ">",
    "NumericGreaterThanEquals": "≥",
    "DateEquals": "is",
    "DateNotEquals": "is not",
    "DateLessThan": "is before",
    "DateLessThanEquals": "is at or before",
    "DateGreaterThan": "is after",
    "DateGreaterThanEquals": "is at or after",
    "IpAddress": "is in",
    "NotIpAddress": "is not in",
}


def principal(item: Principal, vendor_accounts: frozenset[str]) -> str:
    if item.kind == "*" or item.value == "*":
        return "anyone: every AWS account and anonymous callers"
    if item.kind == "Service":
        return f"the AWS service {item.value}"
    if item.kind == "Federated":
        return f"users signed in through the identity provider {item.value}"
    if item.kind == "CanonicalUser":
        return f"the S3 canonical user {item.value}"
    vendor = " (the Bodo Platform)"
    root = _ACCOUNT_ROOT.match(item.value) or _ACCOUNT.match(item.value)
    if root:
        account = root.group(1) if root.groups() else root.group(0)
        tag = vendor if account in vendor_accounts else ""
        return f"AWS account {account}{tag}, i.e. any user or role in it that the account itself permits,"
    entity = _IAM_ENTITY.match(item.value)
    if entity:
        account, kind, name = entity.groups()
        tag = vendor if account in vendor_accounts else ""
        return f"the IAM {kind} {name} in account {account}{tag}"
    return f"the principal {item.value}"


KEY_SPELLING = {
    key.lower(): key
    for key in (
        "sts:ExternalId",
        "aws:SourceIp",
        "aws:SourceVpc",
        "aws:SourceVpce",
        "aws:SourceAccount",
        "aws:SourceArn",
        "aws:SecureTransport",
        "aws:PrincipalOrgID",
        "aws:PrincipalArn",
        "aws:PrincipalAccount",
        "aws:RequestedRegion",
        "aws:MultiFactorAuthPresent",
        "aws:ResourceTag",
        "aws:PrincipalTag",
        "aws:RequestTag",
        "aws:TagKeys",
        "iam:PassedToService",
        "iam:PermissionsBoundary",
        "kms:ViaService",
        "ec2:ResourceTag",
        "s3:prefix",
    )
}
"""The model keeps condition keys lower-case (IAM compares them so); show the documented spelling."""


def key_name(key: str) -> str:
    prefix, slash, rest = key.partition("/")
    return KEY_SPELLING.get(prefix, prefix) + slash + rest


def condition(clause: ConditionClause) -> str:
    values = sorted(clause.values)
    shown = values[0] if len(values) == 1 else "one of " + ", ".join(values)
    verb = OPERATORS.get(clause.base_operator, clause.base_operator)
    if clause.base_operator == "Null":
        text = f"{key_name(clause.key)} is {'absent' if values == ['true'] else 'present'}"
    else:
        text = f"{key_name(clause.key)} {verb} {shown}"
    if clause.set_qualifier == "ForAllValues":
        text = f"every value of {text}"
    elif clause.set_qualifier == "ForAnyValue":
        text = f"some value of {text}"
    if clause.if_exists:
        text += " (when present)"
    return text


def conditions(statement: Statement) -> str:
    return " and ".join(condition(c) for c in statement.conditions)


def resource(text: str) -> str:
    """What an ARN (or `*`) names, in a few words."""
    if text == "*":
        return "every resource"
    parts = text.split(":", 5)
    if len(parts) < 6 or parts[0] != "arn":
        return text
    service, tail = parts[2], parts[5]
    if service == "s3":
        bucket, _, key = tail.partition("/")
        if not key:
            return f"S3 bucket {bucket}"
        return f"objects {key} in S3 bucket {bucket}" if key != "*" else f"every object in S3 bucket {bucket}"
    cut = min((i for i in (tail.find("/"), tail.find(":")) if i >= 0), default=-1)
    kind, separator, name = (tail[:cut], tail[cut], tail[cut + 1 :]) if cut >= 0 else (tail, "", "")
    if not separator:
        return f"{service} {tail}"
    return f"every {service} {kind}" if name == "*" else f"{service} {kind} {name}"


def trust_sentence(statement: Statement, vendor_accounts: frozenset[str]) -> str:
    """One statement of a trust policy as a sentence."""
    who = "; ".join(principal(p, vendor_accounts) for p in statement.principals) or "nobody named"
    if statement.not_principal:
        who = f"everyone except {who}"
    actions = ", ".join(statement.actions)
    if statement.not_action:
        actions = f"every action except {actions}"
    verb = "may" if statement.allows else "may never"
    sentence = f"{who} {verb} call {actions}"
    when = conditions(statement)
    return f"{sentence[0].upper()}{sentence[1:]}" + (f", only when {when}." if when else ", unconditionally.")

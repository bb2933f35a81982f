"""The cross-account IAM role the Bodo Platform assumes, with the Bodo-Platform policy inline."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from generator.components.base import Component, Expectations
from generator.hcl import JsonText, Ref, dump_json
from generator.spec import CustomerSpec
from generator.vendor.fill import fill
from generator.vendor.profile import REFERENCE_LOCAL, profile

LOCK_TABLE_ARN = Ref("local.lock_table_arn")
DECLARED_SUFFIX = "-Declared"


def reference_policy_text(version: str) -> str:
    """The Bodo-Platform policy of `version` exactly as Bodo published it, placeholders included."""
    return profile().policy(version).text()


def fill_reference(bucket_name: str, dynamo_arn: object, version: str) -> dict[str, Any]:
    """The reference policy of `version` with its two placeholders replaced."""
    filled: dict[str, Any] = fill(json.loads(reference_policy_text(version)), bucket_name, dynamo_arn)
    return filled


def role_policy(spec: CustomerSpec, dynamo_arn: object = LOCK_TABLE_ARN) -> dict[str, Any]:
    """The role's Bodo-Platform inline policy: the spec's reference version, filled, nothing else
    (the spec's declared statements are a policy of their own: `declared_policy`)."""
    return fill_reference(spec.bucket_name, dynamo_arn, spec.reference)


def declared_policy(spec: CustomerSpec) -> dict[str, Any] | None:
    """The spec's declared statements (`role.additional_statements`) as an inline policy of their
    own, judged by checkov and lint without the reference's justified skips; None without any."""
    if not spec.additional_statements:
        return None
    return {"Version": "2012-10-17", "Statement": [dict(s) for s in spec.additional_statements]}


def declared_policy_name(spec: CustomerSpec) -> str:
    """The declared statements' inline policy name: the Bodo-Platform policy's, suffixed (within
    IAM's 128 characters)."""
    return spec.policy_name[: 128 - len(DECLARED_SUFFIX)] + DECLARED_SUFFIX


_BUCKET_SLOT = "\x00bodocfg-bucket\x00"
_PLAIN_BUCKET = re.compile(r"[a-z0-9.-]+")
"""Bucket names that read the same in JSON, template-escaped or not, and cannot form `${`/`%{`
with the text around them (S3 names always are; anything else takes the general path)."""


@cache
def _reference_text(path: Path, version: str) -> str | None:
    """The filled reference as `dump_json` writes it with the bucket name a token; None when
    the reference does not allow that shortcut (then the general path is taken). Cached by
    the version's file as well as its name (a test profile may reuse a name)."""
    if "\\u0000" in json.dumps(json.loads(reference_policy_text(version))):
        return None
    return dump_json(fill_reference(_BUCKET_SLOT, LOCK_TABLE_ARN, version)).removesuffix("\n")


def role_policy_text(spec: CustomerSpec) -> JsonText:
    """`role_policy(spec)` as `dump_json` writes it, from the reference's text written once."""
    reference = _reference_text(profile().policy(spec.reference).path, spec.reference)
    if reference is None or not _PLAIN_BUCKET.fullmatch(spec.bucket_name):
        return JsonText(dump_json(role_policy(spec)).removesuffix("\n"))
    return JsonText(reference.replace(json.dumps(_BUCKET_SLOT)[1:-1], spec.bucket_name))


def trust_policy(spec: CustomerSpec) -> dict[str, Any]:
    """Only the Bodo Platform account, and only with this customer's External ID."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "BodoPlatformAssumeRole",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{spec.platform_account_id}:root"},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"sts:ExternalId": spec.external_id}},
            }
        ],
    }


@dataclass(frozen=True)
class Role(Component):
    spec_key: str | None = "role"

    def parameters(self, spec: CustomerSpec) -> Mapping[str, object]:
        return {
            "role_name": spec.role_name,
            "policy_name": spec.policy_name,
            "description": f"Assumed by the Bodo Platform (account {spec.platform_account_id}) "
            "with the customer's External ID. Managed by bodocfg.",
            "declared_policy_name": declared_policy_name(spec) if spec.additional_statements else None,
        }

    def protects(self) -> Mapping[str, str]:
        return {
            "aws_iam_role": "the Bodo Platform's access: its clusters fail until the new role is in place",
            "aws_iam_role_policy": "the role's permissions while the policy is recreated",
        }

    def documents(self, spec: CustomerSpec) -> Mapping[str, object]:
        documents: dict[str, object] = {
            "trust_policy": trust_policy(spec),
            "role_policy": role_policy_text(spec),
            REFERENCE_LOCAL: spec.reference,
        }
        declared = declared_policy(spec)
        if declared is not None:
            documents["declared_policy"] = declared
        return documents

    def expectations(self, spec: CustomerSpec) -> Expectations:
        return {
            "aws_iam_role.bodo_platform": {"name": spec.role_name},
            "aws_iam_role_policy.bodo_platform": {"name": spec.policy_name},
            **(
                {"aws_iam_role_policy.declared": {"name": declared_policy_name(spec)}}
                if spec.additional_statements
                else {}
            ),
        }

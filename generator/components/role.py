"""The cross-account IAM role the Bodo Platform assumes, with the Bodo-Platform policy inline."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from generator.components.base import Component, Expectations
from generator.hcl import Ref
from generator.resources import data_path
from generator.spec import CustomerSpec

REFERENCE_POLICY = ("templates", "policies", "bodo-platform-policy.json")
BUCKET_PLACEHOLDER = "$$BUCKET_NAME$$"
DYNAMO_PLACEHOLDER = "$$DYNAMO_ARN$$"
LOCK_TABLE_ARN = Ref("local.lock_table_arn")


@cache
def reference_policy_text() -> str:
    """The Bodo-Platform policy exactly as Bodo publishes it, placeholders included."""
    return data_path(*REFERENCE_POLICY).read_text(encoding="utf-8")


def _fill(node: Any, bucket_name: str, dynamo_arn: object) -> Any:
    if isinstance(node, str):
        if node == DYNAMO_PLACEHOLDER:
            return dynamo_arn
        if DYNAMO_PLACEHOLDER in node:
            raise ValueError(f"{DYNAMO_PLACEHOLDER} must be a whole value in the reference policy")
        return node.replace(BUCKET_PLACEHOLDER, bucket_name)
    if isinstance(node, list):
        return [_fill(item, bucket_name, dynamo_arn) for item in node]
    if isinstance(node, dict):
        return {key: _fill(item, bucket_name, dynamo_arn) for key, item in node.items()}
    return node


def fill_reference(bucket_name: str, dynamo_arn: object) -> dict[str, Any]:
    """The reference policy with its two placeholders replaced."""
    filled: dict[str, Any] = _fill(json.loads(reference_policy_text()), bucket_name, dynamo_arn)
    return filled


def role_policy(spec: CustomerSpec, dynamo_arn: object = LOCK_TABLE_ARN) -> dict[str, Any]:
    """The role's inline policy: the filled reference plus the spec's additional statements."""
    policy = fill_reference(spec.bucket_name, dynamo_arn)
    policy["Statement"] = [*policy["Statement"], *spec.additional_statements]
    return policy


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
        }

    def documents(self, spec: CustomerSpec) -> Mapping[str, object]:
        return {"trust_policy": trust_policy(spec), "role_policy": role_policy(spec)}

    def expectations(self, spec: CustomerSpec) -> Expectations:
        return {
            "aws_iam_role.bodo_platform": {"name": spec.role_name},
            "aws_iam_role_policy.bodo_platform": {"name": spec.policy_name},
        }

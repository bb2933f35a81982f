"""The S3 bucket Bodo keeps resource state in, hardened."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.components.base import PARTITION, Component, Expectations
from generator.hcl import Template
from generator.spec import CustomerSpec


def tls_deny(bucket_arn: object, objects_arn: object) -> dict[str, object]:
    """The statement bodocfg's bucket policy starts with: no request without TLS."""
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [bucket_arn, objects_arn],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


@dataclass(frozen=True)
class Bucket(Component):
    spec_key: str | None = "bucket"

    def parameters(self, spec: CustomerSpec) -> Mapping[str, object]:
        return {"bucket_name": spec.bucket_name}

    def protects(self) -> Mapping[str, str]:
        return {"aws_s3_bucket": "the Terraform states of the customer's Bodo workspaces"}

    def documents(self, spec: CustomerSpec) -> Mapping[str, object]:
        bucket_arn = Template.of("arn:", PARTITION, f":s3:::{spec.bucket_name}")
        objects_arn = Template.of("arn:", PARTITION, f":s3:::{spec.bucket_name}/*")
        return {
            "bucket_name": spec.bucket_name,
            "bucket_policy": {
                "Version": "2012-10-17",
                "Statement": [
                    tls_deny(bucket_arn, objects_arn),
                    *(dict(statement) for statement in spec.bucket_statements),
                ],
            },
        }

    def expectations(self, spec: CustomerSpec) -> Expectations:
        return {
            "aws_s3_bucket.state": {"bucket": spec.bucket_name, "force_destroy": False},
            "aws_s3_bucket_versioning.state": {
                "versioning_configuration": [{"status": "Enabled", "mfa_delete": None}]
            },
            "aws_s3_bucket_public_access_block.state": {
                "block_public_acls": True,
                "block_public_policy": True,
                "ignore_public_acls": True,
                "restrict_public_buckets": True,
            },
            "aws_s3_bucket_ownership_controls.state": {"rule": [{"object_ownership": "BucketOwnerEnforced"}]},
            "aws_s3_bucket_server_side_encryption_configuration.state": {},
            "aws_s3_bucket_policy.state": {},
        }

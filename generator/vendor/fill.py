"""Filling a reference policy's placeholders (`$$BUCKET_NAME$$`, `$$DYNAMO_ARN$$`; the names are the
profile's) with one customer's values."""

from __future__ import annotations

from typing import Any

from generator.vendor.profile import Placeholders, profile

EXAMPLE_BUCKET = "example-bodo-state"
EXAMPLE_TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/example-bodo-lock"
"""An example customer's values, for checking a policy as render would write it."""


def fill(
    node: Any,
    bucket_name: str | None,
    dynamo_arn: object | None,
    placeholders: Placeholders | None = None,
) -> Any:
    """`node` (a decoded policy or any part of it) with the placeholders replaced; None leaves one as
    it is. A `dynamo_arn` that is not a string (a Terraform reference) must fill a whole value."""
    marks = placeholders or profile().placeholders
    return _fill(node, bucket_name, dynamo_arn, marks.bucket_name, marks.dynamo_arn)


def _fill(node: Any, bucket: str | None, dynamo: object | None, bucket_mark: str, dynamo_mark: str) -> Any:
    if isinstance(node, str):
        if dynamo is not None and dynamo_mark in node:
            if node == dynamo_mark:
                return dynamo
            if not isinstance(dynamo, str):
                raise ValueError(f"{dynamo_mark} must be a whole value in the reference policy")
            node = node.replace(dynamo_mark, dynamo)
        return node.replace(bucket_mark, bucket) if bucket is not None else node
    if isinstance(node, list):
        try:
            if "$" not in "\x00".join(node):  # a list of plain strings (an Action list): nothing to fill
                return list(node)
        except TypeError:  # not all strings
            pass
        return [_fill(item, bucket, dynamo, bucket_mark, dynamo_mark) for item in node]
    if isinstance(node, dict):
        return {key: _fill(item, bucket, dynamo, bucket_mark, dynamo_mark) for key, item in node.items()}
    return node

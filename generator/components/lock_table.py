"""The DynamoDB lock table: partition key LockID (String), as the Bodo Platform requires."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.components.base import Component, Expectations, account_arn
from generator.spec import CustomerSpec

HASH_KEY = "LockID"
HASH_KEY_TYPE = "S"


@dataclass(frozen=True)
class LockTable(Component):
    spec_key: str | None = "lock_table"

    def parameters(self, spec: CustomerSpec) -> Mapping[str, object]:
        return {"table_name": spec.lock_table_name, "hash_key": HASH_KEY, "hash_key_type": HASH_KEY_TYPE}

    def protects(self) -> Mapping[str, str]:
        return {"aws_dynamodb_table": "the state locks of running Bodo workspaces"}

    def documents(self, spec: CustomerSpec) -> Mapping[str, object]:
        return {
            "lock_table_name": spec.lock_table_name,
            "lock_table_arn": account_arn("dynamodb", f"table/{spec.lock_table_name}"),
        }

    def expectations(self, spec: CustomerSpec) -> Expectations:
        return {
            "aws_dynamodb_table.lock": {
                "name": spec.lock_table_name,
                "hash_key": HASH_KEY,
                "attribute": [{"name": HASH_KEY, "type": HASH_KEY_TYPE}],
                "billing_mode": "PAY_PER_REQUEST",
                "deletion_protection_enabled": True,
                "point_in_time_recovery": [{"enabled": True}],
            }
        }

"""CKV_BODO_2: the lock table's hash key is `LockID`, a string (S), and it has no range key.

The Bodo Platform writes its locks by `LockID`; any other key schema breaks locking.
"""

from __future__ import annotations

from typing import Any

from bodo_common import first, flat

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

HASH_KEY = "LockID"


class BodoLockTable(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Bodo lock table: hash key LockID of type S, no range key",
            id="CKV_BODO_2",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("aws_dynamodb_table",),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        hash_key = first(conf.get("hash_key"))
        if hash_key != HASH_KEY:
            self.details.append(f"hash_key is {hash_key!r}, not {HASH_KEY!r}")
            return CheckResult.FAILED
        if first(conf.get("range_key")) not in (None, ""):
            self.details.append("the lock table has a range key")
            return CheckResult.FAILED
        types = [
            first(attribute.get("type"))
            for attribute in flat(conf.get("attribute"))
            if isinstance(attribute, dict) and first(attribute.get("name")) == HASH_KEY
        ]
        if types != ["S"]:
            self.details.append(f"attribute {HASH_KEY} has type(s) {types}, not ['S']")
            return CheckResult.FAILED
        return CheckResult.PASSED

    def get_evaluated_keys(self) -> list[str]:
        return ["hash_key", "range_key", "attribute"]


check = BodoLockTable()

"""CKV_BODO_3: an alarm topic is never encrypted with the `aws/sns` AWS managed key.

CloudWatch cannot use the aws/sns key (its policy cannot be changed), so alarms published to
such a topic are silently dropped. An unencrypted topic is CKV_AWS_26's business, not this one.
"""

from __future__ import annotations

from typing import Any

from bodo_common import first

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck


def is_aws_managed_sns_key(key: str) -> bool:
    key = key.strip().lower()
    return key == "alias/aws/sns" or (key.startswith("arn:") and key.endswith(":alias/aws/sns"))


class BodoTopicKey(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Bodo alarm topic: not encrypted with the aws/sns managed key (CloudWatch cannot use it)",
            id="CKV_BODO_3",
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=("aws_sns_topic",),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        key = first(conf.get("kms_master_key_id"))
        if isinstance(key, str) and is_aws_managed_sns_key(key):
            self.details.append(f"kms_master_key_id is {key}")
            return CheckResult.FAILED
        return CheckResult.PASSED

    def get_evaluated_keys(self) -> list[str]:
        return ["kms_master_key_id"]


check = BodoTopicKey()

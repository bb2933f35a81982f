"""CKV_BODO_4: a KMS key's policy lets cloudwatch.amazonaws.com use it.

In a bodocfg module the only customer managed key is the one encrypting the alarm topic; for
CloudWatch to publish to that topic the key policy must allow the service principal
`cloudwatch.amazonaws.com` kms:Decrypt and kms:GenerateDataKey*. A key without a policy gets
the default key policy, which does not, so it fails too.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

from bodo_common import document, flat, lower_keys, statements

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

CLOUDWATCH = "cloudwatch.amazonaws.com"
NEEDED = ("kms:decrypt", "kms:generatedatakey")


def _allows(statement: dict[str, Any], action: str) -> bool:
    return any(fnmatchcase(action, str(granted).lower()) for granted in flat(statement.get("Action")))


def _for_cloudwatch(statement: dict[str, Any]) -> bool:
    principal = statement.get("Principal")
    services = flat(lower_keys(principal).get("service")) if isinstance(principal, dict) else []
    return statement.get("Effect") == "Allow" and CLOUDWATCH in services


class BodoKeyPolicy(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Bodo alarm topic key: the key policy lets cloudwatch.amazonaws.com use the key",
            id="CKV_BODO_4",
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=("aws_kms_key",),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        policy = document(conf.get("policy"))
        if policy is None:
            self.details.append("no readable key policy: the default policy does not let CloudWatch use it")
            return CheckResult.FAILED
        grants = [s for s in statements(policy) if _for_cloudwatch(s)]
        missing = [action for action in NEEDED if not any(_allows(s, action) for s in grants)]
        if missing:
            self.details.append(f"{CLOUDWATCH} is not allowed {', '.join(missing)}")
            return CheckResult.FAILED
        return CheckResult.PASSED

    def get_evaluated_keys(self) -> list[str]:
        return ["policy"]


check = BodoKeyPolicy()

"""CKV_BODO_5: the vCPU alarm's actions are enabled and only notify an SNS topic.

`actions_enabled` must be true and `alarm_actions` non-empty; every alarm and OK action must be
the ARN of a topic of the same module (`aws_sns_topic.<name>.arn`, which in Terraform can only
name a resource of the module itself) or, for a spec that names an existing topic, an SNS topic
ARN. Never an EC2 stop/terminate/reboot or Auto Scaling action: the alarm watches the whole
account's vCPUs, and acting on one instance is not what anyone asked for.
"""

from __future__ import annotations

import re
from typing import Any

from bodo_common import first, flat

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

_MODULE_TOPIC = re.compile(r"^(?:\$\{)?aws_sns_topic\.[A-Za-z_][A-Za-z0-9_-]*(?:\[[^\]]*\])?\.arn\}?$")
_TOPIC_ARN = re.compile(r"^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(?:\.fifo)?$")


def is_topic(action: object) -> bool:
    text = str(action)
    return bool(_MODULE_TOPIC.match(text) or _TOPIC_ARN.match(text))


class BodoAlarmActions(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Bodo vCPU alarm: actions enabled, and they only notify an SNS topic of the module",
            id="CKV_BODO_5",
            categories=(CheckCategories.LOGGING,),
            supported_resources=("aws_cloudwatch_metric_alarm",),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        enabled = first(conf.get("actions_enabled"))
        if enabled is False or str(enabled).lower() == "false":
            self.details.append("actions_enabled is false: the alarm would never notify anyone")
            return CheckResult.FAILED
        alarm_actions = flat(conf.get("alarm_actions"))
        if not alarm_actions:
            self.details.append("alarm_actions is empty")
            return CheckResult.FAILED
        others = [a for a in [*alarm_actions, *flat(conf.get("ok_actions"))] if not is_topic(a)]
        if others:
            self.details.append(f"actions that are not an SNS topic: {others}")
            return CheckResult.FAILED
        return CheckResult.PASSED

    def get_evaluated_keys(self) -> list[str]:
        return ["actions_enabled", "alarm_actions", "ok_actions"]


check = BodoAlarmActions()

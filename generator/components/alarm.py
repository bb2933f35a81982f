"""The CloudWatch alarm on the account's running EC2 vCPUs (AWS/Usage ResourceCount)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.components.base import Component, Expectations
from generator.components.topic import alarm_name
from generator.hcl import Expr
from generator.spec import CustomerSpec

NAMESPACE = "AWS/Usage"
METRIC = "ResourceCount"
DIMENSIONS = {"Service": "EC2", "Type": "Resource", "Resource": "vCPU", "Class": "Standard/OnDemand"}
STATISTIC = "Maximum"
COMPARISON = "GreaterThanThreshold"


@dataclass(frozen=True)
class Alarm(Component):
    spec_key: str | None = "billing_alarm"

    def enabled(self, spec: CustomerSpec) -> bool:
        return spec.billing_alarm is not None

    def _actions(self, spec: CustomerSpec) -> list[object]:
        assert spec.billing_alarm is not None
        if spec.billing_alarm.sns_topic_arn is not None:
            return [spec.billing_alarm.sns_topic_arn]
        return [Expr("aws_sns_topic.alarm.arn")]

    def _settings(self, spec: CustomerSpec) -> dict[str, object]:
        """What the alarm is: the same values go to the template and to the plan checks."""
        alarm = spec.billing_alarm
        assert alarm is not None
        return {
            "alarm_name": alarm_name(spec),
            "namespace": NAMESPACE,
            "metric_name": METRIC,
            "dimensions": DIMENSIONS,
            "statistic": STATISTIC,
            "comparison_operator": COMPARISON,
            "threshold": alarm.vcpu_threshold,
            "period": alarm.period_seconds,
            "evaluation_periods": alarm.evaluation_periods,
        }

    def parameters(self, spec: CustomerSpec) -> Mapping[str, object]:
        alarm = spec.billing_alarm
        assert alarm is not None
        return {
            **self._settings(spec),
            "description": f"Running EC2 vCPUs in {spec.region} above {alarm.vcpu_threshold:g} "
            f"for {alarm.evaluation_periods} x {alarm.period_seconds}s (Bodo Platform, {spec.customer}).",
            "actions": self._actions(spec),
        }

    def expectations(self, spec: CustomerSpec) -> Expectations:
        alarm = spec.billing_alarm
        assert alarm is not None
        expected: dict[str, object] = {**self._settings(spec), "actions_enabled": True}
        if alarm.sns_topic_arn is not None:
            expected["alarm_actions"] = [alarm.sns_topic_arn]
        return {"aws_cloudwatch_metric_alarm.vcpu": expected}

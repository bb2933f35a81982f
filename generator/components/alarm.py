"""The CloudWatch alarm(s) on the account's running EC2 vCPUs: every AWS/Usage class, summed.

Each alarm is a metric math alarm: one metric query per vCPU usage class (AWS/Usage
ResourceCount, Service=EC2, Type=Resource, Resource=vCPU, Class=<class>, Maximum) and one
expression, `SUM([...])`, that the alarm compares with the threshold. Which classes, and how
many alarms CloudWatch's 10-metric limit needs, is `generator.vcpu`'s decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.components.base import Component, Expectations
from generator.hcl import Expr
from generator.spec import CustomerSpec
from generator.vcpu import METRIC, NAMESPACE, STATISTIC, AlarmGroup, alarm_groups, base_dimensions

COMPARISON = "GreaterThanThreshold"
TREAT_MISSING_DATA = "notBreaching"
EXPRESSION_ID = "total"


def metric_queries(group: AlarmGroup, period: int) -> list[dict[str, object]]:
    """The alarm's metric queries as CloudWatch reads them back (DescribeAlarms `Metrics`)."""
    queries: list[dict[str, object]] = [
        {"Id": EXPRESSION_ID, "Expression": group.expression, "ReturnData": True}
    ]
    for usage_class in group.classes:
        dimensions = {**base_dimensions(), "Class": usage_class.name}
        queries.append(
            {
                "Id": usage_class.metric_id,
                "Namespace": NAMESPACE,
                "MetricName": METRIC,
                "Dimensions": dimensions,
                "Period": period,
                "Stat": STATISTIC,
                "ReturnData": False,
            }
        )
    return queries


def description(spec: CustomerSpec, group: AlarmGroup) -> str:
    """What the alarm counts, its condition, and, when split, why there is more than one."""
    alarm = spec.billing_alarm
    assert alarm is not None
    text = (
        f"Sum of {group.what} (AWS/Usage ResourceCount, Maximum) in {spec.region} above "
        f"{alarm.vcpu_threshold:g} for {alarm.evaluation_periods} x {alarm.period_seconds}s "
        f"(Bodo Platform, {spec.customer})."
    )
    if group.split:
        text += (
            " One of several alarms: CloudWatch sums at most 10 metrics per alarm, so on-demand"
            " and Spot vCPUs are watched separately, each against this threshold."
        )
    return text


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

    def parameters(self, spec: CustomerSpec) -> Mapping[str, object]:
        alarm = spec.billing_alarm
        assert alarm is not None
        alarms = []
        for group in alarm_groups(spec):
            queries = [
                {"id": c.metric_id, "class": c.name, "dimensions": {**base_dimensions(), "Class": c.name}}
                for c in group.classes
            ]
            alarms.append(
                {
                    "resource": group.resource,
                    "alarm_name": group.alarm_name(spec),
                    "description": description(spec, group),
                    "expression_id": EXPRESSION_ID,
                    "expression": group.expression,
                    "label": f"Running EC2 vCPUs ({len(group.classes)} classes summed)",
                    "queries": queries,
                }
            )
        return {
            "alarms": alarms,
            "namespace": NAMESPACE,
            "metric_name": METRIC,
            "statistic": STATISTIC,
            "comparison_operator": COMPARISON,
            "treat_missing_data": TREAT_MISSING_DATA,
            "threshold": alarm.vcpu_threshold,
            "period": alarm.period_seconds,
            "evaluation_periods": alarm.evaluation_periods,
            "actions": self._actions(spec),
        }

    def expectations(self, spec: CustomerSpec) -> Expectations:
        alarm = spec.billing_alarm
        assert alarm is not None
        expected: dict[str, dict[str, object]] = {}
        for group in alarm_groups(spec):
            values: dict[str, object] = {
                "alarm_name": group.alarm_name(spec),
                "comparison_operator": COMPARISON,
                "threshold": alarm.vcpu_threshold,
                "evaluation_periods": alarm.evaluation_periods,
                "treat_missing_data": TREAT_MISSING_DATA,
                "actions_enabled": True,
            }
            if alarm.sns_topic_arn is not None:
                values["alarm_actions"] = [alarm.sns_topic_arn]
            expected[group.address] = values
        return expected

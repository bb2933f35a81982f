"""How a spec's vCPU classes become CloudWatch alarms: one SUM per alarm, at most 10 metrics each.

CloudWatch lets an alarm on a metric math expression reference at most 10 metrics (a hard
limit; see data/usage_classes.json). Up to 10 classes: one alarm on their sum. More (all 17,
the default): one alarm per purchase option, on-demand and Spot, each on the sum of its own
classes, each with the spec's threshold. Then no single alarm sees on-demand and Spot
together: the alarms' descriptions, `plan`, `demo` and the README say so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.spec import CustomerSpec
from generator.vcpu.classes import MAX_METRICS_PER_ALARM, UsageClass, by_name, usage_classes

PURCHASE_LABELS = {"on-demand": "on-demand", "spot": "Spot"}


@dataclass(frozen=True)
class AlarmGroup:
    """One CloudWatch alarm: the classes it sums, and its names in Terraform and in AWS."""

    key: str
    """"" for the only alarm, else e.g. "on-demand"."""
    classes: tuple[UsageClass, ...]
    split: bool
    """True when the spec's classes needed more than one alarm."""

    @property
    def resource(self) -> str:
        """Terraform resource name: `vcpu`, or e.g. `vcpu_on_demand`."""
        return "vcpu" + (f"_{self.key.replace('-', '_')}" if self.key else "")

    @property
    def address(self) -> str:
        return f"aws_cloudwatch_metric_alarm.{self.resource}"

    def alarm_name(self, spec: CustomerSpec) -> str:
        return alarm_base_name(spec) + (f"-{self.key}" if self.key else "")

    @property
    def expression(self) -> str:
        return f"SUM([{', '.join(usage_class.metric_id for usage_class in self.classes)}])"

    @property
    def class_names(self) -> tuple[str, ...]:
        return tuple(usage_class.name for usage_class in self.classes)

    @property
    def what(self) -> str:
        """What the alarm counts, in words, e.g. "running EC2 vCPUs, all 9 on-demand classes"."""
        purchases = {usage_class.purchase for usage_class in self.classes}
        every = [c for c in usage_classes() if c.purchase in purchases]
        if len(purchases) == 1:
            kind = PURCHASE_LABELS[next(iter(purchases))]
            scope = f"all {len(every)} {kind} classes" if len(self.classes) == len(every) else None
        else:
            scope = (
                f"all {len(every)} classes, on-demand and Spot" if len(self.classes) == len(every) else None
            )
        return f"running EC2 vCPUs, {scope or ', '.join(self.class_names)}"


def alarm_base_name(spec: CustomerSpec) -> str:
    return f"{spec.customer}-bodo-ec2-vcpu"


def _chunks(classes: Sequence[UsageClass], key: str) -> list[tuple[str, tuple[UsageClass, ...]]]:
    pieces = [
        tuple(classes[i : i + MAX_METRICS_PER_ALARM]) for i in range(0, len(classes), MAX_METRICS_PER_ALARM)
    ]
    if len(pieces) == 1:
        return [(key, pieces[0])]
    return [(f"{key}-{number}", piece) for number, piece in enumerate(pieces, start=1)]


def groups_for(classes: tuple[UsageClass, ...]) -> tuple[AlarmGroup, ...]:
    """One alarm when the classes fit CloudWatch's limit, else one per purchase option."""
    if len(classes) <= MAX_METRICS_PER_ALARM:
        return (AlarmGroup("", classes, split=False),)
    groups: list[AlarmGroup] = []
    for purchase in PURCHASE_LABELS:
        members = [usage_class for usage_class in classes if usage_class.purchase == purchase]
        groups += [AlarmGroup(key, piece, split=True) for key, piece in _chunks(members, purchase)]
    return tuple(groups)


def alarm_groups(spec: CustomerSpec) -> tuple[AlarmGroup, ...]:
    """The spec's alarms (none without billing_alarm): every class unless the spec names some."""
    alarm = spec.billing_alarm
    if alarm is None:
        return ()
    classes = usage_classes() if alarm.classes is None else by_name(alarm.classes)
    return groups_for(classes)

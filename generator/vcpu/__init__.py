"""The EC2 vCPU usage the alarm watches: AWS/Usage classes, and how they fit CloudWatch alarms.

    usage_classes()                       # every class, from data/usage_classes.json
    alarm_groups(spec)                    # the alarm(s) for a spec: classes summed per alarm

The class list is data (with its source and the date it was checked), not code.
"""

from generator.vcpu.classes import (
    MAX_METRICS_PER_ALARM,
    METRIC,
    NAMESPACE,
    PUBLISHED_EVERY,
    STATISTIC,
    UsageClass,
    base_dimensions,
    class_names,
    usage_classes,
)
from generator.vcpu.groups import AlarmGroup, alarm_groups, groups_for

__all__ = [
    "MAX_METRICS_PER_ALARM",
    "METRIC",
    "NAMESPACE",
    "PUBLISHED_EVERY",
    "STATISTIC",
    "AlarmGroup",
    "UsageClass",
    "alarm_groups",
    "base_dimensions",
    "class_names",
    "groups_for",
    "usage_classes",
]

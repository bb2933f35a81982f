"""What a plan's vCPU alarms count, in words, for `plan` and `demo` output.

    alarm_notes(plan)   # ["alarm acme-bodo-ec2-vcpu-spot sums 8 vCPU classes: Standard/Spot, ...", ...]

Read from the plan itself (each alarm's metric queries), so it says what Terraform will create.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.terraform.plan import Plan
from generator.vcpu.classes import MAX_METRICS_PER_ALARM, class_names

ALARM = "aws_cloudwatch_metric_alarm"


def _classes(values: Mapping[str, Any]) -> list[str]:
    """The Class dimensions of the alarm's metric queries, in the data file's order."""
    queries = values.get("metric_query") or ()
    classes = []
    for query in queries:
        for metric in query.get("metric") or ():
            dimensions = metric.get("dimensions") or {}
            if "Class" in dimensions:
                classes.append(str(dimensions["Class"]))
    order = {name: index for index, name in enumerate(class_names())}
    return sorted(classes, key=lambda name: (order.get(name, len(order)), name))


def alarm_notes(plan: Plan) -> list[str]:
    """A line per vCPU alarm the plan creates or changes, naming the classes it sums."""
    pending = {
        change.address
        for change in plan.pending()
        if "create" in change.actions or change.actions == ("update",)
    }
    alarms = [r for r in plan.managed().values() if r.type == ALARM and r.address in pending]
    notes = []
    for resource in alarms:
        classes = _classes(resource.values)
        if not classes:
            continue
        name = resource.values.get("alarm_name", resource.address)
        notes.append(f"alarm {name} sums {len(classes)} vCPU class(es): {', '.join(classes)}")
    if len(notes) > 1:
        notes.append(
            f"({len(notes)} alarms: CloudWatch sums at most {MAX_METRICS_PER_ALARM} metrics per alarm, "
            "so each has the threshold on its own sum)"
        )
    return notes

"""Which existing vCPU alarm each of the spec's managed alarms takes over.

A spec's alarms are `generator.vcpu.alarm_groups` (one, or one per purchase option when the
classes need more than CloudWatch's 10 metrics). An existing alarm with a group's name is that
group's; a hand-made one goes to the first free group counting all of its classes (an alarm
naming no class, only to the first group) and is imported there, then replaced by the managed
one (an alarm cannot be renamed). One left over would keep sending the same e-mails beside the
managed alarms: that is a conflict, never a duplicate.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.adopt.model import AlarmState
from generator.spec import CustomerSpec
from generator.vcpu.groups import AlarmGroup, alarm_groups


@dataclass(frozen=True)
class AlarmMatch:
    group: AlarmGroup
    alarm: AlarmState | None
    """The existing alarm it imports (None: created)."""


def _fits(alarm: AlarmState, group: AlarmGroup, first: bool) -> bool:
    if not alarm.classes:
        return first
    return set(alarm.classes) <= set(group.class_names)


def match_alarms(spec: CustomerSpec, alarms: list[AlarmState]) -> tuple[list[AlarmMatch], list[AlarmState]]:
    """(each managed alarm with the existing one it imports, the existing ones left over)."""
    groups = alarm_groups(spec)
    names = {group.alarm_name(spec): group for group in groups}
    taken = {names[alarm.name].address: alarm for alarm in alarms if alarm.name in names}
    left: list[AlarmState] = []
    for alarm in alarms:
        if alarm.name in names:
            continue
        free = [
            group
            for index, group in enumerate(groups)
            if group.address not in taken and _fits(alarm, group, index == 0)
        ]
        if free:
            taken[free[0].address] = alarm
        else:
            left.append(alarm)
    return [AlarmMatch(group, taken.get(group.address)) for group in groups], left

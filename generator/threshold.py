"""The vCPU alarm threshold from the account's own history, as the setup guide does it by hand.

The guide: look at a week of the EC2 vCPU metric, take the highest value (~850 in its example) and
set the alarm a little above it (1000). bodocfg reads exactly what the alarm watches (AWS/Usage
ResourceCount, Service=EC2, Type=Resource, Resource=vCPU, statistic Maximum, one series per vCPU
class the spec counts, summed as the alarm's SUM expression sums them; per alarm when CloudWatch's
10-metric limit splits it) and applies one written-down rule:

**Readable numbers** are the whole numbers 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^n, rounded up to
an integer (so below 10: 1, 2, 3, 4, 5, 6, 8). Neighbours are at most 25% apart above 10, so rounding
up to one never adds more than a quarter on top of the headroom (the coarser 1-2-5 ladder can double
it: 1020 -> 2000).

**The suggestion** is the smallest readable number that is strictly above the peak and at least
95% of peak x headroom. The headroom is a target honoured to within 5%, so that a round number just
under it wins over the next step: 850 x 1.2 = 1020 -> 1000, as in the guide (strict rounding up would
give 1200). Examples with the default headroom 1.2: 7 -> 8, 100 -> 120, 256 -> 300, 850 -> 1000,
1000 -> 1200, 4100 -> 5000.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.vcpu import METRIC, NAMESPACE, STATISTIC, AlarmGroup, base_dimensions

if TYPE_CHECKING:
    from mypy_boto3_cloudwatch import CloudWatchClient

READABLE_STEPS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0)
HEADROOM_TOLERANCE = 0.95
"""A readable number down to 95% of peak x headroom is accepted (see the module docstring)."""

MAX_DATAPOINTS = 1440
"""GetMetricStatistics returns at most 1,440 datapoints per call."""

MAX_DAYS = 455
"""CloudWatch keeps hourly datapoints for 455 days; older history does not exist."""


def readable_numbers(start: float) -> Iterator[int]:
    """Readable whole numbers in increasing order, from the first one >= `start` (start >= 0)."""
    exponent = max(0, math.floor(math.log10(start))) if start >= 1 else 0
    previous = 0
    while True:
        scale = 10**exponent
        for step in READABLE_STEPS:
            value = math.ceil(round(step * scale, 6))
            if value >= start and value > previous:
                previous = value
                yield value
        exponent += 1


def suggest_threshold(peak: float, headroom: float) -> int:
    """The smallest readable number above `peak` and at least 95% of `peak * headroom`."""
    if not math.isfinite(peak) or peak < 0:
        raise ValueError(f"peak must be a finite number >= 0, not {peak}")
    if not math.isfinite(headroom) or headroom < 1:
        raise ValueError(f"headroom must be a number >= 1, not {headroom}")
    floor = max(HEADROOM_TOLERANCE * peak * headroom, 0.0)
    for value in readable_numbers(floor):
        if value > peak:
            return value
    raise AssertionError("unreachable: readable numbers are unbounded")


def choose_period(days: int) -> int:
    """Seconds per datapoint so that `days` of history fit one GetMetricStatistics call.

    The smallest multiple of 60 giving at most 1,440 datapoints, raised to CloudWatch's retention
    granularity for old windows (5-minute data only after 15 days, hourly after 63 days).
    """
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be between 1 and {MAX_DAYS}, not {days}")
    period = max(60, math.ceil(days * 86400 / MAX_DATAPOINTS / 60) * 60)
    granularity = 3600 if days > 63 else 300 if days > 15 else 60
    return math.ceil(period / granularity) * granularity


@dataclass(frozen=True)
class Peak:
    value: float
    at: dt.datetime
    datapoints: int


@dataclass(frozen=True)
class Window:
    start: dt.datetime
    end: dt.datetime
    period: int

    @classmethod
    def last(cls, days: int, now: dt.datetime | None = None) -> Window:
        end = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
        return cls(end - dt.timedelta(days=days), end, choose_period(days))


def metric_dimensions(class_name: str) -> Sequence[dict[str, str]]:
    return [
        {"Name": name, "Value": value} for name, value in {**base_dimensions(), "Class": class_name}.items()
    ]


def _queries(group: AlarmGroup, period: int) -> list[dict[str, object]]:
    return [
        {
            "Id": usage_class.metric_id,
            "MetricStat": {
                "Metric": {
                    "Namespace": NAMESPACE,
                    "MetricName": METRIC,
                    "Dimensions": metric_dimensions(usage_class.name),
                },
                "Period": period,
                "Stat": STATISTIC,
            },
            "ReturnData": True,
        }
        for usage_class in group.classes
    ]


def summed_series(client: CloudWatchClient, group: AlarmGroup, window: Window) -> dict[dt.datetime, float]:
    """The group's classes read with GetMetricData (as the alarm reads them) and summed per timestamp.

    The sum is what the alarm's `SUM([...])` expression computes (classes without a datapoint
    at a timestamp add nothing); it is added up here from the per-class series, which also
    works against a local AWS that does not evaluate metric math.
    """
    totals: dict[dt.datetime, float] = {}
    token: str | None = None
    while True:
        extra = {"NextToken": token} if token else {}
        response = client.get_metric_data(
            MetricDataQueries=_queries(group, window.period),  # type: ignore[arg-type]
            StartTime=window.start,
            EndTime=window.end,
            **extra,  # type: ignore[arg-type]
        )
        for result in response.get("MetricDataResults", []):
            for when, value in zip(result.get("Timestamps", []), result.get("Values", []), strict=False):
                at = when.astimezone(dt.UTC)
                totals[at] = totals.get(at, 0.0) + float(value)
        token = response.get("NextToken")
        if not token:
            return totals


def observed_peak(client: CloudWatchClient, group: AlarmGroup, window: Window) -> Peak | None:
    """The highest summed vCPU count of the group's classes in the window, or None without data."""
    totals = summed_series(client, group, window)
    if not totals:
        return None
    at, value = max(totals.items(), key=lambda item: (item[1], item[0]))
    return Peak(value, at, len(totals))

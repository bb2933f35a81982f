"""The EC2 vCPU usage classes AWS/Usage publishes, read once from `data/usage_classes.json`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "data" / "usage_classes.json"


@cache
def _data() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return loaded


@dataclass(frozen=True)
class UsageClass:
    """One `Class` dimension value, e.g. `G/OnDemand`: the vCPUs of those families, so bought."""

    name: str
    purchase: str
    """"on-demand" or "spot"."""
    families: str
    quota: str | None

    @property
    def metric_id(self) -> str:
        """A CloudWatch metric query id: lowercase letter first, then letters, digits, underscores."""
        return "v_" + self.name.lower().replace("/", "_")


@cache
def usage_classes() -> tuple[UsageClass, ...]:
    """Every class, in the data file's order (on-demand first, then Spot)."""
    return tuple(
        UsageClass(item["class"], item["purchase"], item["families"], item.get("quota"))
        for item in _data()["classes"]
    )


def class_names() -> tuple[str, ...]:
    return tuple(usage_class.name for usage_class in usage_classes())


def by_name(names: tuple[str, ...]) -> tuple[UsageClass, ...]:
    """The named classes in the data file's order (names were validated against the schema)."""
    wanted = set(names)
    return tuple(usage_class for usage_class in usage_classes() if usage_class.name in wanted)


_METRIC: dict[str, Any] = _data()["metric"]
NAMESPACE: str = _METRIC["namespace"]
METRIC: str = _METRIC["metric_name"]
STATISTIC: str = _METRIC["statistic"]
PUBLISHED_EVERY: int = int(_METRIC["published_every_seconds"])
MAX_METRICS_PER_ALARM: int = int(_data()["alarm_limit"]["max_metrics_per_alarm"])


def base_dimensions() -> dict[str, str]:
    """Service, Type and Resource: the dimensions every class shares (Class is added per metric)."""
    return dict(_METRIC["dimensions"])

"""An alarm's metric queries as DescribeAlarms returns them, compared with the ones it should have.

    for what, expected, found in query_differences(expected_queries, alarm["Metrics"]):
        ...   # e.g. ("metric G/Spot", {...}, None): the alarm does not count G/Spot vCPUs

Queries are compared as a set (CloudWatch keeps no order that matters); each one is keyed by
the class it reads (`Class` dimension) or, for the expression, by its id.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

Json = Any


def normalise(query: Mapping[str, Json]) -> tuple[str, dict[str, Json]]:
    """(key, comparable form) of one query, whether written flat (ours) or as CloudWatch returns it."""
    stat = query.get("MetricStat")
    if stat is None and "Expression" not in query:
        stat = {
            "Metric": {
                "Namespace": query.get("Namespace"),
                "MetricName": query.get("MetricName"),
                "Dimensions": [{"Name": k, "Value": v} for k, v in (query.get("Dimensions") or {}).items()],
            },
            "Period": query.get("Period"),
            "Stat": query.get("Stat"),
        }
    if stat is None:
        form = {
            "Id": query.get("Id"),
            "Expression": query.get("Expression"),
            "ReturnData": query.get("ReturnData", True) in (True, "true"),
        }
        return f"expression {query.get('Id')}", form
    metric = stat.get("Metric") or {}
    dimensions = {d["Name"]: d["Value"] for d in metric.get("Dimensions") or ()}
    form = {
        "Id": query.get("Id"),
        "Namespace": metric.get("Namespace"),
        "MetricName": metric.get("MetricName"),
        "Dimensions": dimensions,
        "Period": int(stat["Period"]) if stat.get("Period") is not None else None,
        "Stat": stat.get("Stat"),
        "ReturnData": query.get("ReturnData", True) in (True, "true"),
    }
    return f"metric {dimensions.get('Class', query.get('Id'))}", form


def query_differences(
    expected: Sequence[Mapping[str, Json]], found: Sequence[Mapping[str, Json]] | None
) -> Iterator[tuple[str, Json, Json]]:
    """(what, expected, found) for each query missing, extra or different."""
    want = dict(map(normalise, expected))
    got = dict(map(normalise, found or ()))
    for key in want:
        if got.get(key) != want[key]:
            yield key, want[key], got.get(key)
    for key in got.keys() - want.keys():
        yield key, None, got[key]

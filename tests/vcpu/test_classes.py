"""The vCPU class list is data with its source; the schema, the groups and the ids follow from it."""

from __future__ import annotations

import json
import re

import pytest

from generator.spec.schema import schema
from generator.vcpu import MAX_METRICS_PER_ALARM, class_names, groups_for, usage_classes
from generator.vcpu.classes import DATA_FILE, by_name
from generator.vcpu.readback import query_differences

ON_DEMAND = "Standard/OnDemand F/OnDemand G/OnDemand Inf/OnDemand P/OnDemand X/OnDemand DL/OnDemand Trn/OnDemand HighMem/OnDemand"
SPOT = "Standard/Spot F/Spot G/Spot Inf/Spot P/Spot X/Spot DL/Spot Trn/Spot"


def test_the_data_file_names_its_source_and_date() -> None:
    data = json.loads(DATA_FILE.read_text())
    assert data["source"]["documents"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["source"]["checked"])
    assert (
        data["alarm_limit"]["max_metrics_per_alarm"] == 10 and "alarm-limits" in data["alarm_limit"]["source"]
    )
    assert data["metric"] == {
        "namespace": "AWS/Usage",
        "metric_name": "ResourceCount",
        "statistic": "Maximum",
        "dimensions": {"Service": "EC2", "Type": "Resource", "Resource": "vCPU"},
        "published_every_seconds": 60,
    }


def test_every_on_demand_and_spot_class_is_listed() -> None:
    assert class_names() == (*ON_DEMAND.split(), *SPOT.split())
    assert {c.purchase for c in usage_classes()} == {"on-demand", "spot"}


def test_the_schema_enum_is_the_data_file() -> None:
    items = schema()["properties"]["billing_alarm"]["properties"]["classes"]["items"]
    assert tuple(items["enum"]) == class_names()


def test_metric_ids_are_valid_cloudwatch_ids_and_unique() -> None:
    ids = [c.metric_id for c in usage_classes()]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-z][a-zA-Z0-9_]*", metric_id) for metric_id in ids)


def test_every_class_needs_two_alarms_split_by_purchase_option() -> None:
    groups = groups_for(usage_classes())
    assert [g.key for g in groups] == ["on-demand", "spot"]
    assert [g.class_names for g in groups] == [tuple(ON_DEMAND.split()), tuple(SPOT.split())]
    assert all(len(g.classes) <= MAX_METRICS_PER_ALARM and g.split for g in groups)
    assert [g.resource for g in groups] == ["vcpu_on_demand", "vcpu_spot"]
    assert groups[0].what == "running EC2 vCPUs, all 9 on-demand classes"
    assert groups[0].expression.startswith("SUM([v_standard_ondemand, v_f_ondemand,")


@pytest.mark.parametrize("count", [1, 5, 10])
def test_up_to_ten_classes_make_one_alarm(count: int) -> None:
    chosen = usage_classes()[-count:]
    (group,) = groups_for(chosen)
    assert (group.key, group.resource, group.split) == ("", "vcpu", False)
    assert group.expression == f"SUM([{', '.join(c.metric_id for c in chosen)}])"


def test_named_classes_keep_the_data_file_order() -> None:
    assert [c.name for c in by_name(("P/Spot", "G/OnDemand"))] == ["G/OnDemand", "P/Spot"]


def test_readback_compares_queries_as_a_set() -> None:
    flat = [
        {"Id": "total", "Expression": "SUM([v_p_spot])", "ReturnData": True},
        {
            "Id": "v_p_spot",
            "Namespace": "AWS/Usage",
            "MetricName": "ResourceCount",
            "Dimensions": {"Service": "EC2", "Class": "P/Spot"},
            "Period": 60,
            "Stat": "Maximum",
            "ReturnData": False,
        },
    ]
    returned = [
        {
            "Id": "v_p_spot",
            "MetricStat": {
                "Metric": {
                    "Namespace": "AWS/Usage",
                    "MetricName": "ResourceCount",
                    "Dimensions": [{"Name": "Class", "Value": "P/Spot"}, {"Name": "Service", "Value": "EC2"}],
                },
                "Period": 60,
                "Stat": "Maximum",
            },
            "ReturnData": False,
        },
        {"Id": "total", "Expression": "SUM([v_p_spot])", "ReturnData": True},
    ]
    assert list(query_differences(flat, returned)) == []
    assert [what for what, _, found in query_differences(flat, returned[1:])] == ["metric P/Spot"]

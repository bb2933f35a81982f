"""The plan guard over plan JSON documents: what it refuses, what it lets through, its lines."""

from __future__ import annotations

import json
from typing import Any

from generator.guard import Allowances, hazards, protected_types
from generator.terraform.plan import Plan


def _change(
    address: str, actions: list[str], before: dict[str, Any] | None, after: Any = None
) -> dict[str, Any]:
    kind, name = address.split(".")[:2]
    return {
        "address": address,
        "mode": "managed",
        "type": kind,
        "name": name,
        "change": {"actions": actions, "before": before, "after": after},
    }


def _plan(changes: list[dict[str, Any]], drift: list[dict[str, Any]] = (), region: str = "") -> Plan:  # type: ignore[assignment]
    document: dict[str, Any] = {
        "format_version": "1.2",
        "resource_changes": changes,
        "resource_drift": list(drift),
    }
    if region:
        document["prior_state"] = {
            "values": {
                "root_module": {
                    "resources": [
                        {
                            "address": "data.aws_region.current",
                            "mode": "data",
                            "type": "aws_region",
                            "name": "current",
                            "values": {"name": region},
                        }
                    ]
                }
            }
        }
    return Plan.parse(json.dumps(document))


def test_the_components_name_what_they_protect() -> None:
    assert set(protected_types()) == {
        "aws_s3_bucket",
        "aws_dynamodb_table",
        "aws_iam_role",
        "aws_iam_role_policy",
    }


def test_a_renamed_bucket_is_a_refused_replacement_with_the_safe_way() -> None:
    plan = _plan(
        [_change("aws_s3_bucket.state", ["delete", "create"], {"bucket": "old-b"}, {"bucket": "new-b"})]
    )
    [hazard] = hazards(plan)
    assert hazard.kind == "replace"
    assert hazard.line() == (
        "aws_s3_bucket.state (old-b) would be destroyed and created again, losing the Terraform states "
        "of the customer's Bodo workspaces; safe way: keep the name 'old-b' in the spec, then render "
        "and plan again; to do it anyway: --allow-replace aws_s3_bucket.state"
    )
    assert hazards(plan, Allowances(replace=frozenset({"aws_s3_bucket.state"}))) == []
    assert hazards(plan, Allowances(orphan=frozenset({"aws_s3_bucket.state"}))) == [hazard]


def test_deleting_a_table_or_role_is_refused_but_not_an_alarm_or_a_bucket_setting() -> None:
    plan = _plan(
        [
            _change("aws_dynamodb_table.lock", ["delete"], {"name": "t"}),
            _change("aws_iam_role.bodo_platform", ["create", "delete"], {"name": "r"}, {"name": "r"}),
            _change("aws_cloudwatch_metric_alarm.vcpu", ["delete"], {"alarm_name": "a"}),
            _change("aws_s3_bucket_versioning.state", ["delete", "create"], {"bucket": "b"}, {}),
            _change("aws_s3_bucket.state", ["update"], {"bucket": "b"}, {"bucket": "b"}),
        ]
    )
    found = {(h.address, h.kind) for h in hazards(plan)}
    assert found == {("aws_dynamodb_table.lock", "delete"), ("aws_iam_role.bodo_platform", "replace")}
    delete = next(h for h in hazards(plan) if h.kind == "delete")
    assert "offboard with `bodocfg destroy`" in delete.line()


def test_resources_gone_on_refresh_after_a_region_change_are_orphans_of_any_type() -> None:
    table = "arn:aws:dynamodb:us-east-2:123456789012:table/t"
    plan = _plan(
        [_change("aws_dynamodb_table.lock", ["create"], None, {"name": "t"})],
        drift=[
            _change("aws_dynamodb_table.lock", ["delete"], {"name": "t", "arn": table}),
            _change(
                "aws_sns_topic.alarm", ["delete"], {"name": "topic", "arn": "arn:aws:sns:us-east-2:1:topic"}
            ),
        ],
        region="us-west-2",
    )
    lines = [h.line() for h in hazards(plan)]
    assert lines == [
        "aws_dynamodb_table.lock (t) would leave the state and stay behind in us-east-2 (the module now uses "
        "us-west-2), unmanaged; safe way: set `region: us-east-2` back, offboard that region first "
        "(`bodocfg destroy`), then change the region and apply to create everything in us-west-2; "
        "to do it anyway: --allow-orphan aws_dynamodb_table.lock",
        "aws_sns_topic.alarm (topic) would leave the state and stay behind in us-east-2 (the module now uses "
        "us-west-2), unmanaged; safe way: set `region: us-east-2` back, offboard that region first "
        "(`bodocfg destroy`), then change the region and apply to create everything in us-west-2; "
        "to do it anyway: --allow-orphan aws_sns_topic.alarm",
    ]
    allowed = Allowances(orphan=frozenset({"aws_dynamodb_table.lock", "aws_sns_topic.alarm"}))
    assert hazards(plan, allowed) == []


def test_a_forgotten_resource_is_an_orphan() -> None:
    plan = _plan([_change("aws_iam_role.bodo_platform", ["forget"], {"name": "r"})])
    [hazard] = hazards(plan)
    assert (hazard.kind, hazard.flag) == ("orphan", "--allow-orphan aws_iam_role.bodo_platform")


def test_a_plan_without_dangerous_changes_has_no_hazards() -> None:
    plan = _plan([_change("aws_s3_bucket.state", ["create"], None, {"bucket": "b"})])
    assert hazards(plan) == []

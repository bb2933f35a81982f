"""Which planned re-creations are e-mail subscriptions SNS deleted unconfirmed (plan JSON in memory)."""

from __future__ import annotations

import json
from typing import Any

from generator.delivery.planned import only_unconfirmed, unconfirmed_recreations
from generator.fleet.summary import CustomerResult, customer_section
from generator.guard import hazards
from generator.terraform.plan import Plan

ADDRESS = 'aws_sns_topic_subscription.email["ops@acme.example"]'


def subscription(actions: list[str], *, pending: bool | None, address: str = ADDRESS) -> dict[str, Any]:
    before = (
        None
        if pending is None
        else {"protocol": "email", "endpoint": "ops@acme.example", "pending_confirmation": pending}
    )
    after = {"protocol": "email", "endpoint": "ops@acme.example"} if "create" in actions else None
    return {
        "address": address,
        "mode": "managed",
        "type": "aws_sns_topic_subscription",
        "name": "email",
        "change": {"actions": actions, "before": before, "after": after, "after_unknown": {}},
    }


def plan(*, pending_before: bool, extra: list[dict[str, Any]] | None = None) -> Plan:
    document = {
        "format_version": "1.2",
        "resource_drift": [subscription(["delete"], pending=pending_before)],
        "resource_changes": [subscription(["create"], pending=None), *(extra or [])],
    }
    return Plan.parse(json.dumps(document))


def test_a_subscription_gone_while_pending_was_deleted_by_sns() -> None:
    found = plan(pending_before=True)
    assert unconfirmed_recreations(found) == {ADDRESS}
    assert only_unconfirmed(found)
    assert hazards(found) == []  # gone, not left behind: the guard does not refuse it
    section = customer_section(CustomerResult("acme", 0, found))
    assert f"| create (unconfirmed, deleted by SNS) | `{ADDRESS}` |" in section


def test_one_gone_after_it_was_confirmed_is_drift() -> None:
    found = plan(pending_before=False)
    assert unconfirmed_recreations(found) == set()
    assert not only_unconfirmed(found)


def test_other_changes_beside_it_are_still_changes() -> None:
    other = {
        "address": "aws_cloudwatch_metric_alarm.vcpu",
        "mode": "managed",
        "type": "aws_cloudwatch_metric_alarm",
        "name": "vcpu",
        "change": {"actions": ["update"], "before": {}, "after": {}, "after_unknown": {}},
    }
    found = plan(pending_before=True, extra=[other])
    assert unconfirmed_recreations(found) == {ADDRESS}
    assert not only_unconfirmed(found)

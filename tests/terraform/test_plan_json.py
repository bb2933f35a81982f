"""The plan JSON wrappers: read-only, keyed by address, child modules, plans with and without outputs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.errors import CheckFailed
from generator.terraform import Plan
from generator.terraform import assertions as pa


def _doc(**extra: Any) -> dict[str, Any]:
    return {"format_version": "1.2", "terraform_version": "1.11.4", **extra}


NESTED = _doc(
    planned_values={
        "root_module": {
            "resources": [
                {
                    "address": "aws_iam_role.r",
                    "mode": "managed",
                    "type": "aws_iam_role",
                    "name": "r",
                    "values": {"name": "x", "assume_role_policy": '{"Statement": []}', "tags": {"a": "b"}},
                }
            ],
            "child_modules": [
                {
                    "address": "module.net",
                    "resources": [
                        {
                            "address": "module.net.aws_vpc.v",
                            "mode": "managed",
                            "type": "aws_vpc",
                            "name": "v",
                            "values": {"cidr_block": "10.0.0.0/16", "ids": [1, 2]},
                        }
                    ],
                }
            ],
        },
        "outputs": {"arn": {"sensitive": False}, "name": {"sensitive": False, "value": "x"}},
    },
    resource_changes=[
        {"address": "aws_iam_role.r", "mode": "managed", "type": "aws_iam_role", "name": "r",
         "change": {"actions": ["create"], "before": None, "after": {"name": "x"}, "after_unknown": {"arn": True}}},
        {"address": "module.net.aws_vpc.v", "mode": "managed", "type": "aws_vpc", "name": "v",
         "change": {"actions": ["delete", "create"], "before": {}, "after": {}, "after_unknown": {}}},
        {"address": "data.aws_region.current", "mode": "data", "type": "aws_region", "name": "current",
         "change": {"actions": ["read"]}},
    ],
    output_changes={
        "arn": {"actions": ["create"], "after_unknown": True},
        "name": {"actions": ["create"], "after": "x", "after_unknown": False},
    },
    configuration={
        "root_module": {
            "resources": [{"address": "aws_iam_role.r", "type": "aws_iam_role",
                           "expressions": {"name": {"constant_value": "x"},
                                           "tags": {"references": ["local.tags"]}}}],
            "module_calls": {"net": {"module": {"resources": [
                {"address": "aws_vpc.v", "type": "aws_vpc", "expressions": {}}]}}},
        }
    },
)  # fmt: skip


def test_resources_by_address_across_child_modules() -> None:
    plan = Plan.parse(json.dumps(NESTED))
    assert set(plan.resources) == {"aws_iam_role.r", "module.net.aws_vpc.v"}
    assert plan.resource("module.net.aws_vpc.v").values["ids"] == (1, 2)
    assert plan.root.children["module.net"].resources["module.net.aws_vpc.v"].type == "aws_vpc"
    assert plan.resource("aws_iam_role.r").json("assume_role_policy") == {"Statement": ()}
    assert set(plan.configuration) == {"aws_iam_role.r", "module.net.aws_vpc.v"}
    assert plan.config("aws_iam_role.r").references("tags") == ("local.tags",)
    assert plan.config("aws_iam_role.r").constant("name") == "x"


def test_changes_counts_and_symbols() -> None:
    plan = Plan.parse(json.dumps(NESTED))
    assert plan.counts() == (2, 0, 1)
    assert [c.symbol for c in plan.pending()] == ["+", "-/+"]
    assert plan.has_changes


def test_outputs_known_and_unknown() -> None:
    plan = Plan.parse(json.dumps(NESTED))
    assert (plan.outputs["arn"].known, plan.outputs["arn"].value) == (False, None)
    assert (plan.outputs["name"].known, plan.outputs["name"].value) == (True, "x")
    pa.output(plan, "name", "x")
    pa.output(plan, "arn", known=False)


def test_read_only_and_no_fallthrough() -> None:
    plan = Plan.parse(json.dumps(NESTED))
    values = plan.resource("aws_iam_role.r").values
    with pytest.raises(TypeError):
        values["name"] = "y"  # type: ignore[index]
    with pytest.raises(TypeError):
        values["tags"]["a"] = "c"
    with pytest.raises(AttributeError):
        plan.planned_values  # type: ignore[attr-defined]  # noqa: B018
    with pytest.raises(
        KeyError, match=r"no planned resource 'aws_s3_bucket.x' \(the plan has: aws_iam_role.r"
    ):
        plan.resource("aws_s3_bucket.x")


def test_empty_plan_without_outputs_or_changes() -> None:
    plan = Plan.parse(json.dumps(_doc(planned_values={"root_module": {}})))
    assert (dict(plan.resources), dict(plan.outputs), plan.counts(), plan.has_changes) == (
        {},
        {},
        (0, 0, 0),
        False,
    )
    pa.no_changes(plan)


@pytest.mark.parametrize("text", ["", "[]", "{}", '{"format_version": "1.2", "resource_changes": [{}]}'])
def test_unreadable_plan_json_is_a_check_failure(text: str) -> None:
    with pytest.raises(CheckFailed, match="<plan>: not a readable terraform plan JSON"):
        Plan.parse(text)


def test_load_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(CheckFailed, match="cannot read the plan JSON"):
        Plan.load(tmp_path / "missing.json")


def test_policy_comparison_is_order_and_shape_insensitive() -> None:
    a = {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "A", "Effect": "Allow", "Action": ["s3:b", "s3:a"], "Resource": "*"},
            {"Sid": "B", "Effect": "Allow", "Action": "sqs:x", "Resource": ["r"]},
        ],
    }
    b = {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "B", "Effect": "Allow", "Action": ["sqs:x"], "Resource": "r"},
            {"Sid": "A", "Effect": "Allow", "Action": ["s3:a", "s3:b"], "Resource": ["*"]},
        ],
    }
    pa.policy_equal(a, b)
    b["Statement"][1]["Action"].append("s3:c")
    with pytest.raises(AssertionError, match="statement 'A'"):
        pa.policy_equal(a, b)


def test_trust_assertion_requires_the_external_id() -> None:
    good = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:root"},
                           "Action": "sts:AssumeRole",
                           "Condition": {"StringEquals": {"sts:ExternalId": "e"}}}]}  # fmt: skip
    pa.trust(good, principal="arn:aws:iam::1:root", external_id="e")
    del good["Statement"][0]["Condition"]
    with pytest.raises(AssertionError, match="sts:ExternalId"):
        pa.trust(good, principal="arn:aws:iam::1:root", external_id="e")

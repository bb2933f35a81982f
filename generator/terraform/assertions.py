"""Plan assertions for pytest suites: each raises AssertionError with a message that names the address.

    from generator.terraform import Plan, assertions as pa

    plan = Plan.load(Path("modules/acme/bodocfg.plan.json"))
    pa.addresses(plan, {"aws_s3_bucket.state", "aws_dynamodb_table.lock", ...})
    pa.values(plan, "aws_dynamodb_table.lock", hash_key="LockID")
    pa.policy_equal(plan.resource("aws_iam_role_policy.bodo_platform").json("policy"), expected)
    pa.references(plan, "aws_cloudwatch_metric_alarm.vcpu", "alarm_actions", "aws_sns_topic.alarm")

IAM documents are compared as IAM reads them: a single string and a one-element list are
the same, and the order of actions, resources and statements does not matter.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from generator.terraform.plan import Plan, thaw

Json = Any


def addresses(plan: Plan, expected: Iterable[str], *, data: bool = False) -> None:
    """The plan's managed resources (and data sources when `data`) are exactly `expected`."""
    actual = set(plan.resources if data else plan.managed())
    wanted = set(expected)
    missing, extra = sorted(wanted - actual), sorted(actual - wanted)
    assert not missing and not extra, f"{plan.source}: missing {missing}, unexpected {extra}"


def actions(plan: Plan, address: str, *expected: str) -> None:
    got = plan.change(address).actions
    assert got == expected, f"{address}: actions {got}, expected {expected}"


def no_changes(plan: Plan) -> None:
    pending = [f"{c.symbol} {c.address}" for c in plan.pending()]
    assert not plan.has_changes, f"{plan.source}: expected no changes, got {pending or 'output changes'}"


def values(plan: Plan, address: str, **expected: Json) -> None:
    """Each named attribute of the planned resource equals the expected (plain JSON) value."""
    resource = plan.resource(address)
    for name, want in expected.items():
        assert name in resource.values, f"{address}: {name} is unknown at plan time or absent"
        got = thaw(resource.values[name])
        assert got == want, f"{address}: {name} is {got!r}, expected {want!r}"


def _matches(got: Json, want: Json) -> bool:
    """`want` with None meaning "null, or not known until apply"; nested objects compared the same way."""
    if want is None:
        return got is None
    if isinstance(want, Mapping):
        return isinstance(got, Mapping) and all(
            _matches(got.get(key), value) if key in got else value is None for key, value in want.items()
        )
    if isinstance(want, list | tuple):
        return isinstance(got, list | tuple) and len(got) == len(want) and all(map(_matches, got, want))
    return bool(got == want)


def expected_values(plan: Plan, address: str, expected: Mapping[str, Json]) -> None:
    """Like `values`, but a None anywhere in `expected` also accepts a value unknown at plan time."""
    resource = plan.resource(address)
    for name, want in expected.items():
        got = thaw(resource.values.get(name))
        assert _matches(got, want), f"{address}: {name} is {got!r}, expected {want!r}"


def expectations(plan: Plan, expected: Mapping[str, Mapping[str, Json]]) -> None:
    """Address -> attributes, as components declare them; "output.NAME" keys check {"value": ...}."""
    for address, attributes in expected.items():
        if address.startswith("output."):
            output(plan, address.removeprefix("output."), attributes["value"])
        else:
            expected_values(plan, address, attributes)


def block(plan: Plan, address: str, name: str, **expected: Json) -> None:
    """The first nested block `name` (a list of one object in plan JSON) has the expected values."""
    blocks = plan.resource(address).values.get(name) or ()
    assert blocks, f"{address}: no {name} block"
    got = thaw(blocks[0])
    for key, want in expected.items():
        assert got.get(key) == want, f"{address}: {name}.{key} is {got.get(key)!r}, expected {want!r}"


def references(plan: Plan, address: str, argument: str, target: str) -> None:
    """The resource's `argument` is written as a reference to `target` (e.g. a topic's ARN)."""
    refs = plan.config(address).references(argument)
    assert any(ref == target or ref.startswith(target + ".") for ref in refs), (
        f"{address}: {argument} references {list(refs)}, expected {target}"
    )


def _as_list(value: Json) -> list[Json]:
    return list(value) if isinstance(value, list | tuple) else [value]


def normalise_policy(document: Json) -> Json:
    """An IAM document in a canonical form: lists for list-or-string fields, sorted, statements sorted."""
    doc = thaw(document)
    statements = []
    for statement in _as_list(doc.get("Statement", [])):
        canon = dict(statement)
        for key in ("Action", "NotAction", "Resource", "NotResource"):
            if key in canon:
                canon[key] = sorted(_as_list(canon[key]))
        if isinstance(canon.get("Principal"), dict):
            canon["Principal"] = {k: sorted(_as_list(v)) for k, v in canon["Principal"].items()}
        if isinstance(canon.get("Condition"), dict):
            canon["Condition"] = {
                op: {k: sorted(map(str, _as_list(v))) for k, v in block.items()}
                for op, block in canon["Condition"].items()
            }
        statements.append(canon)
    statements.sort(key=lambda s: json.dumps(s, sort_keys=True))
    return {**doc, "Statement": statements}


def policy_equal(actual: Json, expected: Json, *, what: str = "policy") -> None:
    got, want = normalise_policy(actual), normalise_policy(expected)
    if got == want:
        return
    by_sid = {s.get("Sid"): s for s in got["Statement"]}
    for statement in want["Statement"]:
        other = by_sid.get(statement.get("Sid"))
        assert other == statement, (
            f"{what}: statement {statement.get('Sid')!r} is {other}, expected {statement}"
        )
    raise AssertionError(f"{what}: {got} != {want}")


def trust(document: Json, *, principal: str, external_id: str) -> None:
    """The trust lets only `principal` assume the role, and only with `external_id`."""
    statements = _as_list(thaw(document).get("Statement", []))
    allows = [s for s in statements if s.get("Effect") == "Allow"]
    assert len(allows) == 1, f"trust: expected one Allow statement, got {len(allows)}"
    statement = allows[0]
    assert _as_list(statement.get("Principal", {}).get("AWS")) == [principal], (
        f"trust: principal {statement.get('Principal')}, expected {principal}"
    )
    assert "sts:AssumeRole" in _as_list(statement.get("Action")), f"trust: action {statement.get('Action')}"
    condition = statement.get("Condition", {}).get("StringEquals", {}).get("sts:ExternalId")
    assert _as_list(condition) == [external_id], f"trust: sts:ExternalId condition is {condition!r}"


def output(plan: Plan, name: str, value: Json = None, *, known: bool = True) -> None:
    assert name in plan.outputs, f"{plan.source}: no output {name!r} (has {sorted(plan.outputs)})"
    out = plan.outputs[name]
    assert out.known == known, f"output {name}: known={out.known}, expected known={known}"
    if known:
        assert thaw(out.value) == value, f"output {name} is {thaw(out.value)!r}, expected {value!r}"


def outputs(plan: Plan, names: Iterable[str]) -> None:
    assert set(plan.outputs) == set(names), (
        f"{plan.source}: outputs {sorted(plan.outputs)}, expected {sorted(names)}"
    )


def mapping(actual: Mapping[str, Json], expected: Mapping[str, Json], *, what: str) -> None:
    got = thaw(actual)
    assert got == dict(expected), f"{what}: {got} != {dict(expected)}"

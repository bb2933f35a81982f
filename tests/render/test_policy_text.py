"""The composed texts of policies.tf.json are byte for byte what the general JSON writer makes."""

from __future__ import annotations

import dataclasses
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.components.role import LOCK_TABLE_ARN, role_policy, role_policy_text
from generator.hcl import Expr, JsonText, Ref, Template, dump_json, json_template
from generator.spec import load_spec
from tests.render.conftest import spec_named
from tests.render.test_render_properties import specs


def general(document: dict[str, Any]) -> str:
    return dump_json(document)


def test_golden_role_policy_text_matches_the_general_writer(golden_case: str) -> None:
    spec = spec_named(golden_case)
    assert role_policy_text(spec).text == dump_json(role_policy(spec, LOCK_TABLE_ARN)).removesuffix("\n")


def test_unusual_bucket_name_takes_the_general_path() -> None:
    spec = dataclasses.replace(spec_named("full"), bucket_name='odd${x}%{y}"name')
    assert role_policy_text(spec).text == dump_json(role_policy(spec)).removesuffix("\n")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=specs)
def test_composed_role_policy_equals_the_general_writer(data: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "spec.yaml"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        spec = load_spec(path)
    assert role_policy_text(spec).text == dump_json(role_policy(spec)).removesuffix("\n")


@given(
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
        max_leaves=12,
    ),
    where=st.lists(st.text(max_size=3), min_size=1, max_size=4),
)
def test_json_text_is_spliced_at_any_depth(value: Any, where: list[str]) -> None:
    plain: Any = value
    spliced: Any = JsonText(dump_json({"v": value})[len('{\n  "v": ') : -len("\n}\n")].replace("\n  ", "\n"))
    for key in reversed(where):
        plain, spliced = {key: plain, "after": [1]}, {key: spliced, "after": [1]}
    assert dump_json({"doc": spliced, "list": [spliced]}) == dump_json({"doc": plain, "list": [plain]})


def test_a_value_holding_a_token_does_not_confuse_the_splice() -> None:
    clash = "\x00bodocfg-json-0-0\x00"
    assert dump_json({"a": clash, "b": JsonText("[\n  1\n]")}) == general({"a": clash, "b": [1]})


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8)
    | st.sampled_from(["${x}", "%{y}", '"\\\n\u2028\x7f', "\u00e9\U0001f600"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=4) | st.sampled_from(["${k}", "%{k}"]), inner, max_size=3)
    ),
    max_leaves=16,
)


@settings(max_examples=300)
@given(value=st.dictionaries(st.text(max_size=4), json_values, max_size=4))
def test_dump_json_writes_what_the_json_module_writes(value: dict[str, Any]) -> None:
    expected = json.dumps(json_template(value), indent=2, ensure_ascii=False) + "\n"
    assert dump_json(value) == expected


def test_dump_json_writes_templates_and_references_as_json_template_does() -> None:
    document = {"t": Template.of("arn:", Ref("data.x.y"), ":${literal}"), "r": Ref("local.a"), "e": Expr("b")}
    assert dump_json(document) == json.dumps(json_template(document), indent=2, ensure_ascii=False) + "\n"

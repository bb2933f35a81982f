"""Property tests: any spec validation accepts renders to a module that parses, carries the
spec's values verbatim (never as code), and renders identically every time."""

from __future__ import annotations

import json
import string
import tempfile
from pathlib import Path
from typing import Any

import hcl2
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.components.core import MANAGED_BY_TAGS
from generator.hcl import unescape_template
from generator.policycheck.variables import variable_problems
from generator.render import render_module, write_module
from generator.spec import check_file, load_spec

NASTY = [
    '"',
    "\\",
    "${",
    "%{",
    "$${",
    "}",
    "<<EOT",
    "EOT",
    "'",
    "#",
    "//",
    "/*",
    "*/",
    "\u00e9",
    "\u4e2d",
    "=",
    " ",
    "${aws:username}",
    "${*}",
]

free_text = (
    st.lists(
        st.one_of(
            st.sampled_from(NASTY),
            st.text(alphabet=string.printable.strip() + " \u00e9\u00df\u4e2d", max_size=6),
        ),
        min_size=1,
        max_size=8,
    )
    .map("".join)
    .filter(lambda text: text.strip() != "" and "\t" not in text)
)

iam_text = free_text.filter(lambda text: not any(variable_problems(text)))
"""Free text IAM takes as it is: a `${` opens a policy variable, so it must be a whole one
(validate refuses `${` left open, `${}`, ...), and the render must still keep it verbatim."""

tag_text = st.text(
    alphabet=string.ascii_letters + string.digits + " _.:/=+-@\u00e9\u00fc\u4e2d", min_size=1, max_size=40
)
names = st.from_regex(r"[a-z][a-z0-9]{2,12}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)

statements = st.lists(
    st.fixed_dictionaries(
        {
            "Sid": st.from_regex(r"Extra[A-Za-z0-9]{1,10}", fullmatch=True),
            "reason": free_text.filter(str.strip),
            "Effect": st.sampled_from(["Allow", "Deny"]),
            # Valid IAM (validate refuses what IAM would), with free text where IAM takes any:
            # an object key, a tag key, a StringLike value.
            "Action": st.lists(
                st.sampled_from(["s3:GetObject", "s3:PutObject", "s3:GetObject*"]), min_size=1, max_size=3
            ),
            "Resource": st.lists(iam_text.map("arn:aws:s3:::bodo-data/".__add__), min_size=1, max_size=3),
            "Condition": st.fixed_dictionaries(
                {
                    "StringLike": st.dictionaries(
                        free_text.map("aws:PrincipalTag/".__add__), iam_text, min_size=1, max_size=2
                    )
                }
            ),
        }
    ),
    max_size=3,
    unique_by=lambda statement: statement["Sid"],
)

specs = st.fixed_dictionaries(
    {
        "customer": names,
        "region": st.sampled_from(["us-east-1", "us-east-2", "us-west-1", "us-west-2"]),
        "external_id": st.from_regex(r"[A-Za-z0-9+=,.@:/_-]{2,40}", fullmatch=True),
    },
    optional={
        "tags": st.dictionaries(
            tag_text.filter(lambda k: not k.lower().startswith("aws:")), tag_text, max_size=4
        ),
        "role": st.fixed_dictionaries({"additional_statements": statements}),
        "billing_alarm": st.fixed_dictionaries(
            {
                "vcpu_threshold": st.integers(min_value=1, max_value=100_000),
                "emails": st.lists(
                    st.from_regex(r"[a-z0-9]{1,10}(\+[a-z$]{1,5})?@[a-z]{1,10}\.example", fullmatch=True),
                    min_size=1,
                    max_size=3,
                    unique=True,
                ),
            }
        ),
    },
)


def unescaped(node: Any) -> Any:
    if isinstance(node, str):
        return unescape_template(node)
    if isinstance(node, list):
        return [unescaped(item) for item in node]
    if isinstance(node, dict):
        return {unescape_template(key): unescaped(value) for key, value in node.items()}
    return node


def hcl_string(value: str) -> str:
    assert value.startswith('"') and value.endswith('"'), value
    return value[1:-1]


@settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=specs)
def test_valid_spec_renders_verbatim_and_idempotently(data: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        spec_path = Path(scratch) / "spec.yaml"
        spec_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")  # JSON is YAML 1.2
        assert check_file(spec_path) == []
        spec = load_spec(spec_path)
        module = render_module(spec, Path(scratch) / "modules" / spec.customer)

        assert write_module(module), "first render writes"
        assert not write_module(module), "second render changes nothing"
        assert render_module(spec, module.directory).files == module.files

        parsed = {name: hcl2.loads(text) for name, text in module.files.items() if name.endswith(".tf")}
        bucket = parsed["bucket.tf"]["resource"][0]['"aws_s3_bucket"']['"state"']
        assert hcl_string(bucket["bucket"]) == spec.bucket_name
        role = parsed["role.tf"]["resource"][0]['"aws_iam_role"']['"bodo_platform"']
        assert hcl_string(role["name"]) == spec.role_name

        values = unescaped(json.loads(module.files["values.tf.json"])["locals"])
        assert values["tags"] == {**MANAGED_BY_TAGS, "BodoCustomer": spec.customer, **data.get("tags", {})}
        assert values["external_id"] == data["external_id"]
        if "billing_alarm" in data:
            assert values["alarm_emails"] == data["billing_alarm"]["emails"]

        documents = unescaped(json.loads(module.files["policies.tf.json"])["locals"])
        declared = [
            {key: value for key, value in statement.items() if key != "reason"}
            for statement in data.get("role", {}).get("additional_statements", [])
        ]
        assert documents["role_policy"]["Statement"][4:] == []
        assert documents.get("declared_policy", {}).get("Statement", []) == declared
        condition = documents["trust_policy"]["Statement"][0]["Condition"]
        assert condition == {"StringEquals": {"sts:ExternalId": data["external_id"]}}

"""Plan JSON of every example customer, rendered from customers/*.yaml and planned once per session.

Real terraform, real provider, the worker's local AWS; the assertions are the library users
get (`generator.terraform.assertions`). Expected values are written out here, or computed from
the spec and the vendor's reference policy, never read back from the renderer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.components import COMPONENTS
from generator.localaws import LocalAws
from generator.render import render_module, write_module
from generator.spec import CustomerSpec, load_spec
from generator.terraform import Plan
from generator.terraform import assertions as pa
from generator.terraform.workflow import RunOptions, open_session, plan_module
from generator.vendor.profile import profile

pytestmark = [pytest.mark.terraform, pytest.mark.aws]

REPO = Path(__file__).resolve().parents[2]
REFERENCE = profile().newest.path

BUCKET = {
    "aws_s3_bucket.state",
    "aws_s3_bucket_versioning.state",
    "aws_s3_bucket_server_side_encryption_configuration.state",
    "aws_s3_bucket_public_access_block.state",
    "aws_s3_bucket_ownership_controls.state",
    "aws_s3_bucket_policy.state",
}
CORE = BUCKET | {"aws_dynamodb_table.lock", "aws_iam_role.bodo_platform", "aws_iam_role_policy.bodo_platform"}
TOPIC = {
    "aws_kms_key.alarm_topic",
    "aws_kms_alias.alarm_topic",
    "aws_sns_topic.alarm",
    "aws_sns_topic_policy.alarm",
}
ADDRESSES = {
    "acme-analytics": CORE
    | TOPIC
    | {
        "aws_cloudwatch_metric_alarm.vcpu_on_demand",
        "aws_cloudwatch_metric_alarm.vcpu_spot",
        'aws_sns_topic_subscription.email["ops@acme-analytics.example"]',
        'aws_sns_topic_subscription.email["finops@acme-analytics.example"]',
    },
    "globex": CORE,
    "initech": CORE | {"aws_cloudwatch_metric_alarm.vcpu"},
}
ON_DEMAND = [
    "Standard/OnDemand",
    "F/OnDemand",
    "G/OnDemand",
    "Inf/OnDemand",
    "P/OnDemand",
    "X/OnDemand",
    "DL/OnDemand",
    "Trn/OnDemand",
    "HighMem/OnDemand",
]
SPOT = ["Standard/Spot", "F/Spot", "G/Spot", "Inf/Spot", "P/Spot", "X/Spot", "DL/Spot", "Trn/Spot"]
ALARMS = {
    # every class by default: 17 metrics, more than CloudWatch's 10 per alarm, so one alarm each
    "acme-analytics": {
        "aws_cloudwatch_metric_alarm.vcpu_on_demand": ("acme-analytics-bodo-ec2-vcpu-on-demand", ON_DEMAND),
        "aws_cloudwatch_metric_alarm.vcpu_spot": ("acme-analytics-bodo-ec2-vcpu-spot", SPOT),
    },
    "globex": {},
    # initech names five classes: one alarm on their sum
    "initech": {
        "aws_cloudwatch_metric_alarm.vcpu": (
            "initech-bodo-ec2-vcpu",
            ["Standard/OnDemand", "G/OnDemand", "P/OnDemand", "Standard/Spot", "G/Spot"],
        )
    },
}
EXAMPLES_ACCOUNT = "700000000001"
"""The examples are planned in an account of their own: in a shared one another test's role or
bucket of the same name would exist, and plan refuses to create again what exists (bodocfg adopt)."""
FORM = ("name", "bucket_name", "lock_table_name", "role_arn", "region", "external_id")


@dataclass(frozen=True)
class Example:
    spec: CustomerSpec
    plan: Plan


@pytest.fixture(scope="session", params=sorted(ADDRESSES))
def example(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    local_aws_server: LocalAws,
    bodocfg_cache: Path,
) -> Iterator[Example]:
    """One example customer: rendered into a temp dir and planned once for this worker."""
    spec = load_spec(REPO / "customers" / f"{request.param}.yaml")
    module = tmp_path_factory.mktemp("examples") / spec.customer
    write_module(render_module(spec, module))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BODOCFG_CACHE_DIR", str(bodocfg_cache))
        target = local_aws_server.account(EXAMPLES_ACCOUNT)
        # The session only while planning: it holds bodocfg's SIGINT handler, which must not
        # outlive the command (the rest of this worker's tests would run under it).
        with open_session(RunOptions(), target=target) as session:
            planned = plan_module(session, module).plan
    yield Example(spec, planned)


def test_exact_resource_addresses(example: Example) -> None:
    pa.addresses(example.plan, ADDRESSES[example.spec.customer])
    for address in ADDRESSES[example.spec.customer]:
        pa.actions(example.plan, address, "create")


def test_lock_table_key_is_lock_id_string(example: Example) -> None:
    address = "aws_dynamodb_table.lock"
    pa.values(example.plan, address, name=example.spec.lock_table_name, hash_key="LockID")
    pa.values(example.plan, address, attribute=[{"name": "LockID", "type": "S"}])
    pa.values(example.plan, address, range_key=None, billing_mode="PAY_PER_REQUEST")


def test_trust_is_bodo_account_with_external_id(example: Example) -> None:
    spec = example.spec
    role = example.plan.resource("aws_iam_role.bodo_platform")
    assert role.values["name"] == spec.role_name
    principal = f"arn:aws:iam::{spec.platform_account_id}:root"
    assert principal == "arn:aws:iam::481633624848:root"
    pa.trust(role.json("assume_role_policy"), principal=principal, external_id=spec.external_id)


def test_inline_policy_is_the_reference_with_values_filled(example: Example) -> None:
    spec = example.spec
    table_arn = f"arn:aws:dynamodb:{spec.region}:{EXAMPLES_ACCOUNT}:table/{spec.lock_table_name}"
    text = REFERENCE.read_text().replace('"$$DYNAMO_ARN$$"', json.dumps(table_arn))
    expected = json.loads(text.replace("$$BUCKET_NAME$$", spec.bucket_name))
    assert "aws_iam_role_policy.declared" not in example.plan.changes, "no example declares statements"
    policy = example.plan.resource("aws_iam_role_policy.bodo_platform")
    assert policy.values["name"] == spec.policy_name
    assert "$$" not in policy.values["policy"]
    pa.policy_equal(policy.json("policy"), expected, what=f"{spec.customer} inline policy")


def summed_classes(plan: Plan, address: str, period: int) -> list[str]:
    """The classes whose AWS/Usage vCPU counts the alarm's one returned expression sums, in its order."""
    queries = [dict(q) for q in plan.resource(address).values["metric_query"]]
    (total,) = [q for q in queries if q["return_data"]]
    metrics = {q["id"]: q["metric"][0] for q in queries if not q["return_data"]}
    assert not total["metric"], f"{address}: the returned query must be the expression"
    summed = re.fullmatch(r"SUM\(\[(.*)\]\)", total["expression"])
    assert summed, f"{address}: expression {total['expression']!r} is not a SUM of the metrics"
    ids = [part.strip() for part in summed.group(1).split(",")]
    assert sorted(ids) == sorted(metrics), f"{address}: the SUM must use every metric query, and only them"
    classes = []
    for metric_id in ids:
        metric = metrics[metric_id]
        assert (metric["namespace"], metric["metric_name"], metric["stat"]) == (
            "AWS/Usage",
            "ResourceCount",
            "Maximum",
        )
        assert metric["period"] == period
        dimensions = dict(metric["dimensions"])
        assert {k: dimensions[k] for k in ("Service", "Type", "Resource")} == {
            "Service": "EC2",
            "Type": "Resource",
            "Resource": "vCPU",
        }
        assert set(dimensions) == {"Service", "Type", "Resource", "Class"}
        classes.append(dimensions["Class"])
    return classes


def test_alarm_sums_every_vcpu_class_or_the_named_ones(example: Example) -> None:
    alarm = example.spec.billing_alarm
    expected = ALARMS[example.spec.customer]
    alarms = {a for a in example.plan.resources if a.startswith("aws_cloudwatch_metric_alarm.")}
    assert alarms == set(expected)
    if alarm is None:
        return
    for address, (name, classes) in expected.items():
        pa.values(
            example.plan,
            address,
            alarm_name=name,
            comparison_operator="GreaterThanThreshold",
            threshold=alarm.vcpu_threshold,
            evaluation_periods=alarm.evaluation_periods,
            treat_missing_data="notBreaching",
            actions_enabled=True,
        )
        assert summed_classes(example.plan, address, alarm.period_seconds) == classes
        resource = example.plan.resource(address)
        assert "namespace" not in resource.values or resource.values["namespace"] in (None, "")
        description = resource.values["alarm_description"]
        assert description.startswith("Sum of running EC2 vCPUs, ")
        if len(expected) > 1:
            assert "CloudWatch sums at most 10 metrics per alarm" in description
        else:
            assert ", ".join(classes) in description
        if alarm.sns_topic_arn is None:
            pa.references(example.plan, address, "alarm_actions", "aws_sns_topic.alarm")
        else:
            pa.values(example.plan, address, alarm_actions=[alarm.sns_topic_arn])
    if alarm.sns_topic_arn is None:
        topic = example.plan.resource("aws_sns_topic.alarm")
        assert "kms_master_key_id" not in topic.values or topic.values["kms_master_key_id"]
        pa.references(example.plan, "aws_sns_topic.alarm", "kms_master_key_id", "aws_kms_key.alarm_topic")
        for email in alarm.emails:
            pa.values(
                example.plan, f'aws_sns_topic_subscription.email["{email}"]', protocol="email", endpoint=email
            )


def test_bucket_hardening(example: Example) -> None:
    plan, spec = example.plan, example.spec
    pa.values(plan, "aws_s3_bucket.state", bucket=spec.bucket_name, force_destroy=False)
    pa.block(plan, "aws_s3_bucket_versioning.state", "versioning_configuration", status="Enabled")
    rule = plan.resource("aws_s3_bucket_server_side_encryption_configuration.state").values["rule"][0]
    assert rule["apply_server_side_encryption_by_default"][0]["sse_algorithm"] in {"aws:kms", "AES256"}
    pa.values(
        plan,
        "aws_s3_bucket_public_access_block.state",
        block_public_acls=True,
        block_public_policy=True,
        ignore_public_acls=True,
        restrict_public_buckets=True,
    )
    pa.block(plan, "aws_s3_bucket_ownership_controls.state", "rule", object_ownership="BucketOwnerEnforced")
    policy = plan.resource("aws_s3_bucket_policy.state").json("policy")
    denies = [s for s in policy["Statement"] if s["Effect"] == "Deny"]
    assert any(s["Condition"]["Bool"]["aws:SecureTransport"] in ("false", False) for s in denies)


def test_outputs_are_the_form_values(example: Example) -> None:
    plan, spec = example.plan, example.spec
    pa.outputs(plan, FORM)
    pa.output(plan, "name", spec.customer)
    pa.output(plan, "bucket_name", spec.bucket_name)
    pa.output(plan, "lock_table_name", spec.lock_table_name)
    pa.output(plan, "region", spec.region)
    pa.output(plan, "external_id", spec.external_id)
    pa.output(plan, "role_arn", known=False)


def test_every_component_expectation_holds(example: Example) -> None:
    """The components' own plan checks (generator/components) agree with terraform's plan."""
    for component in COMPONENTS:
        if component.enabled(example.spec):
            pa.expectations(example.plan, component.expectations(example.spec))

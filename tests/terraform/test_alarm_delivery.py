"""The metric math alarm through the whole chain, and e-mail subscriptions nobody confirmed.

Real terraform and provider against the local AWS. moto confirms every e-mail subscription at
once (`PendingConfirmation: false`, moto/sns/models.py `subscribe`), so the test sets the
attribute in moto's backend (the server runs in this process) to "true", as AWS reports it
until the link is clicked; and deletes the subscription as SNS does 48 hours later.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from moto.sns.models import sns_backends

from generator.cli import main
from generator.localaws import LocalAws
from generator.render import render_module, write_module
from generator.spec import load_spec
from tests.delivery.topics import account_of, make_topic
from tests.terraform.conftest import fresh_account

pytestmark = [pytest.mark.terraform, pytest.mark.aws]

REPO = Path(__file__).resolve().parents[2]
OPS = "ops@acme-analytics.example"


def test_metric_math_alarm_chain_then_an_unconfirmed_subscription(
    aws_env: LocalAws, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = fresh_account(aws_env, monkeypatch)
    account = account_of(target)
    name = f"chain-{os.getpid()}"  # bucket names are global in the local AWS too
    text = (
        (REPO / "customers" / "acme-analytics.yaml")
        .read_text()
        .replace("acme-analytics-bodo", f"{name}-bodo")
    )
    path = tmp_path / "customers" / "acme.yaml"
    path.parent.mkdir()
    path.write_text(text.replace("customer: acme-analytics", f"customer: {name}"))
    spec = load_spec(path)
    module = tmp_path / "modules" / spec.customer
    write_module(render_module(spec, module))

    # plan, apply, re-plan empty, verify: the metric math alarms as AWS holds them
    assert main(["plan", str(module)]) == 0
    assert main(["apply", str(module)]) == 0
    assert main(["plan", str(module), "--detailed-exitcode"]) == 0
    assert main(["verify", str(path)]) == 0
    capsys.readouterr()
    cloudwatch = target.client("cloudwatch", spec.region)
    alarms = cloudwatch.describe_alarms(AlarmNamePrefix=f"{name}-bodo-ec2-vcpu")["MetricAlarms"]
    by_name = {alarm["AlarmName"]: alarm for alarm in alarms}
    assert sorted(by_name) == [f"{name}-bodo-ec2-vcpu-on-demand", f"{name}-bodo-ec2-vcpu-spot"]
    spot = by_name[f"{name}-bodo-ec2-vcpu-spot"]["Metrics"]
    assert len(spot) == 9  # 8 classes and their SUM
    (total,) = [m for m in spot if m.get("Expression")]
    assert total["Expression"].startswith("SUM([v_standard_spot, ") and total["ReturnData"] is True

    # someone has not clicked the link yet: verify says so, with the address, as its own kind
    sns = target.client("sns", spec.region)
    topic = f"arn:aws:sns:{spec.region}:{account}:{name}-bodo-vcpu-alarm"
    subscriptions = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    (ops,) = [s["SubscriptionArn"] for s in subscriptions if s["Endpoint"] == OPS]
    backend = sns_backends[account][spec.region]
    backend.subscriptions[ops].attributes["PendingConfirmation"] = "true"
    assert main(["verify", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}: {name}: billing_alarm.emails[0]: {OPS} has not confirmed the subscription" in out
    assert "SNS deletes the subscription 48 hours after it was sent" in out
    assert f"{name}: 1 e-mail subscription(s) waiting for a person to confirm (not drift)" in out
    assert main(["verify", str(path), "--allow-unconfirmed", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    (customer,) = report["customers"]
    assert customer["status"] == "pending" and report["summary"]["pending"] == 1
    assert [(d["kind"], d["field"]) for d in customer["differences"]] == [
        ("pending-confirmation", "billing_alarm.emails[0]")
    ]

    # the state learns it is pending; then SNS deletes it: the plan re-creates it, labelled
    assert main(["plan", str(module)]) == 0
    assert main(["apply", str(module)]) == 0
    sns.unsubscribe(SubscriptionArn=ops)
    capsys.readouterr()
    address = f'aws_sns_topic_subscription.email["{OPS}"]'
    assert main(["plan", str(module), "--detailed-exitcode"]) == 2
    assert f"  + {address} (unconfirmed, deleted by SNS)" in capsys.readouterr().out
    assert main(["plan", str(module), "--detailed-exitcode", "--allow-unconfirmed"]) == 0
    summary_dir = tmp_path / "summary"
    assert main(["plan", str(module), "--summary", "markdown", "--summary-dir", str(summary_dir)]) == 0
    comment = (summary_dir / "comment-001.md").read_text()
    assert f"| create (unconfirmed, deleted by SNS) | `{address}` |" in comment

    # a person who unsubscribes after confirming is drift, not this
    assert main(["apply", str(module)]) == 0
    (finops,) = [
        s["SubscriptionArn"]
        for s in sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
        if s["Endpoint"] == "finops@acme-analytics.example"
    ]
    sns.unsubscribe(SubscriptionArn=finops)
    capsys.readouterr()
    assert main(["plan", str(module), "--detailed-exitcode", "--allow-unconfirmed"]) != 0
    assert "(unconfirmed, deleted by SNS)" not in capsys.readouterr().out


def test_plan_warns_when_the_existing_topic_cannot_deliver(
    aws_env: LocalAws, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = fresh_account(aws_env, monkeypatch)
    topic = make_topic(target, "us-east-1", "finops-alerts", key="alias/aws/sns")
    path = tmp_path / "initech.yaml"
    initech = (REPO / "customers" / "initech.yaml").read_text()
    path.write_text(
        initech.replace("arn:aws:sns:us-east-1:210987654321:finops-alerts", topic).replace(
            "customer: initech", f"customer: warn-{os.getpid()}"
        )
    )
    spec = load_spec(path)
    module = tmp_path / "modules" / spec.customer
    write_module(render_module(spec, module))
    assert main(["plan", str(module)]) == 0  # a warning: the plan itself is fine
    out = capsys.readouterr().out
    assert (
        "  warning: billing_alarm.sns_topic_arn: the topic is encrypted with the AWS managed key aws/sns"
        in out
    )
    assert (
        f"  alarm {spec.customer}-bodo-ec2-vcpu sums 5 vCPU class(es): Standard/OnDemand, G/OnDemand," in out
    )

"""`bodocfg demo`: the whole chain for every example customer against an embedded local AWS."""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sys
import tempfile
from pathlib import Path

from generator.aws import AwsTarget
from generator.errors import CheckFailed, ExitCode
from generator.fileio import atomic_write
from generator.fleet.verify import verify_fleet
from generator.localaws import local_aws
from generator.output.verify_formats import render_text
from generator.spec import CustomerSpec, find_specs, load_spec
from generator.terraform.workflow import (
    RunOptions,
    Session,
    apply_module,
    open_session,
    plan_module,
    read_outputs,
)

HELP = "validate, render, lint, plan, apply, verify and print the form values, against a local AWS"
DESCRIPTION = """\
Run the main job end to end on the example customers (or --customers DIR), always against
an embedded local AWS (moto) started for the demo, never a real account:

  1 validate   every spec
  2 render     into a scratch directory (the repository's modules/ is not touched)
               each customer gets its own (empty, local) account
  3 lint       the rendered modules
  4 plan       each module (saved plan + plan JSON); each vCPU alarm and the classes it sums
  5 apply      each saved plan
  6 verify     read the local account back with boto3 and compare with each spec
  7 outputs    print each customer's Cloud Configuration form values
  8 adopt      a customer who set everything up by hand (bucket with objects, provisioned
               lock table, role with an older Bodo policy, console alarm and topic), in an
               account of its own: discover its spec, adopt, plan (imports), apply, verify;
               its objects and lock item are still there and it has no second alarm

The scratch directory is removed at the end unless --workdir is given.
"""
EPILOG = """\
examples:
  bodocfg demo                      # what `make demo` runs
  bodocfg demo --workdir /tmp/demo  # keep the rendered modules, plans, state and logs

exit codes: 0 every step passed, 1 a step found a problem, 3 terraform or the local AWS failed
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "demo",
        help=HELP,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--customers", type=Path, default=Path("customers"), help="spec directory (default: customers)"
    )
    parser.add_argument(
        "--workdir", type=Path, help="keep everything here instead of a removed scratch directory"
    )
    parser.add_argument(
        "--local", action="store_true", help="accepted for symmetry: the demo is always local"
    )
    parser.add_argument("--provider-mirror", metavar="DIR", help="as for `bodocfg plan`")
    parser.add_argument("-v", "--verbose", action="store_true", help="stream terraform's output to stderr")
    parser.set_defaults(func=run)


def stand_in_topic(target: AwsTarget, spec: CustomerSpec) -> None:
    """In the demo's local account, the existing topic a spec names, made as it should be:
    encrypted with a customer managed key CloudWatch may use, a policy letting its alarms publish."""
    assert spec.billing_alarm is not None and spec.billing_alarm.sns_topic_arn is not None
    arn = spec.billing_alarm.sns_topic_arn
    account, name = arn.split(":")[4], arn.split(":")[5]
    cloudwatch = {"Service": "cloudwatch.amazonaws.com"}
    key_policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Admin",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "CloudWatch",
                "Effect": "Allow",
                "Principal": cloudwatch,
                "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
                "Resource": "*",
            },
        ],
    }
    key = target.client("kms", spec.region).create_key(Policy=json.dumps(key_policy))["KeyMetadata"]["Arn"]
    sns = target.client("sns", spec.region)
    sns.create_topic(Name=name, Attributes={"KmsMasterKeyId": key})
    alarms = f"arn:aws:cloudwatch:{spec.region}:{account}:alarm:{spec.customer}-bodo-ec2-vcpu*"
    topic_policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "CloudWatchAlarms",
                "Effect": "Allow",
                "Principal": cloudwatch,
                "Action": "sns:Publish",
                "Resource": arn,
                "Condition": {"ArnLike": {"aws:SourceArn": alarms}},
            }
        ],
    }
    sns.set_topic_attributes(TopicArn=arn, AttributeName="Policy", AttributeValue=json.dumps(topic_policy))


def _step(number: int, title: str) -> None:
    print(f"\n== {number}/8 {title}", flush=True)


def _command(argv: list[str]) -> None:
    from generator.cli import build_parser  # the commands are registered there

    args = build_parser(argv[0]).parse_args(argv)
    code = int(args.func(args))
    if code != ExitCode.OK:
        raise CheckFailed(f"demo stopped: `bodocfg {' '.join(argv)}` exited {code}")


def run(args: argparse.Namespace) -> int:
    with contextlib.ExitStack() as stack:
        if args.workdir is None:
            workdir = Path(tempfile.mkdtemp(prefix="bodocfg-demo-"))
            stack.callback(shutil.rmtree, workdir, ignore_errors=True)
        else:
            workdir = args.workdir
            workdir.mkdir(parents=True, exist_ok=True)
        modules_dir = workdir / "modules"
        specs = find_specs([args.customers])
        if not specs:
            raise CheckFailed(f"{args.customers}: no customer specs")
        _step(1, "validate")
        _command(["validate", str(args.customers)])
        _step(2, f"render -> {modules_dir}")
        _command(["render", str(args.customers), "--out", str(modules_dir)])
        _step(3, "lint")
        _command(["lint", str(modules_dir)])
        modules = [modules_dir / load_spec(path).customer for path in specs]
        options = RunOptions(provider_mirror=args.provider_mirror, verbose=args.verbose)
        aws = stack.enter_context(local_aws())
        sessions = []
        for number, (path, module) in enumerate(zip(specs, modules, strict=True), start=1):
            spec = load_spec(path)  # each customer has its own account: its topic's, if it names one
            topic = spec.billing_alarm.sns_topic_arn if spec.billing_alarm else None
            target = aws.customer_account(number, topic)
            sessions.append(stack.enter_context(open_session(options, target=target)))
            print(f"{module.name}: account {sessions[-1].who().account} in the local AWS at {aws.endpoint}")
            if topic:
                stand_in_topic(target, spec)
                print(
                    f"{module.name}: created a stand-in for its existing topic {topic} "
                    "(a key and a policy CloudWatch may use)"
                )
        _step(4, "plan")
        for module, session in zip(modules, sessions, strict=True):
            sys.stdout.write(plan_module(session, module).summary())
            sys.stdout.flush()
        _step(5, "apply")
        for module, session in zip(modules, sessions, strict=True):
            apply_module(session, module)
            print(f"{module}: applied", flush=True)
        _step(6, "verify")
        for path, session in zip(specs, sessions, strict=True):
            report = verify_fleet([path], session.target, jobs=1)
            sys.stdout.write(render_text(report))
            if report.failed:
                raise CheckFailed(f"demo stopped: the local account does not match {path}")
        _step(7, "Cloud Configuration form values")
        for module, session in zip(modules, sessions, strict=True):
            sys.stdout.write(read_outputs(session, module).text() + "\n")
        sys.stdout.flush()
        _step(8, "adopt a customer set up by hand")
        target = aws.customer_account(len(modules) + 1, None)  # an account of its own
        _adoption(workdir, stack.enter_context(open_session(options, target=target)))
    return int(ExitCode.OK)


def _adoption(workdir: Path, session: Session) -> None:
    """discover -> adopt -> plan -> apply -> verify on an account built as the setup guide says."""
    from generator.adopt.account import Account
    from generator.adopt.discover import discover
    from generator.adopt.handmade import HandMade, build
    from generator.adopt.write import adopt_specs, table

    hand = HandMade("handmade-co")
    build(session.target, hand, objects=3)
    print(
        f"{hand.name}: account {session.who().account} set up by hand: {hand.bucket} (3 objects), "
        f"{hand.table} (provisioned, 1 lock), {hand.role_name} (policy of {hand.version}), "
        f"alarm {hand.alarm_name!r} -> {hand.topic} ({hand.email})"
    )
    specs = workdir / "adopted"
    specs.mkdir(exist_ok=True)
    spec = specs / f"{hand.name}.yaml"
    found = discover(Account(session.target, hand.region), customer=hand.name, role_name=hand.role_name)
    atomic_write(spec, found.text().encode("utf-8"))
    print(
        f"$ bodocfg discover --region {hand.region} --role {hand.role_name} --customer {hand.name} -o {spec}"
    )
    sys.stdout.write(found.text())
    print(f"$ bodocfg adopt {spec} --out {workdir / 'modules'}")
    [(adoption, drift)] = list(adopt_specs([load_spec(spec)], workdir / "modules", session.target))
    sys.stdout.write(table(adoption))
    module = drift.directory
    sys.stdout.write(plan_module(session, module).summary())
    apply_module(session, module)
    print(f"{module}: applied")
    report = verify_fleet([spec], session.target, jobs=1)
    sys.stdout.write(render_text(report))
    if report.failed:
        raise CheckFailed(f"demo stopped: the adopted account does not match {spec}")
    objects = session.target.client("s3", hand.region).list_objects_v2(Bucket=hand.bucket)["KeyCount"]
    locks = session.target.client("dynamodb", hand.region).scan(TableName=hand.table)["Count"]
    alarms = session.target.client("cloudwatch", hand.region).describe_alarms()["MetricAlarms"]
    names = ", ".join(sorted(alarm["AlarmName"] for alarm in alarms))
    print(
        f"{hand.name}: still {objects} object(s) in {hand.bucket} and {locks} lock(s) in {hand.table}; "
        f"alarms: {names}"
    )
    sys.stdout.flush()

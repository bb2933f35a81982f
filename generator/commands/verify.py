"""`bodocfg verify`: read the account back with boto3 and check it is what each spec asks for."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from generator.aws import DEFAULT_TARGET, AwsTarget, preflight
from generator.errors import ExitCode, UsageError
from generator.localaws import local_aws
from generator.spec import find_specs, load_spec
from generator.terraform.workflow import LOCAL_HELP
from generator.verify import Difference, verify

HELP = "read the account back (boto3) and list every difference from the spec"
DESCRIPTION = """\
For each spec, read the customer's account with boto3 (read-only calls) and compare:
  bucket        exists in the spec's region; versioning; default encryption; public access block
  lock_table    key schema LockID (HASH), type S
  role          trust: Bodo's account and the External ID; the inline policy equals the rendered
                one with the account's values filled in
  billing_alarm AWS/Usage ResourceCount, dimensions, threshold, period, evaluation periods,
                actions -> the topic; the topic's e-mail subscriptions
Each difference is one line naming the spec file and field. Credentials and endpoint come
from the environment, as for plan and apply.
"""
EPILOG = """\
examples:
  bodocfg verify customers/acme-analytics.yaml
  bodocfg verify customers/                      # every spec

exit codes: 0 the account matches, 1 differences (or invalid spec), 2 usage error,
            3 AWS unreachable or credentials missing
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "verify",
        help=HELP,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="SPEC_OR_DIR")
    parser.add_argument("--local", action="store_true", help=LOCAL_HELP)
    parser.set_defaults(func=run)


def report(path: Path, customer: str, differences: list[Difference]) -> str:
    if not differences:
        return f"{customer}: verified ({path})\n"
    lines = [f"{path}: {customer}: {difference}" for difference in differences]
    return "\n".join(lines) + f"\n{customer}: {len(differences)} difference(s)\n"


def verify_specs(paths: list[Path], target: AwsTarget) -> int:
    identity = preflight(target)
    failed = False
    for path in paths:
        spec = load_spec(path)
        differences = verify(spec, target, identity)
        sys.stdout.write(report(path, spec.customer, differences))
        failed = failed or bool(differences)
    sys.stdout.flush()
    return int(ExitCode.FAILED if failed else ExitCode.OK)


def run(args: argparse.Namespace) -> int:
    paths = find_specs(args.paths)
    if not paths:
        raise UsageError(f"no spec files in {', '.join(map(str, args.paths))}")
    with contextlib.ExitStack() as stack:
        target = stack.enter_context(local_aws()).target if args.local else DEFAULT_TARGET
        return verify_specs(paths, target)

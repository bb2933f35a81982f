"""`bodocfg outputs`: the values to enter in the Bodo Platform's Cloud Configuration form."""

from __future__ import annotations

import argparse
import json
import sys

from generator.errors import ExitCode
from generator.terraform.workflow import (
    add_run_arguments,
    module_dir,
    open_session,
    options_from,
    read_outputs,
)

HELP = "print the Cloud Configuration form values (name, bucket, table, role ARN, region, external ID)"
DESCRIPTION = """\
Read the module's outputs from its state (`terraform output -json`) and print what the Bodo
Platform's Cloud Configuration form asks for: Name, S3 Bucket Name, Dynamo DB Table Name,
Role ARN, Region and External ID. Nothing is asked of AWS (local state is read as is).
"""
EPILOG = """\
examples:
  bodocfg outputs modules/acme-analytics
  bodocfg outputs modules/acme-analytics --format json | jq -r .role_arn

exit codes: 0 printed, 1 not applied yet (no outputs), 2 usage error, 3 terraform failed
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "outputs",
        help=HELP,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("module", metavar="DIR", help="an applied module directory")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    add_run_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    module = module_dir(args.module)
    with open_session(options_from(args), check_aws=False) as session:
        values = read_outputs(session, module)
    if args.format == "json":
        sys.stdout.write(json.dumps(values.as_json(), indent=2) + "\n")
    else:
        sys.stdout.write(values.text())
    return int(ExitCode.OK)

"""`bodocfg destroy`: remove everything a module created (asks for --yes)."""

from __future__ import annotations

import argparse

from generator.errors import ExitCode, UsageError
from generator.terraform.workflow import (
    add_run_arguments,
    destroy_module,
    module_dir,
    open_session,
    options_from,
)

HELP = "offboard: destroy everything the module created (needs --yes; names what protects data)"
DESCRIPTION = """\
Offboard a customer: `terraform destroy` for the module, so the bucket, lock table, role,
topic and alarm go. Refused without --yes.

Two things protect the customer's data, and bodocfg checks both before destroying anything:
the lock table's deletion protection (it holds the workspaces' state locks) and a state
bucket that still holds objects (the workspaces' Terraform states; versioned, so every old
version counts). While either is there and not named on the command line, nothing is
destroyed (exit 1) and the exact command is printed. Name each one to go through:
--lift-deletion-protection TABLE turns the table's protection off and --empty-bucket BUCKET
deletes every object version and delete marker, right before terraform destroys the rest.
Afterwards the state must be empty, or the command fails (exit 3) naming what is left.
"""
EPILOG = """\
examples:
  bodocfg destroy modules/acme-analytics --yes          # shows what protects the data, destroys nothing
  bodocfg destroy modules/acme-analytics --yes \\
      --lift-deletion-protection acme-analytics-bodo-lock --empty-bucket acme-analytics-bodo-state

exit codes: 0 destroyed, 1 a protection not named (nothing destroyed), 2 usage error (no --yes,
a name the module does not have), 3 AWS or terraform failed
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "destroy",
        help=HELP,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("module", metavar="DIR", help="a module directory")
    parser.add_argument("--yes", action="store_true", help="really destroy")
    parser.add_argument(
        "--lift-deletion-protection",
        action="append",
        default=[],
        metavar="TABLE",
        help="turn off this lock table's deletion protection first (its state locks are lost); repeatable",
    )
    parser.add_argument(
        "--empty-bucket",
        action="append",
        default=[],
        metavar="BUCKET",
        help="delete every object version in this bucket first (the stored states are lost); repeatable",
    )
    add_run_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    module = module_dir(args.module)
    if not args.yes:
        raise UsageError(f"destroy removes every resource of {module}; add --yes to confirm")
    with open_session(options_from(args)) as session:
        destroy_module(session, module, lift=args.lift_deletion_protection, empty=args.empty_bucket)
    print(f"{module}: destroyed")
    return int(ExitCode.OK)

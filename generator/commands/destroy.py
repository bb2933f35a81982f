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

HELP = "destroy everything the module created (needs --yes)"
DESCRIPTION = """\
Run `terraform destroy` for the module: the bucket, lock table, role, topic and alarm go.
Refused without --yes. A lock table with deletion protection, or a bucket that still holds
objects, makes terraform stop with an error (exit 3): that is the protection working.
"""
EPILOG = """\
examples:
  bodocfg destroy modules/acme-analytics --yes

exit codes: 0 destroyed, 2 usage error (e.g. no --yes), 3 AWS or terraform failed
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
    add_run_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    module = module_dir(args.module)
    if not args.yes:
        raise UsageError(f"destroy removes every resource of {module}; add --yes to confirm")
    with open_session(options_from(args)) as session:
        destroy_module(session, module)
    print(f"{module}: destroyed")
    return int(ExitCode.OK)

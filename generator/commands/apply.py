"""`bodocfg apply`: apply the saved plan `bodocfg plan` left beside the module, and nothing else."""

from __future__ import annotations

import argparse
import sys

from generator.errors import ExitCode
from generator.terraform.workflow import (
    add_guard_arguments,
    add_run_arguments,
    apply_module,
    module_dir,
    open_session,
    options_from,
)

HELP = "apply the module's saved plan (refused when missing, stale or made for another account)"
DESCRIPTION = """\
Apply exactly the plan `bodocfg plan DIR` saved (DIR/bodocfg.tfplan), never a fresh one.
It is refused (exit 1) when there is no saved plan, when the module's Terraform files
changed since it was made, when the plan file was replaced, when it was made for another
account or endpoint, or when terraform finds the state moved on (stale). After a
successful apply the plan is spent and removed; the plan JSON stays.
"""
EPILOG = """\
examples:
  bodocfg plan modules/acme-analytics
  bodocfg apply modules/acme-analytics
  bodocfg outputs modules/acme-analytics

exit codes: 0 applied, 1 no usable saved plan, 2 usage error, 3 AWS or terraform failed
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "apply",
        help=HELP,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("module", metavar="DIR", help="a module directory planned with `bodocfg plan`")
    add_guard_arguments(parser, plan=False)
    add_run_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    module = module_dir(args.module)
    with open_session(options_from(args)) as session:
        apply_module(session, module)
    print(f"{module}: applied", file=sys.stdout)
    return int(ExitCode.OK)

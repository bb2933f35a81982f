"""`bodocfg apply`: apply the saved plan `bodocfg plan` left beside the module, and nothing else."""

from __future__ import annotations

import argparse
import sys

from generator.errors import ExitCode
from generator.fleet.apply import apply_fleet
from generator.fleet.parallel import add_jobs_option
from generator.fleet.plan import expand_modules
from generator.terraform.workflow import (
    add_guard_arguments,
    add_run_arguments,
    apply_module,
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
  bodocfg plan modules/ --jobs 2 && bodocfg apply modules/ --jobs 2   # every customer, one table

exit codes: 0 applied, 1 no usable saved plan, 2 usage error, 3 AWS or terraform failed
(many modules: the worst of them; one failing module does not stop the others)
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "apply",
        help=HELP,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "modules",
        nargs="+",
        metavar="DIR",
        help="module directories planned with `bodocfg plan` (or modules/)",
    )
    add_jobs_option(parser, "apply N modules' saved plans at once (default 1)")
    add_guard_arguments(parser, plan=False)
    add_run_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    modules = expand_modules(args.modules)
    if len(modules) > 1 or args.jobs > 1:
        with open_session(options_from(args)) as session:
            return apply_fleet(session, modules, jobs=args.jobs)
    [module] = modules
    with open_session(options_from(args)) as session:
        apply_module(session, module)
    print(f"{module}: applied", file=sys.stdout)
    return int(ExitCode.OK)

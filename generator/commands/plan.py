"""`bodocfg plan`: init, a saved plan and its JSON beside each module, and a summary of the changes."""

from __future__ import annotations

import argparse
import sys

from generator.errors import BodocfgError, ExitCode
from generator.terraform.workflow import (
    add_run_arguments,
    module_dir,
    open_session,
    options_from,
    plan_module,
)

HELP = "terraform init + plan -out + show -json for each module; prints what would change"
DESCRIPTION = """\
For each module directory: `terraform init` (provider from a filesystem mirror when one is
found, one shared plugin cache), `terraform plan -out`, `terraform show -json`. Beside the
module it leaves (owner-only, written atomically):

  bodocfg.tfplan             the saved plan `bodocfg apply DIR` applies
  bodocfg.plan.json          the plan as JSON (for scan, review and your own tests)
  bodocfg.tfplan.meta.json   what the plan was made from: the module's files and the account
  bodocfg.log                terraform's output, appended

and prints, per module, how many resources it would add, change and destroy and which.
AWS credentials and endpoint come from the environment (AWS_PROFILE, AWS_ENDPOINT_URL, ...),
checked with sts:GetCallerIdentity first. One module failing does not stop the others.
"""
EPILOG = """\
examples:
  bodocfg plan modules/acme-analytics
  bodocfg plan modules/* --detailed-exitcode       # CI: 2 means changes are pending
  bodocfg local-aws                                # another shell: export what it prints, then plan
  bodocfg plan modules/acme-analytics && bodocfg apply modules/acme-analytics

exit codes:
  0  planned (with --detailed-exitcode: planned, no changes anywhere)
  1  a plan could not be used (e.g. unreadable plan JSON)
  2  usage error; with --detailed-exitcode: planned, and some module has changes pending
  3  AWS unreachable, credentials missing, or terraform failed (the worst result wins)
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "plan",
        help=HELP,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("modules", nargs="+", metavar="DIR", help="rendered module directories")
    parser.add_argument(
        "--detailed-exitcode",
        action="store_true",
        help="exit 0 when nothing would change, 2 when changes are pending (like terraform's)",
    )
    add_run_arguments(parser)
    parser.set_defaults(func=run)


SEVERITY = {ExitCode.OK: 0, ExitCode.USAGE: 1, ExitCode.FAILED: 2, ExitCode.ENVIRONMENT: 3}


def worst(codes: list[ExitCode]) -> ExitCode:
    return max(codes, key=SEVERITY.__getitem__, default=ExitCode.OK)


def run(args: argparse.Namespace) -> int:
    modules = [module_dir(text) for text in args.modules]
    codes: list[ExitCode] = []
    with open_session(options_from(args)) as session:
        for module in modules:
            try:
                outcome = plan_module(session, module)
            except BodocfgError as error:
                if len(modules) == 1:
                    raise
                print(f"bodocfg: error: {error}", file=sys.stderr)
                codes.append(error.exit_code)
                continue
            sys.stdout.write(outcome.summary())
            sys.stdout.flush()
            changed = args.detailed_exitcode and outcome.has_changes
            codes.append(ExitCode.USAGE if changed else ExitCode.OK)
    return int(worst(codes))

"""`bodocfg plan`: init, a saved plan and its JSON beside each module, and a summary of the changes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.errors import BodocfgError, ExitCode
from generator.fleet.parallel import add_jobs_option
from generator.fleet.plan import expand_modules, plan_fleet, print_fleet, write_summary
from generator.terraform.workflow import (
    add_guard_arguments,
    add_run_arguments,
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

Refused (exit 1, no plan saved to apply): a module that no longer matches its spec (render
it, or --allow-hand-edits), and a plan that would destroy a bucket, lock table, role or role
policy, or leave a resource behind unmanaged (a region change): one line each with the safe
way and the --allow-replace / --allow-orphan flag that allows exactly that resource.
AWS credentials and endpoint come from the environment (AWS_PROFILE, AWS_ENDPOINT_URL, ...),
checked with sts:GetCallerIdentity first. One module failing does not stop the others.
"""
EPILOG = """\
examples:
  bodocfg plan modules/acme-analytics
  bodocfg plan modules/* --detailed-exitcode       # CI: 2 means changes are pending
  bodocfg plan modules/* --detailed-exitcode --allow-unconfirmed   # nightly: 2 means drift, not
                                                   # e-mail subscriptions SNS deleted unconfirmed
  bodocfg plan modules/ --jobs 4 --summary markdown   # every module, 4 at a time, PR comments
  bodocfg local-aws                                # another shell: export what it prints, then plan
  bodocfg plan modules/acme-analytics && bodocfg apply modules/acme-analytics
  bodocfg plan modules/acme-analytics --allow-replace aws_s3_bucket.state   # a rename you mean

exit codes:
  0  planned (with --detailed-exitcode: planned, no changes anywhere)
  1  refused: a module no longer matching its spec, a data-losing change; or an unusable plan
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
    parser.add_argument(
        "--allow-unconfirmed",
        action="store_true",
        help="with --detailed-exitcode: a plan whose only changes re-create e-mail subscriptions SNS "
        "deleted unconfirmed (someone has not clicked the link) exits 0; they are still listed",
    )
    add_jobs_option(parser, "plan N modules at once (default 1); one shared plugin cache, a log per module")
    parser.add_argument(
        "--summary",
        choices=("markdown",),
        help="also write PR comments: changes, destroy warnings and IAM policy diffs per customer",
    )
    parser.add_argument(
        "--summary-dir",
        type=Path,
        default=Path("plan-summary"),
        metavar="DIR",
        help="where --summary writes comment-NNN.md, each under 65,000 characters (default: plan-summary)",
    )
    add_guard_arguments(parser, plan=True)
    add_run_arguments(parser, local=True)
    parser.set_defaults(func=run)


SEVERITY = {ExitCode.OK: 0, ExitCode.USAGE: 1, ExitCode.FAILED: 2, ExitCode.ENVIRONMENT: 3}


def worst(codes: list[ExitCode]) -> ExitCode:
    return max(codes, key=SEVERITY.__getitem__, default=ExitCode.OK)


def run_fleet(args: argparse.Namespace, modules: list[Path]) -> int:
    """Many modules (or --jobs/--summary): in parallel, a table at the end, the worst exit code."""
    with open_session(options_from(args)) as session:
        fleet = plan_fleet(
            session,
            modules,
            jobs=args.jobs,
            detailed_exitcode=args.detailed_exitcode,
            allow_unconfirmed=args.allow_unconfirmed,
        )
    print_fleet(fleet)
    if args.summary:
        written = write_summary(fleet, args.summary_dir)
        print(f"{len(written)} PR comment(s) written to {args.summary_dir}", file=sys.stderr)
    return fleet.exit_code


def run(args: argparse.Namespace) -> int:
    modules = expand_modules(args.modules)
    if len(modules) > 1 or args.jobs > 1 or args.summary:
        return run_fleet(args, modules)
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
            changed = args.detailed_exitcode and outcome.drifted(allow_unconfirmed=args.allow_unconfirmed)
            codes.append(ExitCode.FAILED if outcome.refused else ExitCode.USAGE if changed else ExitCode.OK)
    return int(worst(codes))

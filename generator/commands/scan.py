"""`bodocfg scan`: checkov over rendered modules (HCL) and their plan JSON, with Bodo's own checks."""

from __future__ import annotations

import argparse

from generator.commands._report import add_report_options, emit
from generator.output.model import Severity
from generator.scan import ScanOptions, scan_paths

HELP = "checkov security scan of rendered modules and their plans, with Bodo-specific checks"
DESCRIPTION = """\
Run checkov once over every given rendered module and, where `bodocfg plan` has left one, its
plan JSON (<module>/bodocfg.plan.json), and report the results in bodocfg's formats.

Besides checkov's own checks it loads bodocfg's (checks/checkov/):
  CKV_BODO_1  the role trusts only the Bodo Platform account, and only with sts:ExternalId
  CKV_BODO_2  the lock table's hash key is LockID of type S
  CKV_BODO_3  the alarm topic is not encrypted with the aws/sns managed key
  CKV_BODO_4  the topic's KMS key policy lets cloudwatch.amazonaws.com use the key
  CKV_BODO_5  alarm actions are enabled and only notify an SNS topic of the module

Every checkov:skip=ID:reason comment in the modules comes from the templates and is reported
as suppressed, with its reason; a plan finding is suppressed by the same module's comment.
checkov does not read *.tf.json, so the scan reads policies.tf.json and values.tf.json as HCL
locals in a temporary copy of each module; the modules themselves are never touched.

checkov runs offline from its own virtualenv, .venv-checkov (`make checkov-venv`), or
$BODOCFG_CHECKOV, or the checkov on PATH.
"""
EPILOG = """\
examples:
  bodocfg scan                                   every module under modules/
  bodocfg scan modules/acme-analytics --format sarif > scan.sarif
  bodocfg scan modules/ --format json
  bodocfg scan modules/ --platform-account 123456789012

exit codes: 0 no failed check, 1 failed checks, 2 usage error,
            3 checkov missing, crashed or timed out (run `make checkov-venv`)
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "scan",
        help=HELP,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths",
        nargs="*",
        default=["modules"],
        metavar="PATH",
        help="a rendered module or a folder of them (default: modules)",
    )
    add_report_options(
        parser,
        fail_on_help="lowest severity that fails the run (default: error; every failed check is an error)",
        account_help="another vendor account the role may trust (repeatable; Bodo's always is)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    options = ScanOptions(fail_on=Severity(args.fail_on), platform_accounts=frozenset(args.platform_account))
    report = scan_paths(args.paths, options)
    return emit(report, args)

"""`bodocfg verify`: read the account back with boto3 and check it is what each spec asks for."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.aws import DEFAULT_TARGET
from generator.commands._report import write_report
from generator.errors import UsageError
from generator.fleet.parallel import add_jobs_option
from generator.fleet.verify import verify_fleet
from generator.output.verify_formats import VERIFY_FORMATTERS
from generator.spec import find_specs

HELP = "read the account back (boto3) and list every difference from the spec"
DESCRIPTION = """\
For each spec, read the customer's account with boto3 (read-only calls) and compare:
  bucket        exists in the spec's region; versioning; default encryption; public access block
  lock_table    key schema LockID (HASH), type S
  role          trust: Bodo's account and the External ID; the inline policy equals the rendered
                one with the account's values filled in
  billing_alarm each alarm's metric queries (one per vCPU class) and SUM, threshold, period,
                evaluation periods, actions -> the topic; the topic's e-mail subscriptions
and whether the alarm can deliver, each its own kind of finding:
  pending-confirmation  an e-mail address that has not clicked the confirmation link: the
                        alarm e-mails nobody there, and SNS deletes the subscription 48 hours
                        after it was sent
  topic                 sns_topic_arn: the topic exists in the spec's region, is not encrypted
                        with aws/sns, its KMS key lets CloudWatch use it, its policy lets
                        cloudwatch.amazonaws.com publish for this account's alarm(s)
Each difference names the spec file and field. Credentials and endpoint come from the
environment, as for plan and apply. A directory means every spec in it; --jobs N reads N
customers at once; an invalid spec or an account that cannot be read is that customer's
result, the others are still checked.

Formats: text (a line per difference), json (for pipelines; schema in the README and in
generator/output/verify_formats.py), markdown (an issue or PR comment: each drifted customer
and field with the expected and found values).
"""
EPILOG = """\
examples:
  bodocfg verify customers/acme-analytics.yaml
  bodocfg verify customers/ --jobs 4                       # every spec, 4 at a time
  bodocfg verify customers/ --format json -o verify.json   # nightly drift job
  bodocfg verify customers/ --format markdown > drift.md   # issue body

  bodocfg verify customers/ --allow-unconfirmed --format json   # drift only; pending e-mails listed

exit codes: 0 every account matches, 1 differences or an invalid spec, 2 usage error,
            3 AWS unreachable, credentials missing or an account could not be read
            (--allow-unconfirmed: pending e-mail confirmations alone exit 0; status "pending")
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
    parser.add_argument(
        "--format", choices=tuple(VERIFY_FORMATTERS), default="text", help="output format (default: text)"
    )
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the report here, not stdout")
    add_jobs_option(parser, "read N customers' accounts at once (default 1)")
    parser.add_argument(
        "--allow-unconfirmed",
        action="store_true",
        help="e-mail subscriptions waiting for a person to confirm are listed but do not fail "
        "(for nightly drift checks: exit 1 then means real drift)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    paths = list(dict.fromkeys(find_specs(args.paths)))
    if not paths:
        raise UsageError(f"no spec files in {', '.join(map(str, args.paths))}")
    # No --local: a local AWS made for this one command is empty, so there would be nothing to verify.
    report = verify_fleet(paths, DEFAULT_TARGET, jobs=args.jobs, allow_unconfirmed=args.allow_unconfirmed)
    write_report(VERIFY_FORMATTERS[args.format](report), args.output)
    return report.exit_code

"""`bodocfg discover`: write a customer spec from an account someone set up by hand."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.errors import ExitCode, UsageError
from generator.fileio import atomic_write

HELP = "write a customer spec from an account set up by hand (read-only)"
DESCRIPTION = """\
Read an account that was set up by hand (the setup guide, or Bodo's CloudFormation quick
start) with read-only calls, and write the customer spec that describes it, so the setup can
be adopted instead of recreated. The spec's comment header says where every value came from:

  external_id, platform_account_id   the role's trust policy
  role.policy_name                   the role's inline policy (the one that is Bodo's)
  bucket.name, lock_table.name       where Bodo's policy has $$BUCKET_NAME$$ / $$DYNAMO_ARN$$;
                                     each is then looked up in the account
  billing_alarm                      the region's alarm on AWS/Usage ResourceCount vCPU: threshold,
                                     period, evaluation periods; its topic (sns_topic_arn), or the
                                     e-mails when the topic is the one bodocfg would create
  tags                               tags the existing bucket, table and role share

It also names the published Bodo policy version the role's policy matches, or the nearest and
the difference. What cannot be told for sure is an error naming the field and the option that
settles it; nothing is guessed. The written spec passes `bodocfg validate`.
AWS credentials and endpoint come from the environment, as for plan and verify.
"""
EPILOG = """\
examples:
  bodocfg discover --region us-east-2 --role BodoPlatformUser --customer acme
                                             # writes customers/acme.yaml
  bodocfg discover --region us-east-2 --role BodoPlatformUser --customer acme -o -   # to stdout
  bodocfg discover --region us-east-1 --role BodoPlatformUser --customer old-co \\
      --bucket old-co-bodo --lock-table old-co-locks    # a 2021 policy names neither
  bodocfg adopt customers/acme.yaml          # next: render + imports.tf, see what changes

exit codes: 0 written, 1 a field cannot be determined (nothing written), 2 usage error,
            3 AWS unreachable or credentials missing
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "discover",
        help=HELP,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--region", required=True, help="the region of the bucket, table and alarm")
    parser.add_argument(
        "--role", required=True, metavar="ROLE_NAME", help="the role the Bodo Platform assumes"
    )
    parser.add_argument("--customer", required=True, metavar="SLUG", help="the spec's customer name")
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="where to write the spec (default customers/SLUG.yaml; - for stdout)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    parser.add_argument("--policy-name", metavar="NAME", help="the role's inline policy that is Bodo's")
    parser.add_argument(
        "--bucket", metavar="NAME", help="the state bucket, when the policy does not name one"
    )
    parser.add_argument(
        "--lock-table", metavar="NAME", help="the lock table, when the policy does not name one"
    )
    parser.add_argument("--alarm", metavar="NAME", help="the vCPU alarm, when the region has several")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from generator.adopt.account import Account
    from generator.adopt.discover import discover
    from generator.aws import DEFAULT_TARGET, preflight, translate_errors

    output = Path(args.output or f"customers/{args.customer}.yaml")
    to_stdout = args.output == "-"
    if not to_stdout and output.exists() and not args.force:
        raise UsageError(f"{output} exists; pass --force to overwrite it, or -o another file")
    identity = preflight(DEFAULT_TARGET)
    account = Account(DEFAULT_TARGET, args.region)
    with translate_errors(f"reading {identity.where} in {args.region}"):
        found = discover(
            account,
            customer=args.customer,
            role_name=args.role,
            policy_name=args.policy_name,
            bucket=args.bucket,
            lock_table=args.lock_table,
            alarm_name=args.alarm,
        )
    text = found.text()
    if to_stdout:
        sys.stdout.write(text)
        return int(ExitCode.OK)
    if not output.parent.is_dir():
        raise UsageError(f"{output.parent}: no such directory")
    atomic_write(output, text.encode("utf-8"))
    for note in found.notes:
        print(f"  {note}", file=sys.stderr)
    print(f"{output}: written; next: bodocfg adopt {output}", file=sys.stderr)
    return int(ExitCode.OK)

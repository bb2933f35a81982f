"""`bodocfg reference list|diff|add`: the versions of Bodo's reference policy, and what each changes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.errors import ExitCode
from generator.vendor.diff import diff_versions
from generator.vendor.diff_formats import FORMATS, render
from generator.vendor.profile import known_version, profile
from generator.vendor.store import VALIDATION_RULES, add_version

HELP = "Bodo's reference policy versions: list them, diff two, add a newly published one"
DESCRIPTION = """\
Bodo has published its Bodo-Platform policy in several versions. bodocfg ships them in its vendor
profile (generator/vendor/data/profile.json); each customer spec names the one it is on with
`reference:` (default: the newest), and `bodocfg upgrade` moves customers from one to another.

  list   every known version: date, where it comes from, statements and actions
  diff   what NEW changes against OLD: actions added and removed per service, statements whose
         resources, conditions or effect changed, and the lint's risk rules on what NEW adds
         (new access, privilege escalation, permissions management, data access): what a
         reviewer reads before approving an upgrade
  add    check a newly published policy (the lint's validation rules: unknown actions, NotAction,
         NotResource, what IAM would reject; and the placeholders $$BUCKET_NAME$$ / $$DYNAMO_ARN$$),
         store it in your profile directory ($BODOCFG_PROFILE_DIR, else $XDG_CONFIG_HOME/bodocfg,
         else ~/.config/bodocfg; never the installed package) and print its diff against the newest
"""
EPILOG = """\
examples:
  bodocfg reference list
  bodocfg reference add bodo-platform.json --version 2025-03-01 --source "docs.bodo.ai, 2025-03-01"
  bodocfg reference diff OLD 2025-03-01                 OLD: the version customers are on (see list)
  bodocfg reference diff OLD 2025-03-01 --format markdown > upgrade-review.md

exit codes: 0 ok, 1 `add` refused the policy (one line per problem: FILE:LINE:COL: message),
            2 usage error (unknown version, bad arguments)
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "reference",
        help=HELP,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list",
        help="every known version",
        description="Every known version, oldest first.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    listing.set_defaults(func=run_list)
    diff = actions.add_parser(
        "diff",
        help="what NEW changes against OLD",
        description="What reference policy version NEW changes against OLD, and the risk rules' verdict.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    diff.add_argument("old", metavar="OLD", help="the version customers are on")
    diff.add_argument("new", metavar="NEW", help="the version to review")
    diff.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    diff.set_defaults(func=run_diff)
    add = actions.add_parser(
        "add",
        help="check and store a newly published policy",
        description="Check a newly published Bodo-Platform policy and store it in your profile directory. "
        f"Refused on findings of {', '.join(sorted(VALIDATION_RULES))} or misused placeholders.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add.add_argument("file", type=Path, metavar="FILE", help="the policy JSON as Bodo published it")
    add.add_argument(
        "--version", required=True, metavar="DATE", help="the date Bodo published it (YYYY-MM-DD)"
    )
    add.add_argument("--source", metavar="TEXT", help="where it was published (URL, document, date seen)")
    add.add_argument("--note", default="", metavar="TEXT", help="anything a reviewer should know")
    add.add_argument("--format", choices=FORMATS, default="text", help="format of the printed diff")
    add.set_defaults(func=run_add)


def run_list(args: argparse.Namespace) -> int:
    vendor = profile()
    rows = [("version", "date", "origin", "statements", "actions", "source")]
    for policy in vendor.policies:
        statements = policy.document().get("Statement", [])
        statements = statements if isinstance(statements, list) else [statements]
        actions = sum(len(s["Action"]) if isinstance(s.get("Action"), list) else 1 for s in statements)
        newest = " (newest)" if policy is vendor.newest else ""
        rows.append(
            (
                policy.version + newest,
                policy.date,
                policy.origin,
                str(len(statements)),
                str(actions),
                policy.source,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[-1])
    print(
        f"platform account {vendor.platform_account}; regions: {', '.join(vendor.regions)}", file=sys.stderr
    )
    print(f"your additions: {vendor.user_dir}", file=sys.stderr)
    return int(ExitCode.OK)


def run_diff(args: argparse.Namespace) -> int:
    sys.stdout.write(render(diff_versions(known_version(args.old), known_version(args.new)), args.format))
    return int(ExitCode.OK)


def run_add(args: argparse.Namespace) -> int:
    previous = profile().newest.version
    added = add_version(args.file, args.version, args.source, args.note)
    print(f"added reference policy {added.version}: {added.path}", file=sys.stderr)
    sys.stdout.write(render(diff_versions(previous, added.version), args.format))
    return int(ExitCode.OK)

"""`bodocfg changed`: the customers a change since a git ref touches (for CI matrices)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from generator.errors import ExitCode
from generator.fleet.changed import Changes, changes, every_customer
from generator.offboard import offboard_command

HELP = "list the customers whose spec or module changed since a git ref (CI matrix)"
DESCRIPTION = """\
List the customers whose spec or rendered module changed since GIT_REF: committed since
the ref, staged, unstaged or untracked. A change to templates/, schemas/, generator/ or
pyproject.toml changes what every module is rendered from, so it lists every customer.

A spec deleted since the ref is reported on stderr, not listed: there is nothing left to
plan for it, but its module may still hold resources to destroy.

--all lists every customer, changed or not: the matrix of a scheduled job (nightly drift).

--format json prints {"include": [{"customer", "spec", "module", "reason"}, ...]}, ready
to be a CI job matrix (GitHub Actions: `matrix: ${{ fromJSON(needs.changed.outputs.matrix) }}`).
"""
EPILOG = """\
examples:
  bodocfg changed --since origin/main
  bodocfg changed --since HEAD~1 --format json
  bodocfg changed --since v1.4.0 --specs customers --modules modules
  bodocfg changed --all --format json              # every customer (nightly drift matrix)

exit codes: 0 listed (possibly none), 1 invalid spec, 2 unknown ref or not a git repository
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "changed",
        help=HELP,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--since", metavar="GIT_REF", help="compare against this commit")
    which.add_argument("--all", action="store_true", help="every customer, changed or not (no git needed)")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--specs",
        type=Path,
        nargs="+",
        default=[Path("customers")],
        metavar="SPEC_OR_DIR",
        help="spec files or directories (default: customers)",
    )
    parser.add_argument(
        "--modules", type=Path, default=Path("modules"), help="where modules are (default: modules)"
    )
    parser.set_defaults(func=run)


def _names(module: Path) -> tuple[list[str], list[str]]:
    """The lock table and bucket a rendered module names (its policies.tf.json locals)."""
    try:
        found = json.loads((module / "policies.tf.json").read_text(encoding="utf-8")).get("locals", {})
    except (OSError, ValueError, AttributeError):
        return [], []
    table, bucket = found.get("lock_table_name"), found.get("bucket_name")
    return ([table] if isinstance(table, str) else []), ([bucket] if isinstance(bucket, str) else [])


def _report_removed(found: Changes) -> None:
    for gone in found.removed:
        if gone.module_exists:
            command = offboard_command(gone.module, *_names(gone.module))
            print(
                f"warning: {gone.spec} was deleted but {gone.module} is still there: offboard the "
                f"customer (this deletes its state locks and stored states): {command}; then delete "
                "the directory",
                file=sys.stderr,
            )
        else:
            print(f"note: {gone.spec} (customer {gone.customer}) was deleted", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    found = (
        every_customer(args.specs, args.modules)
        if args.all
        else changes(args.since, args.specs, args.modules)
    )
    if args.format == "json":
        json.dump(found.matrix(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for touched in found.touched:
            customer = touched.customer
            print(f"{customer.customer}\t{customer.spec}\t{customer.module}\t{touched.reason}")
    _report_removed(found)
    if args.all:
        print(f"{len(found.touched)} customer(s)", file=sys.stderr)
        return int(ExitCode.OK)
    why = f" ({found.everything} changed: every customer)" if found.everything else ""
    print(f"{len(found.touched)} customer(s) changed since {args.since}{why}", file=sys.stderr)
    return int(ExitCode.OK)

"""`bodocfg upgrade --to VERSION`: what each customer gets from a reference policy upgrade; --write it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.errors import ExitCode
from generator.fleet.progress import Row, print_table
from generator.upgrade import Move, plan_upgrade, write_upgrade
from generator.vendor.profile import known_version

HELP = "move customers to another reference policy version: one table of what each gets; --write it"
DESCRIPTION = """\
For every spec: the reference policy version it is on (its `reference:`, else the newest), and
what moving to VERSION changes for it (actions added and removed, statements changed, and the
lint's errors and warnings on what is added; `bodocfg reference diff OLD VERSION` shows the
details). Nothing is written without --write.

With --write, only the `reference:` line of each spec that moves is changed, and a spec without
one gets `reference: "VERSION"` after its external_id line (pinned: a spec without the line follows
the newest version, and would move by itself once a newer one is added). Comments, quoting and
layout are kept; each file is replaced atomically. Then `bodocfg render` and `bodocfg plan` show
each customer's IAM change for the pull request.
"""
EPILOG = """\
examples:
  bodocfg upgrade --to 2025-03-01 customers/                 the table, nothing written
  bodocfg upgrade --to 2025-03-01 customers/acme-analytics.yaml --write
  bodocfg upgrade --to 2025-03-01 customers/ --write && bodocfg render customers/ --out modules

exit codes: 0 ok (table printed, specs written with --write), 1 an invalid spec (nothing written),
            2 usage error (unknown version)
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "upgrade",
        help=HELP,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="SPEC_OR_DIR")
    parser.add_argument(
        "--to", required=True, metavar="VERSION", help="the reference policy version to move to"
    )
    parser.add_argument("--write", action="store_true", help="change the specs' reference lines")
    parser.set_defaults(func=run)


def _row(move: Move, written: bool) -> Row:
    follows = "" if move.pinned else " (no reference line: follows the newest; --write pins it)"
    if move.diff is None:
        if move.pinned:
            return Row(move.customer, "up to date", move.current)
        return Row(move.customer, "written" if written else "changes", f"{move.current}{follows}")
    status = "written" if written else "changes"
    return Row(move.customer, status, f"{move.current} -> {move.target}: {move.diff.summary()}{follows}")


def run(args: argparse.Namespace) -> int:
    target = known_version(args.to)
    moves = plan_upgrade(args.paths, target)
    written = {id(m) for m in write_upgrade(moves)} if args.write else set()
    print_table([_row(m, id(m) in written) for m in moves], f"upgrade to {target}", stream=sys.stdout)
    moving = sum(1 for m in moves if m.writes)
    verb = "written" if args.write else "would change (run with --write)"
    print(f"{moving} of {len(moves)} spec(s) {verb}", file=sys.stderr)
    return int(ExitCode.OK)

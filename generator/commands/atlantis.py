"""`bodocfg atlantis`: write atlantis.yaml with one project per customer module."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.backend import BACKEND_CONFIG_FILE
from generator.errors import ExitCode, UsageError
from generator.fileio import atomic_write
from generator.fleet.atlantis import config, dump
from generator.fleet.changed import fleet

HELP = "write atlantis.yaml: one project per customer module, autoplanned on its files"
DESCRIPTION = """\
Write a repo-level atlantis.yaml (version 3) with one project per customer: the project's
dir is the customer's module, and Atlantis autoplans it when one of the module's *.tf or
*.tf.json files or the customer's spec changes. Modules with remote state (`state` in the
spec) plan through a workflow whose init passes the rendered backend.hcl.

atlantis.yaml must sit at the repository root; paths in it are relative to where it is
written. --check writes nothing and exits 1 when the file is missing or stale.

Atlantis plans in a fresh clone: give every customer remote state (`state` in the spec),
else its state would live and die in that clone (bodocfg warns about each such customer).
The backend workflow is a custom workflow: the Atlantis server must allow it
(repos.yaml: allowed_overrides: [workflow], allow_custom_workflows: true).
"""
EPILOG = """\
examples:
  bodocfg atlantis                               # customers/ -> atlantis.yaml
  bodocfg atlantis customers/ --modules modules --out atlantis.yaml
  bodocfg atlantis --check                       # CI: exit 1 if atlantis.yaml is stale

exit codes: 0 written / up to date, 1 invalid spec or stale file, 2 usage error
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "atlantis",
        help=HELP,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", type=Path, default=[Path("customers")], metavar="SPEC_OR_DIR")
    parser.add_argument(
        "--modules", type=Path, default=Path("modules"), help="where modules are (default: modules)"
    )
    parser.add_argument(
        "--out", type=Path, default=Path("atlantis.yaml"), help="file to write (default: atlantis.yaml)"
    )
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the file is stale")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.is_dir():
        raise UsageError(f"--out {out}: is a directory; give the file to write")
    if not out.parent.is_dir():
        raise UsageError(f"--out {out}: directory {out.parent} does not exist")
    customers = fleet(args.paths, args.modules)
    for customer in customers:
        if not (customer.module / BACKEND_CONFIG_FILE).is_file():
            print(
                f"warning: {customer.customer}: no remote state ({customer.spec} has no `state`); "
                "Atlantis would keep its state in a throw-away clone",
                file=sys.stderr,
            )
    text = dump(config(customers, out.parent))
    current = out.read_text(encoding="utf-8") if out.is_file() else None
    if args.check:
        if current != text:
            print(f"{out}: {'missing' if current is None else 'differs'}")
            print("atlantis.yaml is out of date: run `bodocfg atlantis` and commit it", file=sys.stderr)
            return int(ExitCode.FAILED)
        print(f"{out}: up to date ({len(customers)} project(s))", file=sys.stderr)
        return int(ExitCode.OK)
    if current != text:
        atomic_write(out, text.encode("utf-8"))
    print(f"{out}: {len(customers)} project(s)", file=sys.stderr)
    return int(ExitCode.OK)

"""`bodocfg validate`: check customer specs against the schema and the AWS naming rules."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from generator.errors import ExitCode
from generator.fleet.progress import FleetProgress, Row, print_table
from generator.spec import Problem, find_specs, load_specs
from generator.workers import add_workers_option

HELP = "check customer specs (schema + AWS naming rules); one line per problem"
DESCRIPTION = """\
Check every spec against schemas/customer.schema.json and the AWS rules a schema cannot
say (S3 bucket naming, tag characters, alarm window, emails vs. existing topic, ...).
A directory means every *.yaml / *.yml file directly inside it.

Each problem is one line: PATH:LINE:COL: FIELD: message
"""
EPILOG = """\
examples:
  bodocfg validate customers/
  bodocfg validate customers/acme-analytics.yaml --format json
  bodocfg validate customers/ --jobs 1           # one process, however many specs

exit codes: 0 all valid, 1 any invalid, 2 usage error
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "validate",
        help=HELP,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="SPEC_OR_DIR")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    add_workers_option(parser, "specs")
    parser.set_defaults(func=run)


def duplicate_customers(seen: dict[str, Path], path: Path, customer: str) -> Problem | None:
    """Two specs naming the same customer would render into the same module directory."""
    other = seen.setdefault(customer, path)
    if other == path:
        return None
    return Problem(path, 1, 1, ("customer",), f"customer '{customer}' is already defined in {other}")


def run(args: argparse.Namespace) -> int:
    results: list[dict[str, object]] = []
    rows: list[Row] = []
    seen: dict[str, Path] = {}
    failed = False
    paths = find_specs(args.paths)
    with FleetProgress(len(paths), "validate") as progress:
        for path, problems, spec in load_specs(paths, args.jobs):
            if spec is not None:
                clash = duplicate_customers(seen, path, spec.customer)
                problems = [clash] if clash else []
            failed = failed or bool(problems)
            name = spec.customer if spec is not None else path.stem
            detail = f"{path}: {len(problems)} problem(s)" if problems else str(path)
            rows.append(Row(name, "invalid" if problems else "valid", detail))
            progress.advance(name)
            if args.format == "json":
                results.append(
                    {"path": str(path), "valid": not problems, "problems": [p.as_dict() for p in problems]}
                )
            else:
                for problem in problems:
                    print(problem)
    if args.format == "json":
        json.dump(results, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return int(ExitCode.FAILED if failed else ExitCode.OK)
    if len(rows) > 1:
        print_table(rows, "validate")
    if not failed:
        print(f"{len(seen)} spec(s) valid", file=sys.stderr)
    return int(ExitCode.FAILED if failed else ExitCode.OK)

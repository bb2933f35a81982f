"""`bodocfg render`: write (or check) one Terraform root module per customer."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.errors import ExitCode, SpecError
from generator.fleet.progress import FleetProgress, Row, print_table
from generator.render import Drift, check_module, is_generated, render_modules, write_modules
from generator.spec import CustomerSpec, load_specs
from generator.workers import add_workers_option

HELP = "render modules/<customer>/ from specs (--check: fail on drift, write nothing)"
DESCRIPTION = """\
Render each spec into a Terraform root module at OUT/<customer>/: bucket, lock table,
role + inline Bodo-Platform policy, optional topic and alarm, outputs. Same input, same
bytes. Files are written atomically; files bodocfg generated earlier that no longer belong
are removed; nothing else in the directory is touched.

--check writes nothing and exits 1 naming every file that differs, is missing or is extra:
run it in CI to catch drift between specs, templates and the committed modules.
"""
EPILOG = """\
examples:
  bodocfg render customers/                       # writes modules/<customer>/ for every spec
  bodocfg render customers/acme-analytics.yaml --out build/modules
  bodocfg render customers/ --check               # CI: exit 1 if modules/ is stale
  bodocfg render customers/ --jobs 1              # one process, however many specs

exit codes: 0 written / up to date, 1 invalid spec or drift, 2 usage error
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "render",
        help=HELP,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="SPEC_OR_DIR")
    parser.add_argument(
        "--out", type=Path, default=Path("modules"), help="where modules go (default: modules)"
    )
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if anything would change")
    add_workers_option(parser, "specs")
    parser.set_defaults(func=run)


def load_valid_specs(paths: list[Path], jobs: int | None = 1) -> list[CustomerSpec]:
    """Every spec under `paths`, or SpecError listing every problem (nothing is rendered then).
    `jobs`: processes reading them (`generator.workers.auto_jobs`)."""
    specs: list[CustomerSpec] = []
    problems: list[str] = []
    seen: dict[str, Path] = {}
    for path, found, spec in load_specs(paths, jobs):
        problems.extend(str(problem) for problem in found)
        if spec is None:
            continue
        other = seen.setdefault(spec.customer, path)
        if other != path:
            problems.append(f"{path}:1:1: customer: customer '{spec.customer}' is already defined in {other}")
        specs.append(spec)
    if problems:
        raise SpecError("invalid spec(s); nothing was rendered\n" + "\n".join(problems))
    return specs


def orphan_modules(out: Path, customers: set[str]) -> list[Path]:
    """Module directories holding generated files whose customer has no spec any more."""
    if not out.is_dir():
        return []
    return sorted(
        entry
        for entry in out.iterdir()
        if entry.is_dir()
        and entry.name not in customers
        and any(is_generated(f) for f in entry.iterdir() if f.is_file())
    )


def _row(customer: str, drift: Drift, check: bool) -> Row:
    if not drift:
        return Row(customer, "up to date", str(drift.directory))
    count = len(drift.changed) + len(drift.missing) + len(drift.extra)
    return Row(customer, "drift" if check else "written", f"{drift.directory}: {count} file(s)")


def run(args: argparse.Namespace) -> int:
    specs = load_valid_specs(args.paths, args.jobs)
    drifted: list[Drift] = []
    rows: list[Row] = []
    modules = render_modules(specs, args.out, args.jobs)
    results = (check_module(module) for module in modules) if args.check else write_modules(modules)
    with FleetProgress(len(specs), "render") as progress:
        for spec, drift in zip(specs, results, strict=True):
            if drift:
                drifted.append(drift)
            rows.append(_row(spec.customer, drift, args.check))
            progress.advance(spec.customer)
    if len(rows) > 1:
        print_table(rows, "render --check" if args.check else "render")
    orphans = (
        orphan_modules(args.out, {spec.customer for spec in specs})
        if all(p.is_dir() for p in args.paths)
        else []
    )
    if args.check:
        for drift in drifted:
            for line in drift.lines():
                print(line)
        for orphan in orphans:
            print(f"{orphan}: extra (no spec for customer '{orphan.name}')")
        if drifted or orphans:
            print("modules are out of date: run `bodocfg render` and commit the result", file=sys.stderr)
            return int(ExitCode.FAILED)
        print(f"{len(specs)} module(s) up to date", file=sys.stderr)
        return int(ExitCode.OK)
    for drift in drifted:
        for line in drift.lines():
            print(
                line.replace(": differs", ": updated")
                .replace(": missing", ": written")
                .replace(": extra", ": removed")
            )
    for orphan in orphans:
        print(
            f"warning: {orphan} has no spec any more; destroy its resources, then delete the directory",
            file=sys.stderr,
        )
    print(f"{len(specs)} module(s) rendered, {len(drifted)} changed", file=sys.stderr)
    return int(ExitCode.OK)

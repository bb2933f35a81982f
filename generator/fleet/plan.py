"""`bodocfg plan` over many modules: N at a time, one shared plugin cache, a table at the end.

Each module is planned by the single-module `plan_module` (init, plan -out, show -json,
record), on its own thread, logging to its own `<module>/bodocfg.log`; a failing module is
reported and the others carry on. The exit code is the worst result. With
`--summary markdown`, PR comments (split under 65,000 characters) are written to a directory.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from generator.errors import ExitCode, UsageError
from generator.fleet.parallel import Outcome, run_modules, worst
from generator.fleet.progress import Row, print_table
from generator.fleet.summary import CustomerResult, summary_comments
from generator.terraform import artifacts
from generator.terraform.workflow import PlanOutcome, Session, module_dir, plan_module

SUMMARY_PREFIX = "comment-"


def expand_modules(texts: Sequence[str]) -> list[Path]:
    """Module directories: each DIR that holds Terraform files, or the modules directly inside it."""
    modules: list[Path] = []
    for text in texts:
        path = Path(text)
        inside = sorted(p for p in path.iterdir() if p.is_dir()) if path.is_dir() else []
        if path.is_dir() and not artifacts.terraform_files(path) and inside:
            found = [p for p in inside if artifacts.terraform_files(p)]
            if found:
                modules.extend(found)
                continue
        modules.append(module_dir(text))
    names: dict[str, Path] = {}
    for module in modules:
        other = names.setdefault(module.name, module)
        if other.resolve() != module.resolve():
            raise UsageError(f"{module} and {other}: two modules for customer '{module.name}'")
    unique = {module.resolve(): module for module in modules}
    return list(unique.values())


@dataclass(frozen=True)
class FleetPlan:
    outcomes: tuple[Outcome[PlanOutcome], ...]

    @property
    def exit_code(self) -> int:
        return worst([outcome.exit_code for outcome in self.outcomes])

    def rows(self) -> list[Row]:
        rows = []
        for outcome in self.outcomes:
            if outcome.value is None:
                error = (outcome.error or "failed").splitlines()[0]
                rows.append(Row(outcome.name, f"failed (exit {outcome.exit_code})", error))
                continue
            add, change, destroy = outcome.value.plan.counts()
            status = "refused" if outcome.value.refused else "changes" if outcome.value.has_changes else "ok"
            detail = f"+{add} ~{change} -{destroy} in {outcome.seconds:.1f}s"
            rows.append(Row(outcome.name, status, detail))
        return rows

    def results(self) -> list[CustomerResult]:
        return [
            CustomerResult(
                customer=outcome.name,
                exit_code=outcome.exit_code,
                plan=None if outcome.value is None else outcome.value.plan,
                error=outcome.error,
                log=str(outcome.log),
            )
            for outcome in self.outcomes
        ]


def plan_fleet(
    session: Session,
    modules: Sequence[Path],
    *,
    jobs: int,
    detailed_exitcode: bool,
    allow_unconfirmed: bool = False,
    out: TextIO | None = None,
) -> FleetPlan:
    """Plan every module, `jobs` at a time; each module's summary is printed as it finishes."""
    stream = out or sys.stdout
    lock = threading.Lock()

    def work(module: Path, log: TextIO) -> tuple[int, PlanOutcome]:
        outcome = plan_module(session, module)
        with lock:
            stream.write(outcome.summary())
            stream.flush()
        changed = detailed_exitcode and outcome.drifted(allow_unconfirmed=allow_unconfirmed)
        code = ExitCode.FAILED if outcome.refused else ExitCode.USAGE if changed else ExitCode.OK
        return int(code), outcome

    outcomes = run_modules(modules, work, jobs=jobs, log_file=artifacts.LOG_FILE)
    return FleetPlan(tuple(outcomes))


def write_summary(fleet: FleetPlan, directory: Path) -> list[Path]:
    """The markdown PR comments, one file each; earlier comment files there are replaced."""
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob(f"{SUMMARY_PREFIX}*.md"):
        stale.unlink()
    paths = []
    for index, comment in enumerate(summary_comments(fleet.results()), start=1):
        path = directory / f"{SUMMARY_PREFIX}{index:03d}.md"
        path.write_text(comment, encoding="utf-8")
        paths.append(path)
    return paths


def print_fleet(fleet: FleetPlan) -> None:
    if len(fleet.outcomes) > 1:
        print_table(fleet.rows(), "plan")

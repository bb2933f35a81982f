"""`bodocfg apply` over many modules: each module's saved plan, N at a time, one table at the end.

Each module is applied by the single-module `apply_module` (its saved plan only: refused when
missing, stale, foreign or its module no longer matches its spec), on its own thread, logging
to its own `<module>/bodocfg.log`; a failing module is reported and the others carry on. The
exit code is the worst result.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from generator.errors import ExitCode
from generator.fleet.parallel import run_modules, worst
from generator.fleet.progress import Row, print_table
from generator.terraform import artifacts
from generator.terraform.workflow import Session, apply_module


def apply_fleet(session: Session, modules: Sequence[Path], *, jobs: int, out: TextIO | None = None) -> int:
    """Apply every module's saved plan, `jobs` at a time; prints a line each and one table."""
    stream = out or sys.stdout
    lock = threading.Lock()

    def work(module: Path, log: TextIO) -> tuple[int, Path]:
        apply_module(session, module)
        with lock:
            stream.write(f"{module}: applied\n")
            stream.flush()
        return int(ExitCode.OK), module

    outcomes = run_modules(modules, work, jobs=jobs, log_file=artifacts.LOG_FILE, description="apply")
    rows = [
        Row(o.name, "applied", f"in {o.seconds:.1f}s")
        if o.value is not None
        else Row(o.name, f"failed (exit {o.exit_code})", (o.error or "failed").splitlines()[0])
        for o in outcomes
    ]
    if len(rows) > 1:
        print_table(rows, "apply")
    return worst([o.exit_code for o in outcomes])

"""Bench: one `bodocfg scan` over 100 rendered customers against a scan of one.

    .venv/bin/python bench/scan_bench.py [--customers 100] [--repeat 3]

Renders N varied customers (bench/fleet_specs.py) into a temporary directory, then times
`scan_paths` (one checkov process, the whole flow: workspace, checkov, report) over the first
customer alone and over all N, best of --repeat runs each, in wall-clock time and in checkov's
CPU time (user + system of the child process, less disturbed by other load on the machine).
Prints one line per measurement, the ratios and the load average. Exits 1 when the wall-clock
scan of N takes more than 3x the scan of one.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from fleet_specs import write_specs  # noqa: E402

from generator.render import render_module, write_module  # noqa: E402
from generator.scan import ScanOptions, scan_paths  # noqa: E402
from generator.spec import load_spec  # noqa: E402

TARGET_RATIO = 3.0


def _render(count: int, workdir: Path) -> list[Path]:
    specs = write_specs(workdir / "customers", count)
    modules = []
    for path in specs:
        spec = load_spec(path)
        module = workdir / "modules" / spec.customer
        write_module(render_module(spec, module))
        modules.append(module)
    return modules


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _best(paths: list[Path], repeat: int) -> tuple[float, float, int, int]:
    best = best_cpu = float("inf")
    findings = failing = 0
    for _ in range(repeat):
        start, cpu = time.perf_counter(), _cpu()
        report = scan_paths([str(path) for path in paths], ScanOptions())
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, _cpu() - cpu)
        findings, failing = len(report.findings), len(report.failing)
    return best, best_cpu, findings, failing


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bodocfg-scan-bench-") as tmp:
        modules = _render(args.customers, Path(tmp))
        one, one_cpu, one_findings, one_failing = _best(modules[:1], args.repeat)
        many, many_cpu, many_findings, many_failing = _best(modules, args.repeat)
    ratio = many / one
    print(f"scan of 1 customer:   {one:6.2f} s wall {one_cpu:6.2f} s cpu  ({one_findings} findings)")
    label = f"scan of {args.customers} customers:"
    print(f"{label} {many:6.2f} s wall {many_cpu:6.2f} s cpu  ({many_findings} findings)")
    verdict = "ok" if ratio <= TARGET_RATIO else "TOO SLOW"
    print(
        f"ratio {ratio:.2f}x wall, {many_cpu / one_cpu:.2f}x cpu"
        f" (target <= {TARGET_RATIO:.0f}x wall): {verdict}"
        f"  [load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cpus]"
    )
    if one_failing or many_failing:
        print("the rendered customers should scan clean", file=sys.stderr)
        return 1
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())

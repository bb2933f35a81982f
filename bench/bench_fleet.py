"""Bench (1): validate + render + lint of 1,000 generated specs in one process.

    .venv/bin/python bench/bench_fleet.py [--count 1000] [--profile]

Runs the real commands through `generator.cli.main` (output captured, so no terminal
progress), each once, after the imports; prints seconds per phase and the total. Target:
total under 2 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fleet_specs import write_specs

TARGET_SECONDS = 2.0


def timed(label: str, argv: list[str], results: dict[str, float]) -> None:
    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    results[label] = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"{label} exited {code}:\n{out.getvalue()[-2000:]}{err.getvalue()[-2000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--profile", action="store_true", help="print the 25 costliest functions")
    parser.add_argument(
        "--scratch",
        type=Path,
        default=None,
        help="where specs and modules are written (default: the system temp dir; /dev/shm takes "
        "the disk out of the figure, rendering 1,000 modules creates 10,000 files)",
    )
    args = parser.parse_args()

    start = time.perf_counter()
    from generator.cli import command_module

    for name in ("validate", "render", "lint"):  # a process's imports are reported apart
        command_module(name)
    imports = time.perf_counter() - start
    with tempfile.TemporaryDirectory(prefix="bodocfg-bench-", dir=args.scratch) as scratch:
        specs = Path(scratch) / "customers"
        modules = Path(scratch) / "modules"
        write_specs(specs, args.count)
        results: dict[str, float] = {}
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        timed("validate", ["validate", str(specs)], results)
        timed("render", ["render", str(specs), "--out", str(modules)], results)
        timed("lint", ["lint", str(modules)], results)
        if profiler:
            profiler.disable()
        total = sum(results.values())
        print(f"bench fleet: {args.count} specs, one process, files in {scratch}")
        load = " ".join(f"{value:.2f}" for value in os.getloadavg())
        print(f"  load avg  {load} (1/5/15 min; {os.cpu_count()} cores: other work skews the figures)")
        print(f"  imports   {imports:6.3f} s (not counted)")
        for label, seconds in results.items():
            print(f"  {label:<9} {seconds:6.3f} s   {seconds / args.count * 1000:6.2f} ms/spec")
        verdict = "PASS" if total < TARGET_SECONDS else "FAIL"
        print(f"  total     {total:6.3f} s   target < {TARGET_SECONDS} s: {verdict}")
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return 0 if total < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())

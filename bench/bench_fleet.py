"""Bench (1): validate + render + lint of 1,000 generated specs, three `bodocfg` commands.

    .venv/bin/python bench/bench_fleet.py [--count 1000] [--scratch DIR ...]

Runs `bodocfg validate`, `bodocfg render` and `bodocfg lint` as three separate processes, as
a user or CI runs them (each pays its own start-up and imports), on the disk and in memory,
and prints the wall seconds of each command and their total. Rendering 1,000 modules creates
~12,000 files, so the figure depends on the filesystem as much as on bodocfg: beside each run
the bench prints the time a bare loop takes to create the same files there (os.open + write +
close, one os.sync at the end), so what is bodocfg's and what is the filesystem's can be told
apart. Target: the total on the disk (the system temp dir) under 4 s on a 2-core machine
(exit 1 otherwise); the in-memory run (/dev/shm) is printed beside it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fleet_specs import write_specs

TARGET_SECONDS = 4.0
MEMORY = Path("/dev/shm")
BODOCFG = [sys.executable, "-m", "generator"]


def timed(label: str, argv: list[str], results: dict[str, float]) -> None:
    """One `bodocfg` command as its own process; its wall seconds into `results`."""
    start = time.perf_counter()
    done = subprocess.run([*BODOCFG, *argv], capture_output=True, text=True, check=False)
    results[label] = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{label} exited {done.returncode}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")


def bare_creation(scratch: Path, like: Path) -> tuple[int, float]:
    """Create, in a fresh directory under `scratch`, as many directories and files of the same
    sizes as `like` holds; (files, seconds)."""
    layout = [(d.name, [f.stat().st_size for f in d.iterdir() if f.is_file()]) for d in like.iterdir()]
    count = sum(len(sizes) for _, sizes in layout)
    with tempfile.TemporaryDirectory(prefix="bodocfg-bench-bare-", dir=scratch) as bare:
        start = time.perf_counter()
        for name, sizes in layout:
            directory = f"{bare}/{name}"
            os.mkdir(directory)  # noqa: PTH102 - the bare syscall is the point
            for index, size in enumerate(sizes):
                fd = os.open(f"{directory}/f{index}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                os.write(fd, b"x" * size)
                os.close(fd)
        os.sync()
        return count, time.perf_counter() - start


def pipeline(scratch: Path, count: int) -> tuple[dict[str, float], int, float]:
    """validate, render, lint of `count` specs under `scratch`; phase seconds, files, bare seconds."""
    with tempfile.TemporaryDirectory(prefix="bodocfg-bench-", dir=scratch) as tmp:
        specs = Path(tmp) / "customers"
        modules = Path(tmp) / "modules"
        write_specs(specs, count)
        os.sync()  # the specs' own writes are not the render's to pay for
        results: dict[str, float] = {}
        timed("validate", ["validate", str(specs)], results)
        timed("render", ["render", str(specs), "--out", str(modules)], results)
        timed("lint", ["lint", str(modules)], results)
        files, bare = bare_creation(scratch, modules)
    return results, files, bare


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument(
        "--scratch",
        type=Path,
        action="append",
        help="where specs and modules are written; repeatable; the first is judged "
        "(default: the system temp dir (disk), then /dev/shm when writable)",
    )
    args = parser.parse_args()
    places = args.scratch or [
        Path(tempfile.gettempdir()),
        *([MEMORY] if MEMORY.is_dir() and os.access(MEMORY, os.W_OK) else []),
    ]
    totals = []
    print(f"bench fleet: {args.count} specs, three bodocfg commands, each its own process")
    for place in places:
        load = " ".join(f"{value:.2f}" for value in os.getloadavg())
        results, files, bare = pipeline(place, args.count)
        total = sum(results.values())
        totals.append(total)
        phases = "  ".join(f"{label} {seconds:.3f}" for label, seconds in results.items())
        print(f"  in {place}: {phases}  total {total:.3f} s  (load avg {load}, {os.cpu_count()} cores)")
        print(
            f"    a bare loop creating the same {files} files there: {bare:.3f} s "
            f"({bare / files * 1000:.3f} ms a file); bodocfg less that: {total - bare:.3f} s"
        )
    verdict = "PASS" if totals[0] < TARGET_SECONDS else "FAIL"
    print(f"  judged (in {places[0]}): {totals[0]:.3f} s, target < {TARGET_SECONDS} s: {verdict}")
    return 0 if totals[0] < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())

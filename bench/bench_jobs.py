"""Bench (3): `bodocfg plan` of 8 customers with --jobs 2 vs --jobs 1.

    .venv/bin/python bench/bench_jobs.py [--customers 8]

Starts its own moto server, writes the project's terraform CLI config, renders N generated
customers, warms the shared plugin cache, then runs `bodocfg plan modules --jobs 1` and
`--jobs 2` (new processes, as a user runs them) on fresh copies of the modules. Prints
seconds for each and the ratio. Target: --jobs 2 under 0.6x of --jobs 1.

Also prints the CPU each run used (bodocfg, terraform and the providers, plus the moto server,
which runs in this process) and, from it, the best ratio two cores allow: terraform alone
keeps more than one core busy during a plan, so `--jobs 2` cannot reach 0.5x.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from plan_env import BODOCFG, bench_environment, fresh_copy, render_fleet, run

from generator.localaws import local_environment

TARGET_RATIO = 0.6


def copy_fleet(modules: list[Path], target: Path) -> Path:
    for module in modules:
        fresh_copy(module, target / module.name)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=8)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="bodocfg-bench-jobs-") as scratch,
        bench_environment() as (tf_env, _),
    ):
        base = Path(scratch)
        modules = render_fleet(base, args.customers)
        env = {**os.environ}
        for key, value in local_environment(tf_env["AWS_ENDPOINT_URL"]).items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        run([*BODOCFG, "plan", str(copy_fleet(modules[:1], base / "warm"))], env)  # plugin cache
        seconds, cpu = {}, {}
        for jobs in (1, 2):
            fleet = copy_fleet(modules, base / f"jobs-{jobs}")
            before = _cpu()
            seconds[jobs] = run([*BODOCFG, "plan", str(fleet), "--jobs", str(jobs)], env)
            cpu[jobs] = _cpu() - before
        ratio = seconds[2] / seconds[1]
        cores = os.cpu_count() or 1
        floor = max(1 / cores, cpu[1] / cores / seconds[1])
        verdict = "PASS" if ratio < TARGET_RATIO else "FAIL"
        print(f"bench jobs: {args.customers} customers, bodocfg plan")
        for jobs in (1, 2):
            print(
                f"  --jobs {jobs}   {seconds[jobs]:6.2f} s   {seconds[jobs] / args.customers:5.2f} s/customer"
                f"   CPU {cpu[jobs] / args.customers:4.2f} s/customer"
            )
        print(f"  best ratio {cores} cores allow at that CPU: {floor:.3f}")
        print(f"  ratio      {ratio:6.3f}    target < {TARGET_RATIO}: {verdict}")
    return 0 if ratio < TARGET_RATIO else 1


def _cpu() -> float:
    """CPU seconds of this process (the moto server) and of every child waited for so far."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    raise SystemExit(main())

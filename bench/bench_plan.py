"""Bench (2): `bodocfg plan` for one customer vs the raw terraform commands it runs.

    .venv/bin/python bench/bench_plan.py [--rounds 3]

Starts its own moto server and writes the project's terraform CLI config (mirror + shared
plugin cache), renders one customer, then alternates: `bodocfg plan DIR` (a new process,
as a user runs it) and the same three terraform commands by hand (`init`, `plan -out`,
`show -json`) in an identical fresh copy of the module, with the same environment. Prints
each run, and the ratio of the fastest runs (the least disturbed by anything else on the
machine; medians are shown too). Target: ratio under 1.05.

Then one more `bodocfg plan`, with terraform reached through a shim on PATH that logs when
each terraform command starts and ends, prints bodocfg's own share of its wall time (start-up,
imports, the guards, exit; the shim's own few milliseconds count in it): the figure the
ratio's distance from 1 comes from, without the noise of comparing two runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from plan_env import BODOCFG, bench_environment, fresh_copy, render_fleet, run

from generator.localaws import local_environment

TARGET_RATIO = 1.05
_SHIM = """#!/bin/sh
start=$(date +%s.%N)
"$BENCH_REAL_TERRAFORM" "$@"
status=$?
echo "$1 $start $(date +%s.%N)" >> "$BENCH_TERRAFORM_LOG"
exit $status
"""


def raw_terraform(module: Path, env: dict[str, str]) -> float:
    seconds = run(["terraform", "init", "-input=false", "-no-color"], env, module)
    seconds += run(
        ["terraform", "plan", "-input=false", "-no-color", "-detailed-exitcode", "-out=raw.tfplan"],
        env,
        module,
    )
    seconds += run(["terraform", "show", "-json", "-no-color", "raw.tfplan"], env, module)
    return seconds


def own_time(module: Path, scratch: Path, env: dict[str, str]) -> tuple[float, list[tuple[str, float]]]:
    """Wall seconds of one `bodocfg plan` and each terraform command's (verb, seconds) in it."""
    real = shutil.which("terraform", path=env.get("PATH"))
    if real is None:
        raise SystemExit("terraform is not on PATH")
    shims = scratch / "shim"
    shims.mkdir()
    (shims / "terraform").write_text(_SHIM, encoding="utf-8")
    (shims / "terraform").chmod(0o755)
    log = scratch / "terraform-times.log"
    shimmed = {
        **env,
        "PATH": f"{shims}{os.pathsep}{env.get('PATH', '')}",
        "BENCH_REAL_TERRAFORM": real,
        "BENCH_TERRAFORM_LOG": str(log),
    }
    wall = run([*BODOCFG, "plan", str(fresh_copy(module, scratch / "timed"))], shimmed)
    logged = [line.split() for line in log.read_text().splitlines()]
    return wall, [(verb, float(end) - float(start)) for verb, start, end in logged]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="bodocfg-bench-plan-") as scratch,
        bench_environment() as (tf_env, _),
    ):
        base = Path(scratch)
        module = render_fleet(base, 1)[0]
        user_env = {**os.environ}
        for key, value in local_environment(tf_env["AWS_ENDPOINT_URL"]).items():
            if value is None:
                user_env.pop(key, None)
            else:
                user_env[key] = value
        # Copies sit as deep as modules/<customer>, so the spec their header names
        # (../../customers/<customer>.yaml) is found: plan refuses a module whose spec is gone.
        copies = base / "copies"
        # Warm-up: the plugin cache and the OS file cache, not measured.
        raw_terraform(fresh_copy(module, copies / "warm"), tf_env)
        ours: list[float] = []
        theirs: list[float] = []
        for round_ in range(args.rounds):
            ours.append(run([*BODOCFG, "plan", str(fresh_copy(module, copies / f"ours-{round_}"))], user_env))
            theirs.append(raw_terraform(fresh_copy(module, copies / f"raw-{round_}"), tf_env))
        mine, raw = min(ours), min(theirs)
        ratio = mine / raw
        print(f"bench plan: one customer, {args.rounds} rounds (fastest, median, every run)")
        for label, runs in (("bodocfg plan", ours), ("raw terraform x3", theirs)):
            every = " ".join(f"{s:.2f}" for s in runs)
            print(f"  {label:<18} {min(runs):6.2f} s  {statistics.median(runs):6.2f} s   {every}")
        print(f"  median ratio       {statistics.median(ours) / statistics.median(theirs):6.3f}")
        verdict = "PASS" if ratio < TARGET_RATIO else "FAIL"
        print(f"  ratio (fastest)    {ratio:6.3f}    target < {TARGET_RATIO}: {verdict}")
        wall, commands = own_time(module, copies, user_env)
        inside = sum(seconds for _, seconds in commands)
        shown = ", ".join(f"{verb} {seconds:.2f}" for verb, seconds in commands)
        print(
            f"  one more run       {wall:6.2f} s: terraform {inside:.2f} s ({shown}); "
            f"bodocfg's own {wall - inside:.2f} s"
        )
    return 0 if ratio < TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())

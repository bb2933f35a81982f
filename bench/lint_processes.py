"""The `--fresh` mix of bench/lint_bench.py, and timing both tools as whole processes.

The fresh mix is what a security reviewer might lint: 1,000 policies whose statements share
nothing. Every statement is drawn with its own seed: 1-8 actions, each a service wildcard
(`s3:*`, `iam:*`, `kms:*`) one time in ten, a prefix wildcard (`ec2:Desc*`, cut from a real
action name at a random length) two in ten, else a named action, all from 16 services; 1-3
resources of several services (`*`, buckets and objects, roles, keys, log groups, tables,
queues, each with its own random name); a condition on a quarter of the statements; Deny on a
tenth.

Whole processes: `bodocfg lint DIR --format json -o FILE` as a user runs it, and cloudsplaining
as the script below (its `scan_policy` on every file, results written as JSON), each started
fresh, so start-up, imports and catalogue loads count on both sides. The figures are the
process's wall time and, from `wait4`, its CPU time (its worker processes' included) and the
peak resident memory of its largest process (ru_maxrss). As `bodocfg lint` forks worker
processes for many targets, one more untimed run of each tool samples the memory of all its
processes together (`together`: the sum of their proportional set sizes, PSS, every 10 ms, so
the catalogue pages the workers share with their parent count once): that is the machine's
memory, and what the memory target is judged on.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SERVICES = (
    "s3",
    "iam",
    "kms",
    "ec2",
    "logs",
    "dynamodb",
    "sqs",
    "sns",
    "lambda",
    "secretsmanager",
    "sts",
    "cloudwatch",
    "ecr",
    "rds",
    "glue",
    "athena",
)
SERVICE_WILDCARDS = ("s3:*", "iam:*", "kms:*")
ACCOUNT = "123456789012"


def _resource(rng: random.Random) -> str:
    n = rng.randrange(100_000)
    return rng.choice(
        (
            "*",
            f"arn:aws:s3:::bucket-{n}/*",
            f"arn:aws:s3:::bucket-{n}",
            f"arn:aws:iam::{ACCOUNT}:role/role-{n}",
            f"arn:aws:kms:us-east-2:{ACCOUNT}:key/{n:08x}-0000-4000-8000-000000000000",
            f"arn:aws:logs:us-east-2:{ACCOUNT}:log-group:group-{n}*",
            f"arn:aws:dynamodb:us-east-2:{ACCOUNT}:table/table-{n}",
            f"arn:aws:sqs:us-east-2:{ACCOUNT}:queue-{n}",
        )
    )


def _action(rng: random.Random, names: list[str]) -> str:
    draw = rng.random()
    if draw < 0.1:
        return rng.choice(SERVICE_WILDCARDS)
    name = rng.choice(names)
    if draw < 0.3:
        service, _, verb = name.partition(":")
        return f"{service}:{verb[: rng.randint(2, max(2, len(verb) - 1))]}*"
    return name


def _condition(rng: random.Random) -> dict[str, Any]:
    n = rng.randrange(100_000)
    return rng.choice(
        (
            {"StringEquals": {"aws:RequestedRegion": f"us-east-{n % 3}"}},
            {"IpAddress": {"aws:SourceIp": f"10.{n % 256}.0.0/16"}},
            {"StringEquals": {"kms:ViaService": f"s3.us-east-{n % 3}.amazonaws.com"}},
            {"StringLike": {"s3:prefix": [f"home/{n}/*"]}},
            {"StringEquals": {"aws:ResourceTag/team": f"team-{n}"}},
        )
    )


def fresh_statement(seed: int, names: list[str]) -> dict[str, Any]:
    rng = random.Random(seed)
    statement: dict[str, Any] = {
        "Effect": "Deny" if rng.random() < 0.1 else "Allow",
        "Action": list(dict.fromkeys(_action(rng, names) for _ in range(rng.randint(1, 8)))),
        "Resource": [_resource(rng) for _ in range(rng.randint(1, 3))],
    }
    if rng.random() < 0.25:
        statement["Condition"] = _condition(rng)
    return statement


def generate_fresh(directory: Path, count: int, statements: int, seed: int) -> None:
    """`count` policies of `statements` statements, every statement drawn with its own seed."""
    from generator.iam.catalogue import default_catalogue

    catalogue = default_catalogue()
    names = sorted(catalogue.canonical[a] for s in SERVICES for a in catalogue.by_service[s])
    for number in range(count):
        chosen = [
            fresh_statement(hash((seed, number, index)) & 0xFFFFFFFF, names) for index in range(statements)
        ]
        for index, statement in enumerate(chosen):
            statement["Sid"] = f"S{index}"
        policy = {"Version": "2012-10-17", "Statement": chosen}
        (directory / f"policy-{number:04d}.json").write_text(json.dumps(policy, indent=2), encoding="utf-8")


SPLAIN = """
import json, os, sys
from cloudsplaining.command.scan_policy_file import scan_policy
directory, out = sys.argv[1], sys.argv[2]
results = []
for name in sorted(os.listdir(directory)):
    with open(os.path.join(directory, name), encoding="utf-8") as handle:
        results.append(scan_policy(json.load(handle)))
with open(out, "w", encoding="utf-8") as handle:
    json.dump(results, handle)
"""


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_mib: float
    """The largest single process's peak resident memory."""
    load: float
    """The 1-minute load average when the run ended."""
    together_mib: float = 0.0
    """All its processes' memory together at its peak (summed PSS, sampled; see `together`)."""


_LAUNCH = """
import json, os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - started
print(json.dumps([wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status)]))
"""


def _process(argv: list[str]) -> Run:
    """One run, started by a bare interpreter (`-S -c _LAUNCH`): a child's peak memory (ru_maxrss)
    counts the memory of the process it was forked from, so the bench's own (catalogue and
    policy_sentry loaded) must not be that process."""
    done = subprocess.run([sys.executable, "-S", "-c", _LAUNCH, *argv], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:3])}: the launcher failed:\n{done.stderr[-2000:]}")
    wall, cpu, peak_kib, code = json.loads(done.stdout)
    if code not in (0, 1):  # bodocfg lint exits 1 on findings
        raise SystemExit(f"{' '.join(argv[:3])} exited {code}:\n{done.stderr[-2000:]}")
    return Run(wall, cpu, peak_kib / 1024, os.getloadavg()[0])


def _tree(root: int) -> list[int]:
    """`root` and its descendants (Linux: each task's `children` file)."""
    found, waiting = [], [root]
    while waiting:
        pid = waiting.pop()
        found.append(pid)
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="ascii")
        except OSError:
            continue
        waiting.extend(int(child) for child in children.split())
    return found


def _pss_kib(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text(encoding="ascii")
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)


def together(argv: list[str]) -> float:
    """Peak MiB of all of a run's processes together: their PSS summed every 10 ms (untimed: the
    sampling takes CPU the run would otherwise have)."""
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while child.poll() is None:
        peak = max(peak, sum(_pss_kib(pid) for pid in _tree(child.pid)))
        time.sleep(0.01)
    if child.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv[:3])} exited {child.returncode}")
    return peak / 1024


def best(argv: list[str], rounds: int) -> Run:
    """The fastest of `rounds` runs (with that run's CPU); the largest process's peak memory is
    the highest seen; then one untimed run for the memory of all processes together."""
    runs = [_process(argv) for _ in range(rounds)]
    fastest = min(runs, key=lambda run: run.wall)
    return Run(fastest.wall, fastest.cpu, max(run.peak_mib for run in runs), fastest.load, together(argv))


def bodocfg_process(directory: Path, out: Path, rounds: int, jobs: str = "auto") -> Run:
    return best(
        [
            *(sys.executable, "-m", "generator", "lint", str(directory)),
            *("--format", "json", "-o", str(out), "--jobs", jobs),
        ],
        rounds,
    )


def splain_process(directory: Path, out: Path, rounds: int) -> Run:
    return best([sys.executable, "-c", SPLAIN, str(directory), str(out)], rounds)

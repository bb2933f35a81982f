"""What the plan benchmarks share: a local AWS of their own, the project's CLI config, modules.

Each bench starts its own moto server (generator.localaws) and writes the terraform CLI
config the way bodocfg does (generator.terraform.cliconfig.prepare: the provider from the
filesystem mirror, one shared plugin cache), so `bodocfg plan` and the raw terraform
commands run with exactly the same environment.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fleet_specs import write_specs

from generator.localaws import local_aws
from generator.terraform.cliconfig import CliConfig, prepare
from generator.terraform.runner import terraform_env

REPO = Path(__file__).resolve().parent.parent
BODOCFG = [sys.executable, "-m", "generator"]


@contextlib.contextmanager
def bench_environment() -> Iterator[tuple[dict[str, str], CliConfig]]:
    """The environment (local AWS + CLI config) both sides of a comparison run with."""
    cli = prepare()
    with local_aws() as aws:
        env = terraform_env(aws.target, cli)
        yield env, cli


def render_fleet(directory: Path, count: int) -> list[Path]:
    """`count` generated customers rendered to directory/modules; their module directories."""
    specs = directory / "customers"
    write_specs(specs, count)
    run([*BODOCFG, "render", str(specs), "--out", str(directory / "modules")], dict(os.environ))
    return sorted(path for path in (directory / "modules").iterdir() if path.is_dir())


def fresh_copy(module: Path, target: Path) -> Path:
    """A copy of the module's sources only (no .terraform, no saved plan)."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for path in module.iterdir():
        if path.is_file() and path.name.endswith((".tf", ".tf.json", ".hcl")):
            shutil.copy2(path, target / path.name)
    return target


def run(argv: Sequence[str], env: dict[str, str], cwd: Path | None = None) -> float:
    """Run a command (no shell), fail loudly; seconds it took."""
    start = time.perf_counter()
    done = subprocess.run(list(argv), cwd=cwd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 2):
        raise SystemExit(
            f"{' '.join(argv)} exited {done.returncode}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    return seconds

"""Real plan JSON for the scan tests: terraform with the provider from a local mirror, against moto.

`terraform show -json` of a saved plan is written where `bodocfg plan` leaves it,
`<module>/bodocfg.plan.json`. The provider comes from a filesystem mirror ($TF_PLUGIN_MIRROR,
else /opt/tf-plugins, else ~/.terraform.d/plugins) through a CLI config this file writes; the
AWS API is a moto server on a free port.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from generator.scan.targets import PLAN_FILE


def provider_mirror() -> Path:
    candidates = [os.environ.get("TF_PLUGIN_MIRROR"), "/opt/tf-plugins", "~/.terraform.d/plugins"]
    for candidate in candidates:
        if candidate and (Path(candidate).expanduser() / "registry.terraform.io").is_dir():
            return Path(candidate).expanduser()
    raise RuntimeError("no Terraform provider mirror: set TF_PLUGIN_MIRROR")


def write_cli_config(path: Path) -> Path:
    mirror = provider_mirror()
    path.write_text(
        f'provider_installation {{\n  filesystem_mirror {{\n    path    = "{mirror}"\n  }}\n}}\n',
        encoding="utf-8",
    )
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def moto_server(log: Path) -> Iterator[str]:
    port = _free_port()
    binary = Path(sys.executable).with_name("moto_server")
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [str(binary), "-H", "127.0.0.1", "-p", str(port)], stdout=out, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"moto server did not start: {log.read_text()}") from None
                    time.sleep(0.1)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=10)


def _terraform(module: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        ["terraform", *args], cwd=module, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"terraform {args[0]} in {module} failed:\n{done.stderr}")
    return done.stdout


def _plan_one(module: Path, env: dict[str, str]) -> Path:
    _terraform(module, env, "init", "-input=false", "-no-color", "-backend=false")
    _terraform(module, env, "plan", "-input=false", "-no-color", "-lock=false", "-out=bodocfg.tfplan")
    plan_json = module / PLAN_FILE
    plan_json.write_text(_terraform(module, env, "show", "-json", "bodocfg.tfplan"), encoding="utf-8")
    return plan_json


def plan_modules(modules: list[Path], workdir: Path) -> list[Path]:
    """Plan every module against one moto server (in parallel); returns the plan JSON paths."""
    cli_config = write_cli_config(workdir / "terraform.rc")
    with moto_server(workdir / "moto.log") as endpoint:
        env = {
            **os.environ,
            "TF_CLI_CONFIG_FILE": str(cli_config),
            "TF_IN_AUTOMATION": "1",
            "CHECKPOINT_DISABLE": "1",
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
        }
        env.pop("AWS_PROFILE", None)
        with ThreadPoolExecutor(max_workers=len(modules)) as pool:
            return list(pool.map(lambda module: _plan_one(module, env), modules))

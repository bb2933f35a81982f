"""The terraform verbs bodocfg uses, one method each, all through `process.execute`.

Every call passes `-input=false -no-color`; plans are saved (`plan -out`) and read back with
`show -json`; apply only takes a saved plan. A failed command becomes one line: the first
`Error:` terraform printed, classified as AwsUnreachable / CredentialsMissing (exit 3), a
stale saved plan (exit 1), or TerraformFailed (exit 3), with the log file named.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from generator.aws import AwsTarget
from generator.errors import AwsUnreachable, BodocfgError, CheckFailed, CredentialsMissing, TerraformFailed
from generator.terraform.cliconfig import CliConfig
from generator.terraform.messages import explain, provider_errors
from generator.terraform.process import Result, Watchdog, child_env, execute

DEFAULT_TIMEOUT = 1800.0
_UNREACHABLE = re.compile(r"connection refused|no such host|i/o timeout|request send failed|dial tcp", re.I)
_NO_CREDENTIALS = re.compile(
    r"no valid credential sources|InvalidClientTokenId|security token included in the request is invalid|"
    r"SignatureDoesNotMatch|ExpiredToken|failed to refresh cached credentials|UnrecognizedClientException",
    re.I,
)
_STALE = re.compile(r"Saved plan is stale|plan file .* is stale", re.I)
GOGC_DEFAULT = "400"
"""Go's GC target for terraform and the provider it starts, unless GOGC is set already.

Building the AWS provider's schema (every plan and show starts the provider) allocates a lot;
at Go's default (100) the collector took about a fifth of a plan's CPU, on the other core.
At 400: ~20% less CPU and ~8% less time per plan + show, for ~20 MB more peak memory
(measured: 396 -> 418 MB). The gain doubles under `plan --jobs`, where cores are scarce.
"""


def terraform_env(target: AwsTarget, cli: CliConfig) -> dict[str, str]:
    """The environment terraform runs with: ours where it matters, the user's everywhere else."""
    return child_env(
        {
            **target.overrides,
            "GOGC": os.environ.get("GOGC") or GOGC_DEFAULT,
            "TF_CLI_CONFIG_FILE": str(cli.path),
            "TF_PLUGIN_CACHE_DIR": None,
            "TF_DATA_DIR": None,
            "TF_IN_AUTOMATION": "1",
            "TF_INPUT": "0",
            "CHECKPOINT_DISABLE": "1",
        }
    )


def failure(module: Path, verb: str, result: Result, log: str | None) -> BodocfgError:
    found = [explain(error, module) for error in provider_errors(result.stderr)]
    errors = found or [line for line in result.stderr.strip().splitlines()[-1:]] or ["no output"]
    first = "\n  ".join(errors) if len(errors) > 1 else errors[0]
    where = f"; full output in {log}" if log else ""
    text = "" if verb == "init" else result.stderr  # init talks to registries, not to AWS
    if _STALE.search(text):
        return CheckFailed(
            f"{module}: the saved plan is stale (the state changed since it was made); plan again"
        )
    if _NO_CREDENTIALS.search(text):
        return CredentialsMissing(
            f"terraform {verb} in {module}: AWS rejected the credentials: {first}{where}"
        )
    if _UNREACHABLE.search(text):
        return AwsUnreachable(f"terraform {verb} in {module}: AWS endpoint unreachable: {first}{where}")
    return TerraformFailed(f"terraform {verb} failed in {module} (exit {result.returncode}): {first}{where}")


@dataclass(frozen=True)
class Terraform:
    module: Path
    env: Mapping[str, str]
    cli: CliConfig
    log: TextIO | None = None
    echo: TextIO | None = None
    watchdog: Watchdog | None = None
    timeout: float = DEFAULT_TIMEOUT
    binary: str = "terraform"
    log_path: Path | None = None
    """Named in error messages."""

    def run(self, verb: str, *args: str, ok: Sequence[int] = (0,), stream: bool = True) -> Result:
        """`terraform VERB ARGS...`; `stream=False` keeps stdout out of the log (JSON documents)."""
        if self.log is not None:
            stamp = datetime.now(UTC).isoformat(timespec="seconds")
            self.log.write(f"\n== {stamp} terraform {verb} {' '.join(args)}\n")
            self.log.flush()
        result = execute(
            [self.binary, verb, *args],
            cwd=self.module,
            env=self.env,
            timeout=self.timeout,
            log=self.log if stream else None,
            echo=self.echo if stream else None,
            watchdog=self.watchdog,
        )
        if not stream and self.log is not None and result.stderr:
            self.log.write(result.stderr)
        if result.returncode not in ok:
            raise failure(self.module, verb, result, str(self.log_path) if self.log_path else None)
        return result

    def init(self, *extra: str) -> None:
        with self.cli.init_lock():
            self.run("init", "-input=false", "-no-color", *extra)

    def plan(self, out: Path, *, destroy: bool = False) -> bool:
        """Save a plan to `out`; True when it would change something."""
        args = ["-input=false", "-no-color", "-detailed-exitcode", f"-out={out}"]
        result = self.run("plan", *args, *(["-destroy"] if destroy else []), ok=(0, 2))
        return result.returncode == 2

    def show_json(self, plan: Path) -> str:
        return self.run("show", "-json", "-no-color", str(plan), stream=False).stdout

    def show_state_json(self) -> str:
        """`terraform show -json` of the current state (empty output when there is none)."""
        return self.run("show", "-json", "-no-color", stream=False).stdout

    def apply(self, plan: Path) -> None:
        self.run("apply", "-input=false", "-no-color", str(plan))

    def destroy(self) -> None:
        self.run("destroy", "-input=false", "-no-color", "-auto-approve")

    def output_json(self) -> str:
        return self.run("output", "-json", "-no-color", stream=False).stdout

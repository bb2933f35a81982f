"""plan / apply / destroy / outputs for one module, as the commands (and `demo`) run them.

    with open_session(options) as session:       # local AWS if asked, preflight, CLI config
        outcome = plan_module(session, module)   # init, plan -out, show -json, record
        apply_module(session, module)            # only the saved, current, same-account plan

A session is shared by every module of one command; each module gets its own log file.
The preflight (sts:GetCallerIdentity, with botocore's import) runs on a thread while the
first `terraform init` runs, which needs no AWS for a local state; every step that does
(plan, apply, destroy) first waits for it, so a credentials or endpoint problem is still
reported as bodocfg's one line before terraform talks to AWS.

While terraform runs, a watchdog repeats a quick STS call: when AWS stops answering, the
provider would otherwise retry for many minutes (it ignores AWS_MAX_ATTEMPTS), so terraform
is interrupted cleanly and AwsUnreachable (exit 3) is raised within about 20 seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from generator.aws import DEFAULT_TARGET, AwsTarget, Identity, preflight, probe
from generator.backend import BACKEND_FILE, backend_config_args
from generator.errors import TerraformFailed, UsageError
from generator.localaws import local_aws
from generator.terraform import artifacts
from generator.terraform.artifacts import PLAN_FILE, PLAN_JSON, PlanRecord, write_private
from generator.terraform.cliconfig import CliConfig, prepare
from generator.terraform.form import FormValues
from generator.terraform.plan import Plan
from generator.terraform.process import Watchdog, forward_signals
from generator.terraform.runner import DEFAULT_TIMEOUT, Terraform, terraform_env

LOCAL_HELP = (
    "start an embedded local AWS (moto) for this command only; it and everything in it are gone "
    "when the command ends (demos and tests; for plan then apply, run `bodocfg local-aws`)"
)


@dataclass(frozen=True)
class RunOptions:
    local: bool = False
    provider_mirror: str | None = None
    verbose: bool = False
    timeout: float = DEFAULT_TIMEOUT


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--local", action="store_true", help=LOCAL_HELP)
    parser.add_argument(
        "--provider-mirror",
        metavar="DIR",
        help="filesystem mirror holding the AWS provider (default: $BODOCFG_PROVIDER_MIRROR, "
        "else /opt/tf-plugins, ~/.terraform.d/plugins, /usr/share/terraform/plugins, "
        "~/.local/share/terraform/plugins; none found: download from the registry)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="stream terraform's output to stderr")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop a terraform command that runs longer (default {DEFAULT_TIMEOUT:.0f})",
    )


def options_from(args: argparse.Namespace) -> RunOptions:
    return RunOptions(args.local, args.provider_mirror, args.verbose, args.timeout)


def module_dir(text: str) -> Path:
    path = Path(text)
    if not path.is_dir():
        raise UsageError(f"{text}: no such directory")
    if not artifacts.terraform_files(path):
        raise UsageError(f"{text}: not a Terraform module (no .tf or .tf.json files)")
    return path


def _in_background(target: AwsTarget) -> Future[Identity]:
    """The preflight, started on a daemon thread; its result or error lands in the future."""
    future: Future[Identity] = Future()

    def run() -> None:
        try:
            future.set_result(preflight(target))
        except BaseException as error:  # delivered to whoever waits: who() re-raises it
            future.set_exception(error)

    threading.Thread(target=run, name="bodocfg-preflight", daemon=True).start()
    return future


@dataclass(frozen=True)
class Session:
    target: AwsTarget
    preflight: Future[Identity] | None
    """None when the command did not need to ask AWS (outputs from local state)."""
    cli: CliConfig
    options: RunOptions

    def who(self) -> Identity:
        """Who we are in AWS; waits for the preflight and raises its error (exit 3) if it failed."""
        assert self.preflight is not None, "this session skipped the AWS preflight"
        return self.preflight.result()

    @contextlib.contextmanager
    def terraform(self, module: Path) -> Iterator[Terraform]:
        """A Terraform for `module`, logging to <module>/bodocfg.log (owner-only, appended)."""
        path = module / artifacts.LOG_FILE
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, artifacts.PRIVATE)
        with os.fdopen(fd, "a", encoding="utf-8") as log:
            yield Terraform(
                module=module,
                env=terraform_env(self.target, self.cli),
                cli=self.cli,
                log=log,
                echo=sys.stderr if self.options.verbose else None,
                watchdog=Watchdog(probe(self.target)) if self.preflight is not None else None,
                timeout=self.options.timeout,
                log_path=path,
            )


@contextlib.contextmanager
def open_session(
    options: RunOptions, target: AwsTarget | None = None, *, check_aws: bool = True
) -> Iterator[Session]:
    """Signals forwarded, the local AWS started (with --local), credentials checked, CLI config written."""
    with forward_signals(), contextlib.ExitStack() as stack:
        if target is None:
            target = stack.enter_context(local_aws()).target if options.local else DEFAULT_TARGET
        checking = _in_background(target) if check_aws else None
        yield Session(target, checking, prepare(options.provider_mirror), options)


def _ensure_init(tf: Terraform, module: Path, session: Session, *, always: bool = False) -> None:
    """`terraform init` when needed; then, for a session that talks to AWS, the preflight's verdict.

    A local state needs no AWS at init, so init overlaps the preflight; a remote state
    (`backend.tf`) makes init talk to AWS, so it waits for the preflight first. Should init
    fail while the preflight failed too, the preflight's one line says why better.
    """
    checks_aws = session.preflight is not None
    if checks_aws and (module / BACKEND_FILE).is_file():
        session.who()
    if always or not (module / ".terraform").is_dir():
        try:
            tf.init(*backend_config_args(module))
        except TerraformFailed:
            if checks_aws:
                session.who()
            raise
    if checks_aws:
        session.who()


@dataclass(frozen=True)
class PlanOutcome:
    module: Path
    plan: Plan

    @property
    def has_changes(self) -> bool:
        return self.plan.has_changes

    def summary(self) -> str:
        add, change, destroy = self.plan.counts()
        head = f"{self.module}: {add} to add, {change} to change, {destroy} to destroy"
        if not self.has_changes:
            head = f"{self.module}: no changes"
        lines = [head] + [f"  {c.symbol} {c.address}" for c in self.plan.pending()]
        lines.append(f"  saved: {self.module / PLAN_FILE}, {self.module / PLAN_JSON}")
        return "\n".join(lines) + "\n"


def plan_module(session: Session, module: Path, *, destroy: bool = False) -> PlanOutcome:
    """init, plan -out (saved atomically, 0600), show -json (0600), and the plan's record."""
    (module / artifacts.RECORD_FILE).unlink(missing_ok=True)  # no record ever vouches for an older plan
    final = module / PLAN_FILE
    temp = module / f".{PLAN_FILE}.{os.getpid()}.tmp"
    with session.terraform(module) as tf:
        _ensure_init(tf, module, session, always=True)
        try:
            tf.plan(temp.resolve(), destroy=destroy)
            temp.chmod(artifacts.PRIVATE)
            temp.replace(final)
        finally:
            temp.unlink(missing_ok=True)
        text = tf.show_json(final.resolve())
    plan = Plan.parse(text, str(module / PLAN_JSON))
    write_private(module / PLAN_JSON, text.encode("utf-8"))
    PlanRecord.make(module, final, session.who()).write(module)
    return PlanOutcome(module, plan)


def apply_module(session: Session, module: Path) -> None:
    """Apply the saved plan if it is current and for this account; then it is spent."""
    plan = artifacts.check_saved_plan(module, session.who())
    with session.terraform(module) as tf:
        _ensure_init(tf, module, session)
        tf.apply(plan.resolve())
    artifacts.discard_saved_plan(module)


def destroy_module(session: Session, module: Path) -> None:
    with session.terraform(module) as tf:
        _ensure_init(tf, module, session, always=True)
        tf.destroy()
    artifacts.discard_saved_plan(module)


def read_outputs(session: Session, module: Path) -> FormValues:
    with session.terraform(module) as tf:
        _ensure_init(tf, module, session)
        return FormValues.from_output_json(tf.output_json(), module)


def write_line(text: str, stream: TextIO | None = None) -> None:
    (stream or sys.stdout).write(text)
    (stream or sys.stdout).flush()

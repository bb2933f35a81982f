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
from collections.abc import Collection, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from generator.aws import DEFAULT_TARGET, AwsTarget, Identity, preflight, probe
from generator.backend import BACKEND_FILE, backend_config_args
from generator.delivery import module_warnings, unconfirmed_recreations
from generator.delivery.planned import LABEL as UNCONFIRMED
from generator.delivery.planned import only_unconfirmed
from generator.errors import AdoptionRefused, CheckFailed, TerraformFailed, UsageError
from generator.guard import ALLOW_FLAG, NO_ALLOWANCES, Allowances, Hazard, hazards, stale_module
from generator.localaws import local_aws
from generator.offboard import lift_protections, protections, refuse_unnamed, state_resources
from generator.terraform import artifacts, initstamp
from generator.terraform.artifacts import PLAN_FILE, PLAN_JSON, PlanRecord, write_private
from generator.terraform.cliconfig import CliConfig, prepare
from generator.terraform.form import FormValues
from generator.terraform.plan import Plan
from generator.terraform.process import Watchdog, forward_signals
from generator.terraform.runner import DEFAULT_TIMEOUT, Terraform, terraform_env
from generator.vcpu.notes import alarm_notes

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
    allowed: Allowances = NO_ALLOWANCES
    """Replacements, deletions and orphans the operator allowed by address (plan only)."""
    hand_edits: bool = False
    """Plan or apply a module that no longer matches its spec."""


def add_run_arguments(parser: argparse.ArgumentParser, *, local: bool = False) -> None:
    """The flags every terraform-running command takes; `--local` only where one command's
    private, empty AWS makes sense (plan: see what a module would create), never where the
    resources must already exist (apply, destroy, outputs)."""
    if local:
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


def add_guard_arguments(parser: argparse.ArgumentParser, *, plan: bool) -> None:
    """The flags that let an operator past a guard (generator/guard), each naming what it allows."""
    parser.add_argument(
        ALLOW_FLAG,
        dest="hand_edits",
        action="store_true",
        help="use the module as it is on disk even when it no longer matches its spec "
        "(by default refused: the files and the `bodocfg render` command to run are named)",
    )
    if not plan:
        return
    parser.add_argument(
        "--allow-replace",
        action="append",
        default=[],
        metavar="ADDRESS",
        help="let the plan replace or delete this data-bearing resource (bucket, lock table, role, "
        "role policy), e.g. aws_s3_bucket.state; repeat for each",
    )
    parser.add_argument(
        "--allow-orphan",
        action="append",
        default=[],
        metavar="ADDRESS",
        help="let this resource leave the state and stay behind in the account unmanaged "
        "(e.g. after a region change); repeat for each",
    )


def options_from(args: argparse.Namespace) -> RunOptions:
    allowed = Allowances(
        replace=frozenset(getattr(args, "allow_replace", ())),
        orphan=frozenset(getattr(args, "allow_orphan", ())),
    )
    return RunOptions(
        getattr(args, "local", False),
        args.provider_mirror,
        args.verbose,
        args.timeout,
        allowed,
        getattr(args, "hand_edits", False),
    )


def refuse_stale(module: Path, options: RunOptions) -> None:
    """CheckFailed when the module no longer matches its spec (unless hand edits are allowed)."""
    if options.hand_edits:
        return
    stale = stale_module(module)
    if stale is not None:
        raise CheckFailed(stale.message())


def module_dir(text: str) -> Path:
    """A rendered module directory, or UsageError saying what `text` is instead."""
    path = Path(text)
    if path.is_file() and path.suffix in (".yaml", ".yml"):
        raise UsageError(
            f"{text}: a spec, not a module directory; run `bodocfg render {text}` and give its "
            "module (modules/<customer>)"
        )
    if path.exists() and not path.is_dir():
        raise UsageError(f"{text}: a file, not a module directory (expected modules/<customer>)")
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

    `always` (plan, destroy) runs init unless the last one succeeded with the same inputs
    (see `initstamp`); otherwise init runs only when the module has no `.terraform` yet.

    A local state needs no AWS at init, so init overlaps the preflight; a remote state
    (`backend.tf`) makes init talk to AWS, so it waits for the preflight first. Should init
    fail while the preflight failed too, the preflight's one line says why better.
    """
    checks_aws = session.preflight is not None
    backend = backend_config_args(module)
    digest = initstamp.init_digest(module, backend, session.cli.path, tf.binary)
    needed = not (module / ".terraform").is_dir() or (always and not initstamp.is_current(module, digest))
    if needed:
        if checks_aws and (module / BACKEND_FILE).is_file():
            session.who()
        initstamp.forget(module)
        try:
            tf.init(*backend)
        except TerraformFailed:
            if checks_aws:
                session.who()
            raise
        # The lock file is part of the inputs, as init left it.
        initstamp.record(module, initstamp.init_digest(module, backend, session.cli.path, tf.binary))
    if checks_aws:
        session.who()


@dataclass(frozen=True)
class PlanOutcome:
    module: Path
    plan: Plan
    hazards: tuple[Hazard, ...] = ()
    """Refused changes: with any, no plan was saved to apply (`refused` is True)."""
    warnings: tuple[str, ...] = ()
    """What the plan cannot show but AWS can: e.g. an existing alarm topic that cannot deliver."""

    @property
    def has_changes(self) -> bool:
        return self.plan.has_changes

    @property
    def refused(self) -> bool:
        return bool(self.hazards)

    def drifted(self, *, allow_unconfirmed: bool = False) -> bool:
        """Changes pending; with `allow_unconfirmed`, not when they only re-create e-mail
        subscriptions SNS deleted unconfirmed (a person has not clicked a link: not drift)."""
        return self.has_changes and not (allow_unconfirmed and only_unconfirmed(self.plan))

    def summary(self) -> str:
        add, change, destroy = self.plan.counts()
        imports = self.plan.imports()
        head = f"{self.module}: {add} to add, {change} to change, {destroy} to destroy"
        if imports:
            head = f"{self.module}: {len(imports)} to import, " + head.removeprefix(f"{self.module}: ")
        if not self.has_changes:
            head = f"{self.module}: no changes"
        recreated = unconfirmed_recreations(self.plan)
        shown = sorted(
            {c.address: c for c in [*self.plan.pending(), *imports]}.values(), key=lambda c: c.address
        )
        lines = [head] + [
            f"  {c.symbol} {c.address}"
            + (f" ({UNCONFIRMED})" if c.address in recreated else "")
            + (f" (import {c.importing!r})" if c.importing is not None else "")
            for c in shown
        ]
        lines += [f"  {note}" for note in alarm_notes(self.plan)]
        lines += [f"  warning: {warning}" for warning in self.warnings]
        if self.refused:
            count = len(self.hazards)
            lines.append(f"  refused: {count} change(s) would lose data or resources; no plan saved")
            lines.extend(f"  {self.module}: {hazard.line()}" for hazard in self.hazards)
            lines.append(f"  plan JSON (to inspect): {self.module / PLAN_JSON}")
        else:
            lines.append(f"  saved: {self.module / PLAN_FILE}, {self.module / PLAN_JSON}")
        return "\n".join(lines) + "\n"


def plan_module(session: Session, module: Path, *, destroy: bool = False) -> PlanOutcome:
    """init, plan -out, show -json (0600 each), the guard, and the plan's record.

    The module must match its spec first (`refuse_stale`). The saved plan and its record are
    replaced together at the end: an interrupted or failed re-plan leaves the previous pair
    as it was (or neither), never one without the other. A plan the guard refuses is not
    kept at all (only its JSON, to inspect), so `apply` cannot use it.
    """
    if not destroy:
        refuse_stale(module, session.options)
    temp = module / f".{PLAN_FILE}.{os.getpid()}.tmp"
    unadopted = None if destroy else _unadopted_in_background(session, module)
    with session.terraform(module) as tf:
        _ensure_init(tf, module, session, always=True)
        if unadopted is not None:
            _refuse_unadopted(unadopted.result())
        try:
            tf.plan(temp.resolve(), destroy=destroy)
            temp.chmod(artifacts.PRIVATE)
            text = tf.show_json(temp.resolve())
            plan = Plan.parse(text, str(module / PLAN_JSON))
            found = () if destroy else tuple(hazards(plan, session.options.allowed))
            record = PlanRecord.make(module, temp, session.who())
            write_private(module / PLAN_JSON, text.encode("utf-8"))
            artifacts.replace_saved_plan(module, None if found else (temp, record))
        finally:
            temp.unlink(missing_ok=True)
    return PlanOutcome(
        module, plan, found, () if destroy else tuple(module_warnings(module, session.target, session.who))
    )


def _unadopted_in_background(session: Session, module: Path) -> Future[list[str]]:
    """`adopt.guard.unadopted` on a thread (it overlaps `terraform init`, which needs no AWS)."""
    future: Future[list[str]] = Future()

    def run() -> None:
        try:
            from generator.adopt.guard import unadopted

            future.set_result(unadopted(module, session.target))
        except BaseException as error:  # delivered to whoever waits
            future.set_exception(error)

    threading.Thread(target=run, name="bodocfg-adopt-check", daemon=True).start()
    return future


def _refuse_unadopted(lines: list[str]) -> None:
    """Existing bucket/table/role the module would create again: one line each, pointing to adopt."""
    if lines:
        raise AdoptionRefused(
            "existing resources would be created again; stopped before terraform\n" + "\n".join(lines)
        )


def apply_module(session: Session, module: Path) -> None:
    """Apply the saved plan if it is current, for this account and its module matches its spec."""
    refuse_stale(module, session.options)
    plan = artifacts.check_saved_plan(module, session.who())
    from generator.adopt.guard import unadopted

    _refuse_unadopted(unadopted(module, session.target))
    with session.terraform(module) as tf:
        _ensure_init(tf, module, session)
        tf.apply(plan.resolve())
    artifacts.discard_saved_plan(module)


def destroy_module(
    session: Session, module: Path, *, lift: Collection[str] = (), empty: Collection[str] = ()
) -> None:
    """Offboard: check what protects the module's table and bucket first (nothing is destroyed
    unless the operator named each protection: generator/offboard), lift the named ones, then
    `terraform destroy`, and make sure the state is empty afterwards."""
    with session.terraform(module) as tf:
        _ensure_init(tf, module, session, always=True)
        resources = state_resources(tf.show_state_json())
        found = protections(resources, session.target)
        refuse_unnamed(found, resources, module, lift, empty)
        for line in lift_protections(found, session.target):
            write_line(f"{module}: {line}\n", sys.stderr)
        tf.destroy()
        left = state_resources(tf.show_state_json())
    artifacts.discard_saved_plan(module)
    if left:
        names = ", ".join(r.address for r in left)
        raise TerraformFailed(f"{module}: destroy left {names} in the state; run the same command again")


def read_outputs(session: Session, module: Path) -> FormValues:
    with session.terraform(module) as tf:
        _ensure_init(tf, module, session)
        return FormValues.from_output_json(tf.output_json(), module)


def write_line(text: str, stream: TextIO | None = None) -> None:
    (stream or sys.stdout).write(text)
    (stream or sys.stdout).flush()

"""`bodocfg verify` over many specs: N customers at a time, one `VerifyReport` at the end.

One sts:GetCallerIdentity first (no credentials or no AWS: exit 3 before anything else);
then each spec is loaded and its account read back on its own thread (boto3 calls, I/O
bound). An invalid spec or a failed read is that customer's result (exit 1 or 3), never
the others'; errors and tracebacks go to a log per spec under the bodocfg cache.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from generator import __version__
from generator.aws import AwsTarget, Identity, preflight
from generator.delivery import Kind
from generator.errors import ExitCode
from generator.fleet.parallel import Outcome, Work, run_all
from generator.output.verification import CustomerVerification, VerifyReport
from generator.spec import load_spec
from generator.terraform.cliconfig import cache_dir
from generator.verify import verify


def log_dir() -> Path:
    """Where each spec's verify log goes (errors and internal tracebacks, never to the terminal)."""
    return cache_dir() / "verify-logs"


def _work(target: AwsTarget, identity: Identity, allow_unconfirmed: bool) -> Work[Path, CustomerVerification]:
    def work(path: Path, log: TextIO) -> tuple[int, CustomerVerification]:
        spec = load_spec(path)
        differences = tuple(verify(spec, target, identity))
        for difference in differences:
            log.write(f"{path}: {spec.customer}: {difference}\n")
        counted = [d for d in differences if not (allow_unconfirmed and d.kind is Kind.PENDING_CONFIRMATION)]
        code = ExitCode.FAILED if counted else ExitCode.OK
        return int(code), CustomerVerification(str(path), spec.customer, differences, None, int(code))

    return work


def _result(path: Path, outcome: Outcome[CustomerVerification]) -> CustomerVerification:
    if outcome.value is not None:
        return outcome.value
    error = outcome.error or f"failed (exit {outcome.exit_code})"
    if outcome.exit_code == ExitCode.INTERNAL:
        error += f" (details in {outcome.log}; please report)"
    return CustomerVerification(str(path), None, (), error, outcome.exit_code)


def verify_fleet(
    paths: Sequence[Path], target: AwsTarget, *, jobs: int, allow_unconfirmed: bool = False
) -> VerifyReport:
    """Every spec's account against the spec, `jobs` at a time; results in the order of `paths`.

    `allow_unconfirmed`: e-mail subscriptions waiting for confirmation are reported but do not
    fail the customer (exit 0 when that is all there is).
    """
    identity = preflight(target)
    names = {str(path): path for path in paths}
    logs = log_dir()

    def report(outcome: Outcome[CustomerVerification]) -> None:
        if outcome.value is None:
            print(f"bodocfg: error: {outcome.error}", file=sys.stderr)

    outcomes = run_all(
        list(names.items()),
        _work(target, identity, allow_unconfirmed),
        jobs=jobs,
        logs=lambda name: logs / f"{Path(name).stem}.log",
        description="verify",
        on_outcome=report,
    )
    return VerifyReport(
        tool="bodocfg",
        version=__version__,
        account=identity.account,
        endpoint=identity.endpoint,
        customers=tuple(_result(names[o.name], o) for o in outcomes),
    )

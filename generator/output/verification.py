"""The result of `bodocfg verify`: per customer, the differences between its account and its spec.

The checks (generator/verify.py) return `Difference`s; the verify run (generator/fleet/verify.py)
gathers them per spec into a `VerifyReport`, which the formatters in
`generator.output.verify_formats` turn into text, JSON or Markdown. A customer whose spec is
invalid or whose account could not be read carries its error and exit code instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from generator.delivery import Kind
from generator.errors import ExitCode
from generator.fleet.parallel import worst
from generator.verify import Finding


class Status(StrEnum):
    VERIFIED = "verified"
    """The account is what the spec asks for."""
    DRIFTED = "drifted"
    """At least one difference (or a finding other than a pending confirmation)."""
    PENDING = "pending"
    """Only e-mail subscriptions waiting for a person to confirm them: not drift."""
    ERROR = "error"
    """The spec is invalid or the account could not be read: nothing was compared."""


@dataclass(frozen=True)
class CustomerVerification:
    spec: str
    """The spec file, as the user named it."""
    customer: str | None
    """The spec's `customer`, or None when the spec could not be loaded."""
    differences: tuple[Finding, ...] = ()
    """Every finding; `kind` tells a difference from a delivery finding."""
    error: str | None = None
    exit_code: int = int(ExitCode.OK)

    @property
    def status(self) -> Status:
        if self.error is not None:
            return Status.ERROR
        if not self.differences:
            return Status.VERIFIED
        if all(d.kind is Kind.PENDING_CONFIRMATION for d in self.differences):
            return Status.PENDING
        return Status.DRIFTED

    @property
    def name(self) -> str:
        return self.customer or self.spec


@dataclass(frozen=True)
class VerifyReport:
    tool: str
    version: str
    account: str
    """The account that was read (sts:GetCallerIdentity)."""
    endpoint: str | None
    """AWS_ENDPOINT_URL when a local AWS was read, else None."""
    customers: tuple[CustomerVerification, ...]

    @property
    def exit_code(self) -> int:
        """0 every account matches; 1 a difference or an invalid spec; 3 AWS failed (worst wins)."""
        return worst([customer.exit_code for customer in self.customers])

    @property
    def failed(self) -> bool:
        return self.exit_code != ExitCode.OK

    def count(self, status: Status) -> int:
        return sum(1 for customer in self.customers if customer.status is status)

    @property
    def differences(self) -> int:
        return sum(len(customer.differences) for customer in self.customers)

    def findings(self, kind: Kind) -> int:
        return sum(1 for c in self.customers for d in c.differences if d.kind is kind)

"""Errors bodocfg raises on purpose, and the exit code each one maps to.

The hierarchy::

    BodocfgError                  base; never raised itself
    ├── UsageError                bad arguments or paths on the command line     -> 2
    ├── SpecError                 a customer spec is invalid (carries problems)  -> 1
    ├── ProfileError              the vendor profile or a policy version in it   -> 1
    │                             is malformed or unknown
    ├── CheckFailed               a check found differences: drift, verify,       -> 1
    │   │                         a stale or missing saved plan, lint findings
    │   ├── DiscoveryIncomplete   discover cannot tell a spec field from the account
    │   └── AdoptionRefused       an existing resource cannot be adopted as it is
    └── EnvironmentFailure        the world outside bodocfg failed               -> 3
        ├── AwsUnreachable        endpoint down, DNS, timeouts
        ├── CredentialsMissing    no or invalid AWS credentials
        └── TerraformFailed       terraform missing, or a terraform command failed

`cli.main` is the only place that turns these into exit codes; commands return
`ExitCode` values for their normal outcomes and raise for the rest.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """bodocfg's exit codes. The README's table is written from this enum."""

    OK = 0
    """Everything asked for is valid, clean, applied or verified."""
    FAILED = 1
    """Something is wrong with the input or the result: invalid spec, findings, drift, differences."""
    USAGE = 2
    """The command line itself is wrong (also: `plan --detailed-exitcode` with changes pending)."""
    ENVIRONMENT = 3
    """AWS, credentials or terraform could not do their part."""
    INTERNAL = 4
    """A bug in bodocfg; the traceback is written to a log file, never to the terminal."""
    INTERRUPTED = 130
    """Ctrl-C or SIGTERM; any running terraform was stopped cleanly first."""


class BodocfgError(Exception):
    """Base of every error bodocfg raises on purpose."""

    exit_code: ExitCode = ExitCode.FAILED


class UsageError(BodocfgError):
    exit_code = ExitCode.USAGE


class SpecError(BodocfgError):
    """One or more specs are invalid; the message lists every problem."""

    exit_code = ExitCode.FAILED


class CheckFailed(BodocfgError):
    exit_code = ExitCode.FAILED


class DiscoveryIncomplete(CheckFailed):
    """`discover` cannot determine a spec field from the account; the message names it."""


class AdoptionRefused(CheckFailed):
    """`adopt`, `plan` or `apply` found existing resources that cannot be taken over as they are."""


class EnvironmentFailure(BodocfgError):
    exit_code = ExitCode.ENVIRONMENT


class AwsUnreachable(EnvironmentFailure):
    pass


class CredentialsMissing(EnvironmentFailure):
    pass


class TerraformFailed(EnvironmentFailure):
    pass


class ProfileError(BodocfgError):
    """The vendor profile (or a policy version it names) is missing, malformed or asked for wrongly."""

    exit_code = ExitCode.FAILED

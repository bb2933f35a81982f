"""The `bodocfg` command line: one subcommand, one module in `generator.commands`.

Each command module exposes `register(subparsers)`, which adds its parser and sets
`func` to a function `(argparse.Namespace) -> int`. This module is the only place that
turns exceptions into exit codes.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import importlib
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from generator import __version__
from generator.errors import BodocfgError, ExitCode

COMMANDS: tuple[str, ...] = (
    "validate",
    "render",
    "lint",
    "scan",
    "changed",
    "atlantis",
    "suggest_threshold",
    "review",
    "reference",
    "upgrade",
    "plan",
    "apply",
    "destroy",
    "outputs",
    "local_aws",
    "verify",
    "discover",
    "adopt",
    "demo",
)
"""Modules of `generator.commands`, in --help order. Only the invoked one is imported (a
command's imports, boto3 for example, are not every command's startup cost)."""


def command_module(name: str) -> ModuleType:
    """The module of a COMMANDS entry (`local_aws` is the `local-aws` subcommand)."""
    return importlib.import_module(f"generator.commands.{name}")


def _invoked(argv: Sequence[str]) -> str | None:
    """The COMMANDS entry argv names, "" for a bare --version (no command needed), or None
    (top-level --help, a typo): then every command is loaded."""
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    if first is None and "--version" in argv and not {"-h", "--help"} & set(argv):
        return ""
    name = first.replace("-", "_") if first else None
    return name if name in COMMANDS else None


DESCRIPTION = """\
Turn a short YAML spec per customer into the AWS setup the Bodo Platform needs in that
customer's account (S3 state bucket, DynamoDB lock table, cross-account IAM role with the
Bodo-Platform policy, EC2 vCPU alarm), prove it safe, and apply it.

Typical flow:
  bodocfg validate customers/          check every spec (file:line:col: field: message)
  bodocfg render customers/            write modules/<customer>/ (Terraform)
  bodocfg lint modules/                IAM least-privilege drift vs the Bodo reference policy
  bodocfg scan modules/                checkov over the modules and plans, with Bodo's own checks
"""

EPILOG = """\
exit codes:
  0  ok            1  invalid input, findings, drift or differences
  2  usage error   3  AWS, credentials or terraform failed      130  interrupted

Run `bodocfg COMMAND --help` for a command's options and examples.
"""


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser with every command, or with just `only` (a COMMANDS entry)."""
    parser = argparse.ArgumentParser(
        prog="bodocfg",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"bodocfg {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        if only is None or name == only:
            command_module(name).register(subparsers)
    return parser


def _log_internal_error() -> Path:
    log_dir = Path.home() / ".cache" / "bodocfg"
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / "crash.log"
    with log.open("a", encoding="utf-8") as handle:
        handle.write(traceback.format_exc())
        handle.write("\n")
    return log


def _no_last_collection() -> None:
    """At exit, keep what is still alive out of the interpreter's last cyclic collection.

    That collection walks every object left (boto3's service models, the JSON Schema and Jinja
    machinery) to free nothing the operating system would not: 0.17-0.2 s of `bodocfg plan`'s
    exit here, 0.02 s once they are frozen. Objects are still freed by reference counting,
    and nothing bodocfg writes waits for a collection to be closed or removed.
    """
    atexit.unregister(gc.freeze)  # once, however often main() runs in one process (tests)
    atexit.register(gc.freeze)


def main(argv: Sequence[str] | None = None) -> int:
    _no_last_collection()
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_invoked(arguments))
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exit_:  # argparse: --help (0) or usage error (2)
        return int(exit_.code or 0)
    try:
        return int(args.func(args))
    except BodocfgError as error:
        message = str(error)
        if message:
            print(f"bodocfg: error: {message}", file=sys.stderr)
        return int(error.exit_code)
    except KeyboardInterrupt:
        print("bodocfg: interrupted", file=sys.stderr)
        return int(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        return int(ExitCode.OK)
    except Exception as error:  # the one place a bug is caught
        log = _log_internal_error()
        print(
            f"bodocfg: internal error: {type(error).__name__}: {error} (details in {log}; please report)",
            file=sys.stderr,
        )
        return int(ExitCode.INTERNAL)

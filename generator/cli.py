"""The `bodocfg` command line: one subcommand, one module in `generator.commands`.

Each command module exposes `register(subparsers)`, which adds its parser and sets
`func` to a function `(argparse.Namespace) -> int`. This module is the only place that
turns exceptions into exit codes.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from generator import __version__
from generator.commands import (
    apply,
    atlantis,
    changed,
    destroy,
    lint,
    local_aws,
    outputs,
    plan,
    render,
    review,
    scan,
    suggest_threshold,
    validate,
)
from generator.errors import BodocfgError, ExitCode

COMMANDS: tuple[ModuleType, ...] = (
    validate,
    render,
    lint,
    scan,
    changed,
    atlantis,
    suggest_threshold,
    review,
    plan,
    apply,
    destroy,
    outputs,
    local_aws,
)

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bodocfg",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"bodocfg {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def _log_internal_error() -> Path:
    log_dir = Path.home() / ".cache" / "bodocfg"
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / "crash.log"
    with log.open("a", encoding="utf-8") as handle:
        handle.write(traceback.format_exc())
        handle.write("\n")
    return log


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
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

"""The options and output every findings command shares (`lint`, `scan`)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from generator.errors import ExitCode, UsageError
from generator.output import FORMATTERS, WRITERS
from generator.output.model import Report, RuleMeta, Severity
from generator.output.stream import ReportHead, ReportWriter

_ACCOUNT = re.compile(r"^\d{12}$")


def account_id(value: str) -> str:
    """argparse type: a 12-digit AWS account id."""
    if not _ACCOUNT.match(value):
        raise argparse.ArgumentTypeError(f"{value!r} is not a 12-digit AWS account id")
    return value


def add_report_options(parser: argparse.ArgumentParser, *, fail_on_help: str, account_help: str) -> None:
    """--format, --fail-on, --platform-account and -o, the same for every findings command."""
    parser.add_argument(
        "--format", choices=tuple(FORMATTERS), default="text", help="output format (default: text)"
    )
    parser.add_argument("--fail-on", choices=("error", "warning"), default="error", help=fail_on_help)
    parser.add_argument(
        "--platform-account", action="append", default=[], type=account_id, metavar="ID", help=account_help
    )
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the report here, not stdout")


def write_report(rendered: str, output: Path | None) -> None:
    """The rendered report to stdout, or to `output` (-o FILE)."""
    if output is None:
        sys.stdout.write(rendered)
        return
    try:
        output.write_text(rendered, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"{output}: cannot write the report: {error.strerror or error}") from error


def emit(report: Report, args: argparse.Namespace) -> int:
    """Write the report in the chosen format; the exit code says whether it failed."""
    write_report(FORMATTERS[args.format](report), args.output)
    return int(ExitCode.FAILED if report.failed else ExitCode.OK)


def writer_for(format_name: str, fail_on: Severity, rules: tuple[RuleMeta, ...]) -> ReportWriter:
    """The streaming writer of a `--format`, for a command that hands findings on as it finds them."""
    return WRITERS[format_name](fail_on, rules)


def emit_stream(writer: ReportWriter, head: ReportHead, args: argparse.Namespace) -> int:
    """Write a streamed report (its findings already in `writer`); the exit code says whether it failed."""
    if args.output is None:
        writer.finish(head, sys.stdout)
    else:
        try:
            with args.output.open("w", encoding="utf-8") as out:
                writer.finish(head, out)
        except OSError as error:
            raise UsageError(f"{args.output}: cannot write the report: {error.strerror or error}") from error
    return int(ExitCode.FAILED if writer.tally.failed else ExitCode.OK)

"""`bodocfg local-aws`: run the embedded local AWS (moto) in the foreground and print its environment."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from generator.errors import ExitCode
from generator.localaws import DEFAULT_REGION, LocalAws, local_aws

HELP = "run an embedded local AWS (moto server) until Ctrl-C; prints the environment to export"
DESCRIPTION = """\
Start a moto server on a loopback port and print the `export ...` lines that point the AWS
CLI, boto3 and terraform at it (AWS_ENDPOINT_URL, dummy keys, no instance metadata, the
region). Paste them into another shell, then plan, apply, verify and read outputs there: the
accounts live as long as this command runs, in memory only. Ctrl-C stops it.

Given specs (or customers/), each customer gets its own empty account, as `demo` does (two
customers' default role names would collide in one account): one paste-able line per
customer, with that customer's region.

`plan --local` starts a private one for that single command instead (to see what a module
would create); it is gone when the command ends, so apply, destroy and outputs have no
--local. Use this command for plan-then-apply.
"""
EPILOG = """\
examples:
  bodocfg local-aws                      # in one terminal
  bodocfg local-aws customers/           # ... an account per customer, one line each
  export AWS_ENDPOINT_URL=...            # in another: paste the printed lines
  bodocfg plan modules/acme-analytics && bodocfg apply modules/acme-analytics

exit codes: 0 stopped with Ctrl-C, 2 usage error, 3 the server could not start (port busy)
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "local-aws",
        help=HELP,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "specs", nargs="*", type=Path, metavar="SPEC_OR_DIR", help="give each customer its own account"
    )
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument(
        "--region", default=DEFAULT_REGION, help=f"region to export without specs (default {DEFAULT_REGION})"
    )
    parser.set_defaults(func=run)


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _accounts(aws: LocalAws, paths: list[Path]) -> str:
    """One line per customer: its own account, its region."""
    from generator.commands.render import load_valid_specs

    lines = []
    for number, spec in enumerate(load_valid_specs(paths), start=1):
        alarm = spec.billing_alarm
        target = aws.customer_account(number, alarm.sns_topic_arn if alarm else None)
        account = target.client("sts", spec.region).get_caller_identity()["Account"]
        exports = aws.exports(target, spec.region)
        unset = " ".join(line.split()[1] for line in exports if line.startswith("unset "))
        values = " ".join(line.removeprefix("export ") for line in exports if line.startswith("export "))
        lines.append(f"# {spec.customer}: its own account {account}, region {spec.region}")
        lines.append(f"unset {unset}; export {values}")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    # SIGINT too: a shell starts background jobs with SIGINT ignored, and Python keeps that.
    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with local_aws(args.port) as aws:
            text = (
                _accounts(aws, args.specs)
                if args.specs
                else "\n".join(aws.exports(region=args.region)) + "\n"
            )
            try:  # from the first line printed on, Ctrl-C is how this command ends
                sys.stdout.write("# local AWS running; in another shell:\n" + text)
                sys.stdout.write("# Ctrl-C stops it (and forgets everything in it)\n")
                sys.stdout.flush()
                threading.Event().wait()
            except KeyboardInterrupt:
                print("local AWS stopped", file=sys.stderr)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return int(ExitCode.OK)

"""`bodocfg local-aws`: run the embedded local AWS (moto) in the foreground and print its environment."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from generator.errors import ExitCode
from generator.localaws import local_aws

HELP = "run an embedded local AWS (moto server) until Ctrl-C; prints the environment to export"
DESCRIPTION = """\
Start a moto server on a loopback port and print the `export ...` lines that point the AWS
CLI, boto3 and terraform at it (AWS_ENDPOINT_URL, dummy keys, no instance metadata). Paste
them into another shell, then plan, apply, verify and read outputs there: the account lives
as long as this command runs, in memory only. Ctrl-C stops it.

`--local` on plan/apply/destroy/outputs starts a private one for that single command
instead; its resources are gone when the command ends, so a plan made with --local
cannot be applied by a later command. Use this command for plan-then-apply.
"""
EPILOG = """\
examples:
  bodocfg local-aws                      # in one terminal
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
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    parser.set_defaults(func=run)


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    # SIGINT too: a shell starts background jobs with SIGINT ignored, and Python keeps that.
    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with local_aws(args.port) as aws:
            sys.stdout.write("# local AWS running; in another shell:\n")
            sys.stdout.write("\n".join(aws.exports()) + "\n")
            sys.stdout.write("# Ctrl-C stops it (and forgets everything in it)\n")
            sys.stdout.flush()
            try:
                threading.Event().wait()
            except KeyboardInterrupt:
                print("local AWS stopped", file=sys.stderr)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return int(ExitCode.OK)

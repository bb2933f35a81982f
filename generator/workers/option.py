"""`-j/--jobs N|auto` for commands whose work `ordered_map` spreads over worker processes."""

from __future__ import annotations

import argparse

from generator.workers.pool import MIN_PARALLEL


def _jobs(text: str) -> int | None:
    if text == "auto":
        return None
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is neither a positive number of processes nor 'auto'")
    return int(text)


def add_workers_option(parser: argparse.ArgumentParser, inputs: str) -> None:
    """`-j/--jobs`: N processes, or `auto` (the default; `inputs` names what is counted)."""
    parser.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N|auto",
        help=f"processes to work in: this one and N-1 forked workers (default auto: one per CPU "
        f"once there are {MIN_PARALLEL} {inputs}, else 1); the output is the same whatever N is",
    )

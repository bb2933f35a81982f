"""Run checkov once over a workspace, offline, and read its JSON report.

Offline means: `--skip-download` (no Prisma Cloud metadata, policies or suppressions), no API
key in the environment (so no platform integration at all), `CKV_SKIP_PACKAGE_UPDATE_CHECK`
(checkov otherwise asks PyPI for a newer version when it prints its banner) and
`BC_SKIP_MAPPING` (no check-id mapping download). External Terraform modules are never
downloaded (checkov's default). `--soft-fail` makes checkov exit 0 with failed checks, so any
other exit code is checkov itself failing.

Speed (one run must cover a fleet): `--compact` leaves code blocks out of the report (bodocfg
points at file and line itself), and `CHECKOV_ENABLE_FOREACH_HANDLING=False` makes checkov check
a `for_each` resource once, as written, instead of once per instance; in a rendered module the
only `for_each` is the alarm topic's email subscriptions, which no check reads, and expanding
them cost about a fifth of a 100-customer scan.

Two more costs grow with the fleet and buy us nothing, so a short launcher (`_LAUNCHER`) runs
checkov's own script in checkov's own interpreter with them removed:
- checkov logs every DEBUG record of the run into an in-memory buffer it uploads to its
  platform (`checkov.logging_init.log_stream`), formatting ~270 records per customer. The
  launcher detaches that buffer and lets the root logger drop DEBUG, before checkov starts;
  messages at `LOG_LEVEL` still reach stderr.
- With `--output-file-path DIR`, checkov also prints the whole JSON report (mostly passed
  checks, ~57 KB per customer) to stdout through colorama. The per-format form checkov
  documents, `--output-file-path FILE,` (one path per `--output`, comma-separated), writes the
  report only to FILE.
Both cut a 100-customer scan by about a tenth (bench/scan_bench.py). A checkov that is not a
Python script (a binary, a shell wrapper) is run as it is.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.scan.locate import CheckovUnavailable
from generator.scan.records import CheckovReport, parse_report

TIMEOUT_SECONDS = 900.0
_OFFLINE_ENV = {
    "CKV_SKIP_PACKAGE_UPDATE_CHECK": "true",
    "BC_SKIP_MAPPING": "TRUE",
    "LOG_LEVEL": "WARNING",
    "CHECKOV_ENABLE_FOREACH_HANDLING": "False",
    "PYTHONWARNINGS": "ignore",
}
_PLATFORM_ENV = ("BC_API_KEY", "PRISMA_API_URL", "BC_API_URL", "CKV_API_KEY")
_LOAD_ERROR = "Cannot load external check"
REPORT_FILE = "results_json.json"
_LAUNCHER = """\
import logging, runpy, sys
try:
    import checkov.logging_init as init
except ImportError:
    pass
else:
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "stream", None) is init.log_stream:
            root.removeHandler(handler)
    root.setLevel(init.LOG_LEVEL)
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


@dataclass(frozen=True)
class Invocation:
    argv: tuple[str, ...]
    env: Mapping[str, str]


def python_of(script: Path) -> str | None:
    """The interpreter named by a Python script's `#!` line (`#!/usr/bin/env python3` too), else None."""
    try:
        with script.open("rb") as handle:
            first = handle.readline(4096).decode("utf-8", "replace")
    except OSError:
        return None
    if not first.startswith("#!"):
        return None
    try:
        words = shlex.split(first[2:])
    except ValueError:
        return None
    if len(words) == 2 and Path(words[0]).name == "env":
        words = words[1:]
    if len(words) == 1 and Path(words[0]).name.startswith("python"):
        return words[0]
    return None


def invocation(
    checkov: Path, root: Path, checks: Path, output: Path, extra_env: Mapping[str, str]
) -> Invocation:
    python = python_of(checkov)
    launcher = (python, "-c", _LAUNCHER) if python else ()
    argv = (
        *launcher,
        str(checkov),
        "--directory",
        str(root),
        "--framework",
        "terraform",
        "terraform_plan",
        "--external-checks-dir",
        str(checks),
        "--skip-download",
        "--soft-fail",
        "--compact",
        "--output",
        "json",
        "--output-file-path",
        f"{output / REPORT_FILE},",
    )
    env = {key: value for key, value in os.environ.items() if key not in _PLATFORM_ENV}
    env.update(_OFFLINE_ENV)
    env.update(extra_env)
    return Invocation(argv, env)


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no output"


def run_checkov(
    checkov: Path,
    root: Path,
    checks: Path,
    extra_env: Mapping[str, str],
    timeout: float = TIMEOUT_SECONDS,
) -> CheckovReport:
    """One checkov process over `root`; raises `CheckovUnavailable` if it cannot do its part."""
    with tempfile.TemporaryDirectory(prefix="bodocfg-checkov-out-") as out:
        output = Path(out)
        call = invocation(checkov, root, checks, output, extra_env)
        try:
            done = subprocess.run(
                call.argv, env=dict(call.env), capture_output=True, text=True, timeout=timeout, check=False
            )
        except FileNotFoundError as error:
            raise CheckovUnavailable(
                f"cannot run {checkov}: {error.strerror}; run `make checkov-venv`"
            ) from error
        except subprocess.TimeoutExpired as error:
            raise CheckovUnavailable(f"checkov did not finish within {timeout:.0f}s ({checkov})") from error
        if done.returncode != 0:
            raise CheckovUnavailable(
                f"checkov failed (exit {done.returncode}): {_last_line(done.stderr or done.stdout)}; "
                "if it is broken, reinstall it with `make checkov-venv`"
            )
        if _LOAD_ERROR in done.stderr:
            line = next(line for line in done.stderr.splitlines() if _LOAD_ERROR in line)
            raise CheckovUnavailable(f"checkov could not load bodocfg's checks: {line.strip()}")
        report_file = output / REPORT_FILE
        if not report_file.is_file():
            raise CheckovUnavailable(f"checkov wrote no report ({_last_line(done.stderr or done.stdout)})")
        return parse_report(report_file.read_text(encoding="utf-8"))

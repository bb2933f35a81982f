"""How bodocfg starts checkov: the interpreter read from the script, and the launcher's trimming.

The launcher runs checkov's own script after detaching checkov's in-memory DEBUG log
(`checkov.logging_init.log_stream`). Here a stand-in `checkov` package with the same logging set-up
shows that records below LOG_LEVEL are no longer formatted into that buffer, that warnings still
reach stderr, and that the script's arguments and exit code pass through unchanged.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.scan.runner import invocation, python_of

LOGGING_INIT = """\
import logging, os
from io import StringIO
LOG_LEVEL = os.getenv("LOG_LEVEL", "WARNING").upper()
logging.basicConfig(level=LOG_LEVEL)
root_logger = logging.getLogger()
root_logger.setLevel(logging.DEBUG)
log_stream = StringIO()
handler = logging.StreamHandler(stream=log_stream)
handler.setLevel(logging.DEBUG)
root_logger.addHandler(handler)
"""

SCRIPT = """\
import logging, sys
import checkov.logging_init as init
logging.debug("a debug record")
logging.warning("a warning")
print("buffer=" + repr(init.log_stream.getvalue()))
print("argv=" + " ".join(sys.argv[1:]))
sys.exit(7)
"""


def _script(path: Path, shebang: str) -> Path:
    path.write_text(shebang + "\n" + SCRIPT, encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.mark.parametrize(
    ("shebang", "python"),
    [
        ("#!/opt/venv/bin/python", "/opt/venv/bin/python"),
        ("#!/opt/venv/bin/python3.11", "/opt/venv/bin/python3.11"),
        ("#!/usr/bin/env python3", "python3"),
        ("#!/bin/sh", None),
        ("#!/usr/bin/env bash", None),
        ("#!/opt/venv/bin/python -E", None),
        ("\x7fELF", None),
    ],
)
def test_the_interpreter_comes_from_a_python_shebang_only(
    tmp_path: Path, shebang: str, python: str | None
) -> None:
    assert python_of(_script(tmp_path / "checkov", shebang)) == python


def test_a_missing_script_has_no_interpreter(tmp_path: Path) -> None:
    assert python_of(tmp_path / "absent") is None


def test_the_launcher_detaches_the_debug_buffer_and_passes_everything_else_through(tmp_path: Path) -> None:
    package = tmp_path / "site" / "checkov"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "logging_init.py").write_text(LOGGING_INIT, encoding="utf-8")
    script = _script(tmp_path / "checkov", f"#!{sys.executable}")
    call = invocation(script, tmp_path / "root", tmp_path / "checks", tmp_path / "out", {})
    assert call.argv[:2] == (sys.executable, "-c") and call.argv[3] == str(script)
    assert (
        call.argv[call.argv.index("--output-file-path") + 1] == f"{tmp_path / 'out' / 'results_json.json'},"
    )

    env = {**call.env, "PYTHONPATH": str(package.parent), "LOG_LEVEL": "WARNING"}
    done = subprocess.run(call.argv, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 7
    assert "buffer=''" in done.stdout, "DEBUG records no longer fill checkov's upload buffer"
    assert f"argv=--directory {tmp_path / 'root'} --framework" in done.stdout
    assert "a warning" in done.stderr and "a debug record" not in done.stderr

    # without the launcher the stand-in behaves as checkov does: the buffer holds every record
    direct = subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, check=False
    )
    assert "a debug record" in direct.stdout and "a warning" in direct.stdout


def test_a_checkov_that_is_not_a_python_script_runs_as_it_is(tmp_path: Path) -> None:
    script = _script(tmp_path / "checkov", "#!/bin/sh")
    call = invocation(script, tmp_path / "root", tmp_path / "checks", tmp_path / "out", {})
    assert call.argv[0] == str(script)

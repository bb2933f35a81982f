"""Which checkov to run: `$BODOCFG_CHECKOV`, else the project's `.venv-checkov`, else `PATH`.

checkov lives in a virtualenv of its own (`make checkov-venv`) because its pins clash with ours.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from generator.errors import EnvironmentFailure
from generator.resources import data_path

ENV_VAR = "BODOCFG_CHECKOV"
VENV = ".venv-checkov"
INSTALL_HINT = "run `make checkov-venv` (or set BODOCFG_CHECKOV to a checkov executable)"


class CheckovUnavailable(EnvironmentFailure):
    """checkov is missing, or it crashed or timed out: exit code 3."""


def _venv_candidates() -> list[Path]:
    """The repository's own `.venv-checkov` first, then one in the working directory."""
    roots = dict.fromkeys([data_path().resolve(), Path.cwd().resolve()])
    return [root / VENV / "bin" / "checkov" for root in roots]


def find_checkov() -> Path:
    override = os.environ.get(ENV_VAR)
    if override:
        path = Path(override)
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise CheckovUnavailable(f"{ENV_VAR}={override} is not an executable file; {INSTALL_HINT}")
        return path
    for candidate in _venv_candidates():
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    on_path = shutil.which("checkov")
    if on_path:
        return Path(on_path)
    raise CheckovUnavailable(f"checkov not found (no {VENV}/bin/checkov, none on PATH): {INSTALL_HINT}")


def checks_dir() -> Path:
    """bodocfg's own checkov checks (the repository's `checks/checkov/`)."""
    path = data_path("checks", "checkov")
    if not (path / "__init__.py").is_file():
        raise CheckovUnavailable(f"bodocfg's checkov checks are missing: {path}")
    return path

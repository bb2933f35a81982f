"""A scratch git repository holding specs, rendered modules and a templates/ directory."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "customers"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def fleet_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """customers/ (the three examples), modules/ rendered from them, templates/; one commit."""
    (tmp_path / "customers").mkdir()
    for spec in EXAMPLES.glob("*.yaml"):
        shutil.copy(spec, tmp_path / "customers" / spec.name)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "bucket.tf.j2").write_text("# template\n")
    monkeypatch.chdir(tmp_path)
    assert main(["render", "customers", "--out", "modules"]) == 0
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "initial")
    return tmp_path

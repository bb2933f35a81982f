"""Fixtures for the run-side tests: a copy of the small fixture module with unique names."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
_serial = itertools.count()


def make_module(into: Path, fixture: str = "basic") -> Path:
    """Copy fixtures/<fixture> to `into`, naming its resources uniquely for this worker's local AWS."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"t{worker}-{os.getpid()}-{next(_serial)}"
    into.mkdir(parents=True, exist_ok=True)
    for source in (FIXTURES / fixture).iterdir():
        (into / source.name).write_text(source.read_text().replace("__NAME__", name))
    return into


@pytest.fixture
def module(tmp_path: Path) -> Path:
    return make_module(tmp_path / "module")

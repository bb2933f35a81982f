"""Fixtures for the run-side tests: a copy of the small fixture module with unique names."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

from generator.aws import AwsTarget
from generator.localaws import LocalAws

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


_accounts = itertools.count(1)


def fresh_account(aws: LocalAws, monkeypatch: pytest.MonkeyPatch) -> AwsTarget:
    """A new, empty account in the worker's local AWS; the process environment points at it."""
    target = aws.account(f"{900_000_000_000 + os.getpid() % 10_000 * 1000 + next(_accounts):012d}")
    for name, value in target.overrides.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    return target

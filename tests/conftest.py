"""Shared fixtures. Area-specific fixtures live in each test folder's conftest."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.localaws import LocalAws, local_aws

REPO = Path(__file__).resolve().parent.parent
CUSTOMERS = REPO / "customers"


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session", autouse=True)
def no_user_profile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test (and every bodocfg it starts) sees only the package's vendor profile, never the
    developer's own `~/.config/bodocfg`: the user profile directory is an empty one of the run's."""
    empty = tmp_path_factory.mktemp("user-profile")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BODOCFG_PROFILE_DIR", str(empty))
        yield empty


_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@pytest.fixture(scope="session", autouse=True)
def first_signal_handlers() -> dict[int, object]:
    """The SIGINT and SIGTERM handlers this worker process started with."""
    return {number: signal.getsignal(number) for number in _SIGNALS}


@pytest.fixture(autouse=True)
def signal_handlers_put_back(first_signal_handlers: dict[int, object]) -> Iterator[None]:
    """No test, and no fixture of any scope, leaves a handler of bodocfg's in place: a session
    fixture that held `open_session` (whose SIGINT handler stops terraform) ran every later test
    of its worker under that handler, and a Ctrl-C test failed only there (CI, 2026-12-07)."""

    def check(when: str) -> None:
        left = [
            f"{signal.Signals(number).name}: {signal.getsignal(number)!r}"
            for number, first in first_signal_handlers.items()
            if signal.getsignal(number) is not first
        ]
        if left:
            pytest.fail(f"a signal handler left in place {when} this test: {'; '.join(left)}")

    check("before")
    yield
    check("after")


# --- the local AWS and terraform (tests/terraform, and any test that plans or applies) ---------------
# One moto server per xdist worker (session scope = per worker process), on its own free port;
# one terraform plugin cache shared by every worker (bodocfg serialises cache writes).


@pytest.fixture(scope="session")
def bodocfg_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """bodocfg's cache directory (CLI config + plugin cache), shared by all workers of this run."""
    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    cache = root / "bodocfg-cache"
    cache.mkdir(exist_ok=True)
    return cache


@pytest.fixture(scope="session")
def local_aws_server() -> Iterator[LocalAws]:
    """This worker's embedded local AWS (moto server on 127.0.0.1, free port)."""
    with local_aws() as aws:
        yield aws


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch, local_aws_server: LocalAws, bodocfg_cache: Path) -> LocalAws:
    """The process environment pointed at this worker's local AWS and the shared bodocfg cache."""
    for name, value in local_aws_server.target.overrides.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    monkeypatch.setenv("BODOCFG_CACHE_DIR", str(bodocfg_cache))
    return local_aws_server


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pid of every child forked while the test runs (so a test of `--jobs 2` cannot pass
    by running everything in one process)."""
    forked: list[int] = []
    real: Callable[[], int] = os.fork

    def counting() -> int:
        pid = real()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counting)
    return forked

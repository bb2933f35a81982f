"""Shared fixtures. Area-specific fixtures live in each test folder's conftest."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CUSTOMERS = REPO / "customers"


@pytest.fixture
def repo() -> Path:
    return REPO

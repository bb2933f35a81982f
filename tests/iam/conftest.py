"""Fixtures for the policy model, catalogue and diff tests."""

from __future__ import annotations

import pytest

from generator.iam.catalogue import Catalogue, default_catalogue


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return default_catalogue()

"""A fixed report (fixture policy + suppressions, fixed date) for the formatter tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.lint.engine import LintOptions, lint_paths
from generator.lint.suppressions import load_suppressions
from generator.output.model import Report

HERE = Path(__file__).resolve().parent


@pytest.fixture
def report(monkeypatch: pytest.MonkeyPatch) -> Report:
    monkeypatch.chdir(HERE)  # relative paths in the report, the same on every machine
    options = LintOptions(
        suppressions=load_suppressions(Path("fixtures/suppressions.yaml")),
        today=date(2026, 6, 1),
    )
    return lint_paths(["fixtures/drift-policy.json"], options)

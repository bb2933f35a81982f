"""Fixtures for the scan tests: checkov itself, and rendering modules from (modified) templates.

Tests marked `checkov` run the real checkov from `.venv-checkov` (`make checkov-venv`, which
`make unit` runs first); each costs one checkov start, ~3-4 s, so each such test scans many
modules in one invocation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

import generator.render as render_module
from generator.output.model import Finding, Report
from generator.render import write_module
from generator.scan import CheckovUnavailable, ScanOptions, scan_paths
from generator.scan.locate import find_checkov
from generator.spec import load_spec

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "templates"
CUSTOMERS = REPO / "customers"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def checkov() -> Path:
    try:
        return find_checkov()
    except CheckovUnavailable as error:
        pytest.fail(f"checkov is not installed: {error}")


def scan(paths: Sequence[Path | str]) -> Report:
    return scan_paths([str(path) for path in paths], ScanOptions())


def failing(report: Report, target: str) -> list[Finding]:
    return [f for f in report.failing if f.target == target]


def failing_ids(report: Report, target: str) -> set[str]:
    return {f.rule_id for f in failing(report, target)}


Renderer = Callable[[str, Path, Path], Path]


@pytest.fixture
def render_with() -> Iterator[Renderer]:
    """render(customer, templates_dir, out_dir): the customer's module from the given templates."""

    original = render_module.data_path

    def render(customer: str, templates: Path, out: Path) -> Path:
        def data_path(*parts: str) -> Path:
            if parts and parts[0] == "templates":
                return templates.joinpath(*parts[1:])
            return original(*parts)

        render_module.environment.cache_clear()
        render_module.data_path = data_path  # type: ignore[assignment]
        try:
            spec = load_spec(CUSTOMERS / f"{customer}.yaml")
            write_module(render_module.render_module(spec, out))
        finally:
            render_module.data_path = original
            render_module.environment.cache_clear()
        return out

    yield render

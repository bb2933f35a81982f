"""Batch writes: results in input order, each module written whole, errors surface."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.render import check_module, render_module, write_modules
from tests.render.conftest import spec_named


def test_results_follow_the_input_order_and_a_rerun_changes_nothing(tmp_path: Path) -> None:
    base = spec_named("full")
    modules = [
        render_module(dataclasses.replace(base, customer=f"c{i:03d}"), tmp_path / f"c{i:03d}")
        for i in range(150)
    ]
    first = list(write_modules(modules))
    assert [drift.directory for drift in first] == [module.directory for module in modules]
    assert all(first) and not any(check_module(module) for module in modules)
    assert not any(write_modules(modules))


def test_a_failing_module_raises_after_the_earlier_results(tmp_path: Path) -> None:
    base = spec_named("minimal")
    (tmp_path / "blocked").write_text("a file where the module directory should be\n")
    names = ["a", "b", "blocked/x", "c"]
    modules = [render_module(dataclasses.replace(base, customer=n), tmp_path / n) for n in names]
    seen = []
    with pytest.raises(OSError):
        for drift in write_modules(modules):
            seen.append(drift.directory.name)
    assert seen == ["a", "b"]
    assert not check_module(modules[0]) and not check_module(modules[1])

"""Golden files: each component's rendered file for a few representative specs.

Regenerate after an intended template change with `make golden`, then review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.render import render_module
from tests.render.conftest import spec_named

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("BODOCFG_REGEN_GOLDEN") == "1"


def test_golden_module(golden_case: str) -> None:
    spec = spec_named(golden_case)
    module = render_module(spec, Path("modules") / spec.customer)
    expected_dir = GOLDEN / golden_case
    if REGENERATE:
        expected_dir.mkdir(parents=True, exist_ok=True)
        for stale in expected_dir.iterdir():
            stale.unlink()
        for name, text in module.files.items():
            (expected_dir / name).write_text(text, encoding="utf-8")
    expected = {path.name: path.read_text(encoding="utf-8") for path in expected_dir.iterdir()}
    assert sorted(module.files) == sorted(expected)
    for name, text in module.files.items():
        assert text == expected[name], f"{golden_case}/{name} differs from its golden file (make golden)"

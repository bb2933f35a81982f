from __future__ import annotations

from pathlib import Path

import pytest

from generator.spec import CustomerSpec, load_spec

SPECS = Path(__file__).parent / "specs"


@pytest.fixture(params=sorted(p.stem for p in SPECS.glob("*.yaml")))
def golden_case(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def spec_named(name: str) -> CustomerSpec:
    return load_spec(SPECS / f"{name}.yaml")

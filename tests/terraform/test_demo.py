"""`bodocfg demo` end to end on the example customers (what `make demo` runs)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.spec import find_specs, load_spec

pytestmark = [pytest.mark.terraform, pytest.mark.aws, pytest.mark.slow]
REPO = Path(__file__).resolve().parents[2]


def test_demo_ends_with_the_form_values_of_every_example(tmp_path: Path, bodocfg_cache: Path) -> None:
    """In its own process, as `make demo` runs it (moto's accounts are per process)."""
    customers = REPO / "customers"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "demo",
            "--customers",
            str(customers),
            "--workdir",
            str(tmp_path),
        ],
        env={**os.environ, "BODOCFG_CACHE_DIR": str(bodocfg_cache), "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    steps = ["validate", "render", "lint", "plan", "apply", "verify", "Cloud Configuration form values"]
    steps.append("adopt a customer set up by hand")
    positions = [out.index(f"== {n}/8 {title}") for n, title in enumerate(steps, start=1)]
    assert positions == sorted(positions)
    forms = out[positions[-2] : positions[-1]]
    for spec in map(load_spec, find_specs([customers])):
        assert f"{spec.customer}: verified" in out
        block = forms[forms.index(f"Cloud Configuration form for {spec.customer}:") :]
        assert f"S3 Bucket Name        {spec.bucket_name}\n" in block
        assert f"Dynamo DB Table Name  {spec.lock_table_name}\n" in block
        assert f":role/{spec.role_name}\n" in block
        assert f"External ID           {spec.external_id}\n" in block
    assert not (REPO / "modules" / "globex" / "terraform.tfstate").exists(), "the repository is untouched"
    adoption = out[positions[-1] :]
    assert "# Discovered by `bodocfg discover` from account " in adoption
    assert (
        "aws_dynamodb_table.lock                                   yes    handmade-co-bodo-lock" in adoption
    )
    assert "handmade-co: verified" in adoption
    assert (
        "handmade-co: still 3 object(s) in handmade-co-bodo-state and 1 lock(s) in handmade-co-bodo-lock; "
        "alarms: handmade-co-bodo-ec2-vcpu-on-demand, handmade-co-bodo-ec2-vcpu-spot\n" in adoption
    )

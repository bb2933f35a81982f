"""`bodocfg demo` end to end on the example customers (what `make demo` runs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.localaws import LocalAws
from generator.spec import find_specs, load_spec

pytestmark = [pytest.mark.terraform, pytest.mark.aws, pytest.mark.slow]
REPO = Path(__file__).resolve().parents[2]


def test_demo_ends_with_the_form_values_of_every_example(
    aws_env: LocalAws, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    customers = REPO / "customers"
    assert main(["demo", "--customers", str(customers), "--workdir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    steps = ["validate", "render", "lint", "plan", "apply", "verify", "Cloud Configuration form values"]
    positions = [out.index(f"== {n}/7 {title}") for n, title in enumerate(steps, start=1)]
    assert positions == sorted(positions)
    forms = out[positions[-1] :]
    for spec in map(load_spec, find_specs([customers])):
        assert f"{spec.customer}: verified" in out
        block = forms[forms.index(f"Cloud Configuration form for {spec.customer}:") :]
        assert f"S3 Bucket Name        {spec.bucket_name}\n" in block
        assert f"Dynamo DB Table Name  {spec.lock_table_name}\n" in block
        assert f":role/{spec.role_name}\n" in block
        assert f"External ID           {spec.external_id}\n" in block
    assert not (REPO / "modules" / "globex" / "terraform.tfstate").exists(), "the repository is untouched"

"""`bodocfg plan` skips a `terraform init` whose inputs are unchanged, and only then."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.localaws import LocalAws
from generator.terraform import Plan
from generator.terraform.artifacts import PLAN_JSON
from generator.terraform.initstamp import STAMP

pytestmark = [pytest.mark.terraform, pytest.mark.aws]


def _inits(module: Path) -> int:
    """How many `terraform init` runs the module's log records."""
    return (module / "bodocfg.log").read_text().count(" terraform init ")


def _plan(module: Path) -> dict[str, Any]:
    """Plan the module; its plan JSON as it compares run to run (no timestamp; terraform lists
    `relevant_attributes` in no fixed order)."""
    assert main(["plan", str(module)]) == 0
    Plan.load(module / PLAN_JSON)
    document: dict[str, Any] = json.loads((module / PLAN_JSON).read_text())
    document.pop("timestamp", None)
    document["relevant_attributes"] = sorted(map(json.dumps, document.get("relevant_attributes", [])))
    return document


def test_second_plan_skips_init_until_an_input_changes(module: Path, aws_env: LocalAws) -> None:
    first = _plan(module)
    assert _inits(module) == 1 and (module / STAMP).is_file()

    again = _plan(module)
    assert _inits(module) == 1, "nothing init depends on changed: no second init"
    assert again == first, "the full plan JSON all the same"

    with (module / "main.tf").open("a") as handle:  # any configuration edit counts
        handle.write("\n# an edit\n")
    _plan(module)
    assert _inits(module) == 2

    lock = module / ".terraform.lock.hcl"
    lock.write_text(lock.read_text() + "\n")  # the lock file as init left it is an input too
    _plan(module)
    assert _inits(module) == 3

    (module / STAMP).unlink()
    _plan(module)
    assert _inits(module) == 4


def test_a_provider_link_gone_brings_init_back(module: Path, aws_env: LocalAws) -> None:
    _plan(module)
    shutil.rmtree(module / ".terraform" / "providers")
    _plan(module)  # would fail ("required plugins are not installed") had init been skipped
    assert _inits(module) == 2


def test_a_failed_init_leaves_no_stamp(module: Path, aws_env: LocalAws) -> None:
    _plan(module)
    (module / "broken.tf").write_text(
        'terraform {\n  required_providers {\n    nope = { source = "x/y/z/w" }\n  }\n}\n'
    )
    assert main(["plan", str(module)]) == 3
    assert not (module / STAMP).exists()
    (module / "broken.tf").unlink()
    _plan(module)
    assert (module / STAMP).is_file()

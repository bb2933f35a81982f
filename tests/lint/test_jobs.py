"""Lint spread over worker processes writes the report one process writes, byte for byte."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.lint.engine import LintOptions, lint_paths
from generator.vendor.profile import profile
from tests.lint.conftest import REPO, allow, policy

ACTIONS = ("s3:GetObject", "s3:ListBucket", "iam:PassRole", "kms:*", "ec2:Describe*", "s3:GetObjet")
RESOURCES = ("*", "arn:aws:s3:::data", "arn:aws:s3:::data/*", "arn:aws:iam::123456789012:role/r")


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """80 targets of every kind: modules, the reference, random policies (valid, drifting,
    invalid), an unreadable file and a directory entry that is not JSON."""
    root = tmp_path_factory.mktemp("many")
    for module in ("acme-analytics", "globex", "initech"):
        shutil.copytree(REPO / "modules" / module, root / module)
    shutil.copy(profile().newest.path, root / "reference.json")
    rng = random.Random(15)
    for number in range(75):
        statements = [
            allow(
                rng.sample(ACTIONS, rng.randint(1, 3)), rng.sample(RESOURCES, rng.randint(1, 2)), Sid=f"S{i}"
            )
            for i in range(rng.randint(1, 6))
        ]
        (root / f"p{number:02d}.json").write_text(json.dumps(policy(*statements), indent=2))
    (root / "broken.json").write_text('{"Version": "2012-10-17", "Statement": [')
    (root / "notes.txt").write_text("not a target")
    return root


def _suppressions(tmp_path: Path) -> Path:
    path = tmp_path / "suppressions.yaml"
    path.write_text(
        "suppressions:\n"
        "  - rule: BDL001\n    target: '*p1*'\n    reason: reviewed\n"
        "  - rule: BDL011\n    target: '*'\n    reason: old\n    expires: 2020-01-01\n"
    )
    return path


@pytest.mark.parametrize("form", ["json", "sarif", "text", "markdown"])
def test_two_workers_write_the_report_one_process_writes(
    many: Path, tmp_path: Path, form: str, capsys: pytest.CaptureFixture[str], forks: list[int]
) -> None:
    suppressions = _suppressions(tmp_path)
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"{jobs}.{form}"
        argv = ["lint", str(many), "--format", form, "-o", str(out), "--suppressions", str(suppressions)]
        assert main([*argv, "--jobs", jobs]) == 1
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 10_000
    assert len(forks) == 1  # --jobs 2: this process and one worker
    capsys.readouterr()


def test_the_report_in_memory_is_the_same_with_workers(many: Path, forks: list[int]) -> None:
    one = lint_paths([str(many)], LintOptions(), jobs=1)
    assert not forks
    two = lint_paths([str(many)], LintOptions(), jobs=2)
    assert len(forks) == 1  # --jobs 2: this process and one worker
    assert one == two
    assert len(one.checked) == 80 and "acme-analytics" in one.checked
    assert {f.rule_id for f in one.findings} >= {"BDL001", "BDL003", "BDL107"}


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_number_or_auto(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(REPO / "modules"), "--jobs", value]) == 2
    assert "--jobs" in capsys.readouterr().err

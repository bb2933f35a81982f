"""`bodocfg plan --jobs`: three customers in parallel against the local AWS, one made to fail.

Real terraform, the real provider (from the mirror) and a moto server (--local); nothing mocked.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.terraform.artifacts import LOG_FILE, PLAN_FILE, PLAN_JSON

pytestmark = [pytest.mark.terraform, pytest.mark.aws]

EXAMPLES = Path(__file__).resolve().parents[2] / "customers"


def tree_size(directory: Path) -> int:
    """Bytes under `directory`, not following symlinks (providers are links into the cache)."""
    total = 0
    for root, _, files in os.walk(directory):
        for name in files:
            total += (Path(root) / name).lstat().st_size
    return total


@pytest.fixture
def fleet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("acme-analytics", "globex", "initech"):
        shutil.copy(EXAMPLES / f"{name}.yaml", tmp_path / f"{name}.yaml")
    monkeypatch.chdir(tmp_path)
    assert main(["render", ".", "--out", "modules"]) == 0
    # initech's module references a variable nobody declared: terraform plan fails on it.
    (tmp_path / "modules" / "initech" / "broken.tf").write_text(
        'resource "aws_s3_bucket" "extra" {\n  bucket = var.missing\n}\n'
    )
    return tmp_path


def test_parallel_plan_one_failing(fleet: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["plan", "modules", "--local", "--jobs", "3", "--summary", "markdown"])
    captured = capsys.readouterr()
    assert code == 3  # the worst result: terraform failed for initech
    modules = fleet / "modules"

    # The two good customers were planned in full despite initech failing.
    for name, count in (("acme-analytics", 17), ("globex", 9)):  # acme: an on-demand and a Spot alarm
        assert (modules / name / PLAN_FILE).is_file()
        document = json.loads((modules / name / PLAN_JSON).read_text())
        planned = {c["address"]: c for c in document["resource_changes"] if c["mode"] == "managed"}
        assert len(planned) == count
        assert planned["aws_s3_bucket.state"]["change"]["after"]["bucket"] == f"{name}-bodo-state"
        assert f"modules/{name}: {count} to add, 0 to change, 0 to destroy" in captured.out
        # One shared plugin cache: the module's .terraform holds links, not a provider copy.
        assert tree_size(modules / name / ".terraform") < 1_000_000

    # The failing one: no plan, its own log says why, stderr and the table name it.
    assert not (modules / "initech" / PLAN_FILE).exists()
    log = (modules / "initech" / LOG_FILE).read_text()
    assert 'An input variable with the name "missing" has not been declared' in log
    assert (modules / "initech" / LOG_FILE).stat().st_mode & 0o077 == 0
    assert "bodocfg: error: terraform plan failed in modules/initech" in captured.err
    table = captured.err[captured.err.index("customer ") :].splitlines()
    assert [line.split()[:2] for line in table[1:4]] == [
        ["acme-analytics", "changes"],
        ["globex", "changes"],
        ["initech", "failed"],
    ]

    # One PR comment holds all three, under the size limit.
    comments = sorted((fleet / "plan-summary").glob("comment-*.md"))
    assert len(comments) == 1
    text = comments[0].read_text()
    assert len(text) <= 65_000
    assert "### `acme-analytics`: **17** to add, **0** to change, **0** to destroy" in text
    assert "### `globex`: **9** to add" in text
    assert "### `initech`: plan failed (exit 3)" in text
    assert "+++ aws_iam_role_policy.bodo_platform.policy (planned)" in text

"""`bodocfg changed --all`: every customer as a CI matrix, for scheduled jobs; no git needed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parents[2]


def test_all_lists_every_customer_outside_a_git_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(REPO / "customers", tmp_path / "customers")
    monkeypatch.chdir(tmp_path)
    assert main(["changed", "--all", "--format", "json"]) == 0
    written = capsys.readouterr()
    assert json.loads(written.out) == {
        "include": [
            {
                "customer": name,
                "spec": f"customers/{name}.yaml",
                "module": f"modules/{name}",
                "reason": "every customer",
            }
            for name in ("acme-analytics", "globex", "initech")
        ]
    }
    assert written.err == "3 customer(s)\n"


def test_all_refuses_an_invalid_spec_and_since_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "customers").mkdir()
    (tmp_path / "customers" / "broken.yaml").write_text("customer: broken\n")
    monkeypatch.chdir(tmp_path)
    assert main(["changed", "--all"]) == 1
    assert "missing required field 'region'" in capsys.readouterr().err
    assert main(["changed", "--all", "--since", "HEAD"]) == 2
    assert "not allowed with argument" in capsys.readouterr().err

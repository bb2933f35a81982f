"""`bodocfg upgrade --to VERSION`: one table; --write changes only the reference lines."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from generator.cli import main
from generator.spec import load_spec
from generator.vendor.profile import profile
from tests.vendor.conftest import write_spec


@pytest.fixture
def fleet(tmp_path: Path) -> Path:
    """Commented specs: two pinned to old versions, one pinned to the newest, one without reference."""
    directory = tmp_path / "customers"
    directory.mkdir()
    write_spec(directory, "alpha", reference="2021-09")
    write_spec(directory, "bravo", reference="2022-09-07")
    write_spec(directory, "charlie", reference=profile().newest.version)
    write_spec(directory, "delta")
    return directory


def _texts(directory: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(directory.iterdir())}


def _changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_the_table_writes_nothing(fleet: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _texts(fleet)
    assert main(["upgrade", "--to", profile().newest.version, str(fleet)]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line for line in out.splitlines()[2:]}
    assert "2021-09 -> 2022-11-15: +12/-9 actions, 3 statement(s) changed" in rows["alpha"]
    assert "2022-09-07 -> 2022-11-15: +6/-1 actions" in rows["bravo"] and "changes" in rows["bravo"]
    assert "up to date" in rows["charlie"]
    assert "changes" in rows["delta"] and "follows the newest; --write pins it" in rows["delta"]
    assert _texts(fleet) == before


def test_write_changes_only_the_reference_lines(fleet: Path, capsys: pytest.CaptureFixture[str]) -> None:
    newest = profile().newest.version
    before = _texts(fleet)
    assert main(["upgrade", "--to", newest, str(fleet), "--write"]) == 0
    after = _texts(fleet)
    assert _changed_lines(before["alpha.yaml"], after["alpha.yaml"]) == [
        '-reference: "2021-09"   # pinned on purpose',
        f'+reference: "{newest}"   # pinned on purpose',
    ]
    assert _changed_lines(before["bravo.yaml"], after["bravo.yaml"]) == [
        '-reference: "2022-09-07"   # pinned on purpose',
        f'+reference: "{newest}"   # pinned on purpose',
    ]
    assert after["charlie.yaml"] == before["charlie.yaml"]
    assert _changed_lines(before["delta.yaml"], after["delta.yaml"]) == [f'+reference: "{newest}"']  # pinned
    assert all(load_spec(fleet / name).reference == newest for name in after)
    assert "3 of 4 spec(s) written" in capsys.readouterr().err


def test_a_spec_without_reference_gets_a_line_after_external_id(fleet: Path) -> None:
    spec = fleet / "delta.yaml"
    before = spec.read_text()
    assert main(["upgrade", "--to", "2022-11-09", str(spec), "--write"]) == 0
    after = spec.read_text()
    assert _changed_lines(before, after) == ['+reference: "2022-11-09"']
    lines = after.splitlines()
    assert lines[lines.index('reference: "2022-11-09"') - 1].startswith("external_id:")
    assert load_spec(spec).reference == "2022-11-09"


def test_an_invalid_spec_stops_everything(fleet: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (fleet / "echo.yaml").write_text("customer: echo\nregion: mars-1\nexternal_id: x-1\n")
    before = _texts(fleet)
    assert main(["upgrade", "--to", profile().newest.version, str(fleet), "--write"]) == 1
    assert "echo.yaml:2:" in capsys.readouterr().err
    assert _texts(fleet) == before


def test_an_unknown_target_is_a_usage_error(fleet: Path) -> None:
    assert main(["upgrade", "--to", "2099-01-01", str(fleet)]) == 2

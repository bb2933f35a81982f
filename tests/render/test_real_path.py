"""The header's spec label resolves paths exactly as os.path.realpath does."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.render import _real_path


def test_real_path_agrees_with_realpath(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "t").mkdir()
    (tmp_path / "a" / "link").symlink_to(tmp_path / "t")
    (tmp_path / "a" / "flink.yaml").symlink_to(tmp_path / "t" / "f.yaml")
    monkeypatch.chdir(tmp_path / "a")
    cases = ["b/x.yaml", "link/../y.yaml", "flink.yaml", "b/..", "b/.", "link", "missing/q", "./b/x"]
    for case in [*cases, str(tmp_path / "a" / "link" / "z")]:
        assert _real_path(Path(case)) == os.path.realpath(case), case

"""The hostile corpus: refused with PATH:LINE, no traceback, nothing written, under a second."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.cli import main
from tests.hostile.corpus import AT_LIMIT, HOSTILE


def write(path: Path, content: str | bytes) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def test_corpus_size() -> None:
    assert len(HOSTILE) >= 60


@pytest.mark.parametrize(("name", "content", "line"), HOSTILE, ids=[case[0] for case in HOSTILE])
@pytest.mark.parametrize("command", ["validate", "render"])
def test_hostile_spec_is_refused(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str | bytes,
    line: int,
    command: str,
) -> None:
    spec = tmp_path / "specs" / f"{name}.yaml"
    spec.parent.mkdir()
    write(spec, content)
    out_dir = tmp_path / "modules"
    argv = [command, str(spec)] + (["--out", str(out_dir)] if command == "render" else [])

    started = time.perf_counter()
    code = main(argv)
    elapsed = time.perf_counter() - started

    out, err = capsys.readouterr()
    text = out + err
    assert code == 1, text
    assert "Traceback" not in text and "internal error" not in text
    assert f"{spec}:{line}:" in text, text[:2000]
    assert "\x1b" not in text and "\u202e" not in text, "no raw control characters reach the terminal"
    assert not out_dir.exists(), "nothing is written"
    assert sorted(p.name for p in tmp_path.rglob("*")) == sorted(["specs", spec.name])
    assert elapsed < 1.0, f"{elapsed:.2f}s"


@pytest.mark.parametrize(("name", "content"), AT_LIMIT, ids=[case[0] for case in AT_LIMIT])
def test_value_at_its_limit_is_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str
) -> None:
    spec = tmp_path / f"{name}.yaml"
    write(spec, content)
    assert main(["validate", str(spec)]) == 0, capsys.readouterr().out

"""Progress only for people at a terminal; the per-customer table always, on stderr."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.fleet.progress import FleetProgress, Row, interactive, print_table

CUSTOMERS = Path(__file__).resolve().parents[2] / "customers"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_interactive_needs_two_terminals_and_no_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert interactive(Terminal(), Terminal())
    assert not interactive(Terminal(), io.StringIO())
    assert not interactive(io.StringIO(), Terminal())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not interactive(Terminal(), Terminal())


def test_progress_draws_on_a_terminal_and_is_silent_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", Terminal())
    monkeypatch.setattr(sys, "stderr", terminal)
    with FleetProgress(3, "render") as progress:
        assert progress.enabled
        for name in ("a", "b", "c"):
            progress.advance(name)
    monkeypatch.setenv("NO_COLOR", "1")
    with FleetProgress(3, "render") as quiet:
        assert not quiet.enabled
        quiet.advance("a")
    assert not FleetProgress(1, "render", enabled=True).enabled  # one customer is not a long run


def test_plain_table_aligns_columns() -> None:
    out = io.StringIO()
    rows = [Row("acme-analytics", "valid", "customers/acme-analytics.yaml"), Row("globex", "invalid", "2")]
    print_table(rows, "validate", stream=out, rich=False)
    assert out.getvalue().splitlines() == [
        "validate",
        "customer        status   detail",
        "acme-analytics  valid    customers/acme-analytics.yaml",
        "globex          invalid  2",
    ]


def test_rich_table_keeps_text_literal() -> None:
    out = io.StringIO()
    print_table([Row("globex", "failed", "[red]not markup[/red]")], "plan", stream=out, rich=True)
    assert "[red]not markup[/red]" in out.getvalue()
    assert "globex" in out.getvalue()


def test_validate_many_specs_prints_a_table_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(CUSTOMERS)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert lines[0] == "validate"
    assert [line.split()[:2] for line in lines[2:5]] == [
        ["acme-analytics", "valid"],
        ["globex", "valid"],
        ["initech", "valid"],
    ]
    assert lines[-1] == "3 spec(s) valid"


def test_render_table_reports_each_module(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "modules"
    assert main(["render", str(CUSTOMERS), "--out", str(out)]) == 0
    first = capsys.readouterr().err
    assert f"globex          written  {out / 'globex'}: 9 file(s)" in first
    assert main(["render", str(CUSTOMERS), "--out", str(out), "--check"]) == 0
    assert f"globex          up to date  {out / 'globex'}" in capsys.readouterr().err

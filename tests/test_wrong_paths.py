"""Every command given the wrong kind of path says what it expected and exits 2 (no AWS involved)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent

CASES = [
    (["validate", "modules"], "modules: a directory of rendered modules, not specs; expected customer specs"),
    (["validate", "modules/globex"], "modules/globex: a rendered module, not specs"),
    (["validate", "README.md"], "README.md: not a spec (.md; specs are *.yaml or *.yml)"),
    (["render", "modules", "--out", "{tmp}/out"], "modules: a directory of rendered modules, not specs"),
    (["verify", "modules/globex"], "modules/globex: a rendered module, not specs"),
    (["changed", "--all", "--specs", "modules"], "modules: a directory of rendered modules, not specs"),
    (["lint", "customers/globex.yaml"], "customers/globex.yaml: a spec; lint reads what render made"),
    (
        ["plan", "customers/globex.yaml"],
        "customers/globex.yaml: a spec, not a module directory; run `bodocfg render",
    ),
    (["apply", "customers/globex.yaml"], "customers/globex.yaml: a spec, not a module directory"),
    (["destroy", "customers/globex.yaml", "--yes"], "customers/globex.yaml: a spec, not a module directory"),
    (["outputs", "customers/globex.yaml"], "customers/globex.yaml: a spec, not a module directory"),
    (["plan", "README.md"], "README.md: a file, not a module directory (expected modules/<customer>)"),
    (["scan", "customers/globex.yaml"], "customers/globex.yaml: not a directory (give a rendered module"),
]


@pytest.mark.parametrize(("argv", "message"), CASES, ids=[" ".join(argv[:2]) for argv, _ in CASES])
def test_wrong_kind_of_path_is_a_usage_error_naming_what_was_expected(
    argv: list[str],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(REPO)
    assert main([part.replace("{tmp}", str(tmp_path)) for part in argv]) == 2
    assert message in capsys.readouterr().err


def test_an_empty_directory_is_an_empty_selection_not_success(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in ("validate", "render", "verify"):
        assert main([command, str(tmp_path)]) == 2
        assert f"{tmp_path}: no spec (*.yaml, *.yml) directly inside it" in capsys.readouterr().err
    assert main(["lint", str(tmp_path)]) == 2
    assert main(["plan", str(tmp_path)]) == 2
    assert "not a Terraform module" in capsys.readouterr().err

"""The CLI imports only the command it runs, and leaves without a last collection: startup and
exit are part of every command's cost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import COMMANDS, main

REPO = Path(__file__).resolve().parent.parent


def modules_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
    )
    return set(done.stdout.split())


def test_validate_does_not_import_boto3_or_the_run_side() -> None:
    loaded = modules_after("from generator.cli import main\nmain(['validate', 'customers'])")
    assert "generator.commands.validate" in loaded
    assert "boto3" not in loaded
    assert not {name for name in loaded if name.startswith("generator.terraform")}
    assert not {f"generator.commands.{name}" for name in COMMANDS if name != "validate"} & loaded


def test_version_loads_no_command() -> None:
    loaded = modules_after(
        "from generator.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n    pass"
    )
    assert not {name for name in loaded if name.startswith("generator.commands.")}


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for name in COMMANDS:
        assert f"    {name.replace('_', '-')}" in out


def test_each_command_parses_alone(capsys: pytest.CaptureFixture[str]) -> None:
    for name in COMMANDS:
        assert main([name.replace("_", "-"), "--help"]) == 0
        assert f"usage: bodocfg {name.replace('_', '-')}" in capsys.readouterr().out


def test_typo_is_a_usage_error_listing_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plna"]) == 2
    assert "invalid choice: 'plna'" in capsys.readouterr().err


def test_lint_does_not_import_jsonschema() -> None:
    """lint reads specs (a module's platform account) and the vendor profile, never checks them."""
    loaded = modules_after("from generator.cli import main\nmain(['lint', 'modules', '-o', '/dev/null'])")
    assert "generator.lint.engine" in loaded
    assert not {name for name in loaded if name.split(".")[0] == "jsonschema"}


def test_lint_reads_no_yaml_for_specs_that_name_no_platform_account() -> None:
    """A module's spec is parsed only when its text names `platform_account_id` (none of the
    examples does, and none declares statements): the YAML libraries stay unloaded."""
    assert not any("platform_account_id" in p.read_text() for p in (REPO / "customers").glob("*.yaml"))
    loaded = modules_after("from generator.cli import main\nmain(['lint', 'modules', '-o', '/dev/null'])")
    assert "generator.lint.module_input" in loaded
    assert not {name for name in loaded if name.split(".")[0] in ("yaml", "ruamel")}


_CYCLE = """
import gc, sys
gc.disable()  # the cycle below waits for the interpreter's last collection
class Cycle:
    def __del__(self) -> None:
        sys.stdout.write("collected at exit\\n")
cycle = Cycle(); cycle.me = cycle; del cycle
"""


@pytest.mark.parametrize("runs_main", [False, True])
def test_a_bodocfg_process_leaves_without_the_last_collection(runs_main: bool) -> None:
    """The last cyclic collection walks every object still alive (boto3's models, jsonschema) to
    free what the OS frees anyway: after main(), everything left is frozen out of it. Without
    main() the same script's cycle is collected at exit, which shows the probe sees that pass."""
    script = _CYCLE + ("from generator.cli import main\nmain(['--version'])\n" if runs_main else "")
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert ("collected at exit" in done.stdout) is not runs_main

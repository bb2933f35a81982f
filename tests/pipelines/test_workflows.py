"""examples/github-actions/: actionlint (with shellcheck) passes every workflow, and each workflow
calls exactly the bodocfg commands and flags the README's "Using bodocfg in CI" lists for it, each
one accepted by bodocfg's own parser."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import build_parser

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = REPO / "examples" / "github-actions"
BIN = Path(sys.executable).parent
NAMES = ("bodocfg-pull-request.yml", "bodocfg-apply.yml", "bodocfg-drift.yml")
INPUTS: dict[str, list[str]] = yaml.safe_load((Path(__file__).parent / "action_inputs.yaml").read_text())


def _actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "actionlint"), "-shellcheck", str(BIN / "shellcheck"), "-oneline", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _load(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(path.read_text())
    return document


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


Call = tuple[str, ...]
"""A bodocfg invocation as argv after `bodocfg`, shell quoting removed, `$VAR` left as written."""


def _calls(script: str) -> list[Call]:
    """Every `bodocfg ...` in a shell script (also inside `$(...)`), up to a redirection or pipe."""
    calls = []
    for line in script.replace("\\\n", " ").splitlines():
        for match in re.finditer(r"(?:^|[\s(;&|])bodocfg\s+([^|;&)>]*)", line):
            calls.append(tuple(shlex.split(match.group(1))))
    return calls


def _signature(call: Call) -> tuple[str, frozenset[str]]:
    return call[0], frozenset(arg for arg in call[1:] if arg.startswith("-"))


def _readme_calls() -> dict[str, list[Call]]:
    """The README's CI section: per workflow, the commands of the ```sh block headed `# <file>`."""
    text = (REPO / "README.md").read_text()
    section = text[text.index("## Using bodocfg in CI") :]
    section = section[: section.index("\n## ", 1)]
    blocks: dict[str, list[Call]] = {}
    for block in re.findall(r"```sh\n(.*?)```", section, re.S):
        first, *lines = block.splitlines()
        if first.startswith("# bodocfg-") and first.endswith(".yml"):
            blocks[first[2:]] = [
                tuple(shlex.split(line)[1:]) for line in lines if line.startswith("bodocfg ")
            ]
    return blocks


def test_there_are_the_three_workflows() -> None:
    assert sorted(p.name for p in WORKFLOWS.glob("*.yml")) == sorted(NAMES)


def test_every_workflow_passes_actionlint_with_shellcheck() -> None:
    result = _actionlint(*sorted(WORKFLOWS.glob("*.yml")))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_actionlint_catches_an_undocumented_input_and_an_unquoted_variable(tmp_path: Path) -> None:
    text = (WORKFLOWS / "bodocfg-apply.yml").read_text()
    broken = text.replace("role-to-assume:", "role-to-asume:").replace(
        'bodocfg apply "$MODULE"', "bodocfg apply $MODULE"
    )
    (tmp_path / "broken.yml").write_text(broken)
    result = _actionlint(tmp_path / "broken.yml")
    assert result.returncode == 1
    assert (
        'input "role-to-asume" is not defined in action "aws-actions/configure-aws-credentials@v6"'
        in result.stdout
    )
    assert "SC2086" in result.stdout


@pytest.mark.parametrize("name", NAMES)
def test_actions_are_pinned_to_a_major_and_use_documented_inputs(name: str) -> None:
    for step in _steps(_load(WORKFLOWS / name)):
        uses = step.get("uses")
        if uses is None:
            continue
        assert re.fullmatch(r"[\w-]+/[\w./-]+@v\d+", uses), uses
        if uses in INPUTS:  # the rest: actionlint checks them against its own catalogue
            assert set(step.get("with", {})) <= set(INPUTS[uses]), (name, uses)


@pytest.mark.parametrize("name", NAMES)
def test_workflow_calls_exactly_the_commands_and_flags_the_readme_describes(name: str) -> None:
    described = _readme_calls()[name]
    called = [call for step in _steps(_load(WORKFLOWS / name)) for call in _calls(step.get("run", ""))]
    assert called, name
    assert sorted(map(_signature, called)) == sorted(map(_signature, described))
    assert sorted(called) == sorted(described)
    parser = build_parser()
    for call in called:
        parser.parse_args(list(call))  # argparse exits (SystemExit 2) on an unknown command or flag


def test_pipeline_permissions_oidc_and_concurrency() -> None:
    pull, apply, drift = (_load(WORKFLOWS / name) for name in NAMES)
    for workflow, job in ((pull, "plan"), (apply, "apply"), (drift, "drift")):
        assert workflow["jobs"][job]["permissions"]["id-token"] == "write"
        (credentials,) = [
            s
            for s in _steps({"jobs": {job: workflow["jobs"][job]}})
            if "configure-aws-credentials" in s.get("uses", "")
        ]
        assert "aws-access-key-id" not in credentials["with"]
        roles = "BODOCFG_APPLY_ROLES" if job == "apply" else "BODOCFG_PLAN_ROLES"
        assert credentials["with"]["role-to-assume"] == f"${{{{ fromJSON(vars.{roles})[matrix.customer] }}}}"
    assert apply["jobs"]["apply"]["concurrency"] == {
        "group": "bodocfg-apply-${{ matrix.customer }}",
        "cancel-in-progress": False,
    }
    download = next(s for s in _steps(apply) if s.get("uses", "").startswith("actions/download-artifact"))
    assert set(download["with"]) >= {"run-id", "github-token", "name"}
    assert pull["jobs"]["check"]["permissions"]["security-events"] == "write"
    assert drift["jobs"]["report"]["permissions"] == {"issues": "write"}

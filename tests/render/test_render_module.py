"""Rendering is deterministic, atomic, cleans up only its own files, and --check catches drift."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.hcl import unescape_template
from generator.render import MARKER, render_module, write_module
from tests.render.conftest import SPECS, spec_named


def copy_fleet(repo: Path, tmp_path: Path) -> Path:
    """customers/ and modules/ side by side, as in the repo (headers name the spec relative to the module)."""
    shutil.copytree(repo / "customers", tmp_path / "customers")
    ignore = shutil.ignore_patterns(".terraform*", "*.tfplan", "*.plan.json", ".bodocfg*")
    shutil.copytree(repo / "modules", tmp_path / "modules", ignore=ignore)
    return tmp_path / "modules"


def test_every_file_starts_with_the_generated_header(golden_case: str) -> None:
    spec = spec_named(golden_case)
    module = render_module(spec, Path("modules") / spec.customer)
    for name, text in module.files.items():
        first_line = text.splitlines()[0] if name.endswith(".tf") else text.splitlines()[1]
        assert MARKER in first_line, name
        assert f"{golden_case}.yaml" in first_line, name


def test_render_twice_gives_identical_bytes(tmp_path: Path) -> None:
    spec = spec_named("full")
    assert main(["render", str(SPECS / "full.yaml"), "--out", str(tmp_path / "a")]) == 0
    assert main(["render", str(SPECS / "full.yaml"), "--out", str(tmp_path / "b")]) == 0
    first = {
        p.name: p.read_bytes() for p in (tmp_path / "a" / spec.customer).iterdir() if p.suffix != ".lock"
    }
    second = {
        p.name: p.read_bytes() for p in (tmp_path / "b" / spec.customer).iterdir() if p.suffix != ".lock"
    }
    assert first == second
    assert "alarm.tf" in first


def test_second_render_changes_nothing(tmp_path: Path) -> None:
    module = render_module(spec_named("full"), tmp_path / "m")
    assert write_module(module)
    before = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "m").iterdir()}
    assert not write_module(module)
    assert before == {p.name: p.stat().st_mtime_ns for p in (tmp_path / "m").iterdir()}


def test_rerender_removes_only_files_it_generated(tmp_path: Path) -> None:
    spec_file = tmp_path / "acme.yaml"
    shutil.copy(SPECS / "full.yaml", spec_file)
    out = tmp_path / "modules"
    assert main(["render", str(spec_file), "--out", str(out)]) == 0
    module_dir = out / "golden-full"
    (module_dir / "main_user.tf").write_text("# the user's own file\n")
    (module_dir / "bodocfg.tfplan").write_bytes(b"plan")
    (module_dir / "old_component.tf").write_text(f"# {MARKER} from an older version.\n")

    text = spec_file.read_text()
    spec_file.write_text(text.split("billing_alarm:")[0] + "tags:" + text.split("tags:")[1])
    assert main(["render", str(spec_file), "--out", str(out)]) == 0

    names = {p.name for p in module_dir.iterdir()}
    assert "alarm.tf" not in names and "topic.tf" not in names and "old_component.tf" not in names
    assert {"main_user.tf", "bodocfg.tfplan", "role.tf", "bucket.tf"} <= names


def test_check_passes_on_committed_modules(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(repo / "customers"), "--out", str(repo / "modules"), "--check"]) == 0


@pytest.mark.parametrize("edit", ["change", "delete", "add"])
def test_check_names_every_drifted_file(
    tmp_path: Path, repo: Path, capsys: pytest.CaptureFixture[str], edit: str
) -> None:
    out = copy_fleet(repo, tmp_path)
    customers = str(tmp_path / "customers")
    assert main(["render", customers, "--out", str(out), "--check"]) == 0
    target = out / "globex" / "role.tf"
    if edit == "change":
        target.write_text(
            target.read_text().replace("max_session_duration = 3600", "max_session_duration = 43200")
        )
    elif edit == "delete":
        target.unlink()
    else:
        target = out / "globex" / "extra.tf"
        target.write_text(f"# {MARKER} long ago.\n")
    capsys.readouterr()

    assert main(["render", customers, "--out", str(out), "--check"]) == 1
    out_text = capsys.readouterr().out
    expected = {"change": "differs", "delete": "missing", "add": "extra"}[edit]
    assert f"{target}: {expected}" in out_text
    assert target.exists() == (edit != "delete"), "--check must write nothing"


def test_check_reports_module_without_spec(
    tmp_path: Path, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = copy_fleet(repo, tmp_path)
    specs = tmp_path / "customers"
    (specs / "globex.yaml").unlink()
    assert main(["render", str(specs), "--out", str(out), "--check"]) == 1
    assert "globex: extra (no spec for customer 'globex')" in capsys.readouterr().out


def test_invalid_spec_renders_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    shutil.copy(SPECS / "minimal.yaml", specs / "good.yaml")
    (specs / "bad.yaml").write_text("customer: bad-one\nregion: mars\nexternal_id: xy\n")
    assert main(["render", str(specs), "--out", str(tmp_path / "out")]) == 1
    assert "bad.yaml:2:9: region" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_free_text_reaches_the_json_verbatim(tmp_path: Path) -> None:
    """The nasty condition value in full.yaml comes back exactly after Terraform's unescaping."""
    spec = spec_named("full")
    module = render_module(spec, tmp_path)
    policies = json.loads(module.files["policies.tf.json"])
    assert len(policies["locals"]["role_policy"]["Statement"]) == 4, "the reference alone"
    [extra] = policies["locals"]["declared_policy"]["Statement"]
    condition = extra["Condition"]["StringLike"]["aws:PrincipalTag/team"]
    assert (
        unescape_template(condition)
        == spec.additional_statements[0]["Condition"]["StringLike"]["aws:PrincipalTag/team"]
    )
    assert "$${not.interpolated}" in condition
    assert unescape_template(extra["Resource"]).endswith("/bodo/${aws:username}/*")

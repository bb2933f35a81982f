"""`bodocfg changed` on a scratch git repository: what a change touches, as text and as a CI matrix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from tests.fleet.conftest import git

ALL = ["acme-analytics", "globex", "initech"]


def matrix(capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict[str, str]]:
    capsys.readouterr()
    assert main(["changed", "--since", "HEAD", "--format", "json", *extra]) == 0
    document = json.loads(capsys.readouterr().out)
    assert set(document) == {"include"}
    include: list[dict[str, str]] = document["include"]
    return include


def test_nothing_changed(fleet_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert matrix(capsys) == []


def test_spec_edit_touches_one_customer(fleet_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = fleet_repo / "customers" / "globex.yaml"
    spec.write_text(spec.read_text() + "tags: {team: data}\n")
    assert matrix(capsys) == [
        {
            "customer": "globex",
            "spec": "customers/globex.yaml",
            "module": "modules/globex",
            "reason": "spec changed",
        }
    ]


def test_committed_spec_edit_is_seen_against_the_older_ref(
    fleet_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = fleet_repo / "customers" / "initech.yaml"
    spec.write_text(spec.read_text().replace("vcpu_threshold: 256", "vcpu_threshold: 512"))
    git(fleet_repo, "commit", "-q", "-am", "raise the threshold")
    assert matrix(capsys) == []
    capsys.readouterr()
    assert main(["changed", "--since", "HEAD~1"]) == 0
    out = capsys.readouterr().out
    assert out == "initech\tcustomers/initech.yaml\tmodules/initech\tspec changed\n"


def test_module_edit_touches_its_customer(fleet_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (fleet_repo / "modules" / "acme-analytics" / "extra.tf").write_text("# hand-written\n")
    assert [row["customer"] for row in matrix(capsys)] == ["acme-analytics"]
    assert matrix(capsys)[0]["reason"] == "module changed"


def test_template_edit_touches_every_customer(fleet_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (fleet_repo / "templates" / "bucket.tf.j2").write_text("# template v2\n")
    rows = matrix(capsys)
    assert [row["customer"] for row in rows] == ALL
    assert {row["reason"] for row in rows} == {"templates/bucket.tf.j2 changed"}


@pytest.mark.parametrize("path", ["schemas/customer.schema.json", "generator/render.py", "pyproject.toml"])
def test_package_inputs_touch_every_customer(
    fleet_repo: Path, capsys: pytest.CaptureFixture[str], path: str
) -> None:
    target = fleet_repo / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("changed\n")  # untracked counts too
    assert [row["customer"] for row in matrix(capsys)] == ALL


def test_new_untracked_spec_is_listed(fleet_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (fleet_repo / "customers" / "hooli.yaml").write_text(
        "customer: hooli\nregion: us-east-1\nexternal_id: hooli-1\n"
    )
    assert [(row["customer"], row["reason"]) for row in matrix(capsys)] == [("hooli", "spec changed")]


def test_deleted_spec_is_reported_not_planned(fleet_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(fleet_repo, "rm", "-q", "customers/globex.yaml")
    assert matrix(capsys) == []
    capsys.readouterr()
    assert main(["changed", "--since", "HEAD"]) == 0
    err = capsys.readouterr().err
    assert "customers/globex.yaml was deleted but modules/globex is still there" in err
    assert (
        "bodocfg destroy modules/globex --yes --lift-deletion-protection globex-bodo-lock "
        "--empty-bucket globex-bodo-state; then delete the directory"
    ) in err


def test_renamed_spec_is_a_change_not_a_removal(fleet_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(fleet_repo, "mv", "customers/globex.yaml", "customers/globex-corp.yaml")
    capsys.readouterr()
    assert main(["changed", "--since", "HEAD", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert [row["spec"] for row in json.loads(captured.out)["include"]] == ["customers/globex-corp.yaml"]
    assert "deleted" not in captured.err


def test_unknown_ref_is_a_usage_error(fleet_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["changed", "--since", "no-such-branch"]) == 2
    assert "--since no-such-branch: not a commit" in capsys.readouterr().err


def test_option_like_ref_never_reaches_git_as_an_option(
    fleet_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["changed", "--since=--output=" + str(fleet_repo / "pwned")]) == 2
    assert not (fleet_repo / "pwned").exists()


def test_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "customers").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert main(["changed", "--since", "HEAD"]) == 2


def test_invalid_spec_fails(fleet_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (fleet_repo / "customers" / "broken.yaml").write_text("customer: Broken\n")
    assert main(["changed", "--since", "HEAD"]) == 1
    assert "customers/broken.yaml:1:" in capsys.readouterr().err

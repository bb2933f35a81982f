"""`pip install .` gives a working bodocfg that finds its schemas and templates in the package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

from generator.vendor.profile import profile


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = Path(__file__).resolve().parents[2]
    source = tmp_path_factory.mktemp("src")
    forced = tomllib.loads((repo / "pyproject.toml").read_text())["tool"]["hatch"]["build"]["targets"][
        "wheel"
    ]["force-include"]
    for name in ("pyproject.toml", "README.md", "generator", *forced):
        src = repo / name
        if src.is_dir():
            shutil.copytree(src, source / name, ignore=shutil.ignore_patterns("__pycache__", "_data"))
        else:
            shutil.copy(src, source / name)
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    [built] = dist.glob("bodocfg-*.whl")
    return built


def test_wheel_carries_schemas_templates_and_reference_policy(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "generator/_data/schemas/customer.schema.json" in names
    assert "generator/_data/templates/role.tf.j2" in names
    assert "generator/vendor/data/profile.json" in names
    assert "generator/vendor/data/profile.schema.json" in names
    for version in profile().versions:
        assert f"generator/vendor/data/policies/{version}.json" in names
    repo = Path(__file__).resolve().parents[2]
    for data in ("generator/policycheck/data", "generator/lint/data", "generator/vcpu/data"):
        for path in (repo / data).glob("*.json"):  # validation's tables (AWS-owned types among them)
            assert f"{data}/{path.name}" in names


def test_installed_bodocfg_works_outside_the_repo(wheel: Path, tmp_path: Path, repo: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    site = Path(sysconfig.get_paths(vars={"base": str(env_dir), "platbase": str(env_dir)})["purelib"])
    # Dependencies come from the test virtualenv; the package itself only from the wheel.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy(repo / "customers" / "acme-analytics.yaml", work / "acme.yaml")
    env = {**os.environ, "PYTHONPATH": ""}
    python = env_dir / "bin" / "python"
    run = [str(python), "-m", "generator"]
    where = subprocess.run([*run, "--version"], cwd=work, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.startswith("bodocfg ")
    located = subprocess.run(
        [str(python), "-c", "import generator.resources as r; print(r.data_path('templates'))"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(site) in located.stdout, "templates must come from the installed package"
    assert subprocess.run([*run, "validate", "acme.yaml"], cwd=work, env=env).returncode == 0
    rendered = subprocess.run(
        [*run, "render", "acme.yaml", "--out", "out"], cwd=work, env=env, capture_output=True, text=True
    )
    assert rendered.returncode == 0, rendered.stderr
    assert (work / "out" / "acme-analytics" / "role.tf").read_text() == (
        repo / "modules" / "acme-analytics" / "role.tf"
    ).read_text().replace("../../customers/acme-analytics.yaml", "../../acme.yaml")

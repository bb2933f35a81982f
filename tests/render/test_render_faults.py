"""A render killed midway leaves the previous module intact; concurrent renders never interleave."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.render import check_module, render_module
from generator.spec import load_spec
from tests.render.conftest import SPECS

# Render with the staging step made to die (like SIGKILL: no cleanup, no exception handling)
# after it has written two of the new files.
KILLED_RENDER = """
import os, sys
import generator.render as render
original = render._stage
count = 0
def dying_stage(directory, text):
    global count
    count += 1
    if count == 3:
        os._exit(137)
    return original(directory, text)
render._stage = dying_stage
from generator.cli import main
sys.exit(main(["render", sys.argv[1], "--out", sys.argv[2]]))
"""


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in directory.iterdir() if p.is_file() and not p.name.startswith(".")}


def test_killed_render_leaves_previous_module_intact(tmp_path: Path) -> None:
    spec_file = tmp_path / "spec.yaml"
    spec_file.write_text((SPECS / "full.yaml").read_text())
    out = tmp_path / "modules"
    subprocess.run(
        [sys.executable, "-m", "generator", "render", str(spec_file), "--out", str(out)], check=True
    )
    module_dir = out / "golden-full"
    before = snapshot(module_dir)

    spec_file.write_text(spec_file.read_text().replace("vcpu_threshold: 12.5", "vcpu_threshold: 99"))
    spec_file.write_text(
        spec_file.read_text().replace("GoldenRole", "OtherRole").replace("golden.full", "golden.other")
    )
    killed = subprocess.run([sys.executable, "-c", KILLED_RENDER, str(spec_file), str(out)])
    assert killed.returncode == 137

    assert snapshot(module_dir) == before, "no file of the previous module changed"
    leftovers = [p.name for p in module_dir.iterdir() if p.name.startswith(".bodocfg-tmp-")]
    assert leftovers, "the kill happened mid-staging"

    # The next render converges and cleans the leftovers up.
    subprocess.run(
        [sys.executable, "-m", "generator", "render", str(spec_file), "--out", str(out)], check=True
    )
    assert not [p for p in module_dir.iterdir() if p.name.startswith(".bodocfg-tmp-")]
    assert not check_module(render_module(load_spec(spec_file), module_dir))


def test_concurrent_renders_of_one_customer_do_not_interleave(tmp_path: Path) -> None:
    first = tmp_path / "a.yaml"
    second = tmp_path / "b.yaml"
    first.write_text((SPECS / "full.yaml").read_text())
    text = (
        first.read_text()
        .replace("vcpu_threshold: 12.5", "vcpu_threshold: 77")
        .replace("GoldenRole", "SecondRole")
    )
    second.write_text(text.replace("golden.full-state", "golden.second-state"))
    out = tmp_path / "modules"
    expected = [
        {n: t.encode() for n, t in render_module(load_spec(spec), out / "golden-full").files.items()}
        for spec in (first, second)
    ]
    for _round in range(2):
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "generator", "render", str(spec), "--out", str(out)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for spec in (first, second, first, second)
        ]
        assert [run.wait() for run in runs] == [0, 0, 0, 0]
        assert snapshot(out / "golden-full") in expected, "the module is exactly one spec's render"

"""`.pre-commit-hooks.yaml`: `pre-commit try-repo` of this checkout in scratch customer repositories.

try-repo clones this repository at HEAD, plus its uncommitted changes to tracked files (pre-commit's
`try_repo._repo_ref` commits them to a shadow clone; untracked files are not seen), and installs
the hooks' Python environment from PyPI into a temporary store of its own (PRE_COMMIT_HOME is not
used for it): 30-45 s per run here. So three repositories, checked at once in one test: a clean
one passes every hook; a broken spec fails validate (its line) and render --check; a module edited
by hand (a drifted bucket.tf, a policy with new access) fails render --check (both files) and lint
(BDL001 naming the new action), and passes validate.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from generator.render import render_module, write_module
from generator.spec import load_spec

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "customers" / "globex.yaml"
HOOKS = ("bodocfg-validate", "bodocfg-render-check", "bodocfg-lint")
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "bodocfg tests",
    "GIT_AUTHOR_EMAIL": "tests@example.com",
    "GIT_COMMITTER_NAME": "bodocfg tests",
    "GIT_COMMITTER_EMAIL": "tests@example.com",
}

pytestmark = pytest.mark.skipif(
    not (REPO / ".git").exists() or shutil.which("git") is None, reason="needs a git checkout and git"
)


def _break_spec(repo: Path) -> None:
    spec = repo / "customers" / "globex.yaml"
    spec.write_text(spec.read_text().replace("region: us-west-2", "region: mars-1"))


def _drift_module(repo: Path) -> None:
    with (repo / "modules" / "globex" / "bucket.tf").open("a") as handle:
        handle.write("# edited by hand\n")


def _add_access(repo: Path) -> None:
    path = repo / "modules" / "globex" / "policies.tf.json"
    document = json.loads(path.read_text())
    statement = document["locals"]["role_policy"]["Statement"][0]
    actions = statement["Action"]
    statement["Action"] = [*([actions] if isinstance(actions, str) else actions), "iam:CreateUser"]
    path.write_text(json.dumps(document, indent=2) + "\n")


def _edit_module(repo: Path) -> None:
    _drift_module(repo)
    _add_access(repo)


SCENARIOS: dict[str, Callable[[Path], None] | None] = {
    "clean": None,
    "broken spec": _break_spec,
    "edited module": _edit_module,  # a drifted bucket.tf and a policy with new access
}


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, env={**os.environ, **GIT_IDENTITY}
    )


def _customer_repo(root: Path, change: Callable[[Path], None] | None) -> Path:
    """A customer repository: one spec, its rendered module, then the scenario's change, committed."""
    root.mkdir(parents=True)
    (root / "customers").mkdir()
    shutil.copy(SPEC, root / "customers" / SPEC.name)
    spec = load_spec(root / "customers" / SPEC.name)
    write_module(render_module(spec, root / "modules" / spec.customer))
    if change is not None:
        change(root)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "customer repository")
    return root


def _try_repo(repo: Path, home: Path, scratch: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        **GIT_IDENTITY,
        "PRE_COMMIT_HOME": str(home),
        "TMPDIR": str(scratch),
        "NO_COLOR": "1",
    }
    env.pop("BODOCFG_CACHE_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "--all-files", "--color", "never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _sections(output: str) -> dict[str, tuple[str, str]]:
    """hook id -> (Passed/Failed, what it printed), from pre-commit's report."""
    status = {
        name: match
        for name, match in re.findall(
            r"^bodocfg (validate|render --check|lint) [^\n]*?\.+(Passed|Failed)$", output, re.M
        )
    }
    by_id = {"validate": "bodocfg-validate", "render --check": "bodocfg-render-check", "lint": "bodocfg-lint"}
    sections: dict[str, tuple[str, str]] = {}
    for name, hook in by_id.items():
        start = output.find(f"- hook id: {hook}\n")
        body = output[start : output.find("\nbodocfg ", start)] if start >= 0 else ""
        sections[hook] = (status.get(name, "missing"), body)
    return sections


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Path]:
    """Where try-repo installs the hooks' environments: memory when there is a tmpfs (the
    ~2,000 files of botocore per install cost ~10 s each on a slow disk), else tmp_path."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    directory = Path(tempfile.mkdtemp(prefix="bodocfg-pre-commit-", dir=shm))
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def test_try_repo_passes_a_clean_repository_and_fails_each_breakage_with_its_line(
    tmp_path: Path, scratch: Path
) -> None:
    repos = {
        name: _customer_repo(tmp_path / name.replace(" ", "-"), change) for name, change in SCENARIOS.items()
    }
    with ThreadPoolExecutor(max_workers=len(repos)) as pool:
        runs = dict(
            zip(
                repos,
                pool.map(lambda r: _try_repo(r, tmp_path / "pre-commit-home", scratch), repos.values()),
                strict=True,
            )
        )
    results = {name: _sections(run.stdout) for name, run in runs.items()}
    for name, run in runs.items():
        assert "Using config:" in run.stdout, f"{name}: try-repo did not run\n{run.stdout}\n{run.stderr}"

    assert runs["clean"].returncode == 0, runs["clean"].stdout
    assert {hook: status for hook, (status, _) in results["clean"].items()} == dict.fromkeys(HOOKS, "Passed")

    broken = results["broken spec"]
    assert runs["broken spec"].returncode == 1
    assert broken["bodocfg-validate"][0] == "Failed"
    assert 'customers/globex.yaml:4:9: region: "mars-1" is not one of' in broken["bodocfg-validate"][1]
    assert broken["bodocfg-render-check"][0] == "Failed"
    assert broken["bodocfg-lint"][0] == "Passed"

    edited = results["edited module"]
    assert runs["edited module"].returncode == 1
    assert edited["bodocfg-render-check"][0] == "Failed"
    assert "modules/globex/bucket.tf: differs" in edited["bodocfg-render-check"][1]
    assert "modules/globex/policies.tf.json: differs" in edited["bodocfg-render-check"][1]
    assert edited["bodocfg-lint"][0] == "Failed"
    assert re.search(
        r"modules/globex/policies\.tf\.json:\d+:\d+: error BDL001 \[globex\] .*iam:CreateUser",
        edited["bodocfg-lint"][1],
    ), edited["bodocfg-lint"][1]
    assert edited["bodocfg-validate"][0] == "Passed"

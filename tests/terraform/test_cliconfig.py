"""bodocfg's own CLI config: mirror discovery and override, plugin cache, never the user's file."""

from __future__ import annotations

import fcntl
import os
import subprocess
import threading
from pathlib import Path

import pytest

from generator.errors import UsageError
from generator.terraform import cliconfig

from .conftest import make_module


def _mirror(root: Path) -> Path:
    package = root / "registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64"
    package.mkdir(parents=True)
    (package / "terraform-provider-aws_v5.100.0_x5").write_text("")
    return root


def test_override_beats_environment_beats_search(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = _mirror(tmp_path / "a"), _mirror(tmp_path / "b")
    monkeypatch.setenv(cliconfig.MIRROR_ENV, str(b))
    assert cliconfig.find_mirror(str(a)) == a.resolve()
    assert cliconfig.find_mirror() == b.resolve()
    monkeypatch.delenv(cliconfig.MIRROR_ENV)
    monkeypatch.setattr(cliconfig, "MIRROR_CANDIDATES", (str(tmp_path / "none"), str(a)))
    assert cliconfig.find_mirror() == a.resolve()
    monkeypatch.setattr(cliconfig, "MIRROR_CANDIDATES", (str(tmp_path / "none"),))
    assert cliconfig.find_mirror() is None


def test_a_bad_override_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no providers found"):
        cliconfig.find_mirror(str(tmp_path))


def test_written_config_and_warm_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TF_CLI_CONFIG_FILE", str(tmp_path / "does-not-exist.tfrc"))
    mirror = _mirror(tmp_path / 'mirror "quoted"')
    config = cliconfig.prepare(str(mirror), cache=tmp_path / "cache")
    text = config.path.read_text()
    assert config.path.parent == tmp_path / "cache" / "terraform"
    assert 'path    = "' + str(mirror.resolve()).replace('"', '\\"') + '"' in text
    assert 'include = ["registry.terraform.io/*/*"]' in text
    assert 'exclude = ["registry.terraform.io/*/*"]' in text
    assert f'plugin_cache_dir = "{tmp_path}/cache/terraform/plugin-cache"' in text
    assert "plugin_cache_may_break_dependency_lock_file = true" in text
    assert cliconfig.prepare(str(mirror), cache=tmp_path / "cache").path == config.path
    assert not config.cache_is_warm()
    with config.init_lock():
        (config.plugin_cache / "registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64").mkdir(parents=True)
    assert config.cache_is_warm()


def _enters_while_locked(config: cliconfig.CliConfig) -> bool:
    """Whether init_lock() is entered while another holder has the plugin cache's lock."""
    entered = threading.Event()

    def enter() -> None:
        with config.init_lock():
            entered.set()

    with (config.plugin_cache.parent / "plugin-cache.lock").open("a") as other:
        fcntl.flock(other, fcntl.LOCK_EX)
        thread = threading.Thread(target=enter, daemon=True)
        thread.start()
        result = entered.wait(1.0)
        fcntl.flock(other, fcntl.LOCK_UN)
    thread.join(5)
    return result


def test_inits_wait_for_each_other_only_while_the_cache_is_cold(tmp_path: Path) -> None:
    mirror = _mirror(tmp_path / "mirror")
    config = cliconfig.prepare(str(mirror), cache=tmp_path / "cache")
    assert not _enters_while_locked(config), "cold: an init waits"
    (config.plugin_cache / "registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64").mkdir(parents=True)
    assert _enters_while_locked(config), "warm: inits only link, side by side"
    packed = mirror / "registry.terraform.io/hashicorp/random/terraform-provider-random_3.6.0_linux_amd64.zip"
    packed.parent.mkdir(parents=True)
    packed.write_bytes(b"")
    assert not _enters_while_locked(config), "a packed mirror is unpacked into the cache: never warm"


def test_cache_dir_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cliconfig.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cliconfig.cache_dir() == tmp_path / "bodocfg"
    monkeypatch.setenv(cliconfig.CACHE_ENV, str(tmp_path / "x"))
    assert cliconfig.cache_dir() == tmp_path / "x"


@pytest.mark.terraform
def test_init_of_a_fresh_module_links_the_cached_provider_and_leaves_the_cache_alone(tmp_path: Path) -> None:
    """A cache entry replaced under a running `terraform plan` made it fail (plan --jobs)."""
    config = cliconfig.prepare(cache=tmp_path / "cache")
    assert config.mirror is not None, "the machine's provider mirror"
    env = {**os.environ, "TF_CLI_CONFIG_FILE": str(config.path), "TF_IN_AUTOMATION": "1"}

    def init(module: Path) -> str:
        done = subprocess.run(
            ["terraform", "init", "-input=false", "-no-color"],
            cwd=module,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    init(make_module(tmp_path / "first"))
    entries = sorted(config.plugin_cache.glob("registry.terraform.io/hashicorp/aws/*/*"))
    assert entries, "the first init filled the cache"
    before = [entry.lstat() for entry in entries]
    second = make_module(tmp_path / "second")
    assert not (second / ".terraform.lock.hcl").exists()
    assert "from the shared cache directory" in init(second)
    after = [entry.lstat() for entry in entries]
    assert [(s.st_ino, s.st_mtime_ns) for s in after] == [(s.st_ino, s.st_mtime_ns) for s in before]
    assert (second / ".terraform.lock.hcl").read_text() == (
        tmp_path / "first" / ".terraform.lock.hcl"
    ).read_text()

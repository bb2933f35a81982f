"""The environment terraform runs with: bodocfg's CLI config and settings, the user's everything else."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.aws import AwsTarget
from generator.terraform.cliconfig import CliConfig
from generator.terraform.runner import GOGC_DEFAULT, terraform_env

CLI = CliConfig(path=Path("/cache/cli-x.tfrc"), mirror=None, plugin_cache=Path("/cache/plugin-cache"))


def test_ours_where_it_matters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TF_CLI_CONFIG_FILE", "/home/user/.terraformrc")
    monkeypatch.setenv("TF_PLUGIN_CACHE_DIR", "/elsewhere")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "https://example.invalid")
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy:3128")
    monkeypatch.delenv("GOGC", raising=False)
    env = terraform_env(AwsTarget({"AWS_ENDPOINT_URL": None, "AWS_ACCESS_KEY_ID": "k"}), CLI)
    assert env["TF_CLI_CONFIG_FILE"] == "/cache/cli-x.tfrc"
    assert "TF_PLUGIN_CACHE_DIR" not in env and "AWS_ENDPOINT_URL" not in env
    assert env["AWS_ACCESS_KEY_ID"] == "k" and env["HTTPS_PROXY"] == "http://proxy:3128"
    assert env["TF_IN_AUTOMATION"] == "1" and env["CHECKPOINT_DISABLE"] == "1"
    assert env["GOGC"] == GOGC_DEFAULT == "400"


def test_a_gogc_the_user_set_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOGC", "off")
    assert terraform_env(AwsTarget(), CLI)["GOGC"] == "off"

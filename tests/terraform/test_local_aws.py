"""`bodocfg local-aws`: prints the environment, serves AWS until Ctrl-C, then exits 0."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import boto3
import pytest

pytestmark = [pytest.mark.aws]
REPO = Path(__file__).resolve().parents[2]


def _as_background_job() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # what a shell does to `cmd &`


@pytest.mark.parametrize(
    ("signum", "background"), [(signal.SIGINT, False), (signal.SIGTERM, False), (signal.SIGINT, True)]
)
def test_local_aws_prints_exports_serves_and_stops(signum: int, background: bool) -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "local-aws"],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_as_background_job if background else None,
    )
    assert server.stdout is not None
    exports = {}
    for line in server.stdout:
        if line.startswith("export "):
            name, _, value = line.removeprefix("export ").strip().partition("=")
            exports[name] = value
        if line.startswith("# Ctrl-C"):
            break
    assert exports["AWS_ENDPOINT_URL"].startswith("http://127.0.0.1:")
    assert exports["AWS_EC2_METADATA_DISABLED"] == "true"
    sts = boto3.client(
        "sts",
        region_name="us-east-1",
        endpoint_url=exports["AWS_ENDPOINT_URL"],
        aws_access_key_id=exports["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=exports["AWS_SECRET_ACCESS_KEY"],
    )
    assert sts.get_caller_identity()["Account"] == "123456789012"
    assert exports["AWS_REGION"] == exports["AWS_DEFAULT_REGION"] == "us-east-1"
    server.send_signal(signum)
    _, err = server.communicate(timeout=30)
    assert server.returncode == 0
    assert "local AWS stopped" in err and "Traceback" not in err


def test_local_aws_gives_each_customer_its_own_account_and_region() -> None:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "local-aws",
            "customers/globex.yaml",
            "customers/acme-analytics.yaml",
        ],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    lines = []
    for line in server.stdout:
        lines.append(line.rstrip("\n"))
        if line.startswith("# Ctrl-C"):
            break
    server.send_signal(signal.SIGINT)
    _, err = server.communicate(timeout=30)
    assert server.returncode == 0, err
    assert lines[1] == "# globex: its own account 100000000001, region us-west-2"
    assert lines[3] == "# acme-analytics: its own account 100000000002, region us-east-2"
    for line in (lines[2], lines[4]):
        assert line.startswith("unset AWS_PROFILE ") and "; export " in line
        assert " AWS_ENDPOINT_URL=http://127.0.0.1:" in line
        assert "AWS_SESSION_TOKEN=" in line
    assert "AWS_REGION=us-west-2 AWS_DEFAULT_REGION=us-west-2" in lines[2]
    assert "AWS_REGION=us-east-2 AWS_DEFAULT_REGION=us-east-2" in lines[4]

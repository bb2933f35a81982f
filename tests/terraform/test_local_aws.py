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
    server.send_signal(signum)
    _, err = server.communicate(timeout=30)
    assert server.returncode == 0
    assert "local AWS stopped" in err and "Traceback" not in err

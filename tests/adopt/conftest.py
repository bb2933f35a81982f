"""Accounts set up by hand in the local AWS, one fresh account per test (as each customer has)."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

from generator.adopt.handmade import HandMade
from generator.aws import AwsTarget
from generator.cli import main
from generator.localaws import LocalAws
from tests.terraform.conftest import fresh_account

_names = itertools.count(1)


def unique(prefix: str) -> str:
    """A name no other test of this run uses (bucket names are global in the local AWS)."""
    return f"{prefix}{os.getpid() % 100_000}-{next(_names)}"


def pipeline_reader(bucket: str) -> dict[str, object]:
    """A statement a customer adds to a bucket's policy by hand: another account's pipeline reads."""
    return {
        "Sid": "PipelineReads",
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:role/pipeline"},
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/*",
    }


@pytest.fixture
def account(aws_env: LocalAws, monkeypatch: pytest.MonkeyPatch) -> AwsTarget:
    """A new, empty account; the environment (boto3, terraform, bodocfg) points at it."""
    return fresh_account(aws_env, monkeypatch)


@pytest.fixture
def customers(tmp_path: Path) -> Path:
    path = tmp_path / "customers"
    path.mkdir()
    return path


def discover(hand: HandMade, out: Path, *extra: str) -> int:
    """`bodocfg discover` for the hand-made account's role, writing `out`."""
    argv = ["discover", "--region", hand.region, "--role", hand.role_name, "--customer", hand.name]
    return main([*argv, "-o", str(out), *extra])

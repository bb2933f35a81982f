"""The optional `state` section: remote S3 state with exactly one lock method."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.spec import check_file, load_spec
from generator.spec.model import StateBackend

BASE = "customer: acme-co\nregion: us-east-2\nexternal_id: abc-123\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(BASE + text)
    return path


def test_absent_means_local_state(tmp_path: Path) -> None:
    assert load_spec(write(tmp_path, "")).state is None


def test_defaults(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path, "state:\n  bucket: acme-tf-state\n  use_lockfile: true\n"))
    assert spec.state == StateBackend(
        bucket="acme-tf-state",
        key_prefix="bodocfg",
        region="us-east-2",
        dynamodb_table=None,
        use_lockfile=True,
    )
    assert spec.state.key("acme-co") == "bodocfg/acme-co/terraform.tfstate"


def test_every_field(tmp_path: Path) -> None:
    spec = load_spec(
        write(
            tmp_path,
            "state:\n  bucket: org.tf-state\n  key_prefix: platform/bodo\n  region: eu-central-1\n"
            "  dynamodb_table: tf_locks.v2\n",
        )
    )
    assert spec.state is not None
    assert (spec.state.region, spec.state.dynamodb_table, spec.state.use_lockfile) == (
        "eu-central-1",
        "tf_locks.v2",
        False,
    )
    assert spec.state.key(spec.customer) == "platform/bodo/acme-co/terraform.tfstate"


# (id, state section, line, field, message fragment)
INVALID: list[tuple[str, str, int, str, str]] = [
    (
        "no-lock",
        "state:\n  bucket: acme-tf-state\n",
        5,
        "state",
        "exactly one of dynamodb_table or use_lockfile",
    ),
    (
        "both-locks",
        "state:\n  bucket: acme-tf-state\n  dynamodb_table: locks\n  use_lockfile: true\n",
        5,
        "state",
        "exactly one of dynamodb_table or use_lockfile",
    ),
    (
        "lockfile-false",
        "state:\n  bucket: acme-tf-state\n  use_lockfile: false\n",
        6,
        "state.use_lockfile",
        "must be true",
    ),
    (
        "lockfile-string",
        "state:\n  bucket: b-1\n  use_lockfile: 'yes'\n",
        6,
        "state.use_lockfile",
        "true or false",
    ),
    ("no-bucket", "state:\n  use_lockfile: true\n", 5, "state", "missing required field 'bucket'"),
    (
        "bucket-uppercase",
        "state:\n  bucket: Acme\n  use_lockfile: true\n",
        5,
        "state.bucket",
        "does not match",
    ),
    (
        "prefix-leading-slash",
        "state:\n  bucket: b-1\n  key_prefix: /x\n  use_lockfile: true\n",
        6,
        "state.key_prefix",
        "does not match",
    ),
    (
        "prefix-trailing-slash",
        "state:\n  bucket: b-1\n  key_prefix: x/\n  use_lockfile: true\n",
        6,
        "state.key_prefix",
        "does not match",
    ),
    (
        "prefix-dotdot-space",
        "state:\n  bucket: b-1\n  key_prefix: a b\n  use_lockfile: true\n",
        6,
        "state.key_prefix",
        "does not match",
    ),
    (
        "prefix-interpolation",
        "state:\n  bucket: b-1\n  key_prefix: '${var.x}'\n  use_lockfile: true\n",
        6,
        "state.key_prefix",
        "does not match",
    ),
    (
        "region-bad",
        "state:\n  bucket: b-1\n  region: mars\n  use_lockfile: true\n",
        6,
        "state.region",
        "does not match",
    ),
    (
        "table-bad",
        "state:\n  bucket: b-1\n  dynamodb_table: 'a b'\n",
        6,
        "state.dynamodb_table",
        "does not match",
    ),
    (
        "unknown-key",
        "state:\n  bucket: b-1\n  use_lockfile: true\n  encrypt: true\n",
        7,
        "state.encrypt",
        "unknown key",
    ),
    ("not-mapping", "state: s3://b-1\n", 4, "state", "must be a mapping"),
    (
        "own-bucket",
        "state:\n  bucket: acme-co-bodo-state\n  use_lockfile: true\n",
        5,
        "state.bucket",
        "the bucket this module creates",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "field", "fragment"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID]
)
def test_invalid_state(tmp_path: Path, text: str, line: int, field: str, fragment: str) -> None:
    problems = check_file(write(tmp_path, text))
    matching = [p for p in problems if p.field_name == field and fragment in p.message]
    assert matching, [str(p) for p in problems]
    assert matching[0].line == line, [str(p) for p in problems]

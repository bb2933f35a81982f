"""Remote state for real: the rendered backend.hcl is what `bodocfg plan` and `apply` init with.

Real terraform and provider against a moto server holding the state bucket (and lock table).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest

from generator.cli import main
from generator.localaws import LocalAws, local_aws, local_environment

pytestmark = [pytest.mark.terraform, pytest.mark.aws]

SPEC = """customer: {customer}
region: us-east-1
external_id: hooli-1
role:
  name: {customer}
state:
  bucket: {bucket}
  key_prefix: platform/bodo
  use_lockfile: true
"""


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalAws]:
    with local_aws() as server:
        for key, value in local_environment(server.endpoint).items():
            if value is None:
                monkeypatch.delenv(key, raising=False)
            else:
                monkeypatch.setenv(key, value)
        monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
        yield server


# The DynamoDB-locked variant differs only in backend.hcl's lock line (tests/render/test_backend.py);
# Terraform 1.11 deprecates it in favour of the S3 lock file used here.
def test_state_lands_under_its_key(aws: LocalAws, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # moto keeps one account per process: names unique to this test keep tests apart.
    unique = uuid.uuid4().hex[:10]
    customer, bucket = f"hooli-{unique}", f"tf-state-{unique}"
    s3 = boto3.client("s3", region_name="us-east-1", endpoint_url=aws.endpoint)
    s3.create_bucket(Bucket=bucket)
    spec = SPEC.format(customer=customer, bucket=bucket)
    (tmp_path / "hooli.yaml").write_text(spec)
    monkeypatch.chdir(tmp_path)
    module = f"modules/{customer}"
    assert main(["render", "hooli.yaml", "--out", "modules"]) == 0
    assert main(["plan", module]) == 0
    assert main(["apply", module]) == 0
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=bucket)["Contents"]]
    assert keys == [f"platform/bodo/{customer}/terraform.tfstate"]  # and no lock file left behind
    assert not (tmp_path / module / "terraform.tfstate").exists()

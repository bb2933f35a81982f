"""The lock table's deletion protection and the versioned state bucket's objects, read from AWS.

`terraform destroy` stops at either (the table refuses DeleteTable, the bucket BucketNotEmpty)
after it has destroyed everything else. bodocfg checks both before anything is destroyed: each
protection must be named by the operator (`--lift-deletion-protection TABLE`, `--empty-bucket
BUCKET`), otherwise nothing happens and the command to run is printed. Named ones are lifted
(deletion protection off; every object version and delete marker removed, boto3's batch delete)
right before terraform destroys the rest.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from generator.aws import STS_FALLBACK_REGION, AwsTarget, translate_errors
from generator.errors import CheckFailed, EnvironmentFailure, UsageError
from generator.terraform.plan import Module, Resource

TABLE_FLAG = "--lift-deletion-protection"
BUCKET_FLAG = "--empty-bucket"


def state_resources(state_json: str) -> list[Resource]:
    """The managed resources of `terraform show -json` (a state), child modules included."""
    document = json.loads(state_json) if state_json.strip() else {}
    root = (document.get("values") or {}).get("root_module")
    return [r for r in Module.read(root).walk() if r.mode == "managed"]


def _region(resource: Resource) -> str:
    """Where the resource is: its `region` attribute (buckets) or its ARN's (tables)."""
    region = resource.values.get("region")
    if isinstance(region, str) and region:
        return region
    arn = resource.values.get("arn")
    parts = arn.split(":") if isinstance(arn, str) else []
    return parts[3] if len(parts) > 3 and parts[3] else STS_FALLBACK_REGION


@dataclass(frozen=True)
class Protection:
    kind: Literal["table", "bucket"]
    name: str
    region: str
    what: str
    """What protects it, in a few words."""

    @property
    def flag(self) -> str:
        return f"{TABLE_FLAG if self.kind == 'table' else BUCKET_FLAG} {self.name}"

    def line(self) -> str:
        noun = "lock table" if self.kind == "table" else "state bucket"
        return f"{noun} {self.name} ({self.region}): {self.what}; to remove it: {self.flag}"


def _table(name: str, region: str, target: AwsTarget) -> Protection | None:
    client = target.client("dynamodb", region)
    with translate_errors(f"reading lock table {name}"):
        try:
            table = client.describe_table(TableName=name)["Table"]
        except client.exceptions.ResourceNotFoundException:
            return None
    if not table.get("DeletionProtectionEnabled"):
        return None
    return Protection(
        "table", name, region, "deletion protection is on (it holds the workspaces' state locks)"
    )


def _bucket(name: str, region: str, target: AwsTarget) -> Protection | None:
    client = target.client("s3", region)
    with translate_errors(f"reading state bucket {name}"):
        try:
            listed = client.list_object_versions(Bucket=name, MaxKeys=1)
        except client.exceptions.NoSuchBucket:
            return None
        status = client.get_bucket_versioning(Bucket=name).get("Status", "not enabled")
    if not (listed.get("Versions") or listed.get("DeleteMarkers")):
        return None
    what = f"it holds objects (Terraform states; versioning {status.lower()}, so every version counts)"
    return Protection("bucket", name, region, what)


def protections(resources: list[Resource], target: AwsTarget) -> list[Protection]:
    """What would stop `terraform destroy` of these state resources, as AWS has it now."""
    found: list[Protection] = []
    for resource in resources:
        if resource.type == "aws_dynamodb_table" and isinstance(resource.values.get("name"), str):
            table = _table(resource.values["name"], _region(resource), target)
            found.extend([table] if table else [])
        elif resource.type == "aws_s3_bucket" and isinstance(resource.values.get("bucket"), str):
            bucket = _bucket(resource.values["bucket"], _region(resource), target)
            found.extend([bucket] if bucket else [])
    return found


def offboard_command(module: Path | str, tables: Collection[str], buckets: Collection[str]) -> str:
    flags = [f"{TABLE_FLAG} {name}" for name in sorted(tables)] + [
        f"{BUCKET_FLAG} {name}" for name in sorted(buckets)
    ]
    return " ".join([f"bodocfg destroy {module} --yes", *flags])


def refuse_unnamed(
    found: list[Protection],
    resources: list[Resource],
    module: Path,
    lift: Collection[str],
    empty: Collection[str],
) -> None:
    """UsageError for a flag naming nothing of this module; CheckFailed (nothing destroyed) while a
    protection is not named, listing each one and the whole command."""
    tables = {r.values.get("name") for r in resources if r.type == "aws_dynamodb_table"}
    buckets = {r.values.get("bucket") for r in resources if r.type == "aws_s3_bucket"}
    for flag, names, known in ((TABLE_FLAG, lift, tables), (BUCKET_FLAG, empty, buckets)):
        for name in names:
            if name not in known:
                have = ", ".join(sorted(str(k) for k in known if k)) or "none"
                raise UsageError(
                    f"{flag} {name}: {module} has no such resource in its state (it has: {have})"
                )
    unnamed = [p for p in found if p.name not in (lift if p.kind == "table" else empty)]
    if not unnamed:
        return
    lines = [f"{module}: nothing was destroyed; {len(unnamed)} protection(s) stand in the way:"]
    lines += [f"  {p.line()}" for p in unnamed]
    command = offboard_command(
        module, [p.name for p in found if p.kind == "table"], [p.name for p in found if p.kind == "bucket"]
    )
    lines.append(f"  to offboard the customer, deleting its state locks and every stored state: {command}")
    raise CheckFailed("\n".join(lines))


def _empty(name: str, client: Any) -> None:
    """Delete the bucket's policy (it goes with the bucket anyway, and a Deny in it must not stop
    the emptying), then every object version and delete marker, 1,000 at a time."""
    client.delete_bucket_policy(Bucket=name)
    for page in client.get_paginator("list_object_versions").paginate(Bucket=name):
        keys = [
            {"Key": item["Key"], "VersionId": item["VersionId"]}
            for item in (*page.get("Versions", ()), *page.get("DeleteMarkers", ()))
        ]
        if keys:
            failed = client.delete_objects(Bucket=name, Delete={"Objects": keys, "Quiet": True}).get("Errors")
            if failed:
                first = failed[0]
                raise EnvironmentFailure(
                    f"emptying bucket {name}: {len(failed)} object version(s) not deleted, e.g. "
                    f"{first.get('Key')} ({first.get('Code')}: {first.get('Message')})"
                )


def lift_protections(found: list[Protection], target: AwsTarget) -> Iterator[str]:
    """Lift each named protection; yields a line per one lifted."""
    for protection in found:
        if protection.kind == "table":
            client = target.client("dynamodb", protection.region)
            with translate_errors(f"lifting deletion protection of {protection.name}"):
                client.update_table(TableName=protection.name, DeletionProtectionEnabled=False)
            yield f"lock table {protection.name}: deletion protection lifted"
        else:
            client = target.client("s3", protection.region)
            with translate_errors(f"emptying bucket {protection.name}"):
                _empty(protection.name, client)
            yield f"state bucket {protection.name}: bucket policy and every object version deleted"

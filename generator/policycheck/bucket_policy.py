"""The resources of an S3 bucket policy: its own bucket and that bucket's objects, nothing else.

PutBucketPolicy answers MalformedPolicy, "Policy has invalid resource", for a resource that is not
the bucket the policy is put on or an object in it: another bucket's ARN (the usual slip: the
policy copied from a sibling bucket, aws-samples/aws-media-services-vod-automation#17) and `*`
(noobaa/noobaa-core#10058 records AWS's answer). The local AWS accepts both. Two checks:

- `bucket-any-resource`: `"Resource": "*"` in a bucket policy;
- `bucket-other-bucket`: an S3 ARN whose bucket is not the policy's. When the input says which
  bucket the policy is on (a plan's `aws_s3_bucket_policy.bucket`, a module's `bucket_name`), each
  resource is compared with it; otherwise one policy naming two buckets is wrong for one of them,
  and the resources that differ from the first bucket named are reported.

Only literal bucket names are compared: a bucket part with a wildcard or a policy variable
(`arn:aws:s3:::logs-*`, `${aws:username}`) is left alone, as is what AWS's answer for it is not on
record for. Resources that are not S3 ARNs are `resource-for-policy`'s; NotResource is not judged.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from generator.policycheck.arns import wild
from generator.policycheck.attachment import resource_entries, strangers
from generator.policycheck.model import Issue, PathPart


def bucket_of(resource: str) -> str | None:
    """The bucket an S3 bucket or object ARN names (`arn:aws:s3:::data/*` -> `data`), when it is a
    literal name; None for any other resource."""
    parts = resource.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "s3" or parts[3] or parts[4]:
        return None
    bucket = parts[5].partition("/")[0]
    if not bucket or wild(bucket) or "${" in bucket:
        return None
    return bucket


def _renamed(resource: str, bucket: str) -> str:
    head, _, rest = resource.rpartition(":")
    _, slash, key = rest.partition("/")
    return f"{head}:{bucket}{slash}{key}"


def bucket_resource_issues(
    statements: Sequence[Any], single: bool, bucket: str | None = None
) -> Iterator[Issue]:
    """What S3 refuses among the Resource entries of a bucket policy's `statements` (`single`: the
    policy wrote Statement as one object); `bucket`: the bucket it is put on, when known."""
    named: list[tuple[tuple[PathPart, ...], str, str]] = []
    for path, resource in resource_entries(statements, single):
        if resource == "*":
            yield Issue(
                "bucket-any-resource",
                path,
                "a bucket policy cannot name `*`",
                f"name the bucket and its objects: `arn:aws:s3:::{bucket or '<bucket>'}`, "
                f"`arn:aws:s3:::{bucket or '<bucket>'}/*`",
            )
            continue
        name = bucket_of(resource)
        if name is not None:
            named.append((path, resource, name))
    for stranger in strangers(named, bucket):
        if stranger.where is None:
            yield Issue(
                "bucket-other-bucket",
                stranger.path,
                f"`{stranger.resource}` is in bucket `{stranger.named}`, but this policy is on bucket "
                f"`{stranger.own}`",
                f"did you mean `{_renamed(stranger.resource, stranger.own)}`?",
            )
        else:
            yield Issue(
                "bucket-other-bucket",
                stranger.path,
                f"`{stranger.resource}` is in bucket `{stranger.named}`, but {stranger.where} names bucket "
                f"`{stranger.own}` (a bucket policy is on one bucket)",
                "keep one bucket's ARNs in each bucket policy",
            )

"""New-access detection on hand-built drift cases against a small baseline."""

from __future__ import annotations

from typing import Any

import pytest

from generator.iam.analysis import analyse
from generator.iam.catalogue import Catalogue
from generator.iam.diff import Baseline, Reason, new_access, service_changes
from generator.iam.model import parse_policy

BUCKET = "arn:aws:s3:::b"
TABLE = "arn:*:dynamodb:*:*:table/t"
BASELINE: dict[str, Any] = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Objects",
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:PutObject"],
            "Resource": f"{BUCKET}/*",
        },
        {
            "Sid": "List",
            "Effect": "Allow",
            "Action": "s3:ListBucket",
            "Resource": BUCKET,
            "Condition": {"StringLike": {"s3:prefix": ["logs/*"]}},
        },
        {"Sid": "Describe", "Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"},
        {
            "Sid": "Table",
            "Effect": "Allow",
            "Action": "dynamodb:GetItem",
            "Resource": TABLE,
            "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
        },
        {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": f"{BUCKET}/*"},
    ],
}


def _with(*statements: dict[str, Any], drop: tuple[str, ...] = ()) -> dict[str, Any]:
    kept = [s for s in BASELINE["Statement"] if s.get("Sid") not in drop]
    return {"Version": "2012-10-17", "Statement": [*kept, *statements]}


def _replace(sid: str, **changes: Any) -> dict[str, Any]:
    statements = []
    for statement in BASELINE["Statement"]:
        if statement["Sid"] == sid:
            statement = {k: v for k, v in {**statement, **changes}.items() if v is not None}
        statements.append(statement)
    return {"Version": "2012-10-17", "Statement": statements}


@pytest.fixture(scope="module")
def baseline(catalogue: Catalogue) -> Baseline:
    return Baseline(analyse(parse_policy(BASELINE), catalogue), "test baseline", catalogue)


def _found(candidate: dict[str, Any], baseline: Baseline, catalogue: Catalogue) -> dict[Reason, set[str]]:
    result: dict[Reason, set[str]] = {}
    for found in new_access(analyse(parse_policy(candidate), catalogue), baseline, catalogue):
        result.setdefault(found.reason, set()).update(found.actions)
    return result


ALLOW = "Allow"
CASES: list[tuple[str, dict[str, Any], dict[Reason, set[str]] | None]] = [
    ("identical", BASELINE, {}),
    (
        "added action",
        _with({"Effect": ALLOW, "Action": "s3:DeleteBucket", "Resource": BUCKET}),
        {Reason.ADDED_ACTION: {"s3:DeleteBucket"}},
    ),
    (
        "wildcard widening",
        _replace("Objects", Action="s3:Get*"),
        None,  # checked below: many s3:Get* actions are added
    ),
    (
        "resource widened to every bucket",
        _replace("Objects", Resource="arn:aws:s3:::*"),
        {Reason.RESOURCE: {"s3:GetObject", "s3:PutObject"}},
    ),
    ("resource widened to *", _replace("List", Resource="*"), {Reason.RESOURCE: {"s3:ListBucket"}}),
    (
        "resource prefix widening",
        _replace("Objects", Resource="arn:aws:s3:::b*"),
        {Reason.RESOURCE: {"s3:GetObject", "s3:PutObject"}},
    ),
    ("removed condition", _replace("List", Condition=None), {Reason.CONDITION: {"s3:ListBucket"}}),
    (
        "weakened condition value",
        _replace("List", Condition={"StringLike": {"s3:prefix": ["*"]}}),
        {Reason.CONDITION: {"s3:ListBucket"}},
    ),
    (
        "condition made IfExists",
        _replace("List", Condition={"StringLikeIfExists": {"s3:prefix": ["logs/*"]}}),
        {Reason.CONDITION: {"s3:ListBucket"}},
    ),
    (
        "source IP range widened",
        _replace("Table", Condition={"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}),
        {Reason.CONDITION: {"dynamodb:GetItem"}},
    ),
    (
        "NotAction",
        _with({"Effect": ALLOW, "NotAction": "iam:*", "Resource": f"{BUCKET}/*"}),
        None,  # checked below: thousands of actions are added
    ),
    (
        "NotResource",
        _with({"Effect": ALLOW, "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*"}),
        {Reason.RESOURCE: {"s3:GetObject"}},
    ),
    ("baseline Deny removed", _with(drop=("NoDelete",)), {Reason.DENY_REMOVED: {"s3:DeleteObject"}}),
    (
        "baseline Deny narrowed",
        _replace("NoDelete", Resource=f"{BUCKET}/logs/*"),
        {Reason.DENY_REMOVED: {"s3:DeleteObject"}},
    ),
    ("service wildcard", _replace("Describe", Action="ec2:*"), None),
    (
        "other account's table",
        _with(
            {
                "Effect": ALLOW,
                "Action": "dynamodb:GetItem",
                "Resource": "arn:aws:dynamodb:us-east-1:1:table/u",
            }
        ),
        {Reason.RESOURCE: {"dynamodb:GetItem"}},
    ),
    # Narrower or equal grants are not new access.
    ("narrower resource", _replace("Objects", Resource=f"{BUCKET}/logs/*"), {}),
    ("narrower condition", _replace("List", Condition={"StringLike": {"s3:prefix": ["logs/app/*"]}}), {}),
    ("narrower IP range", _replace("Table", Condition={"IpAddress": {"aws:SourceIp": "10.1.0.0/16"}}), {}),
    ("extra condition", _replace("Objects", Condition={"Bool": {"aws:SecureTransport": "true"}}), {}),
    (
        "action inside a baseline wildcard",
        _replace("Describe", Action=["ec2:DescribeInstances", "EC2:describevpcs"]),
        {},
    ),
    (
        "concrete table ARN inside the wildcarded baseline one",
        _replace("Table", Resource="arn:aws:dynamodb:us-east-2:123456789012:table/t"),
        {},
    ),
    (
        "new access taken back by an unconditional Deny",
        _with(
            {"Effect": ALLOW, "Action": "s3:DeleteBucket", "Resource": BUCKET},
            {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"},
        ),
        {},
    ),
    (
        "unknown action grants nothing",
        _with({"Effect": ALLOW, "Action": "s3:GetObjekt", "Resource": "*"}),
        {},
    ),
]


@pytest.mark.parametrize(("name", "candidate", "expected"), CASES, ids=[c[0] for c in CASES])
def test_drift_case(
    name: str,
    candidate: dict[str, Any],
    expected: dict[Reason, set[str]] | None,
    baseline: Baseline,
    catalogue: Catalogue,
) -> None:
    found = _found(candidate, baseline, catalogue)
    if expected is not None:
        assert found == expected
    elif name == "wildcard widening":
        assert set(found) == {Reason.ADDED_ACTION}
        assert {"s3:GetObjectAcl", "s3:GetObjectVersion"} <= found[Reason.ADDED_ACTION]
        assert "s3:GetObject" not in found[Reason.ADDED_ACTION]
        # bucket-level Gets on objects grant nothing, so they are no new access (policycheck)
        assert "s3:GetBucketPolicy" not in found[Reason.ADDED_ACTION]
    elif name == "NotAction":  # on objects, only what acts on objects is granted at all
        added = found[Reason.ADDED_ACTION]
        assert {"s3:DeleteObjectVersion", "s3:GetObjectAcl", "s3:AbortMultipartUpload"} <= added
        assert not any(a.startswith(("iam:", "ec2:", "lambda:", "s3:GetBucket")) for a in added)
        assert Reason.RESOURCE not in found  # dynamodb:GetItem, s3:ListBucket grant nothing on objects
    elif name == "service wildcard":
        (entry,) = found[Reason.ADDED_ACTION]
        count = int(entry.removeprefix("ec2 (").removesuffix(" actions)"))
        describes = len(catalogue.expand("ec2:Describe*"))
        assert count == len(catalogue.expand("ec2:*")) - describes


def test_findings_name_statement_actions_and_resources(baseline: Baseline, catalogue: Catalogue) -> None:
    candidate = _with({"Sid": "Extra", "Effect": ALLOW, "Action": ["s3:DeleteBucket"], "Resource": BUCKET})
    (found,) = new_access(analyse(parse_policy(candidate), catalogue), baseline, catalogue)
    assert (found.statement.label, found.actions, found.resources) == (
        "Statement[5] (Extra)",
        ("s3:DeleteBucket",),
        (BUCKET,),
    )


def test_summary_counts_actions_added_and_removed_per_service(
    baseline: Baseline, catalogue: Catalogue
) -> None:
    candidate = _with(
        {"Effect": ALLOW, "Action": ["s3:DeleteBucket", "sqs:SendMessage"], "Resource": "*"}, drop=("Table",)
    )
    changes = {
        c.service: (c.added, c.removed)
        for c in service_changes(analyse(parse_policy(candidate), catalogue), baseline)
    }
    assert changes == {"s3": (1, 0), "sqs": (1, 0), "dynamodb": (0, 1)}

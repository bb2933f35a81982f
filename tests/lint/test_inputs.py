"""What lint reads: modules, directories, policy files, plan JSON, and broken files as findings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.errors import UsageError
from generator.lint.engine import LintOptions, lint_paths
from generator.lint.inputs import discover
from generator.lint.module_input import resolve
from generator.lint.rules import DocumentRole
from generator.policycheck import PolicyKind
from generator.vendor.profile import profile
from tests.lint.conftest import REPO, VENDOR, active, edit_locals

REFERENCE = profile().newest.document()


def test_every_committed_module_is_clean() -> None:
    modules = sorted(p.name for p in (REPO / "modules").iterdir() if (p / "policies.tf.json").is_file())
    assert modules, "no rendered modules to lint"
    report = lint_paths([str(REPO / "modules")], LintOptions())
    assert list(report.checked) == modules
    assert not [f for f in report.findings if f.severity.rank > 1], [f.message for f in report.findings]
    assert not report.failed
    assert report.accepted  # the reference's own risks are listed
    assert all(not t.services for t in report.targets)  # exactly the reference's actions


def test_module_documents_are_resolved(module_copy: Path) -> None:
    (target,) = discover([str(module_copy)])
    assert (target.name, target.kind) == ("globex", "module")
    roles = {d.logical: (d.role, d.kind) for d in target.documents}
    assert roles == {  # globex notifies an existing topic: no topic or key policy of its own
        "local.role_policy": (DocumentRole.IDENTITY, PolicyKind.IDENTITY),
        "local.trust_policy": (DocumentRole.TRUST, PolicyKind.TRUST),
        "local.bucket_policy": (DocumentRole.RESOURCE, PolicyKind.S3_BUCKET),
    }
    identity = next(d for d in target.documents if d.role is DocumentRole.IDENTITY)
    assert identity.fill is not None
    assert identity.fill.bucket_name == "globex-bodo-state"
    assert identity.fill.dynamo_arn == "arn:*:dynamodb:*:*:table/globex-bodo-lock"
    resources = {r for s in identity.policy.statements for r in s.resources}
    assert "arn:*:dynamodb:*:*:table/globex-bodo-lock" in resources


def test_template_escapes_and_references() -> None:
    local_values = {"a": "x-${local.b}", "b": "y"}
    assert resolve("$${aws:username}/%%{x}", local_values) == "${aws:username}/%{x}"
    assert resolve("${local.a}:${data.aws_caller_identity.current.account_id}", local_values) == "x-y:*"


def test_added_statement_in_a_module_is_new_access_with_its_line(module_copy: Path) -> None:
    extra = {
        "Sid": "Extra",
        "Effect": "Allow",
        "Action": "s3:DeleteBucket",
        "Resource": "arn:aws:s3:::globex-bodo-state",
    }
    edit_locals(module_copy, "role_policy", lambda p: {**p, "Statement": [*p["Statement"], extra]})
    report = lint_paths([str(module_copy)], LintOptions())
    (finding,) = active(report)
    assert finding.rule_id == "BDL001" and finding.target == "globex"
    assert "s3:DeleteBucket" in finding.message and "Statement[4] (Extra)" not in finding.message
    assert finding.location.path == "Statement[4].Action"
    assert finding.location.logical == "local.role_policy"
    text = (module_copy / "policies.tf.json").read_text().splitlines()
    assert (
        finding.location.line is not None and '"Action": "s3:DeleteBucket"' in text[finding.location.line - 1]
    )
    assert report.targets[0].services[0].service == "s3" and report.targets[0].services[0].added == 1


def test_other_bucket_in_a_module_is_resource_widening(module_copy: Path) -> None:
    def widen(p: dict[str, Any]) -> dict[str, Any]:
        p["Statement"][3]["Resource"] = "arn:aws:s3:::*/*"
        return p

    edit_locals(module_copy, "role_policy", widen)
    found = {f.rule_id: f for f in active(lint_paths([str(module_copy)], LintOptions()))}
    assert set(found) == {"BDL001", "BDL021"}  # every bucket's objects: exfiltration risk too
    assert "resource wider than the baseline" in found["BDL001"].message
    assert "s3:GetObject" in found["BDL021"].message


def test_trust_principal_changed_in_a_module(module_copy: Path) -> None:
    def swap(p: dict[str, Any]) -> dict[str, Any]:
        p["Statement"][0]["Principal"] = {"AWS": "arn:aws:iam::123456789012:root"}
        return p

    edit_locals(module_copy, "trust_policy", swap)
    (finding,) = active(lint_paths([str(module_copy)], LintOptions()))
    assert (finding.rule_id, finding.location.path) == ("BDL032", "Statement[0].Principal.AWS[0]")


def test_platform_account_from_the_modules_spec(module_copy: Path) -> None:
    spec = module_copy.parent.parent / "customers" / "globex.yaml"
    spec.write_text(spec.read_text() + 'platform_account_id: "210987654321"\n')
    edit_locals(
        module_copy,
        "trust_policy",
        lambda p: {
            **p,
            "Statement": [{**p["Statement"][0], "Principal": {"AWS": "arn:aws:iam::210987654321:root"}}],
        },
    )
    assert not active(lint_paths([str(module_copy)], LintOptions()))


def _plan(role_policy: dict[str, Any], extra_child: dict[str, Any] | None = None) -> dict[str, Any]:
    filled = json.loads(
        json.dumps(role_policy)
        .replace("$$BUCKET_NAME$$", "acme-bodo-state")
        .replace("$$DYNAMO_ARN$$", "arn:aws:dynamodb:us-east-2:123456789012:table/acme-bodo-lock")
    )
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": VENDOR},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"sts:ExternalId": "x-1"}},
            }
        ],
    }
    child_resources = [
        {
            "address": "module.extra.aws_iam_policy.more",
            "mode": "managed",
            "type": "aws_iam_policy",
            "values": {
                "policy": json.dumps(
                    extra_child
                    or {
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Action": "s3:GetObject",
                                "Resource": "arn:aws:s3:::acme-bodo-state/*",
                            }
                        ]
                    }
                )
            },
        },
        {
            "address": "module.extra.aws_iam_role_policy.later",
            "mode": "managed",
            "type": "aws_iam_role_policy",
            "values": {"policy": None},
        },
    ]
    return {
        "format_version": "1.2",
        "planned_values": {
            "root_module": {
                "resources": [
                    {
                        "address": "aws_s3_bucket.state",
                        "mode": "managed",
                        "type": "aws_s3_bucket",
                        "values": {"bucket": "acme-bodo-state"},
                    },
                    {
                        "address": "aws_dynamodb_table.lock",
                        "mode": "managed",
                        "type": "aws_dynamodb_table",
                        "values": {"name": "acme-bodo-lock"},
                    },
                    {
                        "address": "aws_iam_role.bodo_platform",
                        "mode": "managed",
                        "type": "aws_iam_role",
                        "values": {"assume_role_policy": json.dumps(trust), "inline_policy": []},
                    },
                    {
                        "address": "aws_iam_role_policy.bodo_platform",
                        "mode": "managed",
                        "type": "aws_iam_role_policy",
                        "values": {"policy": json.dumps(filled)},
                    },
                ],
                "child_modules": [{"address": "module.extra", "resources": child_resources}],
            }
        },
        "prior_state": {
            "values": {
                "root_module": {
                    "resources": [
                        {
                            "address": "data.aws_region.current",
                            "mode": "data",
                            "type": "aws_region",
                            "values": {"name": "us-east-2"},
                        },
                        {
                            "address": "data.aws_partition.current",
                            "mode": "data",
                            "type": "aws_partition",
                            "values": {"partition": "aws"},
                        },
                        {
                            "address": "data.aws_iam_policy_document.wide",
                            "mode": "data",
                            "type": "aws_iam_policy_document",
                            "values": {
                                "json": json.dumps(
                                    {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
                                )
                            },
                        },
                    ]
                }
            }
        },
    }


def test_plan_json_documents_fill_and_child_modules(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(_plan(REFERENCE)))
    (target,) = discover([str(plan)])
    logical = {d.logical: d.role for d in target.documents}
    assert logical == {
        "aws_iam_role.bodo_platform.assume_role_policy": DocumentRole.TRUST,
        "aws_iam_role_policy.bodo_platform.policy": DocumentRole.IDENTITY,
        "module.extra.aws_iam_policy.more.policy": DocumentRole.IDENTITY,
        "data.aws_iam_policy_document.wide.json": DocumentRole.IDENTITY,
    }
    report = lint_paths([str(plan)], LintOptions())
    by_logical = {(f.location.logical, f.rule_id) for f in active(report)}
    assert ("module.extra.aws_iam_role_policy.later.policy", "BDL005") in by_logical
    assert ("data.aws_iam_policy_document.wide.json", "BDL001") in by_logical
    assert ("data.aws_iam_policy_document.wide.json", "BDL010") in by_logical
    assert not {
        key for key in by_logical if key[0] and key[0].startswith("aws_iam_role")
    }  # the role is clean
    # The child module has no bucket of its own: the root module's values fill its baseline.
    assert not {key for key in by_logical if key[0] == "module.extra.aws_iam_policy.more.policy"}


def _resource_policy_plan(
    kind: str, attached: dict[str, str | None], statement: dict[str, Any]
) -> dict[str, Any]:
    values = {**attached, "policy": json.dumps({"Version": "2012-10-17", "Statement": [statement]})}
    resource = {"address": f"{kind}.state", "mode": "managed", "type": kind, "values": values}
    return {"format_version": "1.2", "planned_values": {"root_module": {"resources": [resource]}}}


def _bucket_policy_plan(bucket: str | None, resources: list[str]) -> dict[str, Any]:
    statement = {
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": resources,
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    return _resource_policy_plan("aws_s3_bucket_policy", {"bucket": bucket}, statement)


@pytest.mark.parametrize(
    ("bucket", "resources", "expected"),
    [
        # The bucket the plan puts the policy on: another bucket's ARN is refused, with the fix.
        (
            "acme-bodo-state",
            ["arn:aws:s3:::acme-bodo-state", "arn:aws:s3:::acme-bodo-logs/*"],
            [("Statement[0].Resource[1]", "did you mean `arn:aws:s3:::acme-bodo-state/*`?")],
        ),
        ("acme-bodo-state", ["arn:aws:s3:::acme-bodo-state", "arn:aws:s3:::acme-bodo-state/*"], []),
        ("acme-bodo-state", ["arn:aws:s3:::acme-bodo-*"], []),  # not a literal bucket: not judged
        # `*` is refused whatever the bucket; unknown at plan time, two buckets still disagree.
        ("acme-bodo-state", ["*"], [("Statement[0].Resource[0]", "`arn:aws:s3:::acme-bodo-state/*`")]),
        (
            None,
            ["arn:aws:s3:::acme-bodo-state", "arn:aws:s3:::acme-bodo-logs/*"],
            [("Statement[0].Resource[1]", "keep one bucket's ARNs in each bucket policy")],
        ),
    ],
)
def test_plan_bucket_policy_resources_are_its_own_bucket(
    tmp_path: Path, bucket: str | None, resources: list[str], expected: list[tuple[str, str]]
) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(_bucket_policy_plan(bucket, resources)))
    report = lint_paths([str(plan)], LintOptions())
    found = [f for f in active(report) if f.rule_id == "BDL100"]
    assert [f.location.path for f in found] == [path for path, _ in expected], [f.message for f in found]
    for finding, (_, fix) in zip(found, expected, strict=True):
        assert finding.location.logical == "aws_s3_bucket_policy.state.policy"
        assert "S3: MalformedPolicy, Policy has invalid resource" in finding.message
        assert finding.fix is not None and fix in finding.fix
        assert finding.code is None  # Access Analyzer does not know which bucket a policy is on
    assert report.failed == bool(expected)


def test_plan_topic_policy_names_its_own_topic(tmp_path: Path) -> None:
    topic = "arn:aws:sns:us-east-2:123456789012:acme-alarms"
    statement = {
        "Effect": "Allow",
        "Principal": {"Service": "cloudwatch.amazonaws.com"},
        "Action": "sns:Publish",
        "Resource": topic.replace("acme-alarms", "acme-billing"),
    }
    plan = tmp_path / "plan.json"
    for arn, expected in ((topic, [f"did you mean `{topic}`?"]), (None, []), (statement["Resource"], [])):
        plan.write_text(json.dumps(_resource_policy_plan("aws_sns_topic_policy", {"arn": arn}, statement)))
        found = active(lint_paths([str(plan)], LintOptions()), "BDL100")
        assert [f.fix for f in found] == expected, [f.message for f in found]
        assert all(f.location.path == "Statement[0].Resource" for f in found)


def test_module_bucket_policy_naming_another_bucket(module_copy: Path) -> None:
    other = "arn:${data.aws_partition.current.partition}:s3:::globex-bodo-logs/*"

    def retarget(p: dict[str, Any]) -> dict[str, Any]:
        p["Statement"][0]["Resource"][1] = other
        return p

    edit_locals(module_copy, "bucket_policy", retarget)
    report = lint_paths([str(module_copy)], LintOptions())
    (finding,) = active(report)
    assert (finding.rule_id, finding.location.logical) == ("BDL100", "local.bucket_policy")
    assert finding.location.path == "Statement[0].Resource[1]"
    assert "bucket `globex-bodo-logs`, but this policy is on bucket `globex-bodo-state`" in finding.message
    text = (module_copy / "policies.tf.json").read_text().splitlines()
    assert finding.location.line is not None and "globex-bodo-logs" in text[finding.location.line - 1]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "invalid JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b'{"Statement": [', "invalid JSON"),
        (b'{"hello": 1}', "not an IAM policy"),
        (b'{"Statement": [{"Effect": "Maybe", "Action": "*"}]}', "Effect must be"),
    ],
)
def test_unreadable_files_are_findings(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    report = lint_paths([str(path)], LintOptions())
    (finding,) = [f for f in report.findings if f.rule_id == "BDL003"]
    assert expected in finding.message and report.failed
    # a policy the parser refuses is still validated: its errors carry Access Analyzer's code
    assert all(f.code for f in report.findings if f.rule_id != "BDL003")


def test_invalid_policy_points_at_the_element(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n  "Statement": [\n    {"Effect": "Allow", "Action": 7}\n  ]\n}\n')
    findings = lint_paths([str(path)], LintOptions()).findings
    (finding,) = [f for f in findings if f.rule_id == "BDL003"]
    assert (finding.location.path, finding.location.line) == ("Statement[0].Action", 3)
    grammar = {(f.code, f.location.path, f.location.line) for f in findings if f.rule_id == "BDL100"}
    assert ("JSON_SYNTAX_ERROR", "Statement[0].Action", 3) in grammar
    assert ("MISSING_RESOURCE", "Statement[0]", 3) in grammar


def test_unreadable_file_permission(tmp_path: Path) -> None:
    path = tmp_path / "locked.json"
    path.write_text("{}")
    path.chmod(0)
    try:
        report = lint_paths([str(tmp_path)], LintOptions())
    finally:
        path.chmod(0o600)
    assert [f.rule_id for f in report.findings] in (["BDL003"], [])  # root may still read it


def test_directory_of_modules_and_policy_files(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps(REFERENCE))
    (tmp_path / "notes.txt").write_text("ignored")
    names = [t.name for t in discover([str(tmp_path)])]
    assert names == [str(tmp_path / "a.json")]
    with pytest.raises(UsageError, match="no such file"):
        discover([str(tmp_path / "missing")])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(UsageError, match="no rendered module"):
        discover([str(empty)])

"""Validation where bodocfg meets it: rendered modules and the reference policy are clean, a spec's
bad additional statements are refused by `validate` at their own lines, the new-access diff does
not count what grants nothing, and every format carries the Access Analyzer code."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.components.role import fill_reference, reference_policy_text
from generator.lint.engine import LintOptions, lint_paths
from generator.output import FORMATTERS
from generator.policycheck import PolicyKind, Validator, checks, quota
from generator.spec import check_file
from generator.vendor.profile import profile

REPO = Path(__file__).resolve().parents[2]
VALIDATION_RULES = {check.rule for check in checks().values()}
SPEC_HEAD = """\
customer: acme-bad
region: us-east-2
external_id: 8f14e45f-ceea-467f-a8f4-6a1d3b2c9e10
role:
  additional_statements:
"""


def test_rendered_modules_have_no_validation_finding() -> None:
    report = lint_paths([str(REPO / "modules")], LintOptions())
    assert report.checked and not [f for f in report.findings if f.rule_id in VALIDATION_RULES]
    kinds = {(s.size is not None, s.quota) for s in report.targets}
    assert kinds == {(True, quota(PolicyKind.IDENTITY).limit)}  # type: ignore[union-attr]


def test_shipped_reference_policy_is_valid_as_shipped_and_filled() -> None:
    validator = Validator()
    newest = profile().newest
    assert validator.policy(newest.document(), PolicyKind.IDENTITY) == ()
    arn = "arn:aws:dynamodb:us-east-2:123456789012:table/acme-bodo-lock"
    assert validator.policy(fill_reference("acme-bodo-state", arn, newest.version), PolicyKind.IDENTITY) == ()
    report = lint_paths([str(newest.path)], LintOptions(policy_kind=PolicyKind.IDENTITY))
    assert not [f for f in report.findings if f.rule_id in VALIDATION_RULES]


@pytest.mark.parametrize("version", profile().versions)
def test_published_reference_versions_have_no_validation_error(version: str) -> None:
    """Older versions may name an action AWS has since renamed (2021-09's
    ec2:DescribeLocalGatewayRouteTable): a warning that gives the catalogue's date, never an error."""
    issues = Validator().policy(json.loads(reference_policy_text(version)), PolicyKind.IDENTITY)
    assert all(issue.meta.severity == "warning" and issue.check == "action-unknown" for issue in issues)


BAD_STATEMENTS = [
    # (YAML lines of one statement, the line and column the refusal points at, what it says)
    ("    - reason: the test\n      Effect: Allow\n      Action: s3:GetObject\n      Resource: arn:aws:s3:::acme-data\n", (8, 15), "grants nothing"),
    ("    - reason: the test\n      Effect: Allow\n      Action: s3:ListBucket\n      Resource: arn:aws:s3:::acme-data/*\n", (8, 15), "grants nothing"),
    ("    - reason: the test\n      Effect: Allow\n      Action: s3:ListBucket\n      Resource: arn:aws:s3:::acme-data\n"
     "      Condition:\n        StringEqual: {s3:prefix: logs/}\n", (11, 9), "INVALID_CONDITION_OPERATOR"),
    ("    - reason: the test\n      Effect: Allow\n      Action: s3:GetObject\n      Resource: arn:aws:s3:::acme-data/*\n"
     "      Condition:\n        DateGreaterThan: {aws:CurrentTime: yesterday}\n", (11, 44), "TYPE_MISMATCH_DATE"),
    ("    - reason: the test\n      Effect: Allow\n      Action: s3:GetObject\n      Resource: arn:aws:s3:::acme-data/*\n"
     "      Condition:\n        Bool: {aws:SecureTransport: 'yes'}\n", (11, 37), "TYPE_MISMATCH_BOOLEAN"),
    ("    - reason: the test\n      Effect: Allow\n      Action: ec2:RunInstances\n      Resource: '*'\n"
     "      Condition:\n        StringEquals: {s3:prefix: x}\n", (11, 24), "MISSING_ACTION_FOR_CONDITION_KEY"),
    ("    - reason: the test\n      Effect: Allow\n      Action: iam:GetRole\n      Resource: arn:aws:iam:us-east-1:123456789012:role/x\n",
     (9, 17), "ARN_REGION_NOT_ALLOWED"),
    ("    - reason: the test\n      Effect: Allow\n      Action: s3:GetObject\n      Resource: arn:aws:s3::123456789012:acme-data/*\n",
     (9, 17), "ARN_ACCOUNT_NOT_ALLOWED"),
    ("    - reason: the test\n      Effect: Allow\n      Action: s3:GetObject\n      Resource: arn:aws:s3:::acme-data/${aws:username/*\n",
     (9, 17), "MISSING_BRACE_IN_VARIABLE"),
    ("    - reason: the test\n      Effect: Allow\n      Action: s3:GetObject\n      Resource: arn:aws:s3:::acme-data/*\n"
     "      Condition:\n        IpAddress: {aws:SourceIp: 10.0.0.0/8}\n", (11, 35), "PRIVATE_IP_ADDRESS"),
    ("    - reason: the test\n      Effect: Allow\n      Action: ec2:CreateTags\n      Resource: '*'\n"
     "      Condition:\n        StringEquals: {aws:TagKeys: [team]}\n", (11, 37), "MISSING_QUALIFIER"),
    ("    - reason: the test\n      Effect: Allow\n      Action: s3:GetObject\n      Resource: arn:aws:s3:::acme-data/*\n"
     "      Condition:\n        StringEquals: {aws:SourceVpc: vpc-1}\n", (11, 39), "INVALID_VPC_FORMAT"),
    ("    - reason: the test\n      Effect: Allow\n      Action: s3:GetObject\n      Resource: arn:aws-cn:s3:::acme-data/*\n",
     (9, 17), "INVALID_PARTITION"),
]  # fmt: skip


@pytest.mark.parametrize("statement,where,says", BAD_STATEMENTS)
def test_validate_refuses_a_bad_additional_statement_at_its_line(
    tmp_path: Path, statement: str, where: tuple[int, int], says: str
) -> None:
    spec = tmp_path / "acme-bad.yaml"
    spec.write_text(SPEC_HEAD + statement)
    problems = check_file(spec)
    assert [(p.line, p.column) for p in problems] == [where], [str(p) for p in problems]
    assert says in problems[0].message and problems[0].field[:3] == ("role", "additional_statements", 0)


def test_validate_command_refuses_before_anything_renders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "acme-bad.yaml"
    spec.write_text(SPEC_HEAD + BAD_STATEMENTS[2][0])
    assert main(["validate", str(spec)]) == 1
    out = capsys.readouterr().out
    assert f"{spec}:11:9: role.additional_statements[0].Condition.StringEqual:" in out
    out_dir = tmp_path / "out"
    assert main(["render", str(spec), "--out", str(out_dir)]) == 1
    assert not (out_dir / "acme-bad").exists()


def test_validate_refuses_additions_over_the_inline_policy_quota(tmp_path: Path) -> None:
    """The quota rule (generator/spec/quota.py) reads its limit from validation's quota table."""
    statement = (
        "    - reason: reports\n      Effect: Allow\n"
        "      Action: [s3:GetObject, s3:GetObjectAcl, s3:GetObjectTagging, s3:GetObjectVersion]\n"
        "      Resource: arn:aws:s3:::acme-data-{n:02d}/reports/quarterly/*\n"
    )
    spec = tmp_path / "acme-big.yaml"
    spec.write_text(SPEC_HEAD + "".join(statement.format(n=n) for n in range(40)))
    (problem,) = check_file(spec)
    assert (problem.line, problem.field) == (6, ("role", "additional_statements"))
    assert f"IAM allows {quota(PolicyKind.IDENTITY).limit} in total" in problem.message  # type: ignore[union-attr]
    spec.write_text(SPEC_HEAD + "".join(statement.format(n=n) for n in range(10)))
    assert check_file(spec) == []


def test_valid_additional_statements_pass(tmp_path: Path) -> None:
    spec = tmp_path / "acme-ok.yaml"
    spec.write_text(
        SPEC_HEAD
        + "    - Sid: ReadReports\n      reason: reports\n      Effect: Allow\n      Action: [s3:GetObject]\n"
        "      Resource: arn:aws:s3:::acme-data/reports/*\n"
        "      Condition:\n        IpAddress: {aws:SourceIp: ['2001:db8::/32']}\n"
        "        DateLessThan: {aws:CurrentTime: '2027-01-01T00:00:00Z'}\n"
    )
    assert check_file(spec) == []


def test_statement_that_grants_nothing_is_not_new_access(tmp_path: Path) -> None:
    policy = tmp_path / "p.json"
    policy.write_text(
        json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": ["s3:GetObject", "s3:ListBucket"],
                        "Resource": "arn:aws:s3:::other",
                    }
                ],
            }
        )
    )
    report = lint_paths([str(policy)], LintOptions())
    new_access = [f for f in report.findings if f.rule_id == "BDL001"]
    assert new_access and all("s3:GetObject" not in f.message for f in new_access)
    assert any("s3:ListBucket" in f.message for f in new_access)
    (nothing,) = [f for f in report.findings if f.rule_id == "BDL107"]
    assert "s3:GetObject" in nothing.message and nothing.fix == "did you mean `arn:aws:s3:::other/*`?"


def test_every_format_carries_the_access_analyzer_code(tmp_path: Path) -> None:
    policy = tmp_path / "p.json"
    policy.write_text(
        json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}],
            }
        )
    )
    report = lint_paths([str(policy)], LintOptions())
    text = FORMATTERS["text"](report)
    assert "error BDL100 INVALID_EFFECT [" in text
    data = json.loads(FORMATTERS["json"](report))
    (finding,) = [f for f in data["findings"] if f["rule_id"] == "BDL100"]
    assert finding["access_analyzer_code"] == "INVALID_EFFECT" and finding["fix"] == "did you mean `Allow`?"
    sarif = json.loads(FORMATTERS["sarif"](report))
    (result,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "BDL100"]
    assert result["properties"]["accessAnalyzerCode"] == "INVALID_EFFECT"
    assert "`INVALID_EFFECT`" in FORMATTERS["markdown"](report)


def test_suppressions_apply_to_validation_findings(tmp_path: Path) -> None:
    from generator.lint.suppressions import load_suppressions

    policy = tmp_path / "p.json"
    policy.write_text(
        json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b"}],
            }
        )
    )
    rules = tmp_path / "s.yaml"
    rules.write_text(f"suppressions:\n  - rule: BDL107\n    target: '{policy}'\n    reason: reviewed\n")
    report = lint_paths([str(policy)], LintOptions(suppressions=load_suppressions(rules)))
    (finding,) = [f for f in report.findings if f.rule_id == "BDL107"]
    assert finding.suppressed == "reviewed"


def test_module_resource_policies_are_judged_by_their_type(tmp_path: Path) -> None:
    module = tmp_path / "acme-analytics"
    shutil.copytree(REPO / "modules" / "acme-analytics", module)
    path = module / "policies.tf.json"
    document = json.loads(path.read_text())
    document["locals"]["bucket_policy"]["Statement"][0]["Action"] = "ec2:RunInstances"
    document["locals"]["alarm_topic_key_policy"]["Statement"][1]["Condition"] = {
        "StringEqual": {"aws:SourceAccount": "1"}
    }
    path.write_text(json.dumps(document, indent=2))
    report = lint_paths([str(module)], LintOptions())
    found = {(f.location.logical, f.code) for f in report.findings if f.rule_id in VALIDATION_RULES}
    assert ("local.bucket_policy", "UNSUPPORTED_ACTION_IN_POLICY") in found
    assert ("local.alarm_topic_key_policy", "INVALID_CONDITION_OPERATOR") in found


def test_module_inline_policies_share_one_quota(tmp_path: Path) -> None:
    module = tmp_path / "acme-analytics"
    shutil.copytree(REPO / "modules" / "acme-analytics", module)
    path = module / "policies.tf.json"
    document = json.loads(path.read_text())
    statements = [
        {
            "Sid": f"Extra{n}",
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:GetObjectAcl", "s3:GetObjectTagging", "s3:GetObjectVersion"],
            "Resource": f"arn:aws:s3:::acme-data-{n:02d}/reports/quarterly/*",
        }
        for n in range(40)
    ]
    document["locals"]["declared_policy"] = {"Version": "2012-10-17", "Statement": statements}
    path.write_text(json.dumps(document, indent=2))
    report = lint_paths([str(module)], LintOptions())
    (over,) = [f for f in report.findings if f.rule_id == "BDL110"]
    assert (
        over.code == "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA"
        and over.location.logical == "local.declared_policy"
    )
    assert (
        "local.role_policy + local.declared_policy" in over.message and "of 10,240 characters" in over.message
    )


def test_interpolated_principal_is_no_wildcard_but_a_written_one_is(tmp_path: Path) -> None:
    """A module's key policy names `arn:${partition}:iam::${account}:root`, which lint reads with
    `*` for each plan-time value: no UNSUPPORTED_WILDCARD_IN_PRINCIPAL there. The same document
    written out as a policy file holds a real wildcard, and IAM would reject it."""
    module = REPO / "modules" / "acme-analytics"
    report = lint_paths([str(module)], LintOptions())
    assert not [f for f in report.findings if f.code == "UNSUPPORTED_WILDCARD_IN_PRINCIPAL"]
    locals_ = json.loads((module / "policies.tf.json").read_text())["locals"]
    key_policy = json.dumps(locals_["alarm_topic_key_policy"])
    assert "arn:${data.aws_partition.current.partition}:iam::" in key_policy
    written = tmp_path / "key-policy.json"
    written.write_text(
        key_policy.replace("${data.aws_partition.current.partition}", "aws").replace(
            "${data.aws_caller_identity.current.account_id}", "*"
        )
    )
    report = lint_paths([str(written)], LintOptions(policy_kind=PolicyKind.KMS_KEY))
    found = [f for f in report.findings if f.code == "UNSUPPORTED_WILDCARD_IN_PRINCIPAL"]
    assert found and found[0].location.line is not None
    assert found[0].location.path.endswith("Principal.AWS")


FEDERATED = "arn:aws:iam::123456789012:{}"
FEDERATION_TRUST_POLICIES = {
    # The trust policies identity federation is set up with, as their providers document them.
    "GitHub Actions OIDC": {
        "Principal": {"Federated": FEDERATED.format("oidc-provider/token.actions.githubusercontent.com")},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {
            "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
            "StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/infra:*"},
        },
    },
    "EKS service account (IRSA)": {
        "Principal": {
            "Federated": FEDERATED.format(
                "oidc-provider/oidc.eks.us-east-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
            )
        },
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {
            "StringEquals": {
                "oidc.eks.us-east-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": "system:serviceaccount:bodo:runner",
                "oidc.eks.us-east-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud": "sts.amazonaws.com",
            }
        },
    },
    "SAML sign-in": {
        "Principal": {"Federated": FEDERATED.format("saml-provider/Okta")},
        "Action": ["sts:AssumeRoleWithSAML", "sts:TagSession"],
        "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}},
    },
    "Cognito identity pool": {
        "Principal": {"Federated": "cognito-identity.amazonaws.com"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {
            "StringEquals": {
                "cognito-identity.amazonaws.com:aud": "us-east-2:1a2b3c4d-0000-4000-8000-000000000000"
            },
            "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"},
        },
    },
    "IAM Roles Anywhere": {
        "Principal": {"Service": "rolesanywhere.amazonaws.com"},
        "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
    },
}


@pytest.mark.parametrize("name", FEDERATION_TRUST_POLICIES)
def test_federation_trust_policies_are_valid(name: str) -> None:
    """Before: the OIDC providers' claim keys were "not a condition key" (an error: said to be
    rejected) and `SAML:aud` "not a service"; the catalogue lists them under AWS STS."""
    document = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", **FEDERATION_TRUST_POLICIES[name]}],
    }
    issues = Validator().policy(document, PolicyKind.TRUST)
    assert issues == (), [(i.issue_code, i.detail) for i in issues]

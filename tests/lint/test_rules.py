"""Every rule fires on a bad case and stays silent on its good twin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.lint.findings import catalogue
from generator.lint.rules import RULES, DocumentRole
from generator.output.model import Severity
from tests.lint.conftest import VENDOR, active, allow, lint_document, policy, trust

BUCKET_OBJECTS = "arn:aws:s3:::$$BUCKET_NAME$$/*"
IDENTITY = DocumentRole.IDENTITY
TRUST = DocumentRole.TRUST

TWINS: list[tuple[str, DocumentRole, dict[str, Any], dict[str, Any]]] = [
    (
        "BDL001",
        IDENTITY,
        policy(allow("s3:DeleteObjectVersion", BUCKET_OBJECTS)),
        policy(allow("s3:GetObject", BUCKET_OBJECTS)),
    ),
    (
        "BDL002",
        IDENTITY,
        policy(allow("s3:GetObjekt", BUCKET_OBJECTS)),
        policy(allow("s3:GetObject", BUCKET_OBJECTS)),
    ),
    (
        "BDL010",
        IDENTITY,
        policy(allow("logs:*", "arn:aws:logs:*:*:log-group:x")),
        policy(allow("logs:PutLogEvents", "arn:aws:logs:*:*:log-group:x")),
    ),
    (
        "BDL011",
        IDENTITY,
        policy(allow("lambda:InvokeFunction")),
        policy(allow("lambda:InvokeFunction", "arn:aws:lambda:us-east-2:1:function:f")),
    ),
    (
        "BDL012",
        IDENTITY,
        policy({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}),
        policy({"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}),
    ),
    (
        "BDL013",
        IDENTITY,
        policy({"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::x/*"}),
        policy({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::x/*"}),
    ),
    (
        "BDL020",
        IDENTITY,
        policy(allow(["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"])),
        # The condition closes it: the role can only be passed to EC2, not to a new Lambda.
        policy(
            allow(
                ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"],
                Condition={"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}},
            )
        ),
    ),
    (
        "BDL021",
        IDENTITY,
        policy(allow("secretsmanager:GetSecretValue")),
        policy(allow("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-2:1:secret:bodo-x")),
    ),
    (
        "BDL022",
        IDENTITY,
        policy(allow("iam:PutRolePolicy")),
        policy(allow("iam:PutRolePolicy", "arn:aws:iam::1:role/bodo-cluster-*")),
    ),
    ("BDL030", TRUST, trust(condition=None), trust()),
    ("BDL031", TRUST, trust(principal="*"), trust()),
    ("BDL032", TRUST, trust(principal={"AWS": "arn:aws:iam::123456789012:root"}), trust()),
    ("BDL033", TRUST, trust(principal={"AWS": [VENDOR, "481633624848"]}), trust()),
]


def test_every_rule_has_a_twin_and_a_catalogue_entry() -> None:
    assert {rule.id for rule in RULES} == {twin[0] for twin in TWINS}
    assert {rule.id for rule in RULES} <= set(catalogue())
    assert len({rule.id for rule in RULES}) == len(RULES)


@pytest.mark.parametrize(("rule_id", "role", "bad", "good"), TWINS, ids=[t[0] for t in TWINS])
def test_rule_fires_on_bad_and_not_on_good(
    rule_id: str, role: DocumentRole, bad: dict[str, Any], good: dict[str, Any]
) -> None:
    fired = active(lint_document(bad, role), rule_id)
    assert fired, f"{rule_id} did not fire on its bad case"
    assert all(f.severity is catalogue()[rule_id].severity for f in fired)
    assert all(f.location.path.startswith("Statement") for f in fired)
    assert not active(lint_document(good, role), rule_id)


def test_multi_action_escalation_needs_every_action() -> None:
    only_pass_role = lint_document(policy(allow(["iam:PassRole", "lambda:CreateFunction"])))
    methods = " ".join(f.message for f in active(only_pass_role, "BDL020"))
    assert "PassExistingRoleToNewLambdaThenInvoke" not in methods
    split = lint_document(policy(allow("iam:PassRole"), allow("glue:CreateDevEndpoint")))
    assert any("PassExistingRoleToNewGlueDevEndpoint" in f.message for f in active(split, "BDL020"))


def test_resource_tag_condition_closes_resource_risks() -> None:
    tagged = allow("iam:PutRolePolicy", Condition={"StringEquals": {"aws:ResourceTag/owner": "bodo"}})
    assert not active(lint_document(policy(tagged)), "BDL022")
    not_closing = allow("iam:PutRolePolicy", Condition={"StringNotEquals": {"aws:ResourceTag/owner": "x"}})
    assert active(lint_document(policy(not_closing)), "BDL022")


def test_external_id_must_be_an_exact_match() -> None:
    like = trust(condition={"StringLike": {"sts:ExternalId": "*"}})
    assert active(lint_document(like, TRUST), "BDL030")


def test_a_service_principal_is_not_the_vendor() -> None:
    service_only = active(
        lint_document(trust(principal={"Service": "ec2.amazonaws.com"}, condition=None), TRUST)
    )
    assert [f.rule_id for f in service_only] == ["BDL032"]
    both = {
        f.rule_id
        for f in active(lint_document(trust(principal={"AWS": VENDOR, "Service": "x.amazonaws.com"}), TRUST))
    }
    assert both == {"BDL032", "BDL033"}


def test_bare_account_id_and_extra_platform_account() -> None:
    assert not active(lint_document(trust(principal={"AWS": "481633624848"}), TRUST))
    other = trust(principal={"AWS": "arn:aws:iam::210987654321:root"})
    assert active(lint_document(other, TRUST), "BDL032")
    from generator.lint.engine import LintOptions

    options = LintOptions(extra_vendor_accounts=frozenset({"210987654321"}))
    assert not active(lint_document(other, TRUST, options=options))


def test_what_the_reference_grants_is_accepted_and_never_fails() -> None:
    report = lint_document(policy(allow(["iam:PassRole", "ec2:RunInstances", "kms:PutKeyPolicy"])))
    assert not report.failed
    accepted = {f.rule_id for f in report.findings if f.accepted_by_reference}
    assert {"BDL011", "BDL020", "BDL022"} <= accepted
    assert all(f.severity is Severity.INFO for f in report.findings if f.accepted_by_reference)


def test_new_risk_beside_accepted_one_still_fails() -> None:
    report = lint_document(policy(allow(["iam:AttachRolePolicy", "iam:PutRolePolicy"])))
    assert report.failed
    assert any(f.rule_id == "BDL020" and "PutRolePolicy" in f.message for f in report.failing)
    (warning,) = active(report, "BDL022")
    assert warning.message == "Permissions management: iam:PutRolePolicy"
    accepted = [f for f in report.findings if f.accepted_by_reference and f.rule_id == "BDL022"]
    assert accepted and "iam:AttachRolePolicy" in accepted[0].message


def test_readme_rule_table_matches_the_catalogue() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for rule in catalogue().values():
        row = next((line for line in readme.splitlines() if line.startswith(f"| {rule.id} |")), None)
        assert row is not None, f"README lacks {rule.id}"
        assert f"| {rule.severity} | {rule.title}" in row


def test_shared_statement_judged_with_each_policys_denies() -> None:
    from generator.iam.model import parse_policy
    from generator.lint.engine import Linter, LintOptions
    from generator.lint.inputs import Document, Target

    extra = allow("s3:DeleteBucket", "arn:aws:s3:::x")
    denied = policy(extra, {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"})
    denied_elsewhere = policy(extra, {"Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"})
    plain = policy(extra)
    targets = [
        Target(name, "policy", f"{name}.json", documents=(Document(IDENTITY, parse_policy(doc), ""),))
        for name, doc in (("denied", denied), ("elsewhere", denied_elsewhere), ("plain", plain))
    ]
    report = Linter(LintOptions()).targets(targets)  # one Linter: verdicts are shared between them
    flagged = {f.target for f in active(report, "BDL001")}
    assert flagged == {"elsewhere", "plain"}

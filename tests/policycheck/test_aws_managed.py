"""Real policies IAM accepted: the AWS managed policies, as moto vendors them (~1,600).

A pass against the local AWS proves nothing about what IAM accepts; these policies are the
opposite kind of evidence: IAM holds every one of them. So validation must never say IAM
rejects one of them (the size quotas aside: they are the customer's, and AWS's own policies are
larger), and where the catalogue lacks something AWS uses (a resource type, which actions take a
condition key, an account-less ARN of what AWS owns) the finding says the catalogue does not
know it, never that the statement does nothing.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from moto.iam import aws_managed_policies as managed

from generator.policycheck import PolicyKind, Validator, checks
from generator.policycheck.arns import unknown_type
from generator.policycheck.catalogue import default_service_catalogue
from generator.policycheck.model import Issue, data

REJECTED = checks()["json"].effect
"""The effect sentence of every check whose policy IAM rejects."""


def _at(document: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        document = document[part]
    return document


@pytest.fixture(scope="module")
def findings() -> list[tuple[str, dict[str, Any], Issue]]:
    policies = json.loads(managed.aws_managed_policies_data)
    assert len(policies) > 1000
    validator = Validator()
    return [
        (name, entry["Document"], issue)
        for name, entry in policies.items()
        for issue in validator.policy(entry["Document"], PolicyKind.IDENTITY)
    ]


def test_no_aws_managed_policy_is_said_to_be_rejected(
    findings: list[tuple[str, dict[str, Any], Issue]],
) -> None:
    rejected = [
        (name, issue.check, issue.detail)
        for name, _, issue in findings
        if issue.meta.effect == REJECTED and issue.check != "quota"
    ]
    assert rejected == []


def test_account_less_arns_of_what_aws_owns_are_valid(
    findings: list[tuple[str, dict[str, Any], Issue]],
) -> None:
    owned = {entry["service"] for entry in data("aws_owned.json")["types"]}
    missing = [
        _at(document, issue.path) for _, document, issue in findings if issue.check == "arn-account-missing"
    ]
    assert not [arn for arn in missing if arn.split(":")[2] in owned], missing
    # What is left names no AWS-owned resource: a KMS key always has an account.
    assert set(missing) <= {"arn:aws:kms:*::*"}


def test_a_type_the_catalogue_lacks_is_unknown_not_invalid(
    findings: list[tuple[str, dict[str, Any], Issue]],
) -> None:
    catalogue = default_service_catalogue()
    unknown = [
        _at(document, issue.path) for _, document, issue in findings if issue.check == "arn-resource-unknown"
    ]
    invalid = [_at(document, issue.path) for _, document, issue in findings if issue.check == "arn-resource"]
    assert "arn:aws:backup:*:*:recovery-point:*" in unknown  # backup's own recovery points
    assert "arn:aws:sagemaker:*:*:canvas*" in unknown  # no known type word starts `canvas`
    assert "arn:aws:sagemaker:*:*:endpointconfig/*" in invalid  # endpoint-config misspelt
    for arn in invalid:
        service, part = arn.split(":")[2], arn.split(":", 5)[5]
        assert not unknown_type(part, service, catalogue), arn
    assert checks()["arn-resource-unknown"].severity == "warning"  # lint does not fail on it


def test_a_key_no_action_of_its_service_lists_is_not_called_unsupported(
    findings: list[tuple[str, dict[str, Any], Issue]],
) -> None:
    catalogue = default_service_catalogue()
    unsupported = [issue.path[-1] for _, _, issue in findings if issue.check == "key-unsupported"]
    for key in unsupported:
        prefix = str(key).partition(":")[0].lower()
        assert catalogue.keys_of_actions(prefix).supports(str(key).lower()), key
    assert "aws-marketplace:AgreementType" not in unsupported

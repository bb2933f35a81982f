"""Real resource and trust policies: the kinds AWS's documentation tells customers to write, which
IAM, S3, SNS and KMS accept, each judged by the rules of its policy type (`documented_policies.json`).

The AWS managed policies (`test_aws_managed.py`) are all identity policies; these are the other
policy types lint reads. Before 2026-12-08 five of them failed: the OIDC providers' claim keys
in trust policies (`token.actions.githubusercontent.com:sub`: "not a condition key", said to be
rejected), `SAML:aud` ("not a service"), and a CloudFront origin access identity as a bucket
policy's principal ("not a valid AWS principal").
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.policycheck import PolicyKind, Validator, path_text

DOCUMENTED: dict[str, dict[str, Any]] = json.loads(
    (Path(__file__).with_name("documented_policies.json")).read_text(encoding="utf-8")
)["policies"]


def test_every_policy_type_is_represented() -> None:
    kinds = {entry["kind"] for entry in DOCUMENTED.values()}
    assert kinds == {"s3-bucket", "kms-key", "sns-topic", "trust", "identity"}
    assert len(DOCUMENTED) >= 40


SECURITY_WARNINGS = {
    "kms-logs": [("service-principal-unrestricted", "Statement[1].Principal.Service")],
    "sns-budgets": [("service-principal-unrestricted", "Statement[0].Principal.Service")],
    "sns-events": [("service-principal-unrestricted", "Statement[0].Principal.Service")],
}
"""Access Analyzer's security warnings (BDL111) on documented policies: AWS accepts them, and its
own analyzer warns of them too. These three grant a service principal with no condition on the
source it acts for, as the documentation's examples are written."""


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_documented_policy_is_valid(name: str) -> None:
    entry = DOCUMENTED[name]
    issues = Validator().policy(entry["doc"], PolicyKind(entry["kind"]))
    found = [(i.check, path_text(i.path)) for i in issues]
    assert found == SECURITY_WARNINGS.get(name, []), [
        (i.issue_code, path_text(i.path), i.detail) for i in issues
    ]
    assert all(i.meta.rule == "BDL111" and i.meta.severity == "warning" for i in issues)

"""Condition-key support is judged per Action entry: a templated key (`s3:ExistingObjectTag/<tag>`)
is supported when some action the statement names has it."""

from __future__ import annotations

import pytest

from generator.policycheck import PolicyKind, Validator


def _unsupported(actions: list[str], key: str) -> list[str]:
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": actions,
                "Resource": "*",
                "Condition": {"StringEquals": {key: "x"}},
            }
        ],
    }
    issues, _ = Validator().check(policy, PolicyKind.IDENTITY)
    return [issue.detail for issue in issues if issue.check == "key-unsupported"]


@pytest.mark.parametrize(
    ("actions", "key"),
    [
        (["s3:GetObject"], "s3:ExistingObjectTag/project"),
        (["s3:ListBucket", "s3:Get*"], "s3:ExistingObjectTag/project"),  # the second entry has it
        (["s3:PutObject"], "s3:RequestObjectTag/team"),
        (["s3:ListBucket"], "s3:prefix"),
    ],
)
def test_a_key_some_action_supports_is_silent(actions: list[str], key: str) -> None:
    assert _unsupported(actions, key) == []


@pytest.mark.parametrize(
    ("actions", "key"),
    [
        (["s3:ListBucket"], "s3:ExistingObjectTag/project"),
        (["s3:GetObject", "s3:ListBucket", "s3:DeleteObject", "s3:GetObjectAcl"], "s3:RequestObjectTag/team"),
        (["s3:GetObject", "s3:DeleteObject"], "s3:prefix"),
    ],
)
def test_a_key_no_action_supports_is_reported(actions: list[str], key: str) -> None:
    details = _unsupported(actions, key)
    assert len(details) == 1
    assert details[0].startswith(f"no action of the statement ({', '.join(actions[:3])}")
    assert details[0].endswith(f"supports `{key}`, so the condition is never true")
    assert (" ...)" in details[0]) == (len(actions) > 3)

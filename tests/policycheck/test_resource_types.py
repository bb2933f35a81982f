"""BDL107's message names the first action a resource cannot serve and how many more there are."""

from __future__ import annotations

import re

from generator.iam.catalogue import default_catalogue
from generator.policycheck import PolicyKind, Validator


def _resource_type_details(actions: list[str], resource: str) -> list[str]:
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": actions, "Resource": resource}],
    }
    issues, _ = Validator().check(policy, PolicyKind.IDENTITY)
    return [issue.detail for issue in issues if issue.check == "resource-type"]


def test_a_wildcard_that_reaches_nothing_counts_every_action_it_names() -> None:
    named = default_catalogue().expand("s3:GetObject*")
    assert len(named) > 2  # the count below is more than "one more"
    details = _resource_type_details(["s3:GetObject*", "s3:ListBucket"], "arn:aws:s3:::data")
    assert len(details) == 1  # ListBucket acts on the bucket
    found = re.match(r"(s3:GetObject\w*) \(and (\d+) more\) acts on [\w, ]+;", details[0])
    assert found is not None, details[0]
    assert found.group(1).lower() in named
    assert int(found.group(2)) == len(named) - 1


def test_a_named_action_is_named_alone() -> None:
    details = _resource_type_details(["s3:GetObject"], "arn:aws:s3:::data")
    assert details == [
        "s3:GetObject acts on accesspointobject, object; `arn:aws:s3:::data` names none of them"
    ]

"""`Validator.reachable`: one set per statement's resources, the same as asking `granted`
resource by resource (what BDL107 and the diff relied on before)."""

from __future__ import annotations

import random

from generator.iam.catalogue import default_catalogue
from generator.policycheck import Validator

RESOURCES = (
    "arn:aws:s3:::data",
    "arn:aws:s3:::data/*",
    "arn:aws:s3:::data/reports/2026.csv",
    "arn:aws:iam::123456789012:role/ops",
    "arn:aws:iam::123456789012:role/*",
    "arn:aws:kms:us-east-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "arn:aws:logs:us-east-2:123456789012:log-group:app*",
    "arn:aws:dynamodb:us-east-2:123456789012:table/locks",
    "arn:aws:sqs:us-east-2:123456789012:queue",
    "arn:aws:ec2:*:*:instance/*",
    "arn:aws:s3:::*",
    "arn:aws:*:us-east-2:123456789012:*",
    "*",
)


def test_it_grants_what_granted_grants_resource_by_resource() -> None:
    validator = Validator()
    catalogue = default_catalogue()
    services = ("s3", "iam", "kms", "logs", "dynamodb", "sqs", "ec2", "sts")
    actions = sorted(a for a in catalogue.all_actions if catalogue.service[a] in services)
    rng = random.Random(11)
    for _ in range(300):
        resources = rng.sample(RESOURCES, rng.randint(1, 3))
        names = frozenset(rng.sample(actions, rng.randint(1, 40)))
        one_by_one = frozenset().union(*(validator.granted(names, r) for r in resources))
        reachable = validator.reachable(resources)
        if reachable is None:  # then callers ask resource by resource
            assert "*" in resources or any(r.split(":")[2] == "*" for r in resources if r != "*")
        else:
            assert names & reachable == one_by_one, resources


def test_a_bucket_reaches_bucket_actions_and_not_object_ones() -> None:
    reachable = Validator().reachable(["arn:aws:s3:::data"])
    assert reachable is not None
    assert "s3:listbucket" in reachable and "s3:getobject" not in reachable
    both = Validator().reachable(["arn:aws:s3:::data", "arn:aws:s3:::data/*"])
    assert both is not None and {"s3:listbucket", "s3:getobject"} <= both


def test_what_aws_owns_and_types_the_catalogue_lacks_can_grant() -> None:
    """An AWS-owned SSM document (no account) grants SendCommand; a resource of a type the
    catalogue does not know cannot be judged, so the diff counts what it may grant."""
    validator = Validator()
    run = frozenset({"ssm:sendcommand"})
    assert validator.granted(run, "arn:aws:ssm:us-east-1::document/AWS-RunShellScript") == run
    assert validator.granted(run, "arn:aws:ssm:us-east-1::document/Deploy-App") == frozenset()
    delete = frozenset({"backup:deleterecoverypoint", "s3:getobject"})
    assert validator.granted(delete, "arn:aws:backup:us-east-1:123456789012:recovery-point:rp-1") == delete
    # a misspelt known type is judged: it names nothing the action acts on
    assert (
        validator.granted(
            frozenset({"sagemaker:deleteendpointconfig"}),
            "arn:aws:sagemaker:us-east-1:123456789012:endpointconfig/x",
        )
        == frozenset()
    )

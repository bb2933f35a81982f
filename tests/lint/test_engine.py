"""The engine's memoised verdicts give exactly what linting each policy alone gives."""

from __future__ import annotations

import random
from typing import Any

from generator.iam.model import parse_policy
from generator.lint.engine import Linter, LintOptions
from generator.lint.inputs import Document, Target
from generator.lint.rules import DocumentRole
from tests.lint.conftest import allow

STATEMENTS: list[dict[str, Any]] = [
    allow(["iam:PassRole", "ec2:RunInstances"]),
    allow(["iam:PassRole"], Condition={"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}),
    allow(["s3:GetObject", "s3:PutObject"], "arn:aws:s3:::$$BUCKET_NAME$$/*"),
    allow(["s3:GetObject"], "arn:aws:s3:::other/*"),
    allow(["logs:*"], "arn:aws:logs:*:*:log-group:x*"),
    allow(["lambda:CreateFunction", "lambda:InvokeFunction"]),
    allow(["ssm:GetParameter", "kms:PutKeyPolicy", "sqs:SendMessage"]),
    {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"},
    {"Effect": "Deny", "Action": "lambda:*", "Resource": "*"},
    {"Effect": "Allow", "NotAction": "iam:*", "Resource": "arn:aws:s3:::x"},
]


def _targets(count: int) -> list[Target]:
    rng = random.Random(3)
    targets = []
    for number in range(count):
        chosen = [dict(rng.choice(STATEMENTS)) for _ in range(rng.randint(1, 6))]
        if not any(s["Effect"] == "Allow" for s in chosen):
            chosen.append(dict(STATEMENTS[0]))
        document = Document(DocumentRole.IDENTITY, parse_policy({"Statement": chosen}), "")
        targets.append(Target(f"p{number}", "policy", f"p{number}.json", documents=(document,)))
    return targets


def test_shared_verdicts_equal_policy_by_policy() -> None:
    targets = _targets(25)
    together = Linter(LintOptions()).targets(targets).findings
    alone = [f for t in targets for f in Linter(LintOptions()).targets([t]).findings]
    assert sorted(map(repr, together)) == sorted(map(repr, alone))
    assert {f.rule_id for f in together} >= {"BDL001", "BDL010", "BDL011", "BDL012", "BDL020", "BDL021"}

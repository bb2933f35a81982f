"""Bench: `bodocfg lint` against cloudsplaining on the same 1,000 policies of 20 statements.

    .venv/bin/python bench/lint_bench.py [--policies 1000] [--statements 20] [--seed 7]

Generates the policies (reference-like statements, scoped S3/DynamoDB ones, added actions,
wildcards, conditions, the odd NotAction) into a temporary directory, then in one run times:

- bodocfg: discovering, reading, parsing and linting every file (all rules, the new-access diff
  against the reference policy, accepted-by-reference); the IAM catalogue load is timed apart,
  cold (building the compact index) and warm (reading the cached one);
- cloudsplaining's `scan_policy` on the same documents, already in memory (so its own work only;
  its import, which loads policy_sentry's database, is not timed).

cloudsplaining runs in this virtualenv (it is in the `dev` extra: its pins agree with ours).
Exits 1 when bodocfg misses its targets: under 0.5 s and at least 6x faster.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.iam import catalogue as catalogue_module  # noqa: E402
from generator.lint.engine import Linter, LintOptions, reference_path  # noqa: E402
from generator.lint.inputs import discover  # noqa: E402

TARGET_SECONDS = 0.5
TARGET_SPEEDUP = 6.0
EXTRA_ACTIONS = (
    "s3:GetBucketPolicy",
    "s3:PutBucketPolicy",
    "iam:CreateAccessKey",
    "iam:PutRolePolicy",
    "lambda:CreateFunction",
    "lambda:InvokeFunction",
    "secretsmanager:GetSecretValue",
    "logs:CreateLogGroup",
    "logs:PutLogEvents",
    "sqs:SendMessage",
    "sns:Publish",
    "ecr:GetAuthorizationToken",
    "cloudwatch:PutMetricData",
    "ec2:DescribeSnapshots",
    "rds:CreateDBSnapshot",
)
WILDCARDS = ("s3:Get*", "ec2:Describe*", "logs:*", "dynamodb:*", "iam:List*", "kms:*")


def _statement(rng: random.Random, reference: list[str]) -> dict[str, Any]:
    """Mostly the reference's own grants, as customers have them, with drift mixed in: about two
    drifting statements a policy (added actions, wildcards, real bucket names, conditions)."""
    kind = rng.random()
    bucket = f"bench-{rng.randrange(50)}-bodo-state"
    statement: dict[str, Any]
    if kind < 0.75:
        statement = {"Effect": "Allow", "Action": rng.sample(reference, rng.randint(3, 15)), "Resource": "*"}
    elif kind < 0.85:
        actions = rng.sample(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], 2)
        where = bucket if kind > 0.83 else "$$BUCKET_NAME$$"
        statement = {"Effect": "Allow", "Action": actions, "Resource": [f"arn:aws:s3:::{where}/*"]}
    elif kind < 0.9:
        statement = {
            "Effect": "Allow",
            "Action": rng.sample(EXTRA_ACTIONS, rng.randint(1, 4)),
            "Resource": "*",
        }
    elif kind < 0.93:
        statement = {
            "Effect": "Allow",
            "Action": [rng.choice(WILDCARDS)],
            "Resource": f"arn:aws:logs:us-east-2:123456789012:log-group:{bucket}*",
        }
    elif kind < 0.98:
        statement = {
            "Effect": "Allow",
            "Action": ["iam:PassRole"],
            "Resource": "*",
            "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}},
        }
    elif kind < 0.999:
        statement = {"Effect": "Deny", "Action": ["s3:DeleteBucket"], "Resource": f"arn:aws:s3:::{bucket}"}
    else:
        statement = {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}
    return statement


POOL_SIZE = 400


def generate(directory: Path, count: int, statements: int, seed: int) -> list[dict[str, Any]]:
    """Policies as a fleet has them: statements drawn from a shared pool of POOL_SIZE variants (the
    reference's grants in different cuts, common additions, drift), plus one customer-specific
    statement (its own bucket) in every other policy."""
    rng = random.Random(seed)
    reference_doc = json.loads(reference_path().read_text(encoding="utf-8"))
    reference = [a for s in reference_doc["Statement"] for a in s["Action"]]
    pool = [_statement(rng, reference) for _ in range(POOL_SIZE)]
    policies = []
    for number in range(count):
        chosen = [dict(rng.choice(pool)) for _ in range(statements)]
        if number % 2:
            chosen[-1] = {
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:PutObject"],
                "Resource": f"arn:aws:s3:::customer-{number}-bodo-state/*",
            }
        for index, statement in enumerate(chosen):
            statement["Sid"] = f"S{index}"
        policy = {"Version": "2012-10-17", "Statement": chosen}
        (directory / f"policy-{number:04d}.json").write_text(json.dumps(policy, indent=2), encoding="utf-8")
        policies.append(policy)
    return policies


def time_catalogue() -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as cache:
        import os

        os.environ["BODOCFG_CACHE_DIR"] = cache
        started = time.perf_counter()
        catalogue_module.default_catalogue()
        cold = time.perf_counter() - started
        catalogue_module.default_catalogue.cache_clear()
        started = time.perf_counter()
        catalogue_module.default_catalogue()
        warm = time.perf_counter() - started
        del os.environ["BODOCFG_CACHE_DIR"]
    return cold, warm


def time_bodocfg(directory: Path) -> tuple[float, int]:
    linter = Linter(LintOptions())
    started = time.perf_counter()
    report = linter.targets(discover([str(directory)]))
    return time.perf_counter() - started, len(report.findings)


def time_cloudsplaining(policies: list[dict[str, Any]]) -> float:
    try:
        from cloudsplaining.command.scan_policy_file import scan_policy
    except ImportError:
        raise SystemExit("cloudsplaining is not installed: `make venv` installs the dev extra") from None
    started = time.perf_counter()
    for policy in policies:
        scan_policy(policy)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--policies", type=int, default=1000)
    parser.add_argument("--statements", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    cold, warm = time_catalogue()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "policies"
        directory.mkdir()
        policies = generate(directory, args.policies, args.statements, args.seed)
        ours, findings = time_bodocfg(directory)
        theirs = time_cloudsplaining(policies)
    speedup = theirs / ours if ours else float("inf")
    print(f"policies: {args.policies} x {args.statements} statements (seed {args.seed})")
    print(
        f"IAM catalogue load: cold {cold * 1000:.0f} ms (builds the cached index), warm {warm * 1000:.0f} ms"
    )
    per_policy = ours / args.policies * 1000
    print(f"bodocfg lint:       {ours:.3f} s  ({per_policy:.3f} ms/policy, {findings} findings)")
    theirs_per_policy = theirs / args.policies * 1000
    print(f"cloudsplaining:     {theirs:.3f} s  ({theirs_per_policy:.3f} ms/policy, from memory)")
    print(f"speedup:            {speedup:.1f}x  (targets: < {TARGET_SECONDS} s and >= {TARGET_SPEEDUP:.0f}x)")
    met = ours < TARGET_SECONDS and speedup >= TARGET_SPEEDUP
    print("result:             " + ("targets met" if met else "TARGETS MISSED"))
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())

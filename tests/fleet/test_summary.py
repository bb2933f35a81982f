"""`plan --summary markdown`: counts, destroy warnings, IAM diffs vs prior_state, comment splitting.

The plan JSON fixtures are real `terraform show -json` output for globex against the local
AWS: an update (a statement added to the inline policy after apply) and a destroy.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.fleet.summary import (
    COMMENT_LIMIT,
    CustomerResult,
    code,
    customer_section,
    split_comments,
    summary_comments,
)
from generator.terraform.plan import Plan

DATA = Path(__file__).parent / "data"


def plan(name: str) -> Plan:
    path = DATA / f"globex-{name}.show.json"
    return Plan.parse(path.read_text(), str(path))


def fences_balanced(text: str) -> bool:
    open_fence: str | None = None
    for line in text.splitlines():
        marker = re.match(r"^(`{3,})", line)
        if marker and (open_fence is None or line.strip() == open_fence):
            open_fence = None if open_fence else marker.group(1)
    return open_fence is None


def test_update_shows_the_policy_diff_against_prior_state() -> None:
    view = plan("update")
    assert view.counts() == (0, 1, 0)
    section = customer_section(CustomerResult("globex", 2, view))
    assert section.startswith("### `globex`: **0** to add, **1** to change, **0** to destroy\n")
    assert "| update | `aws_iam_role_policy.bodo_platform` |" in section
    assert "--- aws_iam_role_policy.bodo_platform.policy (current)" in section
    lines = section.splitlines()
    added = [line for line in lines if line.startswith("+") and not line.startswith("+++")]
    removed = [line for line in lines if line.startswith("-") and not line.startswith("---")]
    assert added == [
        "+    },",
        "+    {",
        '+      "Action": [',
        '+        "logs:GetLogEvents"',
        "+      ],",
        '+      "Effect": "Allow",',
        '+      "Resource": "*",',
        '+      "Sid": "ReadLogs"',
    ]
    assert removed == []
    assert "WARNING" not in section


def test_destroy_warns_for_each_resource_louder_for_data() -> None:
    view = plan("destroy")
    assert view.counts() == (0, 0, 9)
    section = customer_section(CustomerResult("globex", 2, view))
    assert section.count("> [!WARNING]") == 9
    assert "> This plan destroys `aws_s3_bucket.state` and everything stored in it." in section
    assert "> This plan destroys `aws_dynamodb_table.lock` and everything stored in it." in section
    assert "> This plan destroys `aws_iam_role.bodo_platform`." in section
    # The trust and inline policies disappear: their diffs show every line removed.
    assert "--- aws_iam_role.bodo_platform.assume_role_policy (current)" in section


def test_failed_customer_has_its_error_and_log() -> None:
    section = customer_section(
        CustomerResult("initech", 3, None, error="Error: ```boom```", log="plans/initech.log")
    )
    assert section.startswith("### `initech`: plan failed (exit 3)")
    assert "````\nError: ```boom```\n````" in section  # a fence the error cannot close
    assert "Log: `plans/initech.log`" in section


def test_inline_code_cannot_be_broken_by_backticks() -> None:
    assert code("a`b") == "``a`b``"
    assert code("`x") == "`` `x ``"
    assert code('aws_sns_topic_subscription.email["o`k@x.io"]').startswith("``")


def test_many_customers_split_under_the_limit() -> None:
    view = plan("update")
    results = [CustomerResult(f"customer-{index:03d}", 2, view) for index in range(120)]
    comments = summary_comments(results)
    assert len(comments) > 1
    assert all(len(comment) <= COMMENT_LIMIT for comment in comments)
    assert comments[0].startswith(f"## bodocfg plan (1/{len(comments)})\n")
    assert all(fences_balanced(comment) for comment in comments)
    joined = "".join(comments)
    assert all(f"### `customer-{index:03d}`" in joined for index in range(120))


def test_one_oversized_section_is_cut_with_fences_reopened() -> None:
    body = "\n".join(f"+ line {index} " + "x" * 80 for index in range(3000))
    section = f"### `huge`\n\n```diff\n{body}\n```\n"
    comments = split_comments([section], limit=20_000)
    assert len(comments) > 5
    assert all(len(comment) <= 20_000 for comment in comments)
    assert all(fences_balanced(comment) for comment in comments)
    kept = [line for comment in comments for line in comment.splitlines() if line.startswith("+ line")]
    assert len(kept) == 3000


def test_single_comment_has_no_counter() -> None:
    comments = summary_comments([CustomerResult("globex", 0, plan("update"))])
    assert len(comments) == 1
    assert comments[0].startswith("## bodocfg plan\n\n### `globex`")

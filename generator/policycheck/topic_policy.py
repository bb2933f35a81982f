"""What SNS refuses in a topic policy beyond IAM's grammar: its own policy quotas.

The SNS Developer Guide ("Amazon SNS API permissions: Actions and resources reference", Policy
quotas, read 2026-12-08) says each policy covers a single topic, and a statement's Resource must
match the ARN of the policy's topic; at most 100 statements; 1 to 200 principals a statement (its
30 KB size is the `quota` check's). SetTopicAttributes answers InvalidParameter ("Policy Error")
for a policy it refuses; the local AWS accepts all of these. Three checks:

- `topic-other-topic`: an SNS ARN of another topic than the policy's. When the input names the
  topic (a plan's `aws_sns_topic_policy.arn`), each resource is compared with it; otherwise one
  policy naming two topics is wrong for one of them, and the resources that differ from the first
  topic named are reported. Only literal ARNs are compared (no `*`, `?` or `${...}`);
- `topic-statements`: more than 100 statements;
- `topic-principals`: a statement naming more than 200 principals.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from generator.policycheck.arns import wild
from generator.policycheck.attachment import resource_entries, strangers
from generator.policycheck.model import Issue

MAX_STATEMENTS = 100
MAX_PRINCIPALS = 200


def topic_of(resource: str) -> str | None:
    """`resource` when it is a literal SNS topic ARN (`arn:aws:sns:us-east-2:123456789012:alarms`);
    None for any other resource."""
    parts = resource.split(":")
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "sns" or not all(parts[3:]):
        return None
    return None if wild(resource) or "${" in resource else resource


def principal_count(principal: Any) -> int:
    """The principals a Principal element names (`*` is one)."""
    if not isinstance(principal, Mapping):
        return 1
    return sum(len(value) if isinstance(value, list) else 1 for value in principal.values())


def topic_policy_issues(statements: Sequence[Any], single: bool, topic: str | None = None) -> Iterator[Issue]:
    """What SNS refuses in a topic policy's `statements` (`single`: the policy wrote Statement as
    one object); `topic`: the ARN of the topic it is put on, when known."""
    if len(statements) > MAX_STATEMENTS:
        yield Issue(
            "topic-statements",
            ("Statement",),
            f"{len(statements)} statements, over SNS's {MAX_STATEMENTS} in a topic policy",
            "merge statements that share their principals and conditions",
        )
    for index, statement in enumerate(statements):
        if isinstance(statement, Mapping) and "Principal" in statement:
            count = principal_count(statement["Principal"])
            if count > MAX_PRINCIPALS:
                yield Issue(
                    "topic-principals",
                    ("Statement", "Principal") if single else ("Statement", index, "Principal"),
                    f"{count} principals in one statement, over SNS's {MAX_PRINCIPALS}",
                    "split the principals over several statements",
                )
    named = [
        (path, resource, resource)
        for path, resource in resource_entries(statements, single)
        if topic_of(resource)
    ]
    for stranger in strangers(named, topic):
        if stranger.where is None:
            yield Issue(
                "topic-other-topic",
                stranger.path,
                f"`{stranger.resource}` is another topic than the one this policy is on, `{stranger.own}`",
                f"did you mean `{stranger.own}`?",
            )
        else:
            yield Issue(
                "topic-other-topic",
                stranger.path,
                f"`{stranger.resource}` is another topic than {stranger.where}'s `{stranger.own}` "
                "(a topic policy is on one topic)",
                "keep one topic's ARN in each topic policy",
            )

"""Which of the topic's e-mail subscriptions are still waiting for someone to confirm them.

AWS marks a pending subscription two ways: ListSubscriptionsByTopic gives it the ARN
"PendingConfirmation" (or, when it was created with ReturnSubscriptionArn, a real ARN), and
GetSubscriptionAttributes says `PendingConfirmation: "true"`. Both are read. (moto confirms
every subscription at once, so the tests set that attribute in moto's backend to what AWS
reports before the link is clicked.)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from generator.delivery.findings import PendingConfirmation

if TYPE_CHECKING:
    from mypy_boto3_sns import SNSClient

PENDING_ARN = "PendingConfirmation"


def email_subscriptions(sns: SNSClient, topic_arn: str) -> list[dict[str, Any]]:
    """Every e-mail subscription of the topic (all pages)."""
    found: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        extra = {"NextToken": token} if token else {}
        page = sns.list_subscriptions_by_topic(TopicArn=topic_arn, **extra)
        found += [dict(s) for s in page.get("Subscriptions", []) if s.get("Protocol") == "email"]
        token = page.get("NextToken")
        if not token:
            return found


def _pending(sns: SNSClient, subscription: dict[str, Any]) -> bool:
    arn = str(subscription.get("SubscriptionArn", ""))
    if arn == PENDING_ARN or not arn.startswith("arn:"):
        return True
    try:
        attributes = sns.get_subscription_attributes(SubscriptionArn=arn).get("Attributes", {})
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == "NotFound":
            return False  # deleted meanwhile: reported as a missing address, not as pending
        raise
    return str(attributes.get("PendingConfirmation", "false")).lower() == "true"


def pending_confirmations(
    sns: SNSClient, topic_arn: str, emails: Sequence[str], subscriptions: list[dict[str, Any]]
) -> Iterator[PendingConfirmation]:
    """A finding per address of the spec whose subscription is still pending, in spec order."""
    pending = {str(s.get("Endpoint")) for s in subscriptions if _pending(sns, s)}
    for index, address in enumerate(emails):
        if address in pending:
            yield PendingConfirmation(f"billing_alarm.emails[{index}]", address, topic_arn)

"""The kinds of verify finding about whether the alarm can reach anyone.

Each has what every verify finding has (`field`, `expected`, `actual`, `kind`, a one-line
`str`), so the report and its formats carry them beside the ordinary differences:

    pending-confirmation  an e-mail subscription nobody has confirmed yet: the alarm e-mails
                          nobody at that address, and SNS deletes it 48 hours after it was sent
    topic                 the existing topic (sns_topic_arn) cannot deliver the alarm: missing,
                          encrypted with aws/sns, a key or topic policy that keeps CloudWatch out
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

SNS_DELETES_AFTER_HOURS = 48
"""SNS deletes an unconfirmed subscription this long after the confirmation message was sent."""


class Kind(StrEnum):
    DIFFERENCE = "difference"
    """The account differs from the spec."""
    PENDING_CONFIRMATION = "pending-confirmation"
    """Waiting for a person to click the confirmation link; not drift."""
    TOPIC = "topic"
    """The existing topic cannot deliver the alarm."""


@dataclass(frozen=True)
class PendingConfirmation:
    field: str
    address: str
    topic_arn: str
    kind: Kind = Kind.PENDING_CONFIRMATION

    @property
    def expected(self) -> str:
        return "confirmed"

    @property
    def actual(self) -> str:
        return "PendingConfirmation"

    def __str__(self) -> str:
        return (
            f"{self.field}: {self.address} has not confirmed the subscription: the alarm e-mails nobody "
            f"there until someone clicks the link in the AWS Notification message, and SNS deletes the "
            f"subscription {SNS_DELETES_AFTER_HOURS} hours after it was sent (the next apply sends a new one)"
        )


@dataclass(frozen=True)
class TopicProblem:
    field: str
    problem: str
    fix: str
    found: object = None
    kind: Kind = Kind.TOPIC

    @property
    def expected(self) -> str:
        return self.fix

    @property
    def actual(self) -> object:
        return self.found if self.found is not None else self.problem

    def __str__(self) -> str:
        return f"{self.field}: {self.problem}; fix: {self.fix}"

"""Whether the vCPU alarm can reach anyone: e-mail confirmations, and an existing topic's settings.

    pending_confirmations(sns, topic_arn, emails, subscriptions)   # verify: who has not confirmed
    topic_problems(spec, target, account=..., partition=...)       # verify and plan: the topic
    unconfirmed_recreations(plan)                                  # plan: re-created by SNS's deletion

Findings are their own kinds (findings.Kind), reported beside verify's differences.
"""

from generator.delivery.findings import Kind, PendingConfirmation, TopicProblem
from generator.delivery.planned import unconfirmed_recreations
from generator.delivery.subscriptions import email_subscriptions, pending_confirmations
from generator.delivery.topic import module_warnings, topic_problems

__all__ = [
    "Kind",
    "PendingConfirmation",
    "TopicProblem",
    "email_subscriptions",
    "module_warnings",
    "pending_confirmations",
    "topic_problems",
    "unconfirmed_recreations",
]

"""E-mail subscriptions a plan re-creates because SNS deleted them unconfirmed.

SNS deletes a subscription nobody confirmed 48 hours after sending the confirmation; on the
next refresh the provider finds it gone (the plan's `resource_drift` says delete) and the plan
creates it again, sending a new invitation. That is a person not clicking a link, not drift:
`plan` labels it "unconfirmed, deleted by SNS", and `--allow-unconfirmed` leaves it out of
`--detailed-exitcode`.
"""

from __future__ import annotations

from generator.terraform.plan import Change, Plan

SUBSCRIPTION = "aws_sns_topic_subscription"
LABEL = "unconfirmed, deleted by SNS"


def _email(change: Change) -> bool:
    after = change.after or {}
    before = change.before or {}
    return (after.get("protocol") or before.get("protocol")) == "email"


def deleted_unconfirmed(drift: Change) -> bool:
    """A refresh found gone an e-mail subscription the state last saw pending confirmation.

    The state keeps the provider's `pending_confirmation`; one that vanished while pending was
    deleted by SNS (48 hours unconfirmed). One that vanished after it was confirmed (someone
    used the unsubscribe link) is ordinary drift and not this.
    """
    before = drift.before or {}
    return (
        drift.type == SUBSCRIPTION
        and drift.actions == ("delete",)
        and before.get("protocol") == "email"
        and before.get("pending_confirmation") in (True, "true")
    )


def unconfirmed_recreations(plan: Plan) -> set[str]:
    """Addresses of e-mail subscriptions the plan creates again because SNS deleted them unconfirmed."""
    found = set()
    for change in plan.pending():
        if change.type != SUBSCRIPTION or change.actions != ("create",) or not _email(change):
            continue
        drift = plan.drift.get(change.address)
        if drift is not None and deleted_unconfirmed(drift):
            found.add(change.address)
    return found


def only_unconfirmed(plan: Plan) -> bool:
    """True when every pending change is such a re-creation (and there is at least one)."""
    recreated = unconfirmed_recreations(plan)
    changed_outputs = any(o.actions != ("no-op",) for o in plan.outputs.values())
    return bool(recreated) and not changed_outputs and {c.address for c in plan.pending()} == recreated

"""The typed customer spec: built once from a validated document, with every default applied."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.spec.rules import default_bucket_name, default_lock_table_name
from generator.vendor.profile import profile

DEFAULT_PERIOD_SECONDS = 300
DEFAULT_EVALUATION_PERIODS = 1
DEFAULT_STATE_KEY_PREFIX = "bodocfg"

JsonValue = Any


@dataclass(frozen=True)
class BillingAlarm:
    vcpu_threshold: float
    period_seconds: int
    evaluation_periods: int
    emails: tuple[str, ...]
    sns_topic_arn: str | None
    classes: tuple[str, ...] | None = None
    """The AWS/Usage vCPU classes to count; None: every class (generator/vcpu/data)."""

    @property
    def creates_topic(self) -> bool:
        return self.sns_topic_arn is None


@dataclass(frozen=True)
class StateBackend:
    """Where the customer's Terraform state lives (an S3 backend); exactly one lock method is set."""

    bucket: str
    key_prefix: str
    region: str
    dynamodb_table: str | None
    use_lockfile: bool

    def key(self, customer: str) -> str:
        """One state object per customer: `<key_prefix>/<customer>/terraform.tfstate`."""
        return f"{self.key_prefix}/{customer}/terraform.tfstate"


@dataclass(frozen=True)
class CustomerSpec:
    """One customer's setup. `source` is the spec file it came from (for headers and messages)."""

    source: Path
    customer: str
    region: str
    external_id: str
    platform_account_id: str
    bucket_name: str
    lock_table_name: str
    role_name: str
    policy_name: str
    additional_statements: tuple[dict[str, JsonValue], ...]
    """The declared statements as IAM statements (without their `reason`)."""
    billing_alarm: BillingAlarm | None
    tags: tuple[tuple[str, str], ...]
    reference: str
    """The version of Bodo's reference policy the customer is on (the spec's, else the newest)."""
    state: StateBackend | None = None
    addition_reasons: tuple[str, ...] = ()
    """The `reason` of each additional statement, in the same order."""
    bucket_statements: tuple[dict[str, JsonValue], ...] = ()
    """`bucket.policy_statements` as bucket-policy statements (without their `reason`): kept in
    the bucket's policy beside bodocfg's own."""

    @property
    def tag_map(self) -> dict[str, str]:
        return dict(self.tags)


def build_spec(source: Path, data: dict[str, Any]) -> CustomerSpec:
    """Apply defaults to a document that passed the schema and the rules."""
    role = data.get("role", {})
    alarm = data.get("billing_alarm")
    billing_alarm = None
    if alarm is not None:
        threshold = alarm["vcpu_threshold"]
        billing_alarm = BillingAlarm(
            vcpu_threshold=float(threshold),
            period_seconds=int(alarm.get("period_seconds", DEFAULT_PERIOD_SECONDS)),
            evaluation_periods=int(alarm.get("evaluation_periods", DEFAULT_EVALUATION_PERIODS)),
            emails=tuple(alarm.get("emails", ())),
            sns_topic_arn=alarm.get("sns_topic_arn"),
            classes=tuple(alarm["classes"]) if "classes" in alarm else None,
        )
    customer = data["customer"]
    state = data.get("state")
    vendor = profile()
    return CustomerSpec(
        source=source,
        customer=customer,
        region=data["region"],
        external_id=data["external_id"],
        platform_account_id=data.get("platform_account_id", vendor.platform_account),
        bucket_name=data.get("bucket", {}).get("name") or default_bucket_name(data),
        lock_table_name=data.get("lock_table", {}).get("name") or default_lock_table_name(data),
        role_name=role.get("name", vendor.defaults.role_name),
        policy_name=role.get("policy_name", vendor.defaults.policy_name),
        additional_statements=tuple(
            {key: value for key, value in statement.items() if key != "reason"}
            for statement in role.get("additional_statements", ())
        ),
        addition_reasons=tuple(statement["reason"] for statement in role.get("additional_statements", ())),
        bucket_statements=tuple(
            {key: value for key, value in statement.items() if key != "reason"}
            for statement in data.get("bucket", {}).get("policy_statements", ())
        ),
        billing_alarm=billing_alarm,
        tags=tuple(sorted(data.get("tags", {}).items())),
        state=None
        if state is None
        else StateBackend(
            bucket=state["bucket"],
            key_prefix=state.get("key_prefix", DEFAULT_STATE_KEY_PREFIX),
            region=state.get("region", data["region"]),
            dynamodb_table=state.get("dynamodb_table"),
            use_lockfile=bool(state.get("use_lockfile", False)),
        ),
        reference=vendor.policy(data.get("reference")).version,
    )

"""What `Account` reads, as typed objects: raw AWS responses stop at the edge (account.py).

A bucket's state says whether somebody else owns the name; an alarm is one on the account's
EC2 vCPU usage (a plain AWS/Usage ResourceCount metric or metric math over them), with the
usage classes it counts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

Json = Any


def document(value: Json) -> dict[str, Json]:
    """A policy document as IAM returns it (URL-encoded JSON text, or already parsed)."""
    parsed = json.loads(unquote(value)) if isinstance(value, str) else value
    return dict(parsed) if isinstance(parsed, dict) else {}


@dataclass(frozen=True)
class BucketState:
    name: str
    exists: bool
    """Somebody owns a bucket of this name (bucket names are global)."""
    owned: bool
    """It is this account's."""
    region: str | None = None
    versioning: str | None = None
    """Enabled, Suspended, or None (never versioned)."""
    encryption: tuple[str, bool] | None = None
    """(algorithm, bucket key enabled) of the default encryption rule, or None."""
    public_access_block: Mapping[str, bool] | None = None
    ownership: str | None = None
    policy: dict[str, Json] | None = None
    objects: int = 0
    """Objects seen on the first listing page (up to 1,000): 0 means empty."""


@dataclass(frozen=True)
class TableState:
    name: str
    arn: str
    key_schema: tuple[tuple[str, str, str], ...]
    """(attribute, key type, attribute type) per key, in schema order."""
    billing_mode: str
    deletion_protection: bool
    point_in_time_recovery: bool
    sse: str | None
    """The SSE type (KMS) when encrypted with a KMS key, None for AWS-owned encryption."""
    tags: Mapping[str, str]


@dataclass(frozen=True)
class RoleState:
    name: str
    arn: str
    trust: dict[str, Json]
    inline: Mapping[str, dict[str, Json]]
    """Inline policy name -> document."""
    description: str
    max_session_duration: int
    tags: Mapping[str, str]

    def trusted_accounts(self) -> frozenset[str]:
        """Account ids the trust policy lets assume the role (root ARNs or bare ids)."""
        accounts = set()
        for statement in _statements(self.trust):
            if statement.get("Effect") != "Allow":
                continue
            principal = statement.get("Principal") or {}
            values = principal.get("AWS", []) if isinstance(principal, dict) else [principal]
            for value in [values] if isinstance(values, str) else values:
                text = str(value)
                accounts.add(text.split(":")[4] if text.startswith("arn:") else text)
        return frozenset(accounts)

    def external_ids(self) -> frozenset[str]:
        found: set[str] = set()
        for statement in _statements(self.trust):
            for operator, conditions in (statement.get("Condition") or {}).items():
                if "StringEquals" not in operator:
                    continue
                for key, value in conditions.items():
                    if key.lower() == "sts:externalid":
                        found.update([value] if isinstance(value, str) else value)
        return frozenset(found)


def _statements(policy: Mapping[str, Json]) -> list[dict[str, Json]]:
    statements = policy.get("Statement", [])
    return [statements] if isinstance(statements, dict) else list(statements)


@dataclass(frozen=True)
class Subscription:
    protocol: str
    endpoint: str
    arn: str

    @property
    def confirmed(self) -> bool:
        return self.arn.startswith("arn:")


@dataclass(frozen=True)
class TopicState:
    arn: str
    policy: dict[str, Json]
    kms_key: str | None
    subscriptions: tuple[Subscription, ...]

    @property
    def name(self) -> str:
        return self.arn.rsplit(":", 1)[-1]

    @property
    def emails(self) -> tuple[str, ...]:
        return tuple(sorted(s.endpoint for s in self.subscriptions if s.protocol == "email"))


@dataclass(frozen=True)
class AlarmState:
    name: str
    arn: str
    threshold: float
    period: int
    evaluation_periods: int
    actions: tuple[str, ...]
    ok_actions: tuple[str, ...]
    metric_math: bool
    classes: tuple[str, ...]
    """The vCPU usage classes it counts (Class dimensions), sorted; empty when it names none."""


@dataclass(frozen=True)
class StackMember:
    stack: str
    logical_id: str
    type: str


def _is_vcpu_metric(metric: Mapping[str, Json]) -> bool:
    dimensions = {d["Name"]: d["Value"] for d in metric.get("Dimensions", [])}
    return (
        metric.get("Namespace") == "AWS/Usage"
        and metric.get("MetricName") == "ResourceCount"
        and dimensions.get("Resource") == "vCPU"
    )


def _class(metric: Mapping[str, Json]) -> list[str]:
    return [d["Value"] for d in metric.get("Dimensions", []) if d["Name"] == "Class"]


def alarm_state(raw: Mapping[str, Json]) -> AlarmState | None:
    """An alarm on the account's EC2 vCPU usage (plain metric or metric math), else None."""
    stats = [m["MetricStat"] for m in raw.get("Metrics", []) if m.get("MetricStat")]
    if _is_vcpu_metric(raw):
        period = int(raw.get("Period", 0))
        classes = _class(raw)
    elif stats and any(_is_vcpu_metric(s["Metric"]) for s in stats):
        period = int(stats[0].get("Period", 0))
        classes = [name for s in stats if _is_vcpu_metric(s["Metric"]) for name in _class(s["Metric"])]
    else:
        return None
    return AlarmState(
        name=raw["AlarmName"],
        arn=raw.get("AlarmArn", ""),
        threshold=float(raw.get("Threshold", 0)),
        period=period,
        evaluation_periods=int(raw.get("EvaluationPeriods", 1)),
        actions=tuple(raw.get("AlarmActions", [])),
        ok_actions=tuple(raw.get("OKActions", [])),
        metric_math=not _is_vcpu_metric(raw),
        classes=tuple(sorted(set(classes))),
    )

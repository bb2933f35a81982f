"""What a validation check reports (`Issue`), the policy types it judges by, and the check table.

The table (`data/checks.json`) is the one place where a check's Access Analyzer issue code, lint
rule, severity and consequence are written; detectors only name the check.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

PathPart = str | int

_DATA = Path(__file__).resolve().parent / "data"


class PolicyKind(StrEnum):
    """The policy types validation tells apart: each has its own grammar, actions and quota."""

    IDENTITY = "identity"
    """A role's inline policy (the role's inline policies share one quota)."""
    MANAGED = "managed"
    """A customer managed policy."""
    TRUST = "trust"
    """A role's trust (assume-role) policy."""
    S3_BUCKET = "s3-bucket"
    SNS_TOPIC = "sns-topic"
    KMS_KEY = "kms-key"
    RESOURCE = "resource"
    """Another service's resource policy: the generic resource-policy rules only."""

    @property
    def is_identity(self) -> bool:
        return self in (PolicyKind.IDENTITY, PolicyKind.MANAGED)

    @property
    def is_resource(self) -> bool:
        return not self.is_identity and self is not PolicyKind.TRUST


@dataclass(frozen=True, slots=True)
class Check:
    check: str
    code: str | None
    """The Access Analyzer issue code this check corresponds to; None when it has no such check."""
    rule: str
    """The lint rule id that reports it."""
    severity: str
    effect: str
    """What AWS does, one clause (`AWS rejects the policy ...`)."""


@dataclass(frozen=True, slots=True)
class Issue:
    """One defect: which check, where in the policy, what exactly, and the fix when one is clear."""

    check: str
    path: tuple[PathPart, ...]
    """Inside the policy document: `("Statement", 3, "Condition", "StringEqual")`."""
    detail: str
    fix: str | None = None
    code: str | None = None
    """Overrides the check's own code (the size quota's depends on the policy type)."""

    @property
    def meta(self) -> Check:
        return checks()[self.check]

    @property
    def issue_code(self) -> str | None:
        return self.code or self.meta.code

    @property
    def message(self) -> str:
        """`detail; what AWS does. Fix: ...` as one sentence."""
        text = f"{self.detail}: {self.meta.effect}"
        if self.fix:
            text += f"; {self.fix}"
        return text

    def moved(self, prefix: tuple[PathPart, ...]) -> Issue:
        return Issue(self.check, (*prefix, *self.path), self.detail, self.fix, self.code)


def data(name: str) -> Any:
    return json.loads((_DATA / name).read_text(encoding="utf-8"))


@cache
def checks() -> dict[str, Check]:
    raw = data("checks.json")
    effects: dict[str, str] = raw["effects"]
    return {
        entry["check"]: Check(
            entry["check"], entry["code"], entry["rule"], entry["severity"], effects[entry["effect"]]
        )
        for entry in raw["checks"]
    }


def path_text(parts: tuple[PathPart, ...]) -> str:
    """`("Statement", 3, "Condition")` -> `Statement[3].Condition`."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text

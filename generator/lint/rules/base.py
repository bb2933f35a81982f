"""What a rule is: an id (its title, severity and description come from the finding catalogue), the
kinds of document it reads, and `check(context)` yielding `Hit`s that carry a path into the policy.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from generator.iam.analysis import Analysis
from generator.iam.catalogue import Catalogue
from generator.iam.diff import Baseline
from generator.iam.locate import PathPart
from generator.iam.model import Policy
from generator.lint.findings import meta
from generator.lint.risk import RiskIndex
from generator.output.model import RuleMeta


class DocumentRole(StrEnum):
    IDENTITY = "identity"
    """A permissions policy attached to a role, user or group."""
    TRUST = "trust"
    """A role's assume-role policy."""
    RESOURCE = "resource"
    """A resource policy (bucket, key, topic): only generic rules apply."""


@dataclass(frozen=True, slots=True)
class Hit:
    path: tuple[PathPart, ...]
    """Path into the policy, e.g. `("Statement", 2, "Action", 0)`."""
    subjects: tuple[str, ...]
    """What is risky (actions, methods, principals); compared with the baseline's to accept by reference."""
    detail: str = ""


@dataclass(frozen=True)
class RuleContext:
    policy: Policy
    role: DocumentRole
    analysis: Analysis
    catalogue: Catalogue
    risks: RiskIndex
    baseline: Baseline | None = None
    vendor_accounts: frozenset[str] = frozenset()


class Rule:
    id: ClassVar[str]
    roles: ClassVar[frozenset[DocumentRole]] = frozenset({DocumentRole.IDENTITY})
    accept_by_reference: ClassVar[bool] = True
    """Subjects the baseline itself has are accepted-by-reference (info) rather than new risks."""

    @property
    def meta(self) -> RuleMeta:
        return meta(self.id)

    def check(self, context: RuleContext) -> Iterator[Hit]:
        raise NotImplementedError


def path_text(parts: tuple[PathPart, ...]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text

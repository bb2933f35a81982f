"""What a rule is: an id (its title, severity and description come from the finding catalogue), the
kinds of document it reads, and `check(context)` yielding `Hit`s that carry a path into the policy.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import ClassVar, NamedTuple

from generator.iam.analysis import Analysis, CompiledStatement
from generator.iam.catalogue import Catalogue
from generator.iam.diff import Baseline
from generator.iam.locate import PathPart
from generator.iam.memo import Memo
from generator.iam.model import Policy
from generator.lint.findings import meta
from generator.lint.risk import RiskIndex
from generator.output.model import RuleMeta

HITS_KEPT = 4096
"""Statement-rule results a context's memo keeps (at most twice this; see `generator.iam.memo`)."""


class DocumentRole(StrEnum):
    IDENTITY = "identity"
    """A permissions policy attached to a role, user or group."""
    TRUST = "trust"
    """A role's assume-role policy."""
    RESOURCE = "resource"
    """A resource policy (bucket, key, topic): only generic rules apply."""


class Hit(NamedTuple):
    path: tuple[PathPart, ...]
    """Path into the policy, e.g. `("Statement", 2, "Action", 0)`."""
    subjects: tuple[str, ...] | frozenset[str]
    """What is risky (actions, methods, principals); compared with the baseline's to accept by
    reference. Actions may be given lower-case, as a frozenset: the engine shows them canonical,
    sorted, and only for findings it reports."""
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
    memo: Memo[tuple[object, ...], tuple[Hit, ...]] = field(
        default_factory=lambda: Memo(HITS_KEPT), compare=False, repr=False
    )
    """Statement-rule results by (rule, statement key, baseline): shared across a run's
    documents, bounded (see `generator.iam.memo`)."""

    def exposed(self, compiled: CompiledStatement, any_resource_only: bool = False) -> frozenset[str]:
        """Actions the statement allows on broad resources (or on `*`) with nothing closing the risk."""
        return self.risks.exposed(compiled, any_resource_only)


class Rule:
    id: ClassVar[str]
    roles: ClassVar[frozenset[DocumentRole]] = frozenset({DocumentRole.IDENTITY})
    accept_by_reference: ClassVar[bool] = True
    """Subjects the baseline itself has are accepted-by-reference (info) rather than new risks."""

    @property
    def meta(self) -> RuleMeta:
        return _meta(self.id)

    def check(self, context: RuleContext) -> Iterator[Hit]:
        raise NotImplementedError


class StatementRule(Rule):
    """A rule whose verdict on a statement depends only on that statement (and the baseline).

    `check_statement` returns hits with paths relative to the statement; they are memoised by the
    statement's key, so a statement shared by many policies is judged once per run.
    """

    allows_only: ClassVar[bool] = True

    def check_statement(self, compiled: CompiledStatement, context: RuleContext) -> Iterable[Hit]:
        raise NotImplementedError

    def cacheable(self, context: RuleContext) -> bool:
        return True

    def check(self, context: RuleContext) -> Iterator[Hit]:
        statements = context.analysis.allows if self.allows_only else context.analysis.statements
        cacheable = self.cacheable(context)
        baseline = context.baseline.serial if context.baseline is not None else -1
        for compiled in statements:
            key = (self.id, compiled.key, baseline)
            hits = context.memo[key] if cacheable else None
            if hits is None:
                hits = tuple(self.check_statement(compiled, context))
                if cacheable:
                    context.memo.put(key, hits)
            if hits:
                prefix = compiled.path
                for hit in hits:
                    yield Hit((*prefix, *hit.path), hit.subjects, hit.detail)


@cache
def _meta(rule_id: str) -> RuleMeta:
    return meta(rule_id)


@cache
def path_text(parts: tuple[PathPart, ...]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text

"""What one reference policy version changes against another, as a reviewer reads it.

Three parts: the actions added and removed per service (the Allow statements' `Action` names,
compared case-insensitively as IAM does, shown as the newer document writes them); the statements
whose resources, condition or effect changed (matched by Sid, else by position); and the lint's
verdict on the newer document with the older one as its baseline (`generator.lint`: new access,
privilege escalation, data access, permissions management, ...; what the older version already
granted is not repeated). Placeholders are compared as they are written in both documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from generator.iam.catalogue import default_catalogue
from generator.iam.model import PolicyError, parse_policy
from generator.lint.engine import Linter, LintOptions
from generator.lint.inputs import Document, Fill, Target
from generator.lint.rules import DocumentRole
from generator.lint.validation import guess_kind
from generator.output.model import Finding, Severity
from generator.vendor.fill import EXAMPLE_BUCKET, EXAMPLE_TABLE_ARN, fill
from generator.vendor.profile import profile


@dataclass(frozen=True)
class ServiceDiff:
    service: str
    added: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True)
class StatementChange:
    statement: str
    """The Sid, or `Statement[i]` for a statement without one."""
    change: str
    """`added`, `removed` or `changed`."""
    resources_added: tuple[str, ...] = ()
    resources_removed: tuple[str, ...] = ()
    condition_before: Any = None
    condition_after: Any = None
    effect_before: str | None = None
    effect_after: str | None = None

    @property
    def condition_changed(self) -> bool:
        return self.change == "changed" and self.condition_before != self.condition_after


@dataclass(frozen=True)
class Verdict:
    """One finding of the lint's rules on what the newer version adds."""

    rule_id: str
    title: str
    severity: Severity
    message: str
    path: str


@dataclass(frozen=True)
class ReferenceDiff:
    old: str
    new: str
    services: tuple[ServiceDiff, ...]
    statements: tuple[StatementChange, ...]
    verdicts: tuple[Verdict, ...]

    @property
    def added(self) -> tuple[str, ...]:
        return tuple(sorted(a for s in self.services for a in s.added))

    @property
    def removed(self) -> tuple[str, ...]:
        return tuple(sorted(a for s in self.services for a in s.removed))

    def count(self, severity: Severity) -> int:
        return sum(1 for v in self.verdicts if v.severity is severity)

    @property
    def unchanged(self) -> bool:
        return not (self.services or self.statements or self.verdicts)

    def summary(self) -> str:
        """`+2/-1 actions, 0 statements changed, 1 error(s), 2 warning(s)`."""
        return (
            f"+{len(self.added)}/-{len(self.removed)} actions, {len(self.statements)} statement(s) changed, "
            f"{self.count(Severity.ERROR)} error(s), {self.count(Severity.WARNING)} warning(s)"
        )


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _statements(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [s for s in _as_list(document.get("Statement")) if isinstance(s, Mapping)]


def allowed_actions(document: Mapping[str, Any]) -> dict[str, str]:
    """The Allow statements' actions: lower-cased name -> the name as the document writes it."""
    found: dict[str, str] = {}
    for statement in _statements(document):
        if statement.get("Effect") == "Allow":
            for action in _as_list(statement.get("Action")):
                if isinstance(action, str):
                    found.setdefault(action.lower(), action)
    return found


def _service(action: str) -> str:
    return action.split(":", 1)[0].lower() if ":" in action else action


def service_diffs(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[ServiceDiff, ...]:
    before, after = allowed_actions(old), allowed_actions(new)
    added = [after[key] for key in after.keys() - before.keys()]
    removed = [before[key] for key in before.keys() - after.keys()]
    services = sorted({_service(a) for a in (*added, *removed)})
    return tuple(
        ServiceDiff(
            service,
            tuple(sorted(a for a in added if _service(a) == service)),
            tuple(sorted(a for a in removed if _service(a) == service)),
        )
        for service in services
    )


def keyed_statements(document: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """The statements by Sid (`Statement[i]` for one without)."""
    keyed: dict[str, Mapping[str, Any]] = {}
    for index, statement in enumerate(_statements(document)):
        sid = statement.get("Sid")
        keyed[sid if isinstance(sid, str) and sid else f"Statement[{index}]"] = statement
    return keyed


def _resources(statement: Mapping[str, Any]) -> set[str]:
    return {
        f"{key}:{value}" if key == "NotResource" else str(value)
        for key in ("Resource", "NotResource")
        for value in _as_list(statement.get(key))
    }


def statement_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[StatementChange, ...]:
    before, after = keyed_statements(old), keyed_statements(new)
    changes: list[StatementChange] = []
    for name, statement in after.items():
        previous = before.get(name)
        if previous is None:
            changes.append(
                StatementChange(name, "added", resources_added=tuple(sorted(_resources(statement))))
            )
            continue
        was, now = _resources(previous), _resources(statement)
        condition_before, condition_after = previous.get("Condition"), statement.get("Condition")
        effect_before, effect_after = previous.get("Effect"), statement.get("Effect")
        if was != now or condition_before != condition_after or effect_before != effect_after:
            changes.append(
                StatementChange(
                    name,
                    "changed",
                    tuple(sorted(now - was)),
                    tuple(sorted(was - now)),
                    condition_before,
                    condition_after,
                    effect_before if effect_before != effect_after else None,
                    effect_after if effect_before != effect_after else None,
                )
            )
    changes.extend(
        StatementChange(name, "removed", resources_removed=tuple(sorted(_resources(statement))))
        for name, statement in before.items()
        if name not in after
    )
    return tuple(changes)


def verdicts(
    old_version: str, new: Mapping[str, Any], new_name: str, placeholders: Fill | None = None
) -> tuple[Verdict, ...]:
    """The lint's findings on `new` with the profile's `old_version` as baseline, accepted ones left
    out. `placeholders`: the values `new` was filled with; without them both sides are filled with
    an example customer's, so the rules see the ARNs render writes."""
    if placeholders is None:
        placeholders = Fill(EXAMPLE_BUCKET, EXAMPLE_TABLE_ARN)
        new = fill(new, placeholders.bucket_name, placeholders.dynamo_arn)
    raw = dict(new)
    try:
        policy = parse_policy(raw)
    except PolicyError as error:
        return (Verdict("BDL003", "Unreadable or invalid input", Severity.ERROR, str(error), error.path),)
    document = Document(DocumentRole.IDENTITY, policy, "", placeholders, raw=raw, kind=guess_kind(raw))
    target = Target(new_name, "policy", new_name, documents=(document,))
    report = Linter(LintOptions(reference=old_version), default_catalogue()).targets([target])
    return tuple(_verdict(f) for f in _ordered(report.findings) if not f.accepted_by_reference)


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _ordered(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (_RANK[f.severity], f.rule_id, f.location.path))


def _verdict(finding: Finding) -> Verdict:
    return Verdict(finding.rule_id, finding.title, finding.severity, finding.message, finding.location.path)


def diff_documents(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    old_version: str,
    new_name: str,
    placeholders: Fill | None = None,
) -> ReferenceDiff:
    """`new` (a document) against `old`, the document of the profile's `old_version` (filled with
    `placeholders` when `new` is a filled policy)."""
    return ReferenceDiff(
        old_version,
        new_name,
        service_diffs(old, new),
        statement_changes(old, new),
        verdicts(old_version, new, new_name, placeholders),
    )


def diff_versions(old: str, new: str) -> ReferenceDiff:
    """What the profile's version `new` changes against its version `old`."""
    vendor = profile()
    return diff_documents(vendor.policy(old).document(), vendor.policy(new).document(), old, new)

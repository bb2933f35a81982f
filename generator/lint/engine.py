"""Runs every rule over every document of every target and builds the `Report`.

For each identity document the baseline (see `generator.lint.baseline`) is the reference policy of
its version (or `--reference`, or `--baseline`) with its placeholders filled from the document's
own values; a candidate finding whose subjects the baseline shares is split off as
accepted-by-reference (info). Statement-level verdicts are memoised by statement content, so a
statement shared by many policies is judged once. Suppressions are applied last; expired ones
become BDL004 findings. Many targets are linted in slices by worker processes
(`Linter.run_sources`, `generator.workers`), each with its own memos; the report is the same.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import NamedTuple, cast

from generator import __version__
from generator.iam.analysis import CompiledStatement, analyse
from generator.iam.catalogue import Catalogue, default_catalogue
from generator.iam.diff import service_changes
from generator.iam.locate import PathPart
from generator.iam.memo import Memo
from generator.lint.baseline import BaselineEntry, Baselines
from generator.lint.declared import mark_declared
from generator.lint.findings import EXPIRED_SUPPRESSION, catalogue, meta
from generator.lint.inputs import Document, Problem, Source, Target, read_source, sources
from generator.lint.risk import risk_index
from generator.lint.rules import RULES, DocumentRole, Hit, Rule, RuleContext
from generator.lint.rules.base import HITS_KEPT, StatementRule, path_text
from generator.lint.rules.drift import NewAccess as NewAccessRule
from generator.lint.suppressions import Suppression
from generator.lint.validation import Validation, guess_kind, written
from generator.lint.validation import finding as validation_finding
from generator.output.model import Finding, Location, Report, ServiceChange, Severity, TargetSummary
from generator.output.stream import ReportCollector, ReportHead, ReportSink, SplitSink
from generator.policycheck import PolicyKind, quota, quota_issue
from generator.workers import auto_jobs, ordered_map, slices

_SHOWN_SUBJECTS = 8
VERDICTS_KEPT = 1536
"""Statements whose verdicts a run keeps at a time (see `generator.iam.memo`): more than a fleet
has distinct statements, few enough that a run over arbitrary policies stays small."""
Subjects = tuple[str, ...] | frozenset[str]


@dataclass(frozen=True)
class LintOptions:
    baseline: Path | None = None
    """A policy file to compare against instead of the reference policy."""
    reference: str | None = None
    """The reference policy version to compare against, whatever the documents' own versions."""
    fail_on: Severity = Severity.ERROR
    suppressions: tuple[Suppression, ...] = ()
    extra_vendor_accounts: frozenset[str] = frozenset()
    today: date = field(default_factory=date.today)
    policy_kind: PolicyKind | None = None
    """The policy type of policy files (modules and plans say their own); None: guessed."""


def _subjects_text(subjects: Sequence[str], total: int) -> str:
    shown = ", ".join(subjects[:_SHOWN_SUBJECTS])
    if total > _SHOWN_SUBJECTS:
        shown += f" (+{total - _SHOWN_SUBJECTS} more)"
    return shown


def _shown(subjects: Subjects, catalogue_: Catalogue) -> tuple[tuple[str, ...], int]:
    """(the first subjects as reported, how many there are): a set of lower-case actions becomes
    canonical names in sorted order; only as many as a message shows are sorted out."""
    if isinstance(subjects, frozenset):
        canonical = catalogue_.canonical
        names = sorted(map(canonical.get, subjects, subjects))  # sorting in C beats a heap here
        return tuple(names[:_SHOWN_SUBJECTS]), len(subjects)
    return subjects, len(subjects)


def _message(rule: Rule, hit: Hit, shown: tuple[tuple[str, ...], int], accepted: bool) -> str:
    message = f"{rule.meta.title}: {_subjects_text(*shown)}"
    if hit.detail:
        message += f" ({hit.detail})"
    if accepted:
        message += "; the reference policy grants the same"
    return message


def _finding(
    rule: Rule,
    path: tuple[PathPart, ...],
    message: str,
    accepted: bool,
    target: Target,
    document: Document,
) -> Finding:
    info = rule.meta
    position = document.policy.position(path)
    line, column = position if position else (None, None)
    return Finding(
        rule_id=rule.id,
        title=info.title,
        severity=Severity.INFO if accepted else info.severity,
        message=message,
        target=target.name,
        location=Location(target.file, line, column, path_text(path), document.logical or None),
        accepted_by_reference=accepted,
    )


_NOTHING: frozenset[str] = frozenset()
_Verdict = tuple[Rule, Hit, Subjects, Subjects, str]
"""(rule, hit, subjects new to the baseline, subjects it shares, the message of the new part)."""


def _split(subjects: Subjects, accepted: frozenset[str]) -> tuple[Subjects, Subjects]:
    """(subjects the baseline does not have, subjects it has too)."""
    if not accepted or accepted.isdisjoint(subjects):
        return subjects, ()
    if isinstance(subjects, frozenset):
        return subjects - accepted, subjects & accepted
    return tuple(s for s in subjects if s not in accepted), tuple(s for s in subjects if s in accepted)


def _problem_finding(problem: Problem, target: Target) -> Finding:
    info = meta(problem.rule_id)
    location = Location(target.file, problem.line, problem.column, problem.path, problem.logical)
    return Finding(
        problem.rule_id, info.title, info.severity, f"{info.title}: {problem.message}", target.name, location
    )


class _Judging(NamedTuple):
    """A statement rule with what `_judge` asks of it for every statement, looked up once."""

    rule: StatementRule
    id: str
    allows_only: bool
    accept_by_reference: bool
    new_access: bool

    @classmethod
    def of(cls, rule: StatementRule) -> _Judging:
        return cls(rule, rule.id, rule.allows_only, rule.accept_by_reference, isinstance(rule, NewAccessRule))


class Linter:
    def __init__(self, options: LintOptions, catalogue_: Catalogue | None = None) -> None:
        self.options = options
        self.catalogue = catalogue_ or default_catalogue()
        self.risks = risk_index(self.catalogue)
        self.baselines = Baselines(options.baseline, self.catalogue, self.risks, options.reference)
        self.validation = Validation()
        self.memo: Memo[tuple[object, ...], tuple[Hit, ...]] = Memo(HITS_KEPT)
        self.judged: Memo[tuple[int, int, DocumentRole], tuple[_Verdict, ...]] = Memo(VERDICTS_KEPT)
        """Verdicts of every statement rule but BDL001, by (statement key, baseline, role)."""
        self.new_access: Memo[tuple[object, ...], tuple[_Verdict, ...]] = Memo(VERDICTS_KEPT)
        """BDL001 verdicts by (statement key, baseline, role, the policy's unconditional Denies)."""
        self._rules = {role: tuple(r for r in RULES if role in r.roles) for role in DocumentRole}
        self._statement_rules = {
            role: tuple(_Judging.of(r) for r in rules if isinstance(r, StatementRule))
            for role, rules in self._rules.items()
        }
        self._new_access_rules = {
            role: tuple(j for j in judging if j.new_access) for role, judging in self._statement_rules.items()
        }
        self._other_rules = {
            role: tuple(j for j in judging if not j.new_access)
            for role, judging in self._statement_rules.items()
        }
        # Rules that look at the policy as a whole (and BDL001's part that does: missing Denies).
        self._policy_rules = {
            role: tuple(r for r in rules if not isinstance(r, StatementRule) or isinstance(r, NewAccessRule))
            for role, rules in self._rules.items()
        }

    @staticmethod
    def _accepted(rule: Rule, entry: BaselineEntry | None) -> frozenset[str]:
        """The subjects the baseline has for this rule (lower-case actions, methods, patterns)."""
        if entry is None or not rule.accept_by_reference:
            return frozenset()
        return entry.keys.get(rule.id, frozenset())

    def _judge(
        self,
        compiled: CompiledStatement,
        context: RuleContext,
        rules: Sequence[_Judging],
        entry: BaselineEntry | None,
        denies: tuple[CompiledStatement, ...] = (),
    ) -> tuple[_Verdict, ...]:
        """Every statement rule's hits on one statement, split into new and accepted subjects.
        BDL001 is judged as if the policy had exactly `denies` as its Deny statements."""
        verdicts: list[_Verdict] = []
        allows = compiled.statement.body.effect == "Allow"
        accepted_by_rule = entry.keys if entry is not None else {}
        catalogue_ = self.catalogue
        for rule, rule_id, allows_only, accepts, new_access in rules:
            if allows_only and not allows:
                continue
            accepted = accepted_by_rule.get(rule_id, _NOTHING) if accepts else _NOTHING
            hits: Iterable[Hit]
            if new_access:
                hits = cast(NewAccessRule, rule).judge(compiled, context, denies)
            else:
                hits = rule.check_statement(compiled, context)
            for hit in hits:
                new, same = _split(hit.subjects, accepted)
                # The message is the statement's alone: worded once, however many policies share it.
                message = _message(rule, hit, _shown(new, catalogue_), False) if new else ""
                verdicts.append((rule, hit, new, same, message))
        return tuple(verdicts)

    def document(self, target: Target, document: Document) -> tuple[list[Finding], TargetSummary | None]:
        analysis = analyse(document.policy, self.catalogue)
        entry = (
            self.baselines.get(document.fill, document.reference)
            if document.role is DocumentRole.IDENTITY
            else None
        )
        context = RuleContext(
            document.policy,
            document.role,
            analysis,
            self.catalogue,
            self.risks,
            entry.baseline if entry else None,
            target.vendor_accounts | self.options.extra_vendor_accounts,
            self.memo,
        )
        per_rule: dict[str, list[Finding]] = {}
        shared: dict[str, tuple[Hit, list[Subjects]]] = {}
        rules = self._rules[document.role]
        other_rules = self._other_rules[document.role]
        new_access = self._new_access_rules[document.role]
        # Denies only take access away, and only unconditional ones (see `iam.diff`), and only
        # the actions they name: a statement's BDL001 verdict depends on those that share an
        # action with it alone, so they are all its key needs (usually none: one shared verdict).
        denies = tuple(d for d in analysis.denies if not d.statement.conditions)
        baseline_id = context.baseline.serial if context.baseline is not None else -1
        role = document.role
        judged, judged_new = self.judged, self.new_access
        for compiled in analysis.statements:
            key = compiled.key
            verdicts = judged[(key, baseline_id, role)]
            if verdicts is None:
                verdicts = self._judge(compiled, context, other_rules, entry)
                judged.put((key, baseline_id, role), verdicts)
            if new_access and compiled.statement.body.effect == "Allow":
                actions = compiled.actions
                relevant = tuple(d for d in denies if not d.actions.isdisjoint(actions)) if denies else ()
                fresh_key = (key, baseline_id, role, tuple(d.key for d in relevant))
                fresh = judged_new[fresh_key]
                if fresh is None:
                    fresh = self._judge(compiled, context, new_access, entry, relevant)
                    judged_new.put(fresh_key, fresh)
                if fresh:
                    verdicts = fresh + verdicts
            if not verdicts:
                continue
            prefix = compiled.path
            for rule, hit, new, same, message in verdicts:
                if new:
                    per_rule.setdefault(rule.id, []).append(
                        _finding(rule, (*prefix, *hit.path), message, False, target, document)
                    )
                if same:
                    entry_ = shared.get(rule.id)
                    if entry_ is None:
                        entry_ = shared[rule.id] = (Hit((*prefix, *hit.path), hit.subjects), [])
                    entry_[1].append(same)
        for rule in self._policy_rules[document.role]:
            hits = rule.policy_hits(context) if isinstance(rule, NewAccessRule) else rule.check(context)
            accepted = self._accepted(rule, entry)
            for hit in hits:
                new, same = _split(hit.subjects, accepted)
                if new:
                    message = _message(rule, hit, _shown(new, self.catalogue), False)
                    per_rule.setdefault(rule.id, []).append(
                        _finding(rule, hit.path, message, False, target, document)
                    )
                if same:
                    shared.setdefault(rule.id, (hit, []))[1].append(same)
        findings: list[Finding] = []
        for rule in rules:
            findings.extend(per_rule.get(rule.id, ()))
            if rule.id in shared:  # one info finding per rule: what the reference grants alike
                first, groups = shared[rule.id]
                union = frozenset().union(*groups)
                message = _message(rule, Hit(first.path, union), _shown(union, self.catalogue), True)
                findings.append(_finding(rule, first.path, message, True, target, document))
        sized = self._validate(target, document, findings, entry)
        summary = None
        if entry is not None:
            changes = tuple(
                ServiceChange(c.service, c.added, c.removed)
                for c in service_changes(analysis, entry.baseline)
            )
            name = target.name if target.kind != "plan" else f"{target.name} {document.logical}"
            size, limit = sized if sized is not None else (None, None)
            summary = TargetSummary(name, target.kind, entry.baseline.name, changes, size, limit)
        return findings, summary

    def _kind(self, target: Target, kind: PolicyKind | None) -> PolicyKind | None:
        """A policy file's type as --policy-type states it, else the document's own."""
        stated = self.options.policy_kind
        return stated if stated is not None and target.kind == "policy" else kind

    def _validate(
        self, target: Target, document: Document, findings: list[Finding], entry: BaselineEntry | None
    ) -> tuple[int, int] | None:
        """The validation family's findings for one document (appended); its (size, quota)."""
        if document.raw is None:
            return None
        kind = self._kind(target, document.kind) or guess_kind(document.raw, document.role)
        policy = document.policy
        keys = self.validation.keys(policy, document.raw)
        issues, size = self.validation.check(document.raw, kind, keys, document.attached)
        issues = written(issues, document.templated)
        logical = document.logical or None
        for issue in issues:
            accepted = entry is not None and (issue.check, issue.detail) in entry.validation
            position = policy.position(issue.path)
            findings.append(validation_finding(issue, target.name, target.file, logical, position, accepted))
        limit = quota(kind)
        return (size, limit.limit) if limit is not None else None

    def _inline_quota(self, target: Target, inline: list[tuple[Document, int]]) -> list[Finding]:
        """A module's role inline policies (the reference's and the declared statements') share
        one quota: over it together is a BDL110 finding on the last of them."""
        if len(inline) < 2:
            return []
        issue = quota_issue(sum(size for _, size in inline), PolicyKind.IDENTITY)
        if issue is None:
            return []
        names = " + ".join(document.logical for document, _ in inline)
        issue = replace(issue, detail=f"{names}: {issue.detail}")
        return [validation_finding(issue, target.name, target.file, inline[-1][0].logical, None)]

    def run(self, targets: Iterable[Target], sink: ReportSink) -> ReportHead:
        """Lint target by target, handing each finding to `sink` as soon as it is made (with its
        suppression applied); what the report says besides its findings is returned at the end.
        Nothing of a target is kept once its findings are out."""
        names = []
        for target in targets:
            names.append(target.name)
            self.target(target, sink)
        return self.finish(names, sink)

    def run_sources(self, found: Sequence[Source], sink: SplitSink, jobs: int) -> ReportHead:
        """`run` over targets read from `found`, spread over `jobs` processes (this one and
        forked workers): each reads and lints slices of the targets into a twin of `sink`, and
        the slices come back into `sink` in target order, so the report is the one `run` makes."""
        if jobs <= 1:
            return self.run(map(read_source, found), sink)
        cuts = slices(len(found), jobs)
        scratch = sink.twin()  # where a slice is linted, in this process or a worker

        def lint_slice(index: int) -> tuple[object, list[str]]:
            names = []
            for position in cuts[index]:
                target = read_source(found[position])
                names.append(target.name)
                self.target(target, scratch)
            return scratch.take(), names

        checked: list[str] = []
        with closing(ordered_map(lint_slice, len(cuts), jobs)) as parts:
            for part, names in parts:
                sink.absorb(part)
                checked.extend(names)
        return self.finish(checked, sink)

    def target(self, target: Target, sink: ReportSink) -> None:
        """One target's findings (and identity-document summaries) into `sink`."""
        found: list[Finding] = [_problem_finding(p, target) for p in target.problems]
        for item in target.unparsed:
            kind = self._kind(target, item.kind) or item.kind
            found.extend(self.validation.unparsed(replace(item, kind=kind), target.name, target.file))
        inline: list[tuple[Document, int]] = []
        for document in target.documents:
            findings, summary = self.document(target, document)
            found.extend(mark_declared(findings, document.declared))
            if summary is not None and len(document.declared) < len(document.policy.statements):
                sink.target(summary)
            if target.kind == "module" and document.kind is PolicyKind.IDENTITY and summary is not None:
                inline.append((document, summary.size or 0))
        found.extend(self._inline_quota(target, inline))
        for finding in self._suppress(found):
            sink.finding(finding)

    def finish(self, checked: list[str], sink: ReportSink) -> ReportHead:
        """The run's last findings (expired suppressions) into `sink`, and the report's head
        (`checked`: the names of the targets linted, in order)."""
        for finding in self._expired():
            sink.finding(finding)
        rules = tuple(catalogue().values())
        fail_on = self.options.fail_on
        return ReportHead("bodocfg", __version__, rules, fail_on, tuple(checked))

    def targets(self, targets: Sequence[Target]) -> Report:
        """Every finding of `targets`, as one `Report` in memory."""
        collected = ReportCollector()
        return collected.report(self.run(targets, collected))

    def _suppress(self, findings: list[Finding]) -> list[Finding]:
        today = self.options.today
        active = [s for s in self.options.suppressions if not s.expired(today)]
        if not active:
            return findings
        result = []
        for finding in findings:
            match = next((s for s in active if s.matches(finding)), None)
            result.append(replace(finding, suppressed=match.reason) if match else finding)
        return result

    def _expired(self) -> Iterator[Finding]:
        """A BDL004 finding for every suppression past its date (reported after all others)."""
        today = self.options.today
        expired_meta = meta(EXPIRED_SUPPRESSION)
        for entry in self.options.suppressions:
            if entry.expired(today):
                yield Finding(
                    EXPIRED_SUPPRESSION,
                    expired_meta.title,
                    expired_meta.severity,
                    f"{expired_meta.title}: {entry.rule} for {entry.target} expired on "
                    f"{entry.expires} (reason was: {entry.reason})",
                    entry.file,
                    Location(entry.file, entry.line, 1),
                )


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic collector off for one lint run, and back as it was afterwards.

    A run builds a few hundred thousand small objects (statements, verdicts, memo tables,
    findings) that form no reference cycles: a full collection after a run of 1,000 distinct
    policies visits 260,000 of them, frees none and takes 80 ms; the collector's passes during the
    run cost up to half of it. So the run goes without the collector, and what it built is frozen
    (left out of later passes, as the CLI freezes the catalogue) rather than all scanned once
    more by the first collection after it. Reference counting still frees everything dropped.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def lint_paths(
    paths: Sequence[str], options: LintOptions, catalogue_: Catalogue | None = None, jobs: int | None = 1
) -> Report:
    """Discover the targets under `paths` and lint them all, into one `Report` in memory
    (`jobs`: processes, see `generator.workers.auto_jobs`; this one alone by default)."""
    collected = ReportCollector()
    return collected.report(lint_into(paths, options, collected, catalogue_, jobs))


def lint_into(
    paths: Sequence[str],
    options: LintOptions,
    sink: SplitSink,
    catalogue_: Catalogue | None = None,
    jobs: int | None = None,
) -> ReportHead:
    """Read, lint and hand on the targets under `paths` one at a time (what `bodocfg lint` does:
    memory stays flat however many there are), in worker processes when there are many
    (`jobs`, see `generator.workers.auto_jobs`)."""
    with paused_gc():
        linter = Linter(options, catalogue_)
        found = sources(paths)
        return linter.run_sources(found, sink, auto_jobs(jobs, len(found)))

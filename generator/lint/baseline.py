"""The baseline a policy is compared with, and the risks it accepts.

The baseline is the Bodo-Platform reference policy of the document's version (a module's
`reference_version`, else `--reference`, else the newest in the vendor profile), or one
`--baseline FILE` for everything. Each is read once; for each distinct set of placeholder values
(`$$BUCKET_NAME$$`, `$$DYNAMO_ARN$$`) it is filled, compiled, and the rules that accept by
reference are run over it, so a candidate's finding can be split into what is new and what the
reference itself grants.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from generator.errors import UsageError
from generator.iam.analysis import analyse
from generator.iam.catalogue import Catalogue
from generator.iam.diff import Baseline
from generator.iam.memo import Memo
from generator.iam.model import PolicyError, parse_policy
from generator.lint.inputs import Fill
from generator.lint.risk import RiskIndex
from generator.lint.rules import RULES, DocumentRole, Hit, RuleContext
from generator.lint.rules.base import HITS_KEPT
from generator.policycheck import PolicyKind, default_validator
from generator.vendor.fill import fill as fill_placeholders
from generator.vendor.profile import profile

REFERENCE_NAME = "Bodo-Platform reference policy"
BASELINES_KEPT = 64
"""Filled baselines kept at a time (see `generator.iam.memo`): a fleet's modules each fill the
reference with their own bucket, so one per module would otherwise stay for the whole run."""


def reference_name(version: str) -> str:
    return f"{REFERENCE_NAME} {version}"


@dataclass
class BaselineEntry:
    """A compiled baseline and, per rule id, the subjects it accepts."""

    baseline: Baseline
    accepted: dict[str, frozenset[str]]
    """As reported: canonical action names (`iam:PassRole`), methods, patterns."""
    keys: dict[str, frozenset[str]]
    """As rules emit them (actions lower-case): what candidate subjects are matched against."""
    raw: Any = None
    """The baseline as decoded JSON, placeholders filled: validated when `validation` is asked."""

    @cached_property
    def validation(self) -> frozenset[tuple[str, str]]:
        """The baseline's own validation issues, (check, detail): the same in a candidate is the
        reference's, accepted (an old version may name actions AWS has since renamed). Judged
        the first time a candidate has an issue to match (a clean document never asks)."""
        issues = default_validator().policy(self.raw, PolicyKind.IDENTITY) if self.raw is not None else ()
        return frozenset((issue.check, issue.detail) for issue in issues)


def _read(path: Path) -> Any:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        parse_policy(raw)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, PolicyError) as error:
        raise UsageError(f"{path}: cannot use as a baseline policy: {error}") from error
    return raw


class Baselines:
    """Baseline documents, each read once, compiled once per distinct set of placeholder values.

    `path` (`--baseline`) is the one baseline of every document; else `version` (`--reference`)
    overrides the documents' own versions; else each document's version is used (None: newest).
    """

    def __init__(
        self, path: Path | None, catalogue_: Catalogue, risks: RiskIndex, version: str | None = None
    ) -> None:
        self.path = path
        self.version = None if path else version
        self.catalogue = catalogue_
        self.risks = risks
        self._raw: dict[str | None, tuple[str, Any]] = {}
        if path is not None:
            self._raw[None] = (str(path), _read(path))
        elif version is not None:
            self._source(version)  # an unknown version fails here, before any input is read
        self._entries: Memo[tuple[str | None, Fill | None], BaselineEntry] = Memo(BASELINES_KEPT)
        self._hits: Memo[tuple[object, ...], tuple[Hit, ...]] = Memo(HITS_KEPT)
        """Rule hits on baseline statements by (rule, statement key, -1): the filled references
        of a fleet share their `Resource: *` statements, each judged once, not once a module."""
        self._names: Memo[frozenset[str], frozenset[str]] = Memo(HITS_KEPT)

    def _source(self, version: str | None) -> tuple[str, Any]:
        """(the baseline's name, its decoded JSON) for a document of `version`."""
        key = None if self.path else (self.version or version or profile().newest.version)
        found = self._raw.get(key)
        if found is None:
            chosen = profile().policy(key)
            found = self._raw[key] = (reference_name(chosen.version), _read(chosen.path))
        return found

    def _canonical(self, subjects: frozenset[str]) -> frozenset[str]:
        """Subjects as reported (`iam:PassRole`): once per distinct set, as the filled references
        of a fleet accept the same actions."""
        found = self._names[subjects]
        if found is None:
            names = self.catalogue.actions
            found = self._names.put(subjects, frozenset(names[s].name if s in names else s for s in subjects))
        return found

    def get(self, fill: Fill | None, version: str | None = None) -> BaselineEntry:
        """The baseline of a document with these placeholder values and reference version."""
        name, raw = self._source(version)
        key = (name, fill)
        entry = self._entries[key]
        if entry is None:
            if fill is not None:
                raw = fill_placeholders(raw, fill.bucket_name, fill.dynamo_arn)
            analysis = analyse(parse_policy(raw), self.catalogue)
            context = RuleContext(
                analysis.policy, DocumentRole.IDENTITY, analysis, self.catalogue, self.risks, memo=self._hits
            )
            accepted: dict[str, set[str]] = {}
            for rule in RULES:
                if rule.accept_by_reference and DocumentRole.IDENTITY in rule.roles:
                    for hit in rule.check(context):
                        accepted.setdefault(rule.id, set()).update(hit.subjects)
            keys = {k: frozenset(v) for k, v in accepted.items()}
            entry = BaselineEntry(
                Baseline(analysis, name, self.catalogue),
                {k: self._canonical(v) for k, v in keys.items()},
                keys,
                raw,
            )
            self._entries.put(key, entry)
        return entry

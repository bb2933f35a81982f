"""The baseline a policy is compared with, and the risks it accepts.

The shipped Bodo-Platform reference policy (or `--baseline FILE`) is read once; for each distinct
set of placeholder values (`$$BUCKET_NAME$$`, `$$DYNAMO_ARN$$`) it is filled, compiled, and the
rules that accept by reference are run over it, so a candidate's finding can be split into what
is new and what the reference itself grants.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import UsageError
from generator.iam.analysis import analyse
from generator.iam.catalogue import Catalogue
from generator.iam.diff import Baseline
from generator.iam.model import PolicyError, parse_policy
from generator.lint.inputs import Fill
from generator.lint.risk import RiskIndex
from generator.lint.rules import RULES, DocumentRole, RuleContext
from generator.resources import data_path

REFERENCE_NAME = "Bodo-Platform reference policy"


def reference_path() -> Path:
    return data_path("templates", "policies", "bodo-platform-policy.json")


def _fill(value: Any, fill: Fill) -> Any:
    if isinstance(value, str):
        if fill.bucket_name is not None:
            value = value.replace("$$BUCKET_NAME$$", fill.bucket_name)
        if fill.dynamo_arn is not None:
            value = value.replace("$$DYNAMO_ARN$$", fill.dynamo_arn)
        return value
    if isinstance(value, list):
        return [_fill(item, fill) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, fill) for key, item in value.items()}
    return value


@dataclass
class BaselineEntry:
    """A compiled baseline and, per rule id, the subjects it accepts."""

    baseline: Baseline
    accepted: dict[str, frozenset[str]]
    """As reported: canonical action names (`iam:PassRole`), methods, patterns."""
    keys: dict[str, frozenset[str]]
    """As rules emit them (actions lower-case): what candidate subjects are matched against."""


class Baselines:
    """The baseline document, read once, compiled once per distinct set of placeholder values."""

    def __init__(self, path: Path | None, catalogue_: Catalogue, risks: RiskIndex) -> None:
        self.path = path or reference_path()
        self.name = str(path) if path else REFERENCE_NAME
        self.catalogue = catalogue_
        self.risks = risks
        try:
            self.raw = json.loads(self.path.read_text(encoding="utf-8"))
            parse_policy(self.raw)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, PolicyError) as error:
            raise UsageError(f"{self.path}: cannot use as a baseline policy: {error}") from error
        self._entries: dict[Fill | None, BaselineEntry] = {}

    def get(self, fill: Fill | None) -> BaselineEntry:
        entry = self._entries.get(fill)
        if entry is None:
            raw = self.raw if fill is None else _fill(self.raw, fill)
            analysis = analyse(parse_policy(raw), self.catalogue)
            context = RuleContext(
                analysis.policy, DocumentRole.IDENTITY, analysis, self.catalogue, self.risks
            )
            accepted: dict[str, set[str]] = {}
            for rule in RULES:
                if rule.accept_by_reference and DocumentRole.IDENTITY in rule.roles:
                    for hit in rule.check(context):
                        accepted.setdefault(rule.id, set()).update(hit.subjects)
            names = self.catalogue.actions
            entry = BaselineEntry(
                Baseline(analysis, self.name, self.catalogue),
                {k: frozenset(names[s].name if s in names else s for s in v) for k, v in accepted.items()},
                {k: frozenset(v) for k, v in accepted.items()},
            )
            self._entries[fill] = entry
        return entry

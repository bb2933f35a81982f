"""Suppressions: a reviewed, reasoned, optionally expiring "we accept this finding".

The file (passed with `--suppressions FILE`)::

    suppressions:
      - rule: BDL011                 # required: a rule id
        target: acme-*               # required: glob on the customer (module name) or the file path
        path: "Statement[4]*"        # optional: glob on the path inside the policy
        reason: EFS mount targets are created per run; ARNs are not known in advance   # required
        expires: 2027-03-31          # optional: after this day the suppression fails the run

Globs know `*` and `?` only (so `Statement[4]` means itself). A malformed file is a usage error
naming the file and line; an expired entry silences nothing and
is reported as BDL004 (error).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from generator.errors import UsageError
from generator.iam.patterns import contains
from generator.lint.findings import catalogue
from generator.output.model import Finding

_KEYS = frozenset(("rule", "target", "path", "reason", "expires"))
_RULE_ID = re.compile(r"^BDL\d{3}$")


@dataclass(frozen=True)
class Suppression:
    rule: str
    target: str
    reason: str
    file: str
    line: int
    path: str | None = None
    expires: date | None = None

    def expired(self, today: date) -> bool:
        return self.expires is not None and self.expires < today

    def matches(self, finding: Finding) -> bool:
        if finding.rule_id != self.rule:
            return False
        if not (contains(self.target, finding.target) or contains(self.target, finding.location.file or "")):
            return False
        return self.path is None or contains(self.path, finding.location.path)


def _date(value: Any, where: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise UsageError(f"{where}: expires: {value!r} is not a date (YYYY-MM-DD)") from None


def _entry(raw: Any, file: str, line: int) -> Suppression:
    where = f"{file}:{line}"
    if not isinstance(raw, dict):
        raise UsageError(f"{where}: each suppression must be a mapping")
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise UsageError(f"{where}: {unknown[0]}: unknown key (expected {', '.join(sorted(_KEYS))})")
    rule = raw.get("rule")
    if not isinstance(rule, str) or not _RULE_ID.match(rule) or rule not in catalogue():
        raise UsageError(f"{where}: rule: {rule!r} is not a bodocfg lint rule id (e.g. BDL011)")
    for key in ("target", "reason"):
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            raise UsageError(f"{where}: {key}: required, a non-empty string")
    path = raw.get("path")
    if path is not None and not isinstance(path, str):
        raise UsageError(f"{where}: path: must be a string")
    expires = _date(raw["expires"], where) if raw.get("expires") is not None else None
    return Suppression(rule, raw["target"], raw["reason"].strip(), file, line, path, expires)


def load_suppressions(path: Path) -> tuple[Suppression, ...]:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    name = str(path)
    try:
        document = YAML(typ="rt").load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"{name}: cannot read the suppressions file: {error.strerror or error}") from error
    except (YAMLError, UnicodeDecodeError) as error:
        raise UsageError(f"{name}: not valid YAML: {error}") from error
    if document is None:
        return ()
    if not isinstance(document, dict) or not isinstance(document.get("suppressions"), list):
        raise UsageError(f"{name}:1: expected a mapping with a `suppressions:` list")
    entries = document["suppressions"]
    found = []
    for index, raw in enumerate(entries):
        line = entries.lc.item(index)[0] + 1 if hasattr(entries, "lc") else index + 1
        found.append(_entry(raw, name, line))
    return tuple(found)

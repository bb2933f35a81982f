"""The finding catalogue (`data/findings.json`): id -> title, severity, description.

Kept as data, apart from the detectors, so the README's rule table, SARIF rule metadata and the
detectors cannot disagree about what a rule id means.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from generator.output.model import RuleMeta, Severity

_DATA = Path(__file__).resolve().parent / "data"


def data_file(name: str) -> Path:
    return _DATA / name


@cache
def catalogue() -> dict[str, RuleMeta]:
    raw = json.loads(data_file("findings.json").read_text(encoding="utf-8"))
    return {
        entry["id"]: RuleMeta(entry["id"], entry["title"], Severity(entry["severity"]), entry["description"])
        for entry in raw["rules"]
    }


def meta(rule_id: str) -> RuleMeta:
    return catalogue()[rule_id]


UNREADABLE = "BDL003"
EXPIRED_SUPPRESSION = "BDL004"
UNKNOWN_AT_PLAN_TIME = "BDL005"
DECLARED_ADDITION = "BDL006"

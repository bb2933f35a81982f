"""Helpers for the lint tests: lint in-memory documents with the real catalogue and reference."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.iam.model import parse_policy
from generator.lint.engine import Linter, LintOptions
from generator.lint.inputs import Document, Fill, Target
from generator.lint.rules import DocumentRole
from generator.output.model import Finding, Report

REPO = Path(__file__).resolve().parent.parent.parent
VENDOR = "arn:aws:iam::481633624848:root"


def lint_document(
    document: dict[str, Any],
    role: DocumentRole = DocumentRole.IDENTITY,
    fill: Fill | None = None,
    options: LintOptions | None = None,
) -> Report:
    target = Target("t", "policy", "t.json", documents=(Document(role, parse_policy(document), "", fill),))
    return Linter(options or LintOptions()).targets([target])


def active(report: Report, rule_id: str | None = None) -> list[Finding]:
    """Findings that count (not accepted by reference, not suppressed), optionally of one rule."""
    return [
        f
        for f in report.findings
        if not f.accepted_by_reference and f.suppressed is None and (rule_id is None or f.rule_id == rule_id)
    ]


def policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action: str | list[str], resource: str | list[str] = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def trust(principal: Any = None, condition: Any = "default", **extra: Any) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": principal if principal is not None else {"AWS": VENDOR},
        "Action": "sts:AssumeRole",
        **extra,
    }
    if condition == "default":
        statement["Condition"] = {"StringEquals": {"sts:ExternalId": "8f14e45f-ceea"}}
    elif condition is not None:
        statement["Condition"] = condition
    return policy(statement)


@pytest.fixture
def module_copy(tmp_path: Path) -> Path:
    """A copy of the committed globex module (and its spec), to edit."""
    module = tmp_path / "modules" / "globex"
    shutil.copytree(REPO / "modules" / "globex", module)
    (tmp_path / "customers").mkdir()
    shutil.copy(REPO / "customers" / "globex.yaml", tmp_path / "customers" / "globex.yaml")
    return module


def edit_locals(module: Path, key: str, change: Any) -> None:
    path = module / "policies.tf.json"
    document = json.loads(path.read_text())
    document["locals"][key] = change(document["locals"][key])
    path.write_text(json.dumps(document, indent=2))

"""Formatters: one per `--format`, each `render(Report) -> str` over the neutral report model."""

from __future__ import annotations

from collections.abc import Callable

from generator.output import json_format, markdown, sarif, text
from generator.output.model import Finding, Location, Report, RuleMeta, Severity, TargetSummary

Formatter = Callable[[Report], str]

FORMATTERS: dict[str, Formatter] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "markdown": markdown.render,
}

__all__ = [
    "FORMATTERS",
    "Finding",
    "Formatter",
    "Location",
    "Report",
    "RuleMeta",
    "Severity",
    "TargetSummary",
]

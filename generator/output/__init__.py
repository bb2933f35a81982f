"""Formatters: one per `--format`, each `render(Report) -> str` over the neutral report model, and
its streaming writer (`WRITERS`, see `generator.output.stream`) for findings handed on as found."""

from __future__ import annotations

from collections.abc import Callable

from generator.output import json_format, markdown, sarif, text
from generator.output.model import Finding, Location, Report, RuleMeta, Severity, TargetSummary
from generator.output.stream import ReportWriter

Formatter = Callable[[Report], str]
WriterFactory = Callable[[Severity, tuple[RuleMeta, ...]], ReportWriter]

FORMATTERS: dict[str, Formatter] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "markdown": markdown.render,
}

WRITERS: dict[str, WriterFactory] = {
    "text": text.TextWriter,
    "json": json_format.JsonWriter,
    "sarif": sarif.SarifWriter,
    "markdown": markdown.MarkdownWriter,
}

__all__ = [
    "FORMATTERS",
    "WRITERS",
    "Finding",
    "Formatter",
    "Location",
    "Report",
    "RuleMeta",
    "Severity",
    "TargetSummary",
]

"""`bodocfg reference diff --format text|json|markdown`: one `ReferenceDiff`, three ways.

JSON shape: {"old", "new", "summary", "added": [..], "removed": [..],
"services": [{"service", "added", "removed"}], "statements": [{"statement", "change",
"resources_added", "resources_removed", "condition_before", "condition_after", "effect_before",
"effect_after"}], "verdicts": [{"rule_id", "title", "severity", "message", "path"}]}.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from generator.output.markdown import cell
from generator.vendor.diff import ReferenceDiff, StatementChange

FORMATS = ("text", "json", "markdown")


def as_data(diff: ReferenceDiff) -> dict[str, Any]:
    return {
        "old": diff.old,
        "new": diff.new,
        "summary": diff.summary(),
        "added": list(diff.added),
        "removed": list(diff.removed),
        "services": [asdict(s) for s in diff.services],
        "statements": [asdict(s) for s in diff.statements],
        "verdicts": [{**asdict(v), "severity": str(v.severity)} for v in diff.verdicts],
    }


def _compact(value: Any) -> str:
    return "none" if value is None else json.dumps(value, sort_keys=True)


def _statement_lines(change: StatementChange) -> list[str]:
    lines = [f"{change.statement}: {change.change}"]
    lines += [f"+ resource {r}" for r in change.resources_added]
    lines += [f"- resource {r}" for r in change.resources_removed]
    if change.effect_before or change.effect_after:
        lines.append(f"effect {change.effect_before} -> {change.effect_after}")
    if change.condition_changed:
        lines.append(f"condition {_compact(change.condition_before)} -> {_compact(change.condition_after)}")
    return lines


def render_text(diff: ReferenceDiff) -> str:
    lines = [f"reference policy {diff.old} -> {diff.new}: {diff.summary()}"]
    if diff.services:
        lines += ["", "actions, per service:"]
        width = max(len(s.service) for s in diff.services)
        for service in diff.services:
            changes = [f"+{a}" for a in service.added] + [f"-{a}" for a in service.removed]
            lines.append(f"  {service.service:<{width}}  {' '.join(changes)}")
    if diff.statements:
        lines += ["", "statements (resources, conditions, effect):"]
        for change in diff.statements:
            first, *rest = _statement_lines(change)
            lines += [f"  {first}", *(f"    {line}" for line in rest)]
    lines += ["", f"risk rules on what {diff.new} adds (vs {diff.old}):"]
    if diff.verdicts:
        for verdict in diff.verdicts:
            where = " ".join(part for part in (verdict.rule_id, verdict.path) if part)
            lines.append(f"  {verdict.severity} {where}: {verdict.message}")
    else:
        lines.append("  nothing new to report")
    return "\n".join(lines) + "\n"


def render_json(diff: ReferenceDiff) -> str:
    return json.dumps(as_data(diff), indent=2) + "\n"


def render_markdown(diff: ReferenceDiff) -> str:
    lines = [f"## Bodo reference policy {diff.old} → {diff.new}", "", diff.summary(), ""]
    if diff.services:
        lines += ["| Service | Added | Removed |", "|---|---|---|"]
        for service in diff.services:
            added = ", ".join(f"`{a}`" for a in service.added)
            removed = ", ".join(f"`{a}`" for a in service.removed)
            lines.append(f"| {cell(service.service)} | {cell(added)} | {cell(removed)} |")
        lines.append("")
    else:
        lines += ["No action added or removed.", ""]
    if diff.statements:
        lines += ["### Statements", ""]
        for change in diff.statements:
            first, *rest = _statement_lines(change)
            lines.append(f"- `{first.split(':')[0]}`: {change.change}")
            lines += [f"  - `{line}`" for line in rest]
        lines.append("")
    lines += [f"### Risk rules on what {diff.new} adds", ""]
    if diff.verdicts:
        lines += ["| Severity | Rule | Where | Finding |", "|---|---|---|---|"]
        lines += [
            f"| {v.severity} | {v.rule_id} | {cell(v.path)} | {cell(v.message)} |" for v in diff.verdicts
        ]
    else:
        lines.append("Nothing new to report.")
    return "\n".join(lines) + "\n"


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown}


def render(diff: ReferenceDiff, form: str) -> str:
    return RENDERERS[form](diff)

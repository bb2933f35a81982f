"""`plan --summary markdown`: one PR-comment section per customer, split to fit a comment.

Each section says what the plan adds, changes and destroys (an e-mail subscription SNS
deleted because nobody confirmed it, re-created, is labelled "unconfirmed, deleted by SNS"
rather than shown as an ordinary change), warns about every destroy
(louder for resources that hold data), and shows each IAM document's diff against the
current state (the plan's prior_state). Sections are packed into comments of at most
COMMENT_LIMIT characters (GitHub's limit is 65,536); a section too long for one comment is
cut at line boundaries, closing and reopening any open code fence.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from generator.delivery.planned import LABEL as UNCONFIRMED
from generator.delivery.planned import unconfirmed_recreations
from generator.terraform.plan import Change, Json, Plan, thaw

COMMENT_LIMIT = 65_000
_HEADER_BUDGET = 200
IAM_DOCUMENTS = {
    "aws_iam_role_policy": "policy",
    "aws_iam_role": "assume_role_policy",
    "aws_iam_policy": "policy",
}
HOLDS_DATA = {"aws_s3_bucket", "aws_dynamodb_table", "aws_kms_key"}
UNKNOWN = "(known after apply)"


@dataclass(frozen=True)
class CustomerResult:
    """What the summary needs from one customer's plan run."""

    customer: str
    exit_code: int
    plan: Plan | None
    error: str | None = None
    log: str | None = None


def code(text: str) -> str:
    """Inline code that no backtick inside `text` can break out of."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def fenced(text: str, language: str = "") -> str:
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}{language}\n{text.rstrip()}\n{fence}"


def _document_text(value: Json) -> str | None:
    """A policy as sorted, indented JSON (policies are JSON strings in plans), or None."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return str(value)
    return json.dumps(thaw(value), indent=2, sort_keys=True)


def _creates(change: Change) -> bool:
    return "create" in change.actions


def _deletes(change: Change) -> bool:
    return "delete" in change.actions


def _label(change: Change) -> str:
    return "replace" if _creates(change) and _deletes(change) else "/".join(change.actions)


def _prior_values(plan: Plan, address: str) -> Json:
    for resource in plan.prior.walk():
        if resource.address == address:
            return resource.values
    return None


def iam_diff(change: Change, plan: Plan) -> str | None:
    """Unified diff of the change's IAM document, current state -> planned; None if unchanged."""
    attribute = IAM_DOCUMENTS.get(change.type)
    if attribute is None or change.is_noop:
        return None
    prior = _prior_values(plan, change.address) or change.before or {}
    before = _document_text(prior.get(attribute))
    if change.after_unknown.get(attribute):
        after: str | None = UNKNOWN
    else:
        after = _document_text((change.after or {}).get(attribute))
    if before == after:
        return None
    lines = difflib.unified_diff(
        (before or "").splitlines(),
        (after or "").splitlines(),
        fromfile=f"{change.address}.{attribute} (current)",
        tofile=f"{change.address}.{attribute} (planned)",
        lineterm="",
    )
    return "\n".join(lines)


def _counts_line(plan: Plan) -> str:
    add, update, destroy = plan.counts()
    imports = plan.imports()
    head = f"**{len(imports)}** to import, " if imports else ""
    return f"{head}**{add}** to add, **{update}** to change, **{destroy}** to destroy"


def customer_section(result: CustomerResult) -> str:
    """The markdown for one customer."""
    title = f"### {code(result.customer)}"
    if result.plan is None:
        lines = [f"{title}: plan failed (exit {result.exit_code})", ""]
        if result.error:
            lines.append(fenced(result.error))
        if result.log:
            lines.append(f"Log: {code(result.log)}")
        return "\n".join(lines).rstrip() + "\n"
    plan = result.plan
    pending = plan.pending()
    imports = plan.imports()
    lines = [f"{title}: {_counts_line(plan)}" if pending or imports else f"{title}: no changes", ""]
    for change in [change for change in pending if _deletes(change)]:
        verb = "replaces" if _creates(change) else "destroys"
        loud = " and everything stored in it" if change.type in HOLDS_DATA else ""
        lines.append(f"> [!WARNING]\n> This plan {verb} {code(change.address)}{loud}.")
        lines.append("")
    if pending:
        lines += ["| action | resource |", "| --- | --- |"]
        recreated = unconfirmed_recreations(plan)
        lines += [
            f"| {_label(change)}{f' ({UNCONFIRMED})' if change.address in recreated else ''} "
            f"| {code(change.address)} |"
            for change in pending
        ]
        lines.append("")
    if imports:
        lines += ["Imported (existing resources taken over, `bodocfg adopt`):", ""]
        lines += ["| resource | import id | then |", "| --- | --- | --- |"]
        lines += [
            f"| {code(c.address)} | {code(str(c.importing))} | {'nothing' if c.is_noop else _label(c)} |"
            for c in imports
        ]
        lines.append("")
    for change in pending:
        diff = iam_diff(change, plan)
        if diff:
            lines += [f"IAM {code(change.address)}:", "", fenced(diff, "diff"), ""]
    return "\n".join(lines).rstrip() + "\n"


def _hard_wrap(line: str, width: int) -> Iterator[str]:
    for start in range(0, max(len(line), 1), width):
        yield line[start : start + width]


def _chunks(section: str, budget: int) -> Iterator[str]:
    """Cut one section into pieces of at most `budget` characters, keeping code fences whole."""
    fence: str | None = None
    current: list[str] = []
    size = 0
    for raw in section.splitlines():
        for line in _hard_wrap(raw, budget // 2):
            closing = len(fence) + 1 if fence else 0
            if current and size + len(line) + 1 + closing > budget:
                yield "\n".join([*current, fence] if fence else current) + "\n"
                current = [fence] if fence else []
                size = len(fence) + 1 if fence else 0
            current.append(line)
            size += len(line) + 1
            marker = re.match(r"^(`{3,})", line)
            if marker and (fence is None or line.strip() == fence):
                fence = None if fence else marker.group(1)
    if current:
        yield "\n".join(current) + "\n"


def split_comments(sections: Sequence[str], limit: int = COMMENT_LIMIT) -> list[str]:
    """Pack sections into comments of at most `limit` characters each (headers included)."""
    budget = limit - _HEADER_BUDGET
    bodies: list[str] = []
    current = ""
    for section in sections:
        for piece in _chunks(section, budget):
            if current and len(current) + len(piece) + 1 > budget:
                bodies.append(current)
                current = ""
            current = f"{current}\n{piece}" if current else piece
    if current:
        bodies.append(current)
    total = len(bodies)
    return [
        f"## bodocfg plan ({index}/{total})\n\n{body}" if total > 1 else f"## bodocfg plan\n\n{body}"
        for index, body in enumerate(bodies, start=1)
    ]


def summary_comments(results: Sequence[CustomerResult], limit: int = COMMENT_LIMIT) -> list[str]:
    """Every customer's section, sorted by customer, packed into PR comments."""
    ordered = sorted(results, key=lambda result: result.customer)
    return split_comments([customer_section(result) for result in ordered], limit)

"""checkov's records -> bodocfg's neutral `Report` (see `generator.output.model`).

- A failed check is an error finding; a check skipped by a `checkov:skip=ID:reason` comment is
  a finding suppressed with that reason (reported, never failing).
- A plan JSON carries no comments, so a plan finding is suppressed by the skip comment on the
  same resource of the same module's HCL (checkov's own plan enrichment keys skips by bare
  resource address across all roots, so it cannot tell two customers apart).
- A file checkov could not parse (BDS001) and a module or plan in which checkov checked nothing
  (BDS002) are error findings too: a scan never passes by not looking.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator import __version__
from generator.output.model import Finding, Location, Report, RuleMeta, Severity
from generator.scan.records import CheckovRecord, CheckovReport, Framework, Outcome
from generator.scan.targets import PLAN_FILE
from generator.scan.workspace import Workspace

PARSE_ERROR = RuleMeta(
    id="BDS001",
    title="checkov could not parse a file",
    severity=Severity.ERROR,
    description="checkov reported a parsing error for this file, so none of its checks ran on it.",
)
NOTHING_CHECKED = RuleMeta(
    id="BDS002",
    title="checkov checked nothing in a module or plan",
    severity=Severity.ERROR,
    description="checkov returned no result for this module's HCL or plan JSON; it was not really scanned.",
)

SkipKey = tuple[str, str, str]
"""(workspace key, resource id, check id)."""


def _key(record: CheckovRecord) -> str:
    return record.file_path.lstrip("/").split("/", 1)[0]


def _hcl_skips(records: Iterable[CheckovRecord]) -> dict[SkipKey, str]:
    return {
        (_key(r), r.resource_id, r.check_id): r.suppress_comment or "skipped in the module"
        for r in records
        if r.framework is Framework.HCL and r.outcome is Outcome.SKIPPED
    }


def _finding(workspace: Workspace, record: CheckovRecord, suppressed: str | None) -> Finding:
    original = workspace.original(record.file_path)
    target, file = (original[0].name, original[1]) if original else (record.file_path, record.file_path)
    message = record.check_name
    if record.details:
        message += ": " + "; ".join(record.details)
    if record.framework is Framework.PLAN:
        message += " (plan)"
    return Finding(
        rule_id=record.check_id,
        title=record.check_name,
        severity=Severity.ERROR,
        message=message,
        target=target,
        location=Location(file=file, line=record.line, logical=record.resource),
        suppressed=suppressed,
    )


def _meta(record: CheckovRecord) -> RuleMeta:
    description = record.check_name
    if record.guideline:
        description += f" ({record.guideline})"
    return RuleMeta(
        id=record.check_id, title=record.check_name, severity=Severity.ERROR, description=description
    )


def _coverage(workspace: Workspace, raw: CheckovReport) -> list[Finding]:
    seen = {(_key(r), r.framework) for r in raw.records}
    missing = []
    for key, module in workspace.modules.items():
        wanted = [Framework.HCL] + ([Framework.PLAN] if module.plan is not None else [])
        for framework in wanted:
            if (key, framework) not in seen:
                where = f"{module.name}/{PLAN_FILE}" if framework is Framework.PLAN else module.name
                missing.append(
                    Finding(
                        rule_id=NOTHING_CHECKED.id,
                        title=NOTHING_CHECKED.title,
                        severity=Severity.ERROR,
                        message=f"checkov returned no result for {where}",
                        target=module.name,
                        location=Location(file=where),
                    )
                )
    return missing


def _parse_errors(workspace: Workspace, raw: CheckovReport) -> list[Finding]:
    findings = []
    for _framework, path in raw.parsing_errors:
        relative = path[len(str(workspace.root)) :] if path.startswith(str(workspace.root)) else path
        original = workspace.original(relative)
        target, file = (original[0].name, original[1]) if original else (path, path)
        findings.append(
            Finding(
                rule_id=PARSE_ERROR.id,
                title=PARSE_ERROR.title,
                severity=Severity.ERROR,
                message="checkov could not parse this file; none of its checks ran on it",
                target=target,
                location=Location(file=file),
            )
        )
    return findings


def build_report(workspace: Workspace, raw: CheckovReport, fail_on: Severity) -> Report:
    skips = _hcl_skips(raw.records)
    findings: list[Finding] = []
    rules: dict[str, RuleMeta] = {}
    for record in raw.records:
        if record.outcome is Outcome.PASSED:
            continue
        suppressed = record.suppress_comment if record.outcome is Outcome.SKIPPED else None
        if record.outcome is Outcome.SKIPPED and suppressed is None:
            suppressed = "skipped"
        if record.framework is Framework.PLAN and suppressed is None:
            suppressed = skips.get((_key(record), record.resource_id, record.check_id))
        findings.append(_finding(workspace, record, suppressed))
        rules.setdefault(record.check_id, _meta(record))
    extra = _parse_errors(workspace, raw) + _coverage(workspace, raw)
    for finding in extra:
        meta = PARSE_ERROR if finding.rule_id == PARSE_ERROR.id else NOTHING_CHECKED
        rules.setdefault(meta.id, meta)
    findings.extend(extra)
    findings.sort(key=lambda f: (f.target, f.location.file or "", f.location.line or 0, f.rule_id))
    checked = tuple(module.name for module in workspace.modules.values())
    return Report(
        tool="bodocfg",
        version=__version__,
        rules=tuple(sorted(rules.values(), key=lambda rule: rule.id)),
        findings=tuple(findings),
        fail_on=fail_on,
        checked=checked,
        command="scan",
    )

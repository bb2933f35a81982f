"""`scan_paths`: discover the modules, lay out the workspace, run checkov once, build the report."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.output.model import Report, Severity
from generator.scan.locate import checks_dir, find_checkov
from generator.scan.report import build_report
from generator.scan.runner import TIMEOUT_SECONDS, run_checkov
from generator.scan.targets import discover
from generator.scan.workspace import build
from generator.vendor.profile import profile

ACCOUNTS_ENV = "BODOCFG_PLATFORM_ACCOUNTS"
"""Read by the CKV_BODO_1 check (checks/checkov/bodo_common.py): the vendor accounts, Bodo's first."""


@dataclass(frozen=True)
class ScanOptions:
    fail_on: Severity = Severity.ERROR
    platform_accounts: frozenset[str] = frozenset()
    """Vendor accounts a trust policy may name besides Bodo's (the vendor profile's)."""
    timeout: float = TIMEOUT_SECONDS


def scan_paths(paths: Sequence[str], options: ScanOptions) -> Report:
    targets = discover(paths)
    checkov = find_checkov()
    checks = checks_dir()
    accounts = {profile().platform_account, *options.platform_accounts}
    env = {ACCOUNTS_ENV: ",".join(sorted(accounts))}
    with tempfile.TemporaryDirectory(prefix="bodocfg-scan-") as tmp:
        workspace = build(Path(tmp) / "modules", targets)
        raw = run_checkov(checkov, workspace.root, checks, env, options.timeout)
        return build_report(workspace, raw, options.fail_on)

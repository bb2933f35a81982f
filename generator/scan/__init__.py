"""`bodocfg scan`: checkov over rendered modules and their plan JSON, as bodocfg findings.

The flow, one module per step:
    targets    PATH arguments -> the rendered modules (and their `bodocfg.plan.json`)
    workspace  one temporary tree checkov can read: `.tf.json` locals rewritten as HCL
    locate     which checkov executable to run
    runner     run checkov once over that tree, offline
    records    checkov's JSON report -> typed `CheckovRecord`s
    report     records -> the neutral `Report` the formatters in `generator.output` print
    engine     `scan_paths`: the steps above, in order

bodocfg's own checks live outside the package, in checks/checkov/ (loaded by checkov itself,
in its own virtualenv, with `--external-checks-dir`).
"""

from __future__ import annotations

from generator.scan.engine import ScanOptions, scan_paths
from generator.scan.locate import CheckovUnavailable

__all__ = ["CheckovUnavailable", "ScanOptions", "scan_paths"]

"""A stand-in for the checkov executable, for testing bodocfg's side of the contract quickly.

It records its argv and environment, then behaves as $FAKE_CHECKOV_SCENARIO says:
  report     write a results_json.json like checkov's for the first two modules of the tree
  crash      print a traceback and exit 2
  hang       sleep far beyond any test timeout
  loaderror  log that an external check could not be loaded, then report nothing
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path


def _arg(name: str) -> str:
    return sys.argv[sys.argv.index(name) + 1]


def _record(check_id: str, resource: str, file_path: str, comment: str | None = None) -> dict[str, object]:
    result: dict[str, object] = {"result": "SKIPPED" if comment else "FAILED"}
    if comment:
        result["suppress_comment"] = comment
    return {
        "check_id": check_id,
        "check_name": f"name of {check_id}",
        "check_result": result,
        "resource": resource,
        "file_path": file_path,
        "file_line_range": [4, 9] if file_path.endswith(".tf") else [0, 0],
        "details": ["why it failed"] if not comment else [],
    }


def _report(root: Path) -> list[dict[str, object]]:
    first, second = sorted(path.name for path in root.iterdir())[:2]
    hcl = {
        "check_type": "terraform",
        "summary": {"resource_count": 4, "checkov_version": "0.0-fake"},
        "results": {
            "failed_checks": [_record("CKV_AWS_21", "aws_s3_bucket.state", f"/{first}/bucket.tf")],
            "skipped_checks": [
                _record(
                    "CKV_AWS_61", "aws_iam_role.bodo_platform", f"/{first}/role.tf", "False positive, #7209"
                )
            ],
            "passed_checks": [_record("CKV_AWS_1", "aws_iam_role.bodo_platform", f"/{second}/role.tf")],
            "parsing_errors": [str(root / second / "broken.tf")],
        },
    }
    plan = {
        "check_type": "terraform_plan",
        "summary": {"resource_count": 2, "checkov_version": "0.0-fake"},
        "results": {
            "failed_checks": [
                _record("CKV_AWS_61", "aws_iam_role.bodo_platform", f"/{first}/bodocfg.plan.json"),
                _record("CKV_AWS_61", "aws_iam_role.bodo_platform", f"/{second}/bodocfg.plan.json"),
            ],
        },
    }
    return [hcl, plan]


def main() -> int:
    Path(os.environ["FAKE_CHECKOV_LOG"]).write_text(
        json.dumps({"argv": sys.argv[1:], "env": dict(os.environ)}), encoding="utf-8"
    )
    scenario = os.environ.get("FAKE_CHECKOV_SCENARIO", "report")
    if scenario == "crash":
        print("Traceback (most recent call last):\nValueError: boom", file=sys.stderr)
        return 2
    if scenario == "hang":
        time.sleep(600)
    # `DIR` writes DIR/results_json.json; `FILE,` (one path per --output) writes FILE, as checkov does
    target = _arg("--output-file-path")
    out = Path(target.split(",")[0]) if "," in target else Path(target) / "results_json.json"
    if scenario == "loaderror":
        print("ERROR Cannot load external check 'bodo_role_trust' from /x", file=sys.stderr)
        out.write_text("[]", encoding="utf-8")
        return 0
    out.write_text(json.dumps(_report(Path(_arg("--directory")))), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

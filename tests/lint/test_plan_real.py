"""Lint a real plan: the example module planned with real terraform against the local AWS."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.lint.engine import LintOptions, lint_paths
from generator.localaws import LocalAws
from generator.render import render_module, write_module
from generator.spec import load_spec
from generator.terraform.workflow import PLAN_JSON, RunOptions, open_session, plan_module
from tests.lint.conftest import REPO, active

pytestmark = [pytest.mark.terraform, pytest.mark.aws]


def test_planned_example_is_clean_and_drift_in_the_plan_is_found(
    tmp_path: Path, local_aws_server: LocalAws, bodocfg_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = load_spec(REPO / "customers" / "globex.yaml")
    module = tmp_path / spec.customer
    write_module(render_module(spec, module))
    monkeypatch.setenv("BODOCFG_CACHE_DIR", str(bodocfg_cache))
    # An account of its own: plan refuses to create again a role or bucket another test made.
    with open_session(RunOptions(), target=local_aws_server.account("700000000002")) as session:
        plan_module(session, module)
    plan = module / PLAN_JSON

    report = lint_paths([str(plan)], LintOptions())
    assert not active(report), [f.message for f in active(report)]
    logical = {f.location.logical for f in report.findings}
    assert "aws_iam_role_policy.bodo_platform.policy" in logical  # accepted-by-reference risks, located
    assert [t.services for t in report.targets] == [()]  # exactly the reference's actions

    # The same plan with one more action granted in the role policy: new access, named.
    text = plan.read_text()
    drifted = tmp_path / "drifted.json"
    drifted.write_text(text.replace('\\"s3:ListBucket\\"', '\\"s3:ListBucket\\",\\"s3:DeleteBucket\\"', 1))
    assert drifted.read_text() != text
    (finding,) = active(lint_paths([str(drifted)], LintOptions()))
    assert finding.rule_id == "BDL001" and "s3:DeleteBucket" in finding.message

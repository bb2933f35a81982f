"""The report model as worker processes hand it over: pickled, and loaded back equal."""

from __future__ import annotations

import pickle
from dataclasses import fields

from generator.output.model import Finding, Location, ServiceChange, Severity, TargetSummary


def test_a_finding_with_every_field_set_comes_back_equal() -> None:
    finding = Finding(
        rule_id="BDL107",
        title="Resource matches no resource type of the action",
        severity=Severity.WARNING,
        message="s3:GetObject acts on object; `arn:aws:s3:::data` names none of them",
        target="customers/acme.yaml",
        location=Location("modules/acme/main.tf", 12, 7, "Statement[2].Action[0]", "local.role_policy"),
        accepted_by_reference=True,
        suppressed="reviewed",
        declared="needs it",
        code="MISSING_ARN_TYPE",
        fix="did you mean `arn:aws:s3:::data/*`?",
    )
    defaults = Finding("X", "t", Severity.INFO, "m", "t")
    for name in (f.name for f in fields(Finding)):  # the case above sets every field
        assert getattr(finding, name) != getattr(defaults, name), name
    loaded = pickle.loads(pickle.dumps([finding, finding.location], protocol=pickle.HIGHEST_PROTOCOL))
    assert loaded == [finding, finding.location]
    assert loaded[0].severity is Severity.WARNING


def test_a_finding_pickles_by_its_constructor_not_its_state() -> None:
    """The slots dataclass's default restores its state field by field in Python (twice as slow
    to load): a finding is pickled as its class and its fields in order."""
    finding = Finding("BDL001", "t", Severity.ERROR, "m", "x", Location("f", 1, 2, "Statement[0]"))
    cls, args = finding.__reduce__()
    assert cls is Finding and cls(*args) == finding
    assert finding.location.__reduce__() == (Location, ("f", 1, 2, "Statement[0]", None))


def test_a_target_summary_comes_back_equal() -> None:
    summary = TargetSummary(
        "customers/acme.yaml", "module", "bodo-platform-2024", (ServiceChange("s3", 2, 1),), 4210, 10240
    )
    for name in (f.name for f in fields(TargetSummary)):  # every field set, none at its default
        assert getattr(summary, name) != getattr(TargetSummary("x", "policy"), name), name
    assert pickle.loads(pickle.dumps(summary, protocol=pickle.HIGHEST_PROTOCOL)) == summary

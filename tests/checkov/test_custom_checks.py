"""Each Bodo check fails its bad fixtures and passes its good one; the committed modules scan clean.

One checkov run covers every fixture and every module under modules/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.output.model import Report

from .conftest import FIXTURES, REPO, failing, failing_ids, scan

CHECK_OF = {
    "role_trust": "CKV_BODO_1",
    "lock_table": "CKV_BODO_2",
    "topic_key": "CKV_BODO_3",
    "key_policy": "CKV_BODO_4",
    "alarm_actions": "CKV_BODO_5",
}


def _fixture_dirs() -> list[Path]:
    return sorted(path.parent for path in FIXTURES.glob("*/*/main.tf"))


def _name(path: Path) -> str:
    return str(path)


@pytest.mark.checkov
def test_bodo_checks_on_fixtures_and_committed_modules_are_clean(
    checkov: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    net_log = tmp_path / "network.log"
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parent / "netaudit"))
    monkeypatch.setenv("BODOCFG_NET_AUDIT_LOG", str(net_log))
    fixtures = _fixture_dirs()
    modules = sorted(path for path in (REPO / "modules").iterdir() if path.is_dir())
    assert {path.parent.name for path in fixtures} == set(CHECK_OF), "every Bodo check has fixtures"
    report: Report = scan([*fixtures, *modules])

    # checkov ran offline: its Python saw no DNS lookup and no connect at all
    assert net_log.read_text(encoding="utf-8").splitlines() == ["started checkov"]

    for path in fixtures:
        check = CHECK_OF[path.parent.name]
        ids = failing_ids(report, _name(path))
        if path.name.startswith("bad"):
            assert check in ids, f"{path.relative_to(FIXTURES)} should fail {check}; failed {sorted(ids)}"
        else:
            assert path.name == "good"
            assert check not in ids, f"{path.relative_to(FIXTURES)} should pass {check}"

    for path in modules:
        assert failing(report, str(path)) == [], f"{path.name}: {failing(report, str(path))}"
        suppressed = [f for f in report.suppressed if f.target == str(path)]
        assert suppressed, "the template skips are reported, as suppressed"
        assert all(f.suppressed and len(f.suppressed) > 30 for f in suppressed)
    # the check's details reach the finding's message
    bad_trust = next(p for p in fixtures if p.name == "bad_no_external_id")
    message = next(f.message for f in failing(report, str(bad_trust)) if f.rule_id == "CKV_BODO_1")
    assert "sts:ExternalId" in message

"""Editing one scalar of a spec leaves every other byte alone, whatever the layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import CheckFailed
from generator.specedit import replace_scalar, set_scalar

FIELD = ("billing_alarm", "vcpu_threshold")

LAYOUTS = {
    "block with comments": (
        "# top comment\n"
        "customer: a  # trailing\n"
        "billing_alarm:\n"
        "  # above the value\n"
        "  vcpu_threshold:    256   # the peak was ~200\n"
        "  emails:\n"
        "      - x@a.example\n"
        "vcpu_threshold: 7  # same key elsewhere: untouched\n"
    ),
    "document marker, quoted key, CRLF": (
        '---\r\n"billing_alarm":\r\n  "vcpu_threshold": 12.5\r\n  period_seconds: 60\r\n...\r\n'
    ),
    "byte order mark": "\ufeffbilling_alarm:\n  vcpu_threshold: 1_000\n",
    "flow mapping": "billing_alarm: {emails: [a@b.example], vcpu_threshold: 9}\n",
    "value on the next line": "billing_alarm:\n  vcpu_threshold:\n    40\n  emails: []\n",
}
OLD = {
    "block with comments": "256",
    "document marker, quoted key, CRLF": "12.5",
    "byte order mark": "1_000",
    "flow mapping": "9",
    "value on the next line": "40",
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_only_the_value_changes(layout: str, tmp_path: Path) -> None:
    text = LAYOUTS[layout]
    spec = tmp_path / "spec.yaml"
    spec.write_bytes(text.encode("utf-8"))
    set_scalar(spec, FIELD, 3000)
    before, _, after = text.partition(OLD[layout])  # the first occurrence is the value
    assert spec.read_bytes() == (before + "3000" + after).encode("utf-8")


def test_missing_field_writes_nothing(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("customer: a\n# billing_alarm:\n#   vcpu_threshold: 1\n", encoding="utf-8")
    with pytest.raises(CheckFailed, match=r"spec.yaml: billing_alarm.vcpu_threshold is not set"):
        set_scalar(spec, FIELD, 5)
    assert spec.read_text(encoding="utf-8").startswith("customer: a\n")
    assert list(tmp_path.iterdir()) == [spec]


def test_a_mapping_is_not_a_scalar() -> None:
    with pytest.raises(KeyError):
        replace_scalar("billing_alarm:\n  vcpu_threshold: {a: 1}\n", FIELD, "5")


def test_symlinked_spec_is_edited_through_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("billing_alarm:\n  vcpu_threshold: 1\n", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    set_scalar(link, FIELD, 2)
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "billing_alarm:\n  vcpu_threshold: 2\n"

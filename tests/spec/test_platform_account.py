"""`platform_account` reads one field of a spec as written, for readers of rendered modules."""

from __future__ import annotations

from pathlib import Path

from generator.spec import platform_account

BASE = "customer: acme-co\nregion: us-east-1\nexternal_id: abc-123\n"


def test_valid_spec_field_and_absent_field(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(BASE + 'platform_account_id: "210987654321"\n')
    assert platform_account(path) == "210987654321"
    path.write_text(BASE)
    assert platform_account(path) is None


def test_invalid_spec_still_names_its_account(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("customer: Not_Valid!\nregion: mars\nplatform_account_id: 210987654321\n")
    assert platform_account(path) == "210987654321"


def test_anchors_are_read_by_the_careful_reader_which_refuses_them(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(BASE + "x: &a [1, 2]\nplatform_account_id: *a\n")
    assert platform_account(path) is None


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert platform_account(tmp_path / "nope.yaml") is None
    assert platform_account(tmp_path) is None


def test_a_key_spelt_with_escapes_is_still_read(tmp_path: Path) -> None:
    """The reader skips specs whose text lacks the key; an escaped key has no literal text."""
    path = tmp_path / "a.yaml"
    path.write_text(BASE + '"platform\\x5faccount_id": "210987654321"\n')
    assert "platform_account_id" not in path.read_text()
    assert platform_account(path) == "210987654321"

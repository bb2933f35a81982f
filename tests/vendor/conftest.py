"""Helpers for the vendor-profile tests: a user profile directory of the test's own, spec files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.vendor.profile import PROFILE_DIR_ENV


@pytest.fixture
def user_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty user profile directory, in effect for this test (and the bodocfg it runs)."""
    directory = tmp_path / "user-profile"
    directory.mkdir()
    monkeypatch.setenv(PROFILE_DIR_ENV, str(directory))
    return directory


def write_user_profile(directory: Path, data: dict[str, Any]) -> Path:
    path = directory / "profile.json"
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return path


def write_spec(
    directory: Path, customer: str, *, region: str = "us-east-2", reference: str | None = None
) -> Path:
    """A minimal spec, with a comment on every line kind (upgrade must keep them)."""
    lines = [
        "# yaml-language-server: $schema=../schemas/customer.schema.json",
        f"# {customer}: a test customer.",
        f"customer: {customer}",
        f"region: {region}   # where the bucket lives",
        f"external_id: {customer}-ext-1",
    ]
    if reference is not None:
        lines.append(f'reference: "{reference}"   # pinned on purpose')
    lines += ["tags:", "  owner: platform   # who to ask", ""]
    path = directory / f"{customer}.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path

"""Every checkov skip lives in a template, beside its resource, with a reason a reviewer accepts."""

from __future__ import annotations

import re

from .conftest import REPO, TEMPLATES

SKIP = re.compile(r"checkov:skip=([A-Z0-9_]+)(?::(.*))?")
REASON = re.compile(r"^(Deliberate: .{40,}|False positive, checkov issue \d+: .{40,})$")


def test_every_skip_in_the_templates_says_why() -> None:
    skips = [
        (path.name, match.group(1), match.group(2) or "")
        for path in sorted(TEMPLATES.glob("*.tf.j2"))
        for match in SKIP.finditer(path.read_text(encoding="utf-8"))
    ]
    assert skips, "the templates carry their checkov skips"
    bad = [(name, check, reason) for name, check, reason in skips if not REASON.match(reason)]
    assert not bad, f"skips without an accepted reason: {bad}"
    assert ("role.tf.j2", "CKV_AWS_61") in {(name, check) for name, check, _ in skips}


def test_skip_comments_sit_inside_a_resource_block() -> None:
    for path in sorted(TEMPLATES.glob("*.tf.j2")):
        resource = None
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("resource "):
                resource = line
            elif line == "}":
                resource = None
            elif "checkov:skip=" in line:
                assert resource is not None and line.startswith("  # checkov:skip="), f"{path.name}: {line}"


def test_no_skip_is_written_outside_the_templates() -> None:
    for path in (REPO / "modules").rglob("*.tf"):
        template = TEMPLATES / f"{path.name}.j2"
        for match in SKIP.finditer(path.read_text(encoding="utf-8")):
            assert match.group(0) in template.read_text(encoding="utf-8"), f"{path}: {match.group(0)}"

"""Removing any hardening from a template (or from the trust policy) makes the scan fail.

Each case renders acme-analytics (it has every component: bucket, lock table, role, topic with
its key, alarm) from a modified copy of templates/ into tmp_path; the real templates are never
touched. One checkov run scans every case plus an unmodified control.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import generator.components.role as role_component
from generator.hcl import JsonText, dump_json
from generator.spec import CustomerSpec

from .conftest import TEMPLATES, Renderer, failing_ids, scan

CUSTOMER = "acme-analytics"


def drop_resource(text: str, kind: str, name: str) -> str:
    start = text.index(f'resource "{kind}" "{name}" {{\n')
    end = text.index("\n}\n", start) + 3
    return text[:start] + text[end:]


def drop_block(text: str, block: str) -> str:
    pattern = re.compile(rf"\n  {block} {{\n(?:    [^\n]*\n)*  }}\n")
    assert pattern.search(text), block
    return pattern.sub("\n", text, count=1)


def replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


@dataclass(frozen=True)
class Case:
    name: str
    template: str | None
    edit: Callable[[str], str] | None
    expected: str
    """A check id that must fail once this hardening is gone."""


CASES = (
    Case(
        "no_versioning",
        "bucket.tf.j2",
        lambda t: drop_resource(t, "aws_s3_bucket_versioning", "state"),
        "CKV_AWS_21",
    ),
    Case(
        "no_public_access_block",
        "bucket.tf.j2",
        lambda t: drop_resource(t, "aws_s3_bucket_public_access_block", "state"),
        "CKV2_AWS_6",
    ),
    Case(
        "public_acls_allowed",
        "bucket.tf.j2",
        lambda t: replace(t, "block_public_acls       = true", "block_public_acls       = false"),
        "CKV_AWS_53",
    ),
    Case(
        "no_default_encryption",
        "bucket.tf.j2",
        lambda t: drop_resource(t, "aws_s3_bucket_server_side_encryption_configuration", "state"),
        "CKV_AWS_145",
    ),
    Case(
        "no_point_in_time_recovery",
        "lock_table.tf.j2",
        lambda t: drop_block(t, "point_in_time_recovery"),
        "CKV_AWS_28",
    ),
    Case(
        "lock_id_not_a_string",
        "lock_table.tf.j2",
        lambda t: replace(t, "type = {{ hash_key_type | hcl }}", 'type = "N"'),
        "CKV_BODO_2",
    ),
    Case(
        "no_key_rotation",
        "topic.tf.j2",
        lambda t: replace(t, "enable_key_rotation     = true", "enable_key_rotation     = false"),
        "CKV_AWS_7",
    ),
    Case(
        "topic_unencrypted",
        "topic.tf.j2",
        lambda t: replace(t, "  kms_master_key_id = aws_kms_key.alarm_topic.arn\n", ""),
        "CKV_AWS_26",
    ),
    Case(
        "topic_on_aws_managed_key",
        "topic.tf.j2",
        lambda t: replace(
            t, "kms_master_key_id = aws_kms_key.alarm_topic.arn", 'kms_master_key_id = "alias/aws/sns"'
        ),
        "CKV_BODO_3",
    ),
    Case(
        "key_default_policy",
        "topic.tf.j2",
        lambda t: replace(t, "  policy                  = jsonencode(local.alarm_topic_key_policy)\n", ""),
        "CKV_BODO_4",
    ),
    Case(
        "alarm_actions_disabled",
        "alarm.tf.j2",
        lambda t: replace(t, "actions_enabled     = true", "actions_enabled     = false"),
        "CKV_BODO_5",
    ),
    Case("no_external_id", None, None, "CKV_BODO_1"),
    Case("admin_statement_added", None, None, "CKV_AWS_63"),
)


_REAL_TRUST = role_component.trust_policy
_REAL_ROLE_POLICY = role_component.role_policy


def _trust_without_external_id(spec: CustomerSpec) -> dict[str, Any]:
    policy = _REAL_TRUST(spec)
    for statement in policy["Statement"]:
        statement.pop("Condition")
    return policy


def _role_policy_with_admin(spec: CustomerSpec, *args: Any) -> dict[str, Any]:
    """What an `additional_statements: [{Action: "*", Resource: "*"}]` would add."""
    policy = _REAL_ROLE_POLICY(spec, *args)
    policy["Statement"] = [*policy["Statement"], {"Effect": "Allow", "Action": "*", "Resource": "*"}]
    return policy


def _role_policy_text_with_admin(spec: CustomerSpec) -> JsonText:
    """The role policy as rendered (render writes `role_policy_text`, composed from the same parts)."""
    return JsonText(dump_json(_role_policy_with_admin(spec)).removesuffix("\n"))


PATCHES: dict[str, tuple[str, Callable[..., object]]] = {
    "no_external_id": ("trust_policy", _trust_without_external_id),
    "admin_statement_added": ("role_policy_text", _role_policy_text_with_admin),
}


@pytest.mark.checkov
def test_removing_any_hardening_fails_the_scan(
    checkov: Path, tmp_path: Path, render_with: Renderer, monkeypatch: pytest.MonkeyPatch
) -> None:
    modules: dict[str, Path] = {}
    for case in (None, *CASES):
        name = "control" if case is None else case.name
        templates = tmp_path / "templates" / name
        shutil.copytree(TEMPLATES, templates)
        if case is not None and case.template is not None and case.edit is not None:
            path = templates / case.template
            path.write_text(case.edit(path.read_text(encoding="utf-8")), encoding="utf-8")
        with monkeypatch.context() as patch:
            if name in PATCHES:
                patch.setattr(role_component, *PATCHES[name])
            modules[name] = render_with(CUSTOMER, templates, tmp_path / "modules" / name)

    report = scan(list(modules.values()))

    assert failing_ids(report, str(modules["control"])) == set(), "the unmodified templates scan clean"
    missed = {
        case.name: sorted(failing_ids(report, str(modules[case.name])))
        for case in CASES
        if case.expected not in failing_ids(report, str(modules[case.name]))
    }
    assert not missed, f"hardening removed but the expected check did not fail: {missed}"

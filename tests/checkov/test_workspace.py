"""The workspace checkov scans: `.tf.json` locals rewritten as HCL, paths mapped back."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.scan.targets import PLAN_FILE, ModuleTarget, discover
from generator.scan.workspace import build, hcl_value, local_value, locals_as_hcl

from .conftest import REPO

HOSTILE = {
    "quote": 'say "hi"',
    "backslash": "C:\\temp\\",
    "newline": "a\nb\tc\r",
    "literal_template": "$${not.a.reference} and %%{ if x }",
    "unicode": "é✓",
    "nested": {"list": [1, 2.5, True, None, "x"], "empty": {}, "key with space": "v"},
}


def test_strings_keep_template_sequences_and_are_quoted_for_hcl() -> None:
    assert (
        hcl_value("arn:${data.aws_partition.current.partition}:s3")
        == '"arn:${data.aws_partition.current.partition}:s3"'
    )
    assert hcl_value("$${x}") == '"$${x}"'
    assert hcl_value('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'
    assert hcl_value("\x01") == '"\\u0001"'
    assert hcl_value([True, None, 3]) == "[true, null, 3]"
    assert hcl_value({"a": {}}) == '{\n  "a" = {}\n}'


def test_policy_documents_become_their_json_text_without_a_comment_opener() -> None:
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "s3:*",
                "Resource": ["arn:aws:s3:::bucket/*", "${local.lock_table_arn}"],
                "Condition": {"StringEquals": {"aws:PrincipalTag/team": 'a "quoted" \\ value\n'}},
            }
        ],
    }
    written = local_value(document)
    assert "/*" not in written
    # an HCL quoted string with these escapes reads the same as a JSON string
    assert json.loads(json.loads(written)) == document
    assert local_value({"not": "a policy"}) == '{\n    "not" = "a policy"\n  }'


def test_only_locals_files_are_converted(tmp_path: Path) -> None:
    other = tmp_path / "main.tf.json"
    other.write_text(json.dumps({"resource": {"aws_s3_bucket": {"b": {}}}}))
    assert locals_as_hcl(other) is None
    policies = locals_as_hcl(REPO / "modules" / "acme-analytics" / "policies.tf.json")
    assert policies is not None and policies.count("locals {") == 1
    for name in ("trust_policy", "role_policy", "bucket_policy", "alarm_topic_key_policy"):
        assert f"\n  {name} = " in policies


def test_build_copies_converts_and_maps_back(tmp_path: Path) -> None:
    module = tmp_path / "acme"
    shutil.copytree(REPO / "modules" / "acme-analytics", module)
    (module / PLAN_FILE).write_text("{}")
    (module / "notes.json").write_text("{}")
    (module / ".terraform").mkdir()
    (module / ".terraform" / "x.tf").write_text("")
    [target] = discover([str(module)])
    assert target == ModuleTarget(name=str(module), directory=module, plan=module / PLAN_FILE)

    workspace = build(tmp_path / "ws", [target])
    [key] = workspace.modules
    copied = {path.name for path in (workspace.root / key).iterdir()}
    assert {"policies.tf.json.tf", "values.tf.json.tf", "role.tf", PLAN_FILE} <= copied
    assert not {"policies.tf.json", "notes.json", ".terraform"} & copied
    assert workspace.original(f"/{key}/policies.tf.json.tf") == (target, f"{module}/policies.tf.json")
    assert workspace.original(f"/{key}/role.tf") == (target, f"{module}/role.tf")
    assert workspace.original("/elsewhere/role.tf") is None


def test_discover_reports_usage_errors(tmp_path: Path) -> None:
    from generator.errors import UsageError

    with pytest.raises(UsageError, match="no such directory"):
        discover([str(tmp_path / "missing")])
    (tmp_path / "file.tf").write_text("")
    with pytest.raises(UsageError, match="not a directory"):
        discover([str(tmp_path / "file.tf")])
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError, match="no Terraform module"):
        discover([str(tmp_path / "empty")])
    targets = discover([str(REPO / "modules"), str(REPO / "modules" / "globex")])
    assert [t.directory.name for t in targets] == ["acme-analytics", "globex", "initech"]


def _console(directory: Path) -> object:
    done = subprocess.run(
        ["terraform", "console"],
        cwd=directory,
        input="jsonencode(local.hostile)\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(json.loads(done.stdout))


@pytest.mark.terraform
def test_converted_locals_mean_exactly_what_the_tf_json_means(tmp_path: Path) -> None:
    original = tmp_path / "json"
    original.mkdir()
    source = original / "values.tf.json"
    source.write_text(json.dumps({"//": "comment", "locals": {"hostile": HOSTILE}}))
    converted = tmp_path / "hcl"
    converted.mkdir()
    hcl = locals_as_hcl(source)
    assert hcl is not None
    (converted / "values.tf").write_text(hcl)
    expected = _console(original)
    assert _console(converted) == expected
    assert expected["literal_template"] == "${not.a.reference} and %{ if x }"  # type: ignore[index]

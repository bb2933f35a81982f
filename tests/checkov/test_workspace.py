"""The workspace checkov scans: `.tf.json` locals rewritten as HCL, paths mapped back."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.scan.targets import PLAN_FILE, ModuleTarget, discover
from generator.scan.workspace import (
    UNREAD_BLOCKS,
    blank_unread_blocks,
    build,
    hcl_value,
    local_value,
    locals_as_hcl,
    only_outputs,
)

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


def test_whole_jsonencode_values_get_the_documents_text_on_the_same_line(tmp_path: Path) -> None:
    module = tmp_path / "acme"
    shutil.copytree(REPO / "modules" / "acme-analytics", module)
    # a second reference keeps a document's local; an expression around it is not inlined
    (module / "extra.tf").write_text(
        'output "trust" {\n  value = local.trust_policy\n}\n'
        'resource "aws_ssm_parameter" "wrapped" {\n  value = sha256(jsonencode(local.bucket_policy))\n}\n'
    )
    workspace = build(tmp_path / "ws", discover([str(module)]))
    [key] = workspace.modules
    copy = workspace.root / key
    role_lines = (module / "role.tf").read_text().splitlines()
    copied_lines = (copy / "role.tf").read_text().splitlines()
    assert len(copied_lines) == len(role_lines)
    row = next(i for i, line in enumerate(role_lines) if "jsonencode(local.role_policy)" in line)
    document = json.loads((module / "policies.tf.json").read_text())["locals"]["role_policy"]
    assert copied_lines[row] == "  policy = " + local_value(document)
    assert 'assume_role_policy   = "{' in (copy / "role.tf").read_text()
    assert "jsonencode(local.bucket_policy)" not in (copy / "bucket.tf").read_text()
    assert "sha256(jsonencode(local.bucket_policy))" in (copy / "extra.tf").read_text()

    converted = (copy / "policies.tf.json.tf").read_text()
    assert "\n  role_policy = " not in converted, "inlined everywhere: left out"
    assert "\n  trust_policy = " in converted, "still named by an output"
    assert "\n  bucket_policy = " in converted, "still named inside an expression"
    assert "\n  bucket_name = " in converted, "not a document"
    assert not (copy / "outputs.tf").exists(), "outputs only: nothing checkov checks"
    assert (copy / "data.tf").samefile(module / "data.tf"), "unchanged files are linked"


@pytest.mark.parametrize(
    ("text", "outputs_only"),
    [
        ('output "a" {\n  value = 1\n}\n\n# comment\noutput "b" { value = aws_s3_bucket.x.arn }\n', True),
        (
            'output "a" {\n  value = 1\n  precondition {\n    condition = true\n    error_message = "x"\n  }\n}\n',
            True,
        ),
        ('output "a" {\n  value = {\n    k = "v"\n  }\n}\n', True),
        ('output "a" {\n  value = 1\n}\nresource "aws_s3_bucket" "x" {}\n', False),
        (
            'output "a" {\n  value = 1\n}\n  resource "aws_s3_bucket" "x" {\n}\n',
            False,
        ),  # indented: still seen
        ('output "a" {\n  value = <<EOT\nlocals {\nEOT\n}\n', False),  # in doubt: kept
        ("# only a comment\n", False),
        ("locals {\n  a = 1\n}\n", False),
    ],
)
def test_only_outputs(text: str, outputs_only: bool) -> None:
    assert only_outputs(text) is outputs_only


@pytest.mark.checkov
def test_inlined_documents_blanked_blocks_and_left_out_outputs_change_nothing_in_checkovs_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.scan import workspace as workspace_module
    from generator.scan.locate import checks_dir, find_checkov
    from generator.scan.runner import run_checkov

    targets = discover([str(REPO / "modules")])

    def records(name: str) -> set[tuple[object, ...]]:
        built = build(tmp_path / name, targets)
        report = run_checkov(find_checkov(), built.root, checks_dir(), {})
        return {(r.framework, r.outcome, r.check_id, r.resource, r.file_path, r.line) for r in report.records}

    inlined = records("inlined")
    copied = build(tmp_path / "copied", targets)
    alarms = [
        copied.root / key / "alarm.tf" for key in copied.modules if (copied.root / key / "alarm.tf").exists()
    ]
    assert alarms and not any("metric_query" in path.read_text() for path in alarms)
    monkeypatch.setattr(workspace_module, "inline_documents", lambda text, documents: text)
    monkeypatch.setattr(workspace_module, "blank_unread_blocks", lambda text: text)
    assert (
        "policy = jsonencode(local.role_policy)"
        in (
            build(tmp_path / "check", targets[:1]).root.joinpath(
                next(iter(build(tmp_path / "k", targets[:1]).modules))
            )
            / "role.tf"
        ).read_text()
    )
    assert records("as-written") == inlined
    assert len(inlined) > 100


def test_an_alarms_metric_queries_become_blank_lines_and_nothing_else_moves() -> None:
    text = (REPO / "modules" / "acme-analytics" / "alarm.tf").read_text()
    blanked = blank_unread_blocks(text)
    assert text.count("metric_query {") == 19 and "metric_query" not in blanked
    assert blanked.count("\n") == text.count("\n")
    for before, after in zip(text.split("\n"), blanked.split("\n"), strict=True):
        assert after in (before, ""), "a line is kept whole or blank"
    kept = [line for line in blanked.split("\n") if line]
    assert 'resource "aws_cloudwatch_metric_alarm" "vcpu_spot" {' in kept
    assert kept.count("  alarm_actions       = [aws_sns_topic.alarm.arn]") == 2
    assert kept.count("}") == 2, "each alarm's own closing brace stays"


@pytest.mark.parametrize(
    "block",
    [
        '  metric_query {\n    id = "a"\n    expression = "${var.x}"\n  }',  # an interpolation
        '  metric_query {\n    id = "a"\n    label = <<EOT\n}\nEOT\n  }',  # a heredoc
        '  metric_query {\n    id = "a" # a comment after a value\n  }',
        '  metric_query { id = "a" }',  # one line
    ],
)
def test_a_block_that_is_not_plain_keeps_the_file_as_written(block: str) -> None:
    text = f'resource "aws_cloudwatch_metric_alarm" "a" {{\n  actions_enabled = true\n{block}\n}}\n'
    assert blank_unread_blocks(text) == text
    unclosed = 'metric_query {\n  id = "a"\n'
    assert blank_unread_blocks(unclosed) == unclosed


def test_only_the_unread_blocks_are_blanked() -> None:
    text = (
        'resource "aws_cloudwatch_metric_alarm" "a" {\n'
        '  metric_query {\n    # a comment { with a brace\n    id = "a"\n  }\n'
        '  metric_query_extra = {\n    k = "v"\n  }\n'
        "}\n"
    )
    assert blank_unread_blocks(text) == (
        'resource "aws_cloudwatch_metric_alarm" "a" {\n\n\n\n\n'
        '  metric_query_extra = {\n    k = "v"\n  }\n'
        "}\n"
    )


@pytest.mark.checkov
def test_no_installed_check_reads_a_block_the_workspace_blanks() -> None:
    """checkov's own checks (Python and graph) and bodocfg's: none may name a blanked block, or
    leaving it out would change what they see. An upgrade that adds one fails here."""
    from generator.scan.locate import find_checkov

    python = find_checkov().parent / "python"
    site = subprocess.run(
        [str(python), "-c", "import checkov, os; print(os.path.dirname(checkov.__file__))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    roots = [Path(site), REPO / "checks" / "checkov"]
    readers = [
        path
        for root in roots
        for path in root.rglob("*")
        if path.suffix in (".py", ".yaml", ".yml", ".json")
        and any(name in path.read_text(errors="replace") for name in UNREAD_BLOCKS)
    ]
    assert len(list(roots[0].rglob("*.py"))) > 1000, "checkov's sources were searched"
    assert readers == []

"""Every invalid spec is refused with the line it must point at, quickly, without a traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.cli import main

BASE = "customer: acme-co\nregion: us-east-1\nexternal_id: abc-123\n"


def spec(extra: str) -> str:
    return BASE + extra


# (id, file content, expected line, expected field text, expected message fragment)
CASES: list[tuple[str, str | bytes, int, str, str]] = [
    ("empty", "", 1, "(spec)", "file is empty"),
    ("whitespace-only", "  \n\n", 1, "(spec)", "file is empty"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00", 1, "(spec)", "not UTF-8"),
    ("not-utf8", b"customer: caf\xe9\n", 1, "(spec)", "not UTF-8"),
    ("list-not-mapping", "- a\n- b\n", 1, "(spec)", "must be a mapping"),
    ("scalar-not-mapping", "just a string\n", 1, "(spec)", "must be a mapping"),
    ("syntax-error", "customer: acme-co\nregion: [us-east-1\n", 3, "(spec)", "YAML syntax"),
    ("bad-indent", "customer: acme-co\n  region: us-east-1\n", 2, "(spec)", "YAML syntax"),
    ("duplicate-key", BASE + "region: us-west-2\n", 4, "region", "duplicate key"),
    ("alias-bomb", "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", 1, "(spec)", "anchors"),
    ("alias-only", BASE + "tags: *t\n", 4, "(spec)", "YAML"),
    ("two-documents", BASE + "---\ncustomer: b\n", 4, "(spec)", "exactly one YAML document"),
    ("deep-nesting", "customer: " + "[" * 50 + "]" * 50 + "\n", 1, "(spec)", "nesting deeper"),
    ("huge-file", "customer: " + "x" * (10 * 1024 * 1024) + "\n", 1, "(spec)", "larger than"),
    ("nul-in-value", "customer: acme\x00co\n", 1, "(spec)", "U+0000"),
    (
        "missing-customer",
        "region: us-east-1\nexternal_id: abc\n",
        1,
        "(spec)",
        "missing required field 'customer'",
    ),
    ("missing-region", "customer: acme-co\nexternal_id: abc\n", 1, "(spec)", "'region'"),
    ("missing-external-id", "customer: acme-co\nregion: us-east-1\n", 1, "(spec)", "'external_id'"),
    ("customer-uppercase", BASE.replace("acme-co", "Acme-co"), 1, "customer", "does not match"),
    ("customer-too-short", BASE.replace("acme-co", "ab"), 1, "customer", "does not match"),
    ("customer-too-long", BASE.replace("acme-co", "a" * 41), 1, "customer", "does not match"),
    ("customer-trailing-hyphen", BASE.replace("acme-co", "acme-"), 1, "customer", "does not match"),
    ("customer-trailing-newline", BASE.replace("acme-co", '"acme-co\\n"'), 1, "customer", "U+000A"),
    ("customer-lookalike-cyrillic", BASE.replace("acme-co", "\u0430cme-co"), 1, "customer", "does not match"),
    ("customer-number", BASE.replace("acme-co", "12345"), 1, "customer", "must be a string"),
    ("region-unsupported", BASE.replace("us-east-1", "eu-west-1"), 2, "region", "is not one of"),
    ("region-list", BASE.replace("us-east-1", "[us-east-1]"), 2, "region", "is not one of"),
    ("external-id-short", BASE.replace("abc-123", "a"), 3, "external_id", "too short"),
    ("external-id-long", BASE.replace("abc-123", "a" * 1225), 3, "external_id", "too long"),
    ("external-id-space", BASE.replace("abc-123", '"abc 123"'), 3, "external_id", "does not match"),
    ("external-id-quote", BASE.replace("abc-123", "'ab\"c'"), 3, "external_id", "does not match"),
    ("external-id-interpolation", BASE.replace("abc-123", "'${var.x}'"), 3, "external_id", "does not match"),
    ("account-not-string", spec("platform_account_id: 481633624848\n"), 4, "platform_account_id", "string"),
    ("account-11-digits", spec('platform_account_id: "48163362484"\n'), 4, "platform_account_id", "match"),
    ("unknown-top-key", spec("bukcet:\n  name: abc\n"), 4, "bukcet", "did you mean 'bucket'"),
    ("unknown-nested-key", spec("role:\n  nmae: X\n"), 5, "role.nmae", "did you mean 'name'"),
    ("bucket-uppercase", spec("bucket:\n  name: Acme-State\n"), 5, "bucket.name", "does not match"),
    ("bucket-too-long", spec(f"bucket:\n  name: {'a' * 64}\n"), 5, "bucket.name", "too long"),
    ("bucket-too-short", spec("bucket:\n  name: ab\n"), 5, "bucket.name", "too short"),
    ("bucket-ip", spec("bucket:\n  name: 10.0.0.1\n"), 5, "bucket.name", "IP address"),
    ("bucket-double-dot", spec("bucket:\n  name: a..b\n"), 5, "bucket.name", "adjacent periods"),
    ("bucket-xn-prefix", spec("bucket:\n  name: xn--abc\n"), 5, "bucket.name", "xn--"),
    ("bucket-sthree-prefix", spec("bucket:\n  name: sthree-abc\n"), 5, "bucket.name", "sthree-"),
    ("bucket-s3alias-suffix", spec("bucket:\n  name: abc-s3alias\n"), 5, "bucket.name", "-s3alias"),
    ("bucket-ol-s3-suffix", spec("bucket:\n  name: abc--ol-s3\n"), 5, "bucket.name", "--ol-s3"),
    ("bucket-dot-hyphen", spec("bucket:\n  name: abc.-def\n"), 5, "bucket.name", "period next to a hyphen"),
    ("table-bad-char", spec("lock_table:\n  name: lock table\n"), 5, "lock_table.name", "does not match"),
    ("table-too-short", spec("lock_table:\n  name: ab\n"), 5, "lock_table.name", "too short"),
    ("role-bad-char", spec("role:\n  name: Bodo/Role\n"), 5, "role.name", "does not match"),
    ("role-too-long", spec(f"role:\n  name: {'R' * 65}\n"), 5, "role.name", "too long"),
    ("policy-name-space", spec("role:\n  policy_name: my policy\n"), 5, "role.policy_name", "does not match"),
    (
        "statement-without-reason",
        spec("role:\n  additional_statements:\n    - {Effect: Allow, Action: s3:GetObject, Resource: '*'}\n"),
        6,
        "role.additional_statements[0]",
        "missing required field 'reason'",
    ),
    (
        "statement-blank-reason",
        spec(
            "role:\n  additional_statements:\n    - {reason: '  ', Effect: Allow, Action: s3:GetObject, Resource: a}\n"
        ),
        6,
        "role.additional_statements[0].reason",
        "must say why the access is needed",
    ),
    (
        "statements-over-the-role-policy-quota",
        spec(
            "role:\n  additional_statements:\n"
            + f"    - {{reason: logs, Effect: Allow, Action: s3:GetObject, Resource: 'arn:aws:s3:::{'b' * 60}/*'}}\n"
            * 45
        ),
        6,
        "role.additional_statements",
        "IAM allows 10240 in total",
    ),
    (
        "statements-not-list",
        spec("role:\n  additional_statements: {}\n"),
        5,
        "role.additional_statements",
        "list",
    ),
    (
        "statement-no-action",
        spec(
            "role:\n  additional_statements:\n    - reason: needed by the test\n      Effect: Allow\n      Resource: '*'\n"
        ),
        6,
        "role.additional_statements[0]",
        "Action or NotAction",
    ),
    (
        "statement-bad-effect",
        spec(
            "role:\n  additional_statements:\n    - {reason: needed by the test, Effect: allow, Action: s3:GetObject, Resource: '*'}\n"
        ),
        6,
        "role.additional_statements[0].Effect",
        "is not one of",
    ),
    (
        "statement-principal",
        spec(
            "role:\n  additional_statements:\n    - {reason: needed by the test, Effect: Allow, Principal: '*', Action: s3:*, Resource: '*'}\n"
        ),
        6,
        "role.additional_statements[0].Principal",
        "unknown key",
    ),
    (
        "statement-bad-action",
        spec(
            "role:\n  additional_statements:\n    - {reason: needed by the test, Effect: Allow, Action: [s3, 's3:Get Object'], Resource: '*'}\n"
        ),
        6,
        "role.additional_statements[0].Action[0]",
        "not an IAM action",
    ),
    (
        "statement-duplicate-sid",
        spec(
            "role:\n  additional_statements:\n    - {reason: needed by the test, Sid: BodoPlatformS3, Effect: Allow, Action: s3:GetObject, Resource: a}\n"
        ),
        6,
        "role.additional_statements[0].Sid",
        "already used",
    ),
    (
        "alarm-no-threshold",
        spec("billing_alarm:\n  emails: [a@b.example]\n"),
        5,
        "billing_alarm",
        "'vcpu_threshold'",
    ),
    (
        "alarm-zero-threshold",
        spec("billing_alarm:\n  vcpu_threshold: 0\n  emails: [a@b.io]\n"),
        5,
        "billing_alarm.vcpu_threshold",
        "greater than 0",
    ),
    (
        "alarm-threshold-string",
        spec("billing_alarm:\n  vcpu_threshold: lots\n  emails: [a@b.io]\n"),
        5,
        "billing_alarm.vcpu_threshold",
        "must be a number",
    ),
    (
        "alarm-period-45",
        spec("billing_alarm:\n  vcpu_threshold: 5\n  period_seconds: 45\n  emails: [a@b.io]\n"),
        6,
        "billing_alarm.period_seconds",
        "must be a positive multiple of 60",
    ),
    *[
        (
            f"alarm-period-{seconds}",
            spec(f"billing_alarm:\n  vcpu_threshold: 5\n  period_seconds: {seconds}\n  emails: [a@b.io]\n"),
            6,
            "billing_alarm.period_seconds",
            "AWS/Usage publishes EC2 vCPU counts once a minute",
        )
        for seconds in (10, 20, 30)
    ],
    (
        "alarm-class-unknown",
        spec(
            "billing_alarm:\n  vcpu_threshold: 5\n  classes: [Standard/OnDemand, G/Ondemand]\n  emails: [a@b.io]\n"
        ),
        6,
        "billing_alarm.classes[1]",
        "did you mean 'G/OnDemand'?",
    ),
    (
        "alarm-class-far-off",
        spec("billing_alarm:\n  vcpu_threshold: 5\n  classes: [GPU]\n  emails: [a@b.io]\n"),
        6,
        "billing_alarm.classes[0]",
        "is not one of: Standard/OnDemand, F/OnDemand",
    ),
    (
        "alarm-class-twice",
        spec("billing_alarm:\n  vcpu_threshold: 5\n  classes: [P/Spot, P/Spot]\n  emails: [a@b.io]\n"),
        6,
        "billing_alarm.classes",
        "duplicate",
    ),
    (
        "alarm-classes-empty",
        spec("billing_alarm:\n  vcpu_threshold: 5\n  classes: []\n  emails: [a@b.io]\n"),
        6,
        "billing_alarm.classes",
        "at least 1",
    ),
    (
        "alarm-period-float",
        spec("billing_alarm:\n  vcpu_threshold: 5\n  period_seconds: 60.5\n  emails: [a@b.io]\n"),
        6,
        "billing_alarm.period_seconds",
        "whole number",
    ),
    (
        "alarm-eval-zero",
        spec("billing_alarm:\n  vcpu_threshold: 5\n  evaluation_periods: 0\n  emails: [a@b.io]\n"),
        6,
        "billing_alarm.evaluation_periods",
        "at least 1",
    ),
    (
        "alarm-window-too-long",
        spec(
            "billing_alarm:\n  vcpu_threshold: 5\n  period_seconds: 60\n  evaluation_periods: 1441\n  emails: [a@b.io]\n"
        ),
        7,
        "billing_alarm.evaluation_periods",
        "exceeds one day",
    ),
    (
        "alarm-window-week",
        spec(
            "billing_alarm:\n  vcpu_threshold: 5\n  period_seconds: 3600\n  evaluation_periods: 169\n  emails: [a@b.io]\n"
        ),
        7,
        "billing_alarm.evaluation_periods",
        "seven days",
    ),
    (
        "alarm-neither-target",
        spec("billing_alarm:\n  vcpu_threshold: 5\n"),
        5,
        "billing_alarm",
        "exactly one of emails or sns_topic_arn (has neither)",
    ),
    (
        "alarm-both-targets",
        spec(
            "billing_alarm:\n  vcpu_threshold: 5\n  emails: [a@b.io]\n  sns_topic_arn: arn:aws:sns:us-east-1:123456789012:t\n"
        ),
        5,
        "billing_alarm",
        "(has both)",
    ),
    (
        "alarm-topic-other-region",
        spec("billing_alarm:\n  vcpu_threshold: 5\n  sns_topic_arn: arn:aws:sns:us-west-2:123456789012:t\n"),
        6,
        "billing_alarm.sns_topic_arn",
        "us-west-2",
    ),
    (
        "alarm-topic-not-arn",
        spec("billing_alarm:\n  vcpu_threshold: 5\n  sns_topic_arn: finops\n"),
        6,
        "billing_alarm.sns_topic_arn",
        "does not match",
    ),
    (
        "alarm-bad-email",
        spec("billing_alarm:\n  vcpu_threshold: 5\n  emails:\n    - ok@acme.example\n    - not-an-email\n"),
        8,
        "billing_alarm.emails[1]",
        "not a valid email",
    ),
    (
        "alarm-email-injection",
        spec("billing_alarm:\n  vcpu_threshold: 5\n  emails: ['a\"b@acme.io']\n"),
        6,
        "billing_alarm.emails[0]",
        "not a valid email",
    ),
    (
        "alarm-duplicate-emails",
        spec("billing_alarm:\n  vcpu_threshold: 5\n  emails: [a@b.io, a@b.io]\n"),
        6,
        "billing_alarm.emails",
        "duplicate",
    ),
    (
        "alarm-empty-emails",
        spec("billing_alarm:\n  vcpu_threshold: 5\n  emails: []\n"),
        6,
        "billing_alarm.emails",
        "at least 1",
    ),
    ("tags-aws-prefix", spec("tags:\n  AWS:owner: me\n"), 5, "tags.AWS:owner", "reserved prefix"),
    ("tags-bad-char", spec("tags:\n  owner: a;b\n"), 5, "tags.owner", "tag value contains ';'"),
    ("tags-key-too-long", spec(f"tags:\n  {'k' * 129}: v\n"), 5, f"tags.{'k' * 129}", "too long"),
    ("tags-value-too-long", spec(f"tags:\n  k: {'v' * 257}\n"), 5, "tags.k", "too long"),
    ("tags-value-number", spec("tags:\n  k: 5\n"), 5, "tags.k", "must be a string"),
    (
        "bucket-statement-other-bucket",
        spec(
            "bucket:\n  policy_statements:\n    - reason: the pipeline reads outputs\n      Effect: Allow\n"
            "      Principal: {AWS: 'arn:aws:iam::111122223333:role/pipeline'}\n      Action: s3:GetObject\n"
            "      Resource: 'arn:aws:s3:::other-bucket/*'\n"
        ),
        10,
        "bucket.policy_statements[0].Resource",
        "this policy is on bucket `acme-co-bodo-state`",
    ),
    (
        "bucket-statement-no-principal",
        spec(
            "bucket:\n  policy_statements:\n    - reason: the pipeline reads outputs\n      Effect: Allow\n"
            "      Action: s3:GetObject\n      Resource: 'arn:aws:s3:::acme-co-bodo-state/*'\n"
        ),
        6,
        "bucket.policy_statements[0]",
        "Principal",
    ),
    (
        "tags-too-many",
        spec("tags:\n" + "".join(f"  k{i}: v\n" for i in range(49))),
        5,
        "tags",
        "more than 48",
    ),
]


@pytest.mark.parametrize(("name", "content", "line", "field", "fragment"), CASES, ids=[c[0] for c in CASES])
def test_invalid_spec_points_at_its_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str | bytes,
    line: int,
    field: str,
    fragment: str,
) -> None:
    path = tmp_path / f"{name}.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    before = set(tmp_path.iterdir())

    started = time.perf_counter()
    code = main(["validate", str(path)])
    elapsed = time.perf_counter() - started

    out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out + err
    lines = [entry for entry in out.splitlines() if entry]
    assert lines, err
    wanted = f"{path}:{line}:"
    matching = [
        entry for entry in lines if entry.startswith(wanted) and f": {field}: " in entry and fragment in entry
    ]
    assert matching, f"expected {wanted} {field} ~ {fragment!r}, got:\n{out}"
    assert set(tmp_path.iterdir()) == before, "validate must write nothing"
    assert elapsed < 1.0


def test_count_of_invalid_cases() -> None:
    assert len(CASES) >= 40

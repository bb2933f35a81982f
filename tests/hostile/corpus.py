"""Hostile specs: each must be refused with PATH:LINE, no traceback, nothing written, fast.

Beyond tests/spec's invalid cases: resource exhaustion, terminal and template injection,
look-alike Unicode, every length limit plus one, and every field with the wrong type.
"""

from __future__ import annotations

BASE = "customer: acme-co\nregion: us-east-1\nexternal_id: abc-123\n"


def with_field(extra: str) -> str:
    return BASE + extra


def replace(old: str, new: str) -> str:
    return BASE.replace(old, new)


# (id, content, line the problem must be reported on)
HOSTILE: list[tuple[str, str | bytes, int]] = [
    # resource exhaustion
    ("billion-laughs", 'a: &a ["lol","lol"]\nb: &b [*a,*a,*a]\nc: &c [*b,*b,*b]\nd: [*c,*c,*c]\n', 1),
    ("merge-key-alias", "base: &base {region: us-east-1}\n<<: *base\n", 1),
    ("deep-flow-lists", "customer: " + "[" * 5000 + "]" * 5000 + "\n", 1),
    ("deep-flow-maps", "customer: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n", 1),
    (
        "deep-block-maps",
        "".join("  " * depth + f"k{depth}:\n" for depth in range(40)) + "  " * 40 + "v: 1\n",
        21,
    ),
    ("ten-mb-one-line", "customer: " + "a" * (10 * 1024 * 1024), 1),
    ("ten-mb-comments", "# filler\n" * (1024 * 1024 + 10), 1),
    ("ten-mb-keys", "".join(f"k{i}: v\n" for i in range(1_500_000)), 1),
    ("many-documents", BASE + "---\n" + BASE, 4),
    (
        "huge-list",
        with_field(
            "role:\n  additional_statements:\n"
            + "    - {reason: needed by the test, Effect: Allow, Action: s3:GetObject, Resource: x}\n" * 51
        ),
        6,
    ),
    (
        "many-emails",
        with_field(
            "billing_alarm:\n  vcpu_threshold: 1\n  emails: ["
            + ", ".join(f"u{i}@a.io" for i in range(51))
            + "]\n"
        ),
        6,
    ),
    ("huge-number", with_field("billing_alarm:\n  vcpu_threshold: 1e400\n  emails: [a@b.io]\n"), 5),
    (
        "huge-int",
        with_field(
            "billing_alarm:\n  vcpu_threshold: 5\n  period_seconds: " + "6" * 400 + "0\n  emails: [a@b.io]\n"
        ),
        6,
    ),
    # control characters and terminal injection
    ("bell", "customer: acme\x07co\n", 1),
    ("escape-sequence-raw", "customer: acme\x1b[31mco\n", 1),
    ("escape-sequence-yaml", 'customer: acme-co\nregion: us-east-1\nexternal_id: "abc\\e[2J"\n', 3),
    ("escape-in-unknown-key", BASE + '"\\e[31mred": 1\n', 4),
    ("delete-char", "customer: acme\x7fco\n", 1),
    ("nel-u0085", "customer: acme\u0085co\n", 1),
    ("line-separator", "customer: acme\u2028co\n", 1),
    ("bidi-override-tag", with_field('tags:\n  owner: "abc\\u202Edef"\n'), 5),
    ("zero-width-space-customer", replace("acme-co", '"acme\\u200b-co"'), 1),
    ("zero-width-joiner-tag-key", with_field('tags:\n  "own\\u200der": x\n'), 5),
    ("nul-escape", replace("abc-123", '"abc\\0def"'), 3),
    ("crlf-in-value", replace("abc-123", '"abc\\r\\ndef"'), 3),
    ("newline-in-bucket", with_field('bucket:\n  name: "abc\\ndef"\n'), 5),
    (
        "newline-in-resource",
        with_field(
            'role:\n  additional_statements:\n    - {reason: needed by the test, Effect: Allow, Action: "s3:GetObject", Resource: "a\\n}\\nresource x y {"}\n'
        ),
        6,
    ),
    ("heredoc-in-role-name", with_field('role:\n  name: "<<EOT"\n'), 5),
    ("interpolation-in-bucket", with_field("bucket:\n  name: ${var.x}\n"), 5),
    ("directive-in-table", with_field("lock_table:\n  name: '%{if true}x'\n"), 5),
    ("quote-in-policy-name", with_field("role:\n  policy_name: 'a\"b'\n"), 5),
    ("backslash-in-role", with_field("role:\n  name: 'a\\\\b'\n"), 5),
    (
        "interpolation-in-email",
        with_field("billing_alarm:\n  vcpu_threshold: 1\n  emails: ['a\"${x}@b.io']\n"),
        6,
    ),
    # look-alike Unicode
    ("cyrillic-a-customer", replace("acme-co", "\u0430cme-co"), 1),
    ("greek-omicron-region", replace("us-east-1", "us-e\u03bfst-1"), 2),
    ("fullwidth-customer", replace("acme-co", "\uff41cme-co"), 1),
    ("dotless-i-bucket", with_field("bucket:\n  name: b\u0131cket-state\n"), 5),
    ("cyrillic-role", with_field("role:\n  name: B\u043edoRole\n"), 5),
    ("nbsp-external-id", replace("abc-123", '"abc\\u00a0123"'), 3),
    ("fullwidth-digits-account", with_field('platform_account_id: "\uff14\uff18\uff11633624848"\n'), 4),
    (
        "superscript-digit-threshold-email",
        with_field("billing_alarm:\n  vcpu_threshold: 1\n  emails: [a@b\u00b2.io]\n"),
        6,
    ),
    ("homoglyph-table", with_field("lock_table:\n  name: l\u043eck-table\n"), 5),
    # one past every length limit
    ("customer-41", replace("acme-co", "a" * 41), 1),
    ("external-id-1225", replace("abc-123", "x" * 1225), 3),
    ("bucket-64", with_field(f"bucket:\n  name: {'b' * 64}\n"), 5),
    ("table-256", with_field(f"lock_table:\n  name: {'t' * 256}\n"), 5),
    ("role-65", with_field(f"role:\n  name: {'R' * 65}\n"), 5),
    ("policy-name-129", with_field(f"role:\n  policy_name: {'P' * 129}\n"), 5),
    ("tag-key-129", with_field(f"tags:\n  {'k' * 129}: v\n"), 5),
    ("tag-value-257", with_field(f"tags:\n  k: {'v' * 257}\n"), 5),
    ("tags-49", with_field("tags:\n" + "".join(f"  k{i}: v\n" for i in range(49))), 5),
    ("email-local-65", with_field(f"billing_alarm:\n  vcpu_threshold: 1\n  emails: [{'e' * 65}@b.io]\n"), 6),
    ("email-255", with_field(f"billing_alarm:\n  vcpu_threshold: 1\n  emails: [a@{'d' * 250}.io]\n"), 6),
    ("customer-derived-bucket-ok-but-ip", replace("acme-co", "a" * 40) + "bucket:\n  name: 1.2.3.4\n", 5),
    # every field with the wrong type
    ("customer-int", replace("acme-co", "42"), 1),
    ("customer-list", replace("acme-co", "[acme-co]"), 1),
    ("customer-map", replace("acme-co", "{name: acme}"), 1),
    ("customer-null", replace("acme-co", "null"), 1),
    ("customer-bool", replace("acme-co", "true"), 1),
    ("region-int", replace("us-east-1", "1"), 2),
    ("external-id-int", replace("abc-123", "123456"), 3),
    ("external-id-list", replace("abc-123", "[abc]"), 3),
    ("external-id-null", replace("abc-123", "~"), 3),
    ("account-int", with_field("platform_account_id: 481633624848\n"), 4),
    ("bucket-string", with_field("bucket: my-bucket\n"), 4),
    ("bucket-name-int", with_field("bucket:\n  name: 12345\n"), 5),
    ("lock-table-list", with_field("lock_table: [a]\n"), 4),
    ("lock-table-name-null", with_field("lock_table:\n  name:\n"), 5),
    ("role-string", with_field("role: BodoPlatformUser\n"), 4),
    ("role-name-int", with_field("role:\n  name: 7\n"), 5),
    ("policy-name-list", with_field("role:\n  policy_name: [a]\n"), 5),
    ("statements-string", with_field("role:\n  additional_statements: s3:*\n"), 5),
    ("statement-string", with_field("role:\n  additional_statements: [s3:*]\n"), 5),
    (
        "statement-reason-missing",
        with_field(
            "role:\n  additional_statements:\n    - {Effect: Allow, Action: s3:GetObject, Resource: x}\n"
        ),
        6,
    ),
    (
        "statement-reason-too-long",
        with_field(
            "role:\n  additional_statements:\n    - {reason: "
            + "r" * 301
            + ", Effect: Allow, Action: s3:GetObject, Resource: x}\n"
        ),
        6,
    ),
    (
        "statement-reason-list",
        with_field(
            "role:\n  additional_statements:\n    - {reason: [a], Effect: Allow, Action: s3:GetObject, Resource: x}\n"
        ),
        6,
    ),
    (
        "statement-effect-bool",
        with_field(
            "role:\n  additional_statements:\n    - {reason: needed by the test, Effect: true, Action: s3:GetObject, Resource: x}\n"
        ),
        6,
    ),
    (
        "statement-action-int",
        with_field(
            "role:\n  additional_statements:\n    - {reason: needed by the test, Effect: Allow, Action: 5, Resource: x}\n"
        ),
        6,
    ),
    (
        "statement-resource-map",
        with_field(
            "role:\n  additional_statements:\n    - {reason: needed by the test, Effect: Allow, Action: s3:GetObject, Resource: {a: b}}\n"
        ),
        6,
    ),
    (
        "statement-condition-list",
        with_field(
            "role:\n  additional_statements:\n    - {reason: needed by the test, Effect: Allow, Action: s3:GetObject, Resource: x, Condition: [a]}\n"
        ),
        6,
    ),
    ("alarm-list", with_field("billing_alarm: [1000]\n"), 4),
    ("threshold-string", with_field("billing_alarm:\n  vcpu_threshold: '1000'\n  emails: [a@b.io]\n"), 5),
    ("threshold-bool", with_field("billing_alarm:\n  vcpu_threshold: true\n  emails: [a@b.io]\n"), 5),
    (
        "period-string",
        with_field("billing_alarm:\n  vcpu_threshold: 1\n  period_seconds: five\n  emails: [a@b.io]\n"),
        6,
    ),
    (
        "evaluation-float",
        with_field("billing_alarm:\n  vcpu_threshold: 1\n  evaluation_periods: 1.5\n  emails: [a@b.io]\n"),
        6,
    ),
    ("emails-string", with_field("billing_alarm:\n  vcpu_threshold: 1\n  emails: a@b.io\n"), 6),
    ("email-int", with_field("billing_alarm:\n  vcpu_threshold: 1\n  emails: [5]\n"), 6),
    ("topic-list", with_field("billing_alarm:\n  vcpu_threshold: 1\n  sns_topic_arn: [arn]\n"), 6),
    ("tags-list", with_field("tags: [a, b]\n"), 4),
    ("tag-value-list", with_field("tags:\n  a: [b]\n"), 5),
    ("tag-value-null", with_field("tags:\n  a:\n"), 5),
    ("tag-value-bool", with_field("tags:\n  a: yes\n  b: true\n"), 6),
]

# Values exactly at every limit: accepted.
AT_LIMIT: list[tuple[str, str]] = [
    ("customer-40", replace("acme-co", "a" * 40)),
    ("external-id-1224", replace("abc-123", "x" * 1224)),
    ("bucket-63", with_field(f"bucket:\n  name: {'b' * 63}\n")),
    ("table-255", with_field(f"lock_table:\n  name: {'t' * 255}\n")),
    ("role-64", with_field(f"role:\n  name: {'R' * 64}\n")),
    ("policy-name-128", with_field(f"role:\n  policy_name: {'P' * 128}\n")),
    ("tag-key-128", with_field(f"tags:\n  {'k' * 128}: v\n")),
    ("tag-value-256", with_field(f"tags:\n  k: {'v' * 256}\n")),
    ("tags-48", with_field("tags:\n" + "".join(f"  k{i}: v\n" for i in range(48)))),
    (
        "emails-50",
        with_field(
            "billing_alarm:\n  vcpu_threshold: 1\n  emails: ["
            + ", ".join(f"u{i}@a.io" for i in range(50))
            + "]\n"
        ),
    ),
    (
        "statements-50",
        with_field(
            "role:\n  additional_statements:\n"
            + "    - {reason: needed by the test, Effect: Allow, Action: s3:GetObject, Resource: 'arn:aws:s3:::x/*'}\n"
            * 50
        ),
    ),
]

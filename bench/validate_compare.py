"""Bench: bodocfg's policy validation against parliament on the same hand-written corpus.

    .venv/bin/python bench/validate_compare.py [--venv DIR] [--markdown]

The corpus (`tests/policycheck/corpus.json`) holds policies written from the IAM policy
validation check reference: each defect beside its valid twin. Both tools read the same files:

- parliament (duo-labs, from PyPI), installed into a scratch virtualenv this script creates (or
  `--venv DIR`, reused when parliament is already in it), called as a library on each file;
  counted: its findings of the groups that say a policy is wrong (ERROR, MALFORMED, INVALID,
  LOGICAL_INCONSISTANCY, BAD_PATTERN, OLD), not its style hints (NOT_IDEAL: `*` resources, no
  Version);
- bodocfg: `bodocfg lint --policy-type TYPE` on the same files (one run per policy type, as the
  corpus says each policy's type), counted: the validation rules BDL100-BDL111.

A tool catches a defect when it reports something on the defect that it does not report on the
twin; a finding on a valid twin is a false alarm. Exits 1 when bodocfg misses a defect
parliament catches, or raises any false alarm.

Then both read real policies IAM accepted, the AWS managed policies as moto vendors them
(~1,600, linted as identity policies): how many each fails as invalid (bodocfg: an error of
BDL100-BDL109, the customer's size quota BDL110 aside; parliament: its groups above). AWS's own
policies do hold mistakes (a misspelt resource type grants nothing), so neither figure need be
zero; the difference is what a tool calls invalid that IAM holds.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.lint.engine import LintOptions, lint_paths  # noqa: E402
from generator.policycheck import PolicyKind, checks  # noqa: E402

CORPUS = ROOT / "tests" / "policycheck" / "corpus.json"
VALIDATION_RULES = frozenset(check.rule for check in checks().values())
"""The validation family's rule ids, as the check table names them."""
PARLIAMENT_GROUPS = ("ERROR", "MALFORMED", "INVALID", "LOGICAL_INCONSISTANCY", "BAD_PATTERN", "OLD")
_PARLIAMENT_RUNNER = """
import json, sys
import parliament
groups = set(sys.argv[2].split(","))
found = {}
for name in json.loads(open(sys.argv[1]).read()):
    try:
        policy = parliament.analyze_policy_string(open(name).read(), filepath=name)
    except Exception as error:  # parliament crashes on some malformed policies: that is a catch
        found[name] = ["EXCEPTION " + type(error).__name__]
        continue
    found[name] = sorted({f.issue for f in policy.findings
                          if parliament.config.get(f.issue, {}).get("group") in groups})
print(json.dumps(found))
"""


def _parliament_python(venv: Path) -> Path | None:
    """The virtualenv's python with parliament in it, installing parliament when missing."""
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    probe = subprocess.run([str(python), "-c", "import parliament"], capture_output=True)
    if probe.returncode != 0:
        print(f"installing parliament from PyPI into {venv} ...", file=sys.stderr)
        install = subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "parliament"], capture_output=True, text=True
        )
        if install.returncode != 0:
            print(f"parliament could not be installed: {install.stderr.strip()[-400:]}", file=sys.stderr)
            return None
    return python


def run_parliament(python: Path, files: list[Path]) -> dict[str, list[str]]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as listing:
        json.dump([str(f) for f in files], listing)
    try:
        result = subprocess.run(
            [str(python), "-c", _PARLIAMENT_RUNNER, listing.name, ",".join(PARLIAMENT_GROUPS)],
            capture_output=True,
            text=True,
            check=True,
            stdin=subprocess.DEVNULL,
        )
    finally:
        Path(listing.name).unlink()
    found: dict[str, list[str]] = json.loads(result.stdout)
    return found


def run_bodocfg(directory: Path) -> dict[str, list[str]]:
    """Findings per file: `bodocfg lint --policy-type KIND DIR/KIND` for each type's directory."""
    found: dict[str, set[str]] = {}
    for kind_directory in sorted(p for p in directory.iterdir() if p.is_dir()):
        options = LintOptions(policy_kind=PolicyKind(kind_directory.name))
        for finding in lint_paths([str(kind_directory)], options).findings:
            if finding.rule_id in VALIDATION_RULES:
                found.setdefault(finding.target, set()).add(f"{finding.rule_id} {finding.code or '-'}")
    return {name: sorted(codes) for name, codes in found.items()}


def write_managed(directory: Path) -> list[Path]:
    """The AWS managed policies moto vendors, one file each (none when moto is missing)."""
    try:
        from moto.iam.aws_managed_policies import aws_managed_policies_data
    except ImportError:
        return []
    directory.mkdir()
    files = []
    for name, entry in json.loads(aws_managed_policies_data).items():
        path = directory / f"{name}.json"
        path.write_text(json.dumps(entry["Document"], indent=2), encoding="utf-8")
        files.append(path)
    return files


def failed_by_bodocfg(directory: Path) -> set[str]:
    """The policies with an error of the validation rules (the size quota aside)."""
    report = lint_paths([str(directory)], LintOptions(policy_kind=PolicyKind.IDENTITY))
    return {
        f.target
        for f in report.findings
        if f.rule_id in VALIDATION_RULES and f.rule_id != "BDL110" and f.severity == "error"
    }


def _caught(defect: list[str], twin: list[str]) -> bool:
    return bool(set(defect) - set(twin))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--venv", type=Path, help="parliament's virtualenv (created when missing; default: scratch)"
    )
    parser.add_argument("--markdown", action="store_true", help="print the README table")
    args = parser.parse_args()
    cases: list[dict[str, Any]] = json.loads(CORPUS.read_text(encoding="utf-8"))["cases"]
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "corpus"
        directory.mkdir()
        files: list[tuple[Path, Path]] = []
        for number, case in enumerate(cases):
            kind_directory = directory / case["kind"]
            kind_directory.mkdir(exist_ok=True)
            pair = (kind_directory / f"{number:02d}-defect.json", kind_directory / f"{number:02d}-valid.json")
            pair[0].write_text(json.dumps(case["defect"], indent=2), encoding="utf-8")
            pair[1].write_text(json.dumps(case["valid"], indent=2), encoding="utf-8")
            files.append(pair)
        ours = run_bodocfg(directory)
        python = _parliament_python(args.venv or Path(tmp) / "parliament-venv")
        theirs = run_parliament(python, [f for pair in files for f in pair]) if python else None
        managed = write_managed(Path(tmp) / "managed")
        real = None
        if managed:
            flagged = run_parliament(python, managed) if python else None
            real = (len(managed), len(failed_by_bodocfg(Path(tmp) / "managed")), flagged)
    rows = []
    for case, (defect, valid) in zip(cases, files, strict=True):
        mine = (ours.get(str(defect), []), ours.get(str(valid), []))
        other = (theirs.get(str(defect), []), theirs.get(str(valid), [])) if theirs is not None else None
        rows.append((case, mine, other))
    return report(rows, theirs is not None, args.markdown, real)


def report(
    rows: list[tuple[dict[str, Any], tuple[list[str], list[str]], Any]],
    compared: bool,
    markdown: bool,
    real: tuple[int, int, dict[str, list[str]] | None] | None = None,
) -> int:
    ours_caught = sum(_caught(*mine) for _, mine, _ in rows)
    ours_false = sum(bool(mine[1]) for _, mine, _ in rows)
    theirs_caught = sum(_caught(*other) for _, _, other in rows if other) if compared else 0
    theirs_false = sum(bool(other[1]) for _, _, other in rows if other) if compared else 0
    missed = [case["name"] for case, mine, other in rows if other and _caught(*other) and not _caught(*mine)]
    width = max(len(case["name"]) for case, _, _ in rows)
    print(f"{'case':<{width}}  {'bodocfg':<9} {'parliament':<10}  what each reported on the defect")
    for case, mine, other in rows:
        ours_cell = "caught" if _caught(*mine) else "missed"
        ours_cell += " FALSE" if mine[1] else ""
        theirs_cell = (
            ("caught" if _caught(*other) else "missed") + (" FALSE" if other[1] else "") if other else "n/a"
        )
        detail = ", ".join(mine[0]) + (f" | {', '.join(other[0])}" if other and other[0] else "")
        print(f"{case['name']:<{width}}  {ours_cell:<9} {theirs_cell:<10}  {detail}")
    total = len(rows)
    print()
    print(
        f"defects caught:            bodocfg {ours_caught}/{total}"
        + (f", parliament {theirs_caught}/{total}" if compared else "")
    )
    print(
        f"false alarms (valid twin): bodocfg {ours_false}/{total}"
        + (f", parliament {theirs_false}/{total}" if compared else "")
    )
    if missed:
        print("parliament catches, bodocfg misses: " + "; ".join(missed))
    real_cells = None
    if real is not None:
        count, ours_failed, flagged = real
        theirs_failed = sum(bool(found) for found in flagged.values()) if flagged is not None else None
        real_cells = (count, ours_failed, "n/a" if theirs_failed is None else theirs_failed)
        print(
            f"AWS managed policies IAM accepted, failed as invalid: bodocfg {ours_failed}/{count}"
            + (f", parliament {theirs_failed}/{count}" if theirs_failed is not None else "")
        )
    if markdown:
        print()
        print("| | bodocfg | parliament |")
        print("|---|---|---|")
        print(f"| defects caught (of {total}) | {ours_caught} | {theirs_caught if compared else 'n/a'} |")
        theirs_cell = theirs_false if compared else "n/a"
        print(f"| false alarms on the {total} valid twins | {ours_false} | {theirs_cell} |")
        print(f"| defects parliament catches that bodocfg misses | {len(missed)} | |")
        if real_cells is not None:
            count, ours_failed, theirs_failed = real_cells
            label = f"AWS managed policies (of {count:,}, all accepted by IAM) failed as invalid"
            print(f"| {label} | {ours_failed} | {theirs_failed} |")
    return 1 if missed or ours_false else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""`bodocfg reference add`: check a newly published policy and keep it in the user's profile.

A new version is refused, with every problem on a line `FILE:LINE:COL: message`, when it is not
an identity policy bodocfg can read, when the lint's validation rules find something in it
(unknown actions, Allow with NotAction or NotResource: `VALIDATION_RULES`), or when its
placeholders are not the profile's two used the way render fills them (`$$DYNAMO_ARN$$` a whole
Resource value, `$$BUCKET_NAME$$` inside one, no other `$$NAME$$`). An accepted policy is copied
byte for byte to `<user profile>/policies/<version>.json` and listed in `<user profile>/profile.json`
(both written atomically); the installed package is never written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import CheckFailed, UsageError
from generator.fileio import atomic_write
from generator.iam.catalogue import default_catalogue
from generator.iam.locate import PathPart, SourceText
from generator.lint.engine import Linter, LintOptions
from generator.lint.inputs import InputError, Target, read_json, read_policy_file
from generator.lint.inputs import Problem as LintProblem
from generator.lint.rules import DocumentRole
from generator.vendor.fill import EXAMPLE_BUCKET, EXAMPLE_TABLE_ARN, fill
from generator.vendor.profile import (
    USER_POLICY_DIR,
    USER_PROFILE_NAME,
    PolicyVersion,
    Profile,
    clear_cache,
    profile,
)

VALIDATION_RULES = frozenset(
    {"BDL002", "BDL003", "BDL012", "BDL013", *(f"BDL10{n}" for n in range(7)), "BDL110"}
)
"""Findings that make a policy unfit as a reference: unreadable or invalid, unknown actions
(they grant nothing and cannot be reviewed), Allow with NotAction / NotResource, and the
validation family's errors (BDL100-BDL106, BDL110: what IAM would reject when applying it). Its
warnings (BDL107-BDL109) are left to the printed diff's verdict."""
_VERSION = re.compile(r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$")
_MARK = re.compile(r"\$\$[A-Za-z_]*\$\$")


@dataclass(frozen=True)
class Problem:
    line: int
    column: int
    message: str


def _strings(node: Any, path: tuple[PathPart, ...]) -> Iterator[tuple[tuple[PathPart, ...], str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _strings(item, (*path, index))
    elif isinstance(node, dict):
        for key, item in node.items():
            yield from _strings(item, (*path, key))


def placeholder_problems(document: Any, source: SourceText, vendor: Profile) -> list[Problem]:
    """The placeholders render fills, used as it fills them."""
    marks = vendor.placeholders
    problems: list[Problem] = []
    seen: set[str] = set()

    def problem(path: tuple[PathPart, ...], message: str) -> None:
        line, column = source.position(path) or (1, 1)
        problems.append(Problem(line, column, message))

    for path, text in _strings(document, ()):
        in_resource = len(path) >= 3 and path[0] == "Statement" and "Resource" in path
        for mark in _MARK.findall(text):
            seen.add(mark)
            if mark not in (marks.bucket_name, marks.dynamo_arn):
                problem(
                    path,
                    f"unknown placeholder {mark} (bodocfg fills {marks.bucket_name} and {marks.dynamo_arn})",
                )
            elif not in_resource:
                problem(path, f"{mark} outside a Resource: render fills placeholders in resources only")
            elif mark == marks.dynamo_arn and text != mark:
                problem(path, f"{mark} must be a whole Resource value (it becomes the table's ARN)")
    for mark in (marks.bucket_name, marks.dynamo_arn):
        if mark not in seen:
            problems.append(
                Problem(1, 1, f"no {mark}: the policy would not name the customer's bucket and lock table")
            )
    return problems


def _target(path: Path) -> tuple[Target, SourceText | None, Any]:
    """The file as a lint target, its placeholders filled with an example customer's values (so
    the rules see the ARNs render writes) while positions stay those of the file as written.
    The source and document come back only for a file that is a policy."""
    name = str(path)
    try:
        source, document = read_json(path, name)
    except InputError as error:
        unreadable = LintProblem(str(error), line=error.line, column=error.column)
        return Target(name, "file", name, problems=(unreadable,)), None, None
    if not isinstance(document, dict) or "Statement" not in document:
        not_policy = LintProblem("not an IAM policy (no Statement)")
        return Target(name, "file", name, problems=(not_policy,)), None, None
    target = read_policy_file(name, source, fill(document, EXAMPLE_BUCKET, EXAMPLE_TABLE_ARN))
    return target, (None if target.problems else source), document


def validate_policy(path: Path, vendor: Profile) -> list[Problem]:
    """Every reason `path` cannot be a reference policy version (empty: it can)."""
    target, source, document = _target(path)
    report = Linter(LintOptions(reference=vendor.newest.version), default_catalogue()).targets([target])
    problems = [
        Problem(f.location.line or 1, f.location.column or 1, f"{f.rule_id} {f.message}")
        for f in report.findings
        if f.rule_id in VALIDATION_RULES
    ]
    if source is None:
        return problems
    if any(d.role is not DocumentRole.IDENTITY for d in target.documents):
        problems.append(Problem(1, 1, "names principals: a reference policy is an identity policy"))
    problems += placeholder_problems(document, source, vendor)
    return sorted(problems, key=lambda p: (p.line, p.column, p.message))


def add_version(path: Path, version: str, source: str | None, note: str) -> PolicyVersion:
    """Check `path` and store it as `version` in the user profile; CheckFailed lists the problems."""
    vendor = profile()
    if not _VERSION.match(version):
        raise UsageError(f"--version {version!r}: give the date Bodo published it, YYYY-MM-DD (or YYYY-MM)")
    if version in vendor.versions:
        raise UsageError(f"version {version} is already known ({vendor.policy(version).path})")
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    problems = validate_policy(path, vendor)
    if problems:
        lines = [f"{path}:{p.line}:{p.column}: {p.message}" for p in problems]
        raise CheckFailed("\n".join([*lines, f"{path}: not added ({len(problems)} problem(s))"]))
    directory = vendor.user_dir
    (directory / USER_POLICY_DIR).mkdir(parents=True, exist_ok=True)
    relative = f"{USER_POLICY_DIR}/{version}.json"
    atomic_write(directory / relative, path.read_bytes())
    profile_file = directory / USER_PROFILE_NAME
    data: dict[str, Any] = (
        json.loads(profile_file.read_text(encoding="utf-8")) if profile_file.is_file() else {}
    )
    entry = {"version": version, "file": relative, "date": version, "source": source or f"added from {path}"}
    if note:
        entry["note"] = note
    data["policies"] = [*data.get("policies", []), entry]
    atomic_write(profile_file, (json.dumps(data, indent=2) + "\n").encode("utf-8"))
    clear_cache()
    return profile().policy(version)

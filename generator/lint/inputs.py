"""What `bodocfg lint` reads: rendered modules, directories of them, policy JSON and plan JSON.

Every input becomes a `Target` holding typed `Document`s (a parsed policy, its role, where it sits)
and `Problem`s (what could not be read: reported as findings, never raised). Only a path that does
not exist, or a directory with nothing lintable in it, is a usage error.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from generator.errors import UsageError
from generator.iam.locate import PathPart, SourceText, split_path
from generator.iam.model import Policy, PolicyError, parse_policy
from generator.lint.findings import UNREADABLE
from generator.lint.rules.base import DocumentRole
from generator.lint.validation import Unparsed, guess_kind
from generator.policycheck import PolicyKind
from generator.vendor.profile import profile

MODULE_MARKER = "policies.tf.json"
MAX_INPUT_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Fill:
    """Values for the reference policy's placeholders; `None` leaves a placeholder as it is."""

    bucket_name: str | None = None
    dynamo_arn: str | None = None


@dataclass(frozen=True)
class Document:
    role: DocumentRole
    policy: Policy
    logical: str
    """Where the document sits: `locals.role_policy`, a resource address, or "" for a whole file."""
    fill: Fill | None = None
    """Placeholder values for the baseline; None compares the baseline literally."""
    reference: str | None = None
    """The reference policy version the document was made from (None: unknown, the newest)."""
    declared: tuple[tuple[int, str], ...] = ()
    """(statement index, reason) of statements the customer's spec declares (generator/lint/declared.py)."""
    raw: Any = None
    """The document as decoded JSON, for validation (None: not validated)."""
    kind: PolicyKind | None = None
    """Its policy type for validation; None: guessed from its role and content."""
    templated: bool = False
    """A rendered module's: each `${...}` Terraform fills in at plan time reads as `*`, so a `*`
    in it may be no wildcard anyone wrote (validation leaves such checks out, see
    `generator.lint.validation.TEMPLATED`)."""
    attached: str | None = None
    """What a resource policy is on, where the input names it: a bucket policy's bucket name, a
    topic policy's topic ARN (each service refuses a policy naming another resource of its own)."""


@dataclass(frozen=True)
class Problem:
    message: str
    rule_id: str = UNREADABLE
    logical: str | None = None
    path: str = ""
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class Target:
    name: str
    kind: str
    """module, policy or plan."""
    file: str
    documents: tuple[Document, ...] = ()
    problems: tuple[Problem, ...] = ()
    vendor_accounts: frozenset[str] = field(default_factory=lambda: frozenset({profile().platform_account}))
    unparsed: tuple[Unparsed, ...] = ()
    """Documents the parser refused, validated from their raw JSON."""


class InputError(Exception):
    """A file that cannot be read as JSON; becomes a BDL003 finding."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


def _read_text(path: Path) -> str:
    try:
        with open(path, "rb") as handle:  # noqa: PTH123 - a plain open in the per-file hot path
            size = os.fstat(handle.fileno()).st_size
            # A regular file is read whole (asking for the limit would allocate it every time);
            # a pipe or device, whose size says nothing, only up to the limit.
            data = handle.read() if 0 < size <= MAX_INPUT_BYTES else handle.read(MAX_INPUT_BYTES + 1)
        if len(data) > MAX_INPUT_BYTES:
            raise InputError(f"file is larger than the limit of {MAX_INPUT_BYTES} bytes")
        return data.decode("utf-8-sig")
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 text (byte {error.start})") from error


def read_json(path: Path, name: str | None = None) -> tuple[SourceText, Any]:
    """The file's text (for positions) and its decoded JSON; InputError when it cannot be had."""
    source = SourceText(name or str(path), _read_text(path))
    try:
        return source, source.load()
    except json.JSONDecodeError as error:
        raise InputError(f"invalid JSON: {error.msg}", error.lineno, error.colno) from error
    except RecursionError as error:
        raise InputError("invalid JSON: nested too deeply") from error


def read_json_data(path: Path) -> Any:
    """`read_json` for a file whose positions nobody needs: only its decoded JSON."""
    text = _read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"invalid JSON: {error.msg}", error.lineno, error.colno) from error
    except RecursionError as error:
        raise InputError("invalid JSON: nested too deeply") from error


def policy_problem(
    error: PolicyError, source: SourceText | None, prefix: tuple[PathPart, ...], logical: str
) -> Problem:
    position = source.position((*prefix, *split_path(error.path))) if source and error.path else None
    line, column = position if position else (None, None)
    return Problem(
        f"not a valid IAM policy: {error}", logical=logical, path=error.path, line=line, column=column
    )


def classify(policy: Policy) -> DocumentRole:
    """A document with principals is a trust policy when it grants sts:AssumeRole*, else a resource policy."""
    if not any(s.principals or s.not_principal for s in policy.statements):
        return DocumentRole.IDENTITY
    for statement in policy.statements:
        for action in statement.actions:
            lowered = action.lower()
            if lowered in ("*", "sts:*") or lowered.startswith("sts:assumerole"):
                return DocumentRole.TRUST
    return DocumentRole.RESOURCE


def read_policy_file(name: str, source: SourceText, obj: Any) -> Target:
    try:
        policy = parse_policy(obj, source)
    except PolicyError as error:
        unparsed = Unparsed("", obj, guess_kind(obj), source)
        return Target(
            name, "policy", name, problems=(policy_problem(error, source, (), ""),), unparsed=(unparsed,)
        )
    role = classify(policy)
    return Target(
        name, "policy", name, documents=(Document(role, policy, "", raw=obj, kind=guess_kind(obj, role)),)
    )


def _policy_like(obj: dict[str, Any]) -> bool:
    """A document meant as a policy that names no Statement (`Statements`, `statement`): read as
    one, so validation says what is wrong with it."""
    return obj.get("Version") in ("2012-10-17", "2008-10-17") or any(
        isinstance(key, str) and key.lower().startswith("statement") for key in obj
    )


def read_json_file(path: Path, name: str) -> Target:
    from generator.lint.module_input import read_module
    from generator.lint.plan_input import read_plan

    try:
        source, obj = read_json(path, name)
    except InputError as error:
        return Target(
            name, "file", name, problems=(Problem(str(error), line=error.line, column=error.column),)
        )
    if isinstance(obj, dict) and ("Statement" in obj or _policy_like(obj)):
        return read_policy_file(name, source, obj)
    if isinstance(obj, dict) and "format_version" in obj and ("planned_values" in obj or "values" in obj):
        return read_plan(obj, name, directory=path.parent)
    if path.name == MODULE_MARKER:
        return read_module(path.parent, str(Path(name).parent))
    return Target(
        name,
        "file",
        name,
        problems=(
            Problem("not an IAM policy (no Statement), a plan JSON (terraform show -json) or a module"),
        ),
    )


class Source(NamedTuple):
    """One target found on disk, not yet read: what a lint worker is handed."""

    path: str
    name: str
    """The name it is reported under (the path as given, joined with what a directory holds)."""
    module: bool
    """A rendered module directory; else a JSON file (policy, plan, or a module's marker file)."""


def read_source(source: Source) -> Target:
    """The target `source` names, read and parsed (what cannot be read becomes a Problem)."""
    if source.module:
        from generator.lint.module_input import read_module

        return read_module(Path(source.path), source.name)
    return read_json_file(Path(source.path), source.name)


def _directory(path: Path, name: str) -> list[Source]:
    if (path / MODULE_MARKER).is_file():
        return [Source(str(path), name, module=True)]
    found: list[Source] = []
    with os.scandir(path) as entries:
        children = sorted(entries, key=lambda e: e.name)
    for child in children:  # DirEntry: file types without a stat call each
        child_name = os.path.join(name, child.name)  # noqa: PTH118 - hot loop; pathlib costs more
        if child.is_dir() and os.path.isfile(os.path.join(child.path, MODULE_MARKER)):  # noqa: PTH113,PTH118
            found.append(Source(child.path, child_name, module=True))
        elif child.is_file() and child.name.endswith(".json"):
            found.append(Source(child.path, child_name, module=False))
    if not found:
        raise UsageError(f"{name}: no rendered module ({MODULE_MARKER}) and no policy or plan JSON in it")
    return found


def sources(paths: Sequence[str]) -> list[Source]:
    """Every target under the given paths, in command-line order, none of them read yet. A path
    that does not exist, a spec, or a directory with nothing lintable is a usage error."""
    for name in paths:
        if not Path(name).exists():
            raise UsageError(f"{name}: no such file or directory")
    found: list[Source] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(_directory(path, name))
        elif path.suffix in (".yaml", ".yml"):
            raise UsageError(
                f"{name}: a spec; lint reads what render made (modules/<customer>), a policy JSON or a "
                f"plan JSON: run `bodocfg render {name}`, then lint the module"
            )
        elif path.exists():
            found.append(Source(name, name, module=False))
        else:
            raise UsageError(f"{name}: no such file or directory")
    return found


def discover(paths: Sequence[str]) -> list[Target]:
    """Every target under the given paths, in command-line order."""
    return [read_source(source) for source in sources(paths)]

"""A rendered customer module (`modules/<customer>/`) as lint targets.

`policies.tf.json` holds the IAM documents as Terraform JSON locals. Its strings are templates:
`$${` stands for a literal `${` and `%%{` for `%{`; a remaining `${local.x}` is replaced by that
local's value and any other `${...}` (data sources: partition, region, account id) by `*`, the
value being known only at plan time. The baseline is filled from the same resolved locals, so a
plan-time reference is a wildcard on both sides alike. The baseline is the reference policy of
the version the module was rendered with (its `reference_version` local).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.iam.locate import PathPart
from generator.iam.model import PolicyError, parse_policy
from generator.lint.declared import declared_indexes, declared_statements
from generator.lint.inputs import (
    MODULE_MARKER,
    Document,
    Fill,
    InputError,
    Problem,
    Target,
    policy_problem,
    read_json,
    read_json_data,
)
from generator.lint.rules.base import DocumentRole
from generator.lint.validation import Unparsed
from generator.policycheck import PolicyKind
from generator.vendor.profile import REFERENCE_LOCAL, profile

_TEMPLATE = re.compile(r"\$\$\{|%%\{|\$\{([^}]*)\}")
_SPEC_IN_HEADER = re.compile(r"from (\S+?\.ya?ml)")
_ACCOUNT = re.compile(r"^\d{12}$")
DOCUMENTS = (
    ("role_policy", DocumentRole.IDENTITY, PolicyKind.IDENTITY, True),
    ("trust_policy", DocumentRole.TRUST, PolicyKind.TRUST, True),
    ("declared_policy", DocumentRole.IDENTITY, PolicyKind.IDENTITY, False),
    ("bucket_policy", DocumentRole.RESOURCE, PolicyKind.S3_BUCKET, False),
    ("alarm_topic_policy", DocumentRole.RESOURCE, PolicyKind.SNS_TOPIC, False),
    ("alarm_topic_key_policy", DocumentRole.RESOURCE, PolicyKind.KMS_KEY, False),
)
"""(local, role, policy type, whether every module has it): the documents a module's lint reads
(`declared_policy`: the spec's declared statements, role.additional_statements)."""
_MAX_DEPTH = 8


def _locals_blocks(obj: Any) -> Iterator[tuple[tuple[PathPart, ...], dict[str, Any]]]:
    blocks = obj.get("locals") if isinstance(obj, dict) else None
    if isinstance(blocks, dict):
        yield ("locals",), blocks
    elif isinstance(blocks, list):
        for index, block in enumerate(blocks):
            if isinstance(block, dict):
                yield ("locals", index), block


def resolve(text: str, local_values: dict[str, Any], depth: int = 0) -> str:
    """Undo Terraform template escaping; `${local.x}` -> its value, any other `${...}` -> `*`."""

    def substitute(match: re.Match[str]) -> str:
        matched = match.group(0)
        if matched == "$${":
            return "${"
        if matched == "%%{":
            return "%{"
        expression = match.group(1).strip()
        if expression.startswith("local.") and depth < _MAX_DEPTH:
            value = local_values.get(expression.removeprefix("local."))
            if isinstance(value, str):
                return resolve(value, local_values, depth + 1)
        return "*"

    return _TEMPLATE.sub(substitute, text)


def _resolve_tree(value: Any, local_values: dict[str, Any]) -> Any:
    if isinstance(value, str):
        # Every template sequence starts with `$` or `%`: most strings of a policy have neither.
        return resolve(value, local_values) if "$" in value or "%" in value else value
    if isinstance(value, list):
        try:
            joined = "\x00".join(value)
        except TypeError:  # not all strings
            pass
        else:
            if "$" not in joined and "%" not in joined:  # an Action list: nothing to resolve
                return list(value)
        return [_resolve_tree(item, local_values) for item in value]
    if isinstance(value, dict):
        return {key: _resolve_tree(item, local_values) for key, item in value.items()}
    return value


def _all_locals(module: Path, main: Any) -> dict[str, Any]:
    """Locals of every `*.tf.json` file of the module (policies reference values.tf.json's)."""
    found: dict[str, Any] = {}
    # As glob("*.tf.json") lists them (no hidden files), with one listdir: lint lists a fleet's.
    listed = os.listdir(module)  # noqa: PTH208 - names only, no Path per entry
    names = sorted(n for n in listed if n.endswith(".tf.json") and n != MODULE_MARKER and n[0] != ".")
    for name in names:
        try:
            obj = read_json_data(module / name)
        except InputError:
            continue
        for _, block in _locals_blocks(obj):
            found.update(block)
    for _, block in _locals_blocks(main):
        found.update(block)
    return found


def _vendor_accounts(module: Path, obj: Any, local_values: dict[str, Any]) -> frozenset[str]:
    """Bodo's account, plus the module's own platform account (a local, or its spec's field)."""
    accounts = {profile().platform_account}
    declared = local_values.get("platform_account_id")
    if isinstance(declared, str) and _ACCOUNT.match(declared):
        accounts.add(declared)
    header = obj.get("//") if isinstance(obj, dict) else None
    match = _SPEC_IN_HEADER.search(header) if isinstance(header, str) else None
    if match:
        from generator.spec.account import platform_account  # the spec reader only when a header names one

        value = platform_account(module / match.group(1))
        if value is not None and _ACCOUNT.match(value):
            accounts.add(value)
    return frozenset(accounts)


def _customer(module: Path) -> str:
    """The module directory's own name (`.` and symlinks resolved), as a customer's name."""
    if module.name in ("", ".", "..") or module.is_symlink():
        return module.resolve().name
    return module.name  # a plain directory: what resolve() gives, without a syscall per component


def read_module(module: Path, name: str) -> Target:
    display = str(Path(name) / MODULE_MARKER)
    customer = _customer(module)
    try:
        source, obj = read_json(module / MODULE_MARKER, display)
    except InputError as error:
        return Target(
            customer, "module", display, problems=(Problem(str(error), line=error.line, column=error.column),)
        )
    local_values = _all_locals(module, obj)
    fill = Fill(
        bucket_name=resolve(local_values["bucket_name"], local_values)
        if isinstance(local_values.get("bucket_name"), str)
        else None,
        dynamo_arn=resolve(local_values["lock_table_arn"], local_values)
        if isinstance(local_values.get("lock_table_arn"), str)
        else None,
    )
    version = local_values.get(REFERENCE_LOCAL)
    reference = version if isinstance(version, str) and version in profile().versions else None
    documents: list[Document] = []
    problems: list[Problem] = []
    if isinstance(version, str) and reference is None:
        problems.append(
            Problem(
                f"local `{REFERENCE_LOCAL}` names reference policy version {version!r}, which the vendor "
                f"profile does not have (known: {', '.join(profile().versions)}); compared with the newest",
                logical=f"local.{REFERENCE_LOCAL}",
            )
        )
    unparsed: list[Unparsed] = []
    blocks = list(_locals_blocks(obj))
    literal = fill.bucket_name if fill.bucket_name and "*" not in fill.bucket_name else None
    declared = None
    for key, role, kind, required in DOCUMENTS:
        logical = f"local.{key}"
        where = next(((prefix, block) for prefix, block in blocks if key in block), None)
        if where is None:
            if required:
                problems.append(Problem(f"{MODULE_MARKER} has no local `{key}`", logical=logical))
            continue
        prefix = (*where[0], key)
        raw = _resolve_tree(where[1][key], local_values)
        attached = literal if kind is PolicyKind.S3_BUCKET else None
        try:
            policy = parse_policy(raw, source, prefix)
        except PolicyError as error:
            problems.append(policy_problem(error, source, prefix, logical))
            unparsed.append(Unparsed(logical, raw, kind, source, prefix, templated=True, attached=attached))
            continue
        if role is not DocumentRole.IDENTITY:
            documents.append(
                Document(role, policy, logical, raw=raw, kind=kind, templated=True, attached=attached)
            )
            continue
        if declared is None:  # the spec is read only for a module that has declared statements
            has = any("declared_policy" in block for _, block in blocks)
            declared = declared_statements(module) if has else {}
        documents.append(
            Document(
                role,
                policy,
                logical,
                fill,
                reference,
                declared=declared_indexes(policy, declared),
                raw=raw,
                kind=kind,
                templated=True,
            )
        )
    return Target(
        customer,
        "module",
        display,
        documents=tuple(documents),
        problems=tuple(problems),
        vendor_accounts=_vendor_accounts(module, obj, local_values),
        unparsed=tuple(unparsed),
    )

"""What `bodocfg review` reads: specs (rendered in memory first) or rendered modules.

Either way the review reads the module's `policies.tf.json`, the file Terraform applies, through
the linter's module reader (`generator.lint.module_input.read_module`), so the review and
`bodocfg lint` see the same documents. A spec is rendered into a temporary directory first; a
directory is a module (it has `policies.tf.json`), a directory of modules, or a directory of specs.

For display, the policies are resolved a second time with plan-time values spelled as readable
placeholders (`<account-id>`, `<region>`, `<partition>`) instead of the linter's `*`.
"""

from __future__ import annotations

import contextlib
import json
import re
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.commands.render import load_valid_specs
from generator.errors import UsageError
from generator.iam.model import Policy, PolicyError, Statement, parse_policy
from generator.lint.inputs import MODULE_MARKER, Target
from generator.lint.module_input import read_module
from generator.render import render_module, write_module
from generator.spec import SPEC_SUFFIXES

_TEMPLATE = re.compile(r"\$\$\{|%%\{|\$\{([^}]*)\}")
PLACEHOLDERS = {
    "data.aws_caller_identity.current.account_id": "<account-id>",
    "data.aws_region.current.name": "<region>",
    "data.aws_region.current.region": "<region>",
    "data.aws_partition.current.partition": "<partition>",
}
_MAX_DEPTH = 8


@dataclass(frozen=True)
class ModuleInput:
    """One customer's module as the linter reads it, plus display copies of its two documents."""

    customer: str
    source: str
    """What the user named: the spec file or the module directory."""
    target: Target
    role_policy: Policy | None
    trust_policy: Policy | None
    region: str | None


def display_value(text: str, local_values: dict[str, Any], depth: int = 0) -> str:
    """Undo template escaping; `${local.x}` -> its value; data sources -> `<placeholder>`."""

    def substitute(match: re.Match[str]) -> str:
        matched = match.group(0)
        if matched in ("$${", "%%{"):
            return matched[1:]
        expression = match.group(1).strip()
        if expression.startswith("local.") and depth < _MAX_DEPTH:
            value = local_values.get(expression.removeprefix("local."))
            if isinstance(value, str):
                return display_value(value, local_values, depth + 1)
        return PLACEHOLDERS.get(expression, f"<{expression}>")

    return _TEMPLATE.sub(substitute, text)


def _display_tree(value: Any, local_values: dict[str, Any]) -> Any:
    if isinstance(value, str):
        return display_value(value, local_values)
    if isinstance(value, list):
        return [_display_tree(item, local_values) for item in value]
    if isinstance(value, dict):
        return {key: _display_tree(item, local_values) for key, item in value.items()}
    return value


def _module_locals(module: Path) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for path in sorted(module.glob("*.tf.json")):
        try:
            document = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError):
            continue
        blocks = document.get("locals") if isinstance(document, dict) else None
        for block in blocks if isinstance(blocks, list) else [blocks]:
            if isinstance(block, dict):
                found.update(block)
    return found


def _display_policy(local_values: dict[str, Any], key: str) -> Policy | None:
    raw = local_values.get(key)
    if raw is None:
        return None
    try:
        return parse_policy(_display_tree(raw, local_values))
    except PolicyError:
        return None  # the linter reports it (BDL003); the page shows that finding


def role_policies(policies: Sequence[Policy | None]) -> Policy | None:
    """A role's inline policies as one policy (what the role allows), statements renumbered in order."""
    found = [policy for policy in policies if policy is not None]
    if len(found) < 2:
        return found[0] if found else None
    statements = [statement for policy in found for statement in policy.statements]
    return Policy(
        tuple(Statement(i, s.body, False, s.sid) for i, s in enumerate(statements)), version=found[0].version
    )


def _region(module: Path) -> str | None:
    try:
        text = (module / "provider.tf").read_text(encoding="utf-8")
    except OSError:
        return None
    match = re.search(r'^\s*region\s*=\s*"([^"]+)"', text, re.MULTILINE)
    return match.group(1) if match else None


def read_module_input(module: Path, source: str) -> ModuleInput:
    target = read_module(module, source)
    local_values = _module_locals(module)
    return ModuleInput(
        customer=module.resolve().name,
        source=source,
        target=target,
        role_policy=role_policies(
            [_display_policy(local_values, "role_policy"), _display_policy(local_values, "declared_policy")]
        ),
        trust_policy=_display_policy(local_values, "trust_policy"),
        region=_region(module),
    )


def _is_spec(path: Path) -> bool:
    return path.is_file() and path.suffix in SPEC_SUFFIXES


def _expand(path: Path) -> Iterator[tuple[str, Path]]:
    """(kind, path) for each input under `path`: kind is "spec" or "module"."""
    if _is_spec(path):
        yield "spec", path
    elif path.is_dir() and (path / MODULE_MARKER).is_file():
        yield "module", path
    elif path.is_dir():
        found = False
        for child in sorted(path.iterdir()):
            if child.is_dir() and (child / MODULE_MARKER).is_file():
                found = True
                yield "module", child
            elif _is_spec(child):
                found = True
                yield "spec", child
        if not found:
            raise UsageError(f"{path}: no spec (*.yaml) and no rendered module ({MODULE_MARKER}) in it")
    elif path.exists():
        raise UsageError(f"{path}: not a spec (*.yaml, *.yml) or a module directory")
    else:
        raise UsageError(f"{path}: no such file or directory")


@contextlib.contextmanager
def module_inputs(paths: Sequence[Path]) -> Iterator[list[ModuleInput]]:
    """Every customer under `paths`; specs are rendered into a temporary directory for the duration."""
    expanded = [item for path in paths for item in _expand(path)]
    specs = load_valid_specs([path for kind, path in expanded if kind == "spec"]) if expanded else []
    by_path = {spec.source: spec for spec in specs}
    with tempfile.TemporaryDirectory(prefix="bodocfg-review-") as scratch:
        inputs: list[ModuleInput] = []
        for kind, path in expanded:
            if kind == "module":
                inputs.append(read_module_input(path, str(path)))
                continue
            spec = by_path[path]
            module = Path(scratch) / spec.customer
            write_module(render_module(spec, module))
            inputs.append(read_module_input(module, str(path)))
        customers = [item.customer for item in inputs]
        twice = sorted({name for name in customers if customers.count(name) > 1})
        if twice:
            raise UsageError(f"customer(s) named more than once: {', '.join(twice)}")
        yield inputs

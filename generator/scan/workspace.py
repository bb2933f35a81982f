"""The one directory tree checkov scans, and the way back from its paths to the user's.

checkov's Terraform parser skips `*.tf.json` files (bridgecrewio/checkov#847: "Skip .tf.json
files until they are truly supported"), so on a rendered module it would never see
`policies.tf.json` / `values.tf.json`, and `jsonencode(local.trust_policy)` would stay an
unresolved string that every IAM check silently passes. The workspace therefore copies each
module into `<root>/<key>/` and rewrites every `.tf.json` made only of `locals` as the
equivalent HCL `locals {}` block, in `<name>.tf.json.tf` (which no `.tf` file can collide with).
Terraform JSON strings are templates exactly as HCL strings are, so a string is copied as is,
only quoted for HCL. Other `.tf.json` files are copied unchanged. The module's plan JSON, if
any, goes beside it.

An IAM policy document (a local with a `Statement`) is written as its JSON text in one HCL
string: the form a plan holds documents in, which checkov's IAM checks parse. checkov's
`jsonencode` is the identity, so `jsonencode(local.trust_policy)` hands the checks that text,
its `${...}` references rendered as usual (they name ARNs and account ids: no quotes in them).
As one string instead of a tree of ~200 values the reference policy costs checkov a quarter
less work per module, most of a fleet scan's time. A `/*` in it (`arn:...:bucket/*`) is written
`/\u002a`, the same JSON string: checkov's HCL reader scans any line holding `/*` for comments
character by character, which on a one-line document is slower than all the rest of its parse.

Where a `.tf` file assigns such a document whole (`policy = jsonencode(local.role_policy)`),
the copy holds the document's JSON text in that place instead, on the same line, and the
local is left out once nothing else names it: the value checkov's rendering would have put
there, without the rendering. The reference policy's 4.6 KB string was evaluated about four
times per module on the way; skipping that is ~15% of a 100-customer scan, and the report is
the same, record for record (same checks, resources, files and lines).

A `.tf` file holding nothing but `output` blocks (a rendered module's `outputs.tf`) is left
out of the copy: checkov checks resource, data, provider and module blocks only
(`CHECK_BLOCK_TYPES` in its Terraform runner), none of its graph checks selects outputs, and
nothing in a module can refer to its own outputs, so they cannot change another block's
value either. Parsing and rendering them was ~5% of a fleet scan. A file is only taken for
outputs-only when every block header in it, at any indentation, is `output` (or the
`precondition` an output may hold); anything else keeps the whole file in the scan.

An alarm's `metric_query` blocks (one per EC2 vCPU class, ~7 KB of a module) are blank lines in
the copy: no check reads them (checkov's two on `aws_cloudwatch_metric_alarm`, CKV_AWS_319 and
bodocfg's CKV_BODO_5, read `actions_enabled` and the actions; no graph check names them, which
a test asserts of the installed checkov and of `checks/checkov`), and parsing them was a quarter
of a 100-customer scan. Lines stay where they were, so every record keeps its file and lines. A
block is blanked only when every line of it is a plain attribute, map entry, nested block
header, comment or closing brace with no brace inside a string; anything else keeps the file
as written.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import UsageError
from generator.hcl import quote_chars
from generator.scan.targets import PLAN_FILE, ModuleTarget

CONVERTED_SUFFIX = ".tf.json.tf"
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def _string(text: str) -> str:
    return '"' + quote_chars(text) + '"'


def hcl_value(value: Any, indent: int = 0) -> str:
    """HCL for a Terraform JSON value; strings keep their template sequences (`${...}`, `$${`)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ", ".join(hcl_value(item, indent) for item in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        pad = " " * (indent + 2)
        lines = [f"{pad}{_string(str(key))} = {hcl_value(item, indent + 2)}" for key, item in value.items()]
        return "{\n" + "\n".join(lines) + "\n" + " " * indent + "}"
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def is_policy_document(value: Any) -> bool:
    return isinstance(value, dict) and "Statement" in value


def local_value(value: Any) -> str:
    """HCL for one local: a policy document as its JSON text, anything else as an HCL value."""
    if is_policy_document(value):
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return _string(text.replace("/*", "/\\u002a"))
    return hcl_value(value, 2)


_INLINE = re.compile(
    r"^(?P<head>[ \t]*[A-Za-z_][A-Za-z0-9_-]*[ \t]*=[ \t]*)"
    r"jsonencode\([ \t]*local\.(?P<name>[A-Za-z_][A-Za-z0-9_-]*)[ \t]*\)[ \t]*$",
    re.MULTILINE,
)
"""A whole attribute value `jsonencode(local.NAME)`, the only form that is inlined."""
_BLOCK_HEADER = re.compile(r'^[ \t]*([A-Za-z_][A-Za-z0-9_-]*)[ \t]*(?:"[^"\n]*"[ \t]*)*\{', re.MULTILINE)
_OUTPUT_BLOCKS = frozenset({"output", "precondition"})


def only_outputs(text: str) -> bool:
    """True when every block header in `text` opens an `output` (or an output's precondition)."""
    kinds = {match[1] for match in _BLOCK_HEADER.finditer(text)}
    return "output" in kinds and kinds <= _OUTPUT_BLOCKS


UNREAD_BLOCKS = frozenset({"metric_query"})
"""Nested blocks no check reads (see above), left out of the copy as blank lines."""
_LITERAL = r'(?:"[^"\\{}$%\n]*"|-?[0-9]+(?:\.[0-9]+)?|true|false|null)'
_PLAIN_LINE = re.compile(
    r"[ \t]*(?:"
    r"(?:#|//).*"  # a comment
    # an attribute or map entry (a literal value or a map's opening brace)
    rf"|(?:[A-Za-z_][A-Za-z0-9_-]*|\"[^\"\\{{}}$%\n]*\")[ \t]*=[ \t]*(?:{_LITERAL}|\{{)"
    r"|[A-Za-z_][A-Za-z0-9_-]*[ \t]*\{"  # a nested block
    r"|\}"
    r")?[ \t]*"
)


def blank_unread_blocks(text: str) -> str:
    """`text` with every UNREAD_BLOCKS block made of blank lines (see above); `text` itself when
    one of them holds anything but plain lines, or it has none."""
    if "<<" in text:  # a heredoc could hold a line that looks like a block: in doubt, as written
        return text
    lines = text.split("\n")
    depth = 0
    for index, line in enumerate(lines):
        if depth == 0:
            header = _PLAIN_LINE.fullmatch(line) and line.strip().removesuffix("{").strip()
            if header not in UNREAD_BLOCKS or not line.rstrip().endswith("{"):
                continue
        elif not _PLAIN_LINE.fullmatch(line):
            return text
        if not line.lstrip().startswith(("#", "//")):
            depth += line.count("{") - line.count("}")
        lines[index] = ""
    return text if depth else "\n".join(lines)


def read_locals(path: Path) -> list[dict[str, Any]] | None:
    """The `locals` blocks of a `.tf.json` file, or None if it holds more than locals."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise UsageError(f"{path}: cannot read Terraform JSON: {error}") from error
    if not isinstance(data, dict) or not set(data) <= {"//", "locals"}:
        return None
    blocks = data.get("locals", {})
    blocks = blocks if isinstance(blocks, list) else [blocks]
    out = []
    for block in blocks:
        if not isinstance(block, dict):
            return None
        named = {name: value for name, value in block.items() if name != "//"}
        if not all(_IDENTIFIER.match(name) for name in named):
            return None
        out.append(named)
    return out


def locals_text(source: str, blocks: list[dict[str, Any]], leave_out: frozenset[str] = frozenset()) -> str:
    """HCL `locals {}` blocks for `blocks`, without the locals named in `leave_out`."""
    out = [f"# Converted by bodocfg scan from {source}: checkov does not read .tf.json files.\n"]
    for block in blocks:
        kept = [(name, value) for name, value in block.items() if name not in leave_out]
        body = "\n".join(f"  {name} = {local_value(value)}" for name, value in kept)
        out.append("locals {\n" + body + "\n}\n" if body else "")
    return "".join(out)


def locals_as_hcl(path: Path) -> str | None:
    """The HCL `locals {}` equivalent of a `.tf.json` file, or None if it holds more than locals."""
    blocks = read_locals(path)
    return None if blocks is None else locals_text(path.name, blocks)


def inline_documents(text: str, documents: dict[str, str]) -> str:
    """`text` with each whole `jsonencode(local.NAME)` value of a policy document replaced by its
    HCL string (`documents`: local name -> `local_value` of the document), line numbers kept."""

    def replace(match: re.Match[str]) -> str:
        literal = documents.get(match["name"])
        return match[0] if literal is None else match["head"] + literal

    return _INLINE.sub(replace, text)


@dataclass(frozen=True)
class Workspace:
    root: Path
    modules: dict[str, ModuleTarget]
    """Key (the top directory under `root`) -> the module it is a copy of."""

    def original(self, scanned: str) -> tuple[ModuleTarget, str] | None:
        """The module and the user's file path for a checkov `file_path` like `/003-globex/role.tf`."""
        parts = Path(scanned.lstrip("/")).parts
        if not parts or parts[0] not in self.modules:
            return None
        module = self.modules[parts[0]]
        rest = Path(*parts[1:]) if len(parts) > 1 else Path()
        if rest.name.endswith(CONVERTED_SUFFIX):
            rest = rest.with_name(rest.name[: -len(".tf")])
        return module, str(Path(module.name) / rest)


def _key(index: int, target: ModuleTarget) -> str:
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", target.directory.resolve().name) or "module"
    return f"{index:04d}-{safe}"


def _place(source: Path, target: Path) -> None:
    """`target` gets `source`'s content: a hard link where the filesystem allows one, else a copy.

    checkov only reads the workspace, and a link costs a directory entry where a copy costs a new
    inode and its data: on this project's CI disk, 0.07 ms against 0.6 ms a file, which over a
    fleet's ~10 files a module was a tenth of a 100-customer scan. Across filesystems, or where
    links are refused, it copies.
    """
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _copy_module(target: ModuleTarget, into: Path) -> None:
    into.mkdir(parents=True)
    files = [path for path in sorted(target.directory.iterdir()) if path.is_file()]
    converted: dict[Path, list[dict[str, Any]]] = {}
    for path in files:
        if path.name.endswith(".tf.json"):
            blocks = read_locals(path)
            if blocks is not None:
                converted[path] = blocks
    documents = {
        name: local_value(value)
        for blocks in converted.values()
        for block in blocks
        for name, value in block.items()
        if is_policy_document(value)
    }
    sources = {path: path.read_bytes().decode("utf-8", "replace") for path in files if path.suffix == ".tf"}
    rewritten = {
        path: blank_unread_blocks(inline_documents(text, documents)) if "\ufffd" not in text else text
        for path, text in sources.items()  # (not UTF-8: as it is)
    }
    for path in files:
        if path in converted or (path in sources and only_outputs(sources[path])):
            continue
        if path in rewritten and rewritten[path] != sources[path]:
            (into / path.name).write_text(rewritten[path], encoding="utf-8")
        elif path.suffix == ".tf" or path.name.endswith(".tf.json"):
            _place(path, into / path.name)
    # A document is left out of the locals once no reference to it is left anywhere.
    everything = "\n".join([*rewritten.values(), *(json.dumps(blocks) for blocks in converted.values())])
    named = set(re.findall(r"\blocal\.([A-Za-z_][A-Za-z0-9_-]*)", everything))
    unused = frozenset(documents) - named
    for path, blocks in converted.items():
        (into / f"{path.name}.tf").write_text(locals_text(path.name, blocks, unused), encoding="utf-8")
    if target.plan is not None:
        _place(target.plan, into / PLAN_FILE)


def build(root: Path, targets: list[ModuleTarget]) -> Workspace:
    """Copy every target under `root` (an empty directory the caller owns and removes)."""
    modules: dict[str, ModuleTarget] = {}
    for index, target in enumerate(targets):
        key = _key(index, target)
        _copy_module(target, root / key)
        modules[key] = target
    return Workspace(root=root, modules=modules)

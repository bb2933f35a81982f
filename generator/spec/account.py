"""One field of a spec file, for readers of rendered modules: the platform account it names.

Kept apart from the spec package's validation (JSON Schema, rules): lint reads this field of
the spec behind every module, and importing jsonschema for it cost ~0.1 s of each lint run.
"""

from __future__ import annotations

from pathlib import Path

from generator.spec.limits import MAX_BYTES


def read_regular(path: Path) -> bytes | None:
    """Up to the size limit plus one byte of a regular file; None for anything else."""
    if not path.is_file():  # never open a FIFO or device here; the careful path reports them
        return None
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError:
        return None


def platform_account(path: Path) -> str | None:
    """The `platform_account_id` a spec file names, valid spec or not; None when absent or unreadable.

    libyaml when it can decide, else the careful reader, which refuses hostile files.
    """
    raw = read_regular(path)
    if raw is not None and b"platform_account_id" not in raw and b"\\" not in raw:
        return None  # without an escape, a YAML key is spelt out in the text: this one is absent
    from generator.spec.fastload import fast_document  # the YAML readers only for a spec that may name it
    from generator.spec.yamlfile import YamlProblem, load_yaml

    data = fast_document(path, raw) if raw is not None else None
    if data is None:
        try:
            data = load_yaml(path).data
        except YamlProblem:
            return None
    value = data.get("platform_account_id") if isinstance(data, dict) else None
    return str(value) if isinstance(value, str | int) and not isinstance(value, bool) else None

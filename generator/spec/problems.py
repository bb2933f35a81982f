"""A problem found in a spec, located by file, line, column and field."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

FieldPath = tuple[str | int, ...]


def printable(text: str) -> str:
    """`text` safe for a terminal: control, format and separator characters become \\uXXXX."""
    return "".join(
        f"\\u{ord(char):04x}"
        if unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
        else char
        for char in text
    )


def format_field(path: FieldPath) -> str:
    """`("billing_alarm", "emails", 0)` -> `billing_alarm.emails[0]`; the root is `(spec)`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "(spec)"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a spec. Lines and columns are 1-based."""

    path: Path
    line: int
    column: int
    field: FieldPath
    message: str

    @property
    def field_name(self) -> str:
        return format_field(self.field)

    def __str__(self) -> str:
        location = printable(f"{self.path}:{self.line}:{self.column}")
        return f"{location}: {printable(self.field_name)}: {printable(self.message)}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "line": self.line,
            "column": self.column,
            "field": self.field_name,
            "message": self.message,
        }

"""A policy variable's own syntax, where a Version 2012-10-17 policy reads variables (resources and
condition values): `${aws:username}`, one with a default value `${aws:PrincipalTag/team, 'none'}`,
and the three escapes `${*}`, `${?}`, `${$}`.

Access Analyzer's errors for the rest: a `${` never closed (MISSING_BRACE_IN_VARIABLE), `${}`
(EMPTY_VARIABLE), white space in the variable's name (UNSUPPORTED_SPACE_IN_VARIABLE), a default
value not in single quotes (MISSING_QUOTE_IN_VARIABLE). AWS reads such text literally, not as the
variable the author meant.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

_VARIABLE = re.compile(r"\$\{[^}]*\}")


def holds_variable(text: str) -> bool:
    """Whether `text` holds a policy variable (`${aws:username}`), as an element IAM substitutes
    none in (Action, Principal) would read it: a place for VARIABLE_UNSUPPORTED_IN_ELEMENT."""
    return _VARIABLE.search(text) is not None


class VariableProblem(NamedTuple):
    check: str
    detail: str
    fix: str | None = None


def variable_problems(text: str) -> Iterator[VariableProblem]:
    """What is wrong with each policy variable in `text` (nothing for text without `${`)."""
    start = text.find("${")
    while start >= 0:
        end = text.find("}", start + 2)
        opened = text.find("${", start + 2)
        if end < 0 or 0 <= opened < end:
            yield VariableProblem(
                "variable-brace",
                f"`{text[start:]}` opens a policy variable it never closes",
                "close it with `}`",
            )
            start = opened
            continue
        body = text[start + 2 : end]
        name, comma, default = body.partition(",")
        variable = text[start : end + 1]
        if not name.strip():
            yield VariableProblem("variable-empty", f"`{variable}` names no variable")
        elif name != name.strip() or any(c.isspace() for c in name):
            yield VariableProblem(
                "variable-space",
                f"`{variable}` has white space in the variable's name",
                f"write `${{{''.join(name.split())}{comma}{default}}}`",
            )
        elif comma and not (
            default.strip().startswith("'") and default.strip().endswith("'") and len(default.strip()) > 1
        ):
            yield VariableProblem(
                "variable-quote",
                f"the default value of `{variable}` is not in single quotes",
                f"write `${{{name}, '{default.strip()}'}}`",
            )
        start = text.find("${", end + 1)

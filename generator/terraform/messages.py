"""Common AWS provider failures, as one line naming the resource and the fix.

terraform prints each failure as `Error: <summary>` followed by `with <address>,`; the summary
of a provider failure carries the raw API error (`operation error IAM: CreateRole, https
response error StatusCode: 409, RequestID: ..., EntityAlreadyExists: ...`). The known kinds
are rewritten here; anything else keeps terraform's summary. The log keeps the raw text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.header import spec_named_by

_ERROR = re.compile(r"^\s*(?:│\s*)?Error: (?P<summary>.+)$")
_WITH = re.compile(r"^\s*(?:│\s*)?with (?P<address>[\w.\[\]\"-]+),")
_NAME = re.compile(r"\((?P<name>[^()]+)\)")
_API = re.compile(r"(?:api error |, )(?P<code>[A-Za-z]+): ")


@dataclass(frozen=True)
class ProviderError:
    summary: str
    address: str

    @property
    def name(self) -> str:
        found = _NAME.findall(self.summary.split(": ", 1)[0])  # "IAM Role (r) Policy (p)": p
        return str(found[-1]) if found else ""

    @property
    def api_message(self) -> str:
        codes = list(_API.finditer(self.summary))  # the last "Code: message" is the API's own
        return self.summary[codes[-1].end() :].strip() if codes else self.summary


def provider_errors(stderr: str) -> Iterator[ProviderError]:
    """Each `Error:` of terraform's output with the resource address that follows it."""
    lines = stderr.splitlines()
    for index, line in enumerate(lines):
        match = _ERROR.match(line)
        if not match:
            continue
        address = ""
        for later in lines[index + 1 : index + 8]:
            found = _WITH.match(later)
            if found:
                address = found.group("address")
                break
        yield ProviderError(match.group("summary").strip(), address)


def _adopt_hint(module: Path) -> str:
    """`bodocfg adopt` takes the module's spec (named in its generated header) and its output folder."""
    spec = spec_named_by(module)
    if spec is None:  # not rendered by bodocfg: nothing to adopt it into
        return "import it into this module's state (`terraform import`) or give it another name"
    return f"bring it under this module with `bodocfg adopt {os.path.normpath(spec)} --out {module.parent}`"


def explain(error: ProviderError, module: Path) -> str:
    """One line: the resource, what happened, the fix (terraform's summary when not a known kind)."""
    text, what = error.summary, error.address or "a resource"
    named = f"{what} ({error.name})" if error.name else what
    if re.search(r"EntityAlreadyExists|BucketAlreadyOwnedByYou|ResourceInUseException|already exists", text):
        return f"{named} already exists in the account, outside this module's state: {_adopt_hint(module)}"
    if "MalformedPolicyDocument" in text:
        return (
            f"{named}: AWS refuses the policy ({error.api_message}); check the statement it names in "
            "role.additional_statements of the spec (`bodocfg lint` shows each statement), then render"
        )
    if re.search(r"deletion protection|protected against deletion", text, re.I):
        return (
            f"{named} has deletion protection: offboard with `bodocfg destroy {module} --yes "
            f"--lift-deletion-protection {error.name or 'TABLE'}` (see `bodocfg destroy --help`)"
        )
    if "BucketNotEmpty" in text:
        return (
            f"{named} still holds objects: offboard with `bodocfg destroy {module} --yes "
            f"--empty-bucket {error.name or 'BUCKET'}` (see `bodocfg destroy --help`)"
        )
    return f"{what}: {text}" if error.address else text

"""What a resource policy names against what it is on.

S3 and SNS each refuse a policy that names another bucket or topic than the one it is put on
(`bucket_policy`, `topic_policy`). Where the input says what the policy is on, each resource is
compared with that; where it does not, a policy naming two of them is wrong for one, and each one
that differs from the first named is reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from generator.policycheck.model import PathPart, path_text

Located = tuple[tuple[PathPart, ...], str]
"""(path inside the policy, a Resource string)."""


def resource_entries(statements: Sequence[Any], single: bool) -> Iterator[Located]:
    """Every string in the statements' Resource elements, with its path (`single`: the policy
    wrote Statement as one object)."""
    for index, statement in enumerate(statements):
        if not isinstance(statement, Mapping):
            continue
        at: tuple[PathPart, ...] = ("Statement",) if single else ("Statement", index)
        value = statement.get("Resource")
        if isinstance(value, str):
            yield (*at, "Resource"), value
        elif isinstance(value, list):
            for position, item in enumerate(value):
                if isinstance(item, str):
                    yield (*at, "Resource", position), item


class Stranger(NamedTuple):
    """A resource naming another bucket or topic than the policy's own."""

    path: tuple[PathPart, ...]
    resource: str
    named: str
    """The bucket or topic it names."""
    own: str
    """The policy's own: what it is on, or the first one it names."""
    where: str | None
    """Where the policy names `own` (`Statement[0].Resource[1]`); None: the input says it."""


def strangers(
    named: Iterable[tuple[tuple[PathPart, ...], str, str]], attached: str | None
) -> Iterator[Stranger]:
    """The (path, resource, the bucket or topic it names) entries that name another than
    `attached` (what the policy is on, when known) or, unknown, than the first one named."""
    own, where = attached, None
    for path, resource, name in named:
        if own is None:
            own, where = name, path_text(path)
        elif name != own:
            yield Stranger(path, resource, name, own, where)

"""Which reference policy version a policy found in an account is, or is closest to.

For `discover`/`adopt`: a hand-made setup carries some version of Bodo's policy, perhaps edited.
Each known version is filled with the account's own bucket name and lock-table ARN (when known)
and compared with the policy statement by statement (matched by Sid, else position): the distance
is the number of actions in one statement and not its counterpart, plus the number of statements
whose resources, condition or effect differ (an action moved to a broader statement counts). The smallest
distance wins, the newer version on a tie; distance 0 is a match.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.lint.inputs import Fill
from generator.vendor.diff import (
    ReferenceDiff,
    allowed_actions,
    diff_documents,
    keyed_statements,
    statement_changes,
)
from generator.vendor.fill import fill
from generator.vendor.profile import profile


@dataclass(frozen=True)
class Nearest:
    version: str
    distance: int
    diff: ReferenceDiff
    """What the policy has beyond / lacks against that version (the version is the old side)."""

    @property
    def matches(self) -> bool:
        return self.distance == 0


def _actions(statement: Mapping[str, Any] | None) -> set[str]:
    if statement is None:
        return set()
    return set(allowed_actions({"Statement": [{**statement, "Effect": "Allow"}]}))


def distance(version_document: Mapping[str, Any], policy: Mapping[str, Any]) -> int:
    mine, theirs = keyed_statements(version_document), keyed_statements(policy)
    moved = sum(
        len(_actions(mine.get(key)) ^ _actions(theirs.get(key))) for key in mine.keys() | theirs.keys()
    )
    return moved + len(statement_changes(version_document, policy))


def nearest(
    policy: Mapping[str, Any], bucket_name: str | None = None, lock_table_arn: str | None = None
) -> Nearest:
    """The known version closest to `policy`, with the difference."""
    scored = []
    for candidate in reversed(profile().policies):  # newest first: `min` keeps the first of a tie
        document = fill(candidate.document(), bucket_name, lock_table_arn)
        scored.append((distance(document, policy), candidate.version, document))
    best, version, document = min(scored, key=lambda item: item[0])
    placeholders = Fill(bucket_name, lock_table_arn)
    return Nearest(
        version, best, diff_documents(document, policy, version, "the account's policy", placeholders)
    )


def nearest_version(policy: Mapping[str, Any]) -> tuple[str, ReferenceDiff]:
    """(the version `policy` matches or is nearest to, the difference); placeholders compared as written."""
    found = nearest(policy)
    return found.version, found.diff

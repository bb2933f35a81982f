"""`Validator`: a whole policy judged by the rules of its type, each distinct statement once.

    >>> Validator().policy({"Version": "2012-10-17", "Statement": [...]}, PolicyKind.IDENTITY)
    (Issue(check='operator', path=('Statement', 0, 'Condition', 'StringEqual'), ...), ...)

Statement verdicts (and what the policy-level rules need of a statement: its size, its shape for
redundancy) are memoised by a key the caller may give (lint gives the parsed statement's content
key) or by the statement's JSON; the policy-level rules (root elements, Version, Sids, redundant
statements, the size quota) are cheap and run every time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Hashable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from generator.iam.catalogue import Catalogue, default_catalogue
from generator.iam.memo import Memo
from generator.policycheck.arns import only_wildcards, plain
from generator.policycheck.catalogue import ServiceCatalogue, default_service_catalogue
from generator.policycheck.globs import overlaps
from generator.policycheck.model import Issue, PathPart, PolicyKind
from generator.policycheck.quotas import quota_issue, size_of
from generator.policycheck.redundancy import Shape, redundant
from generator.policycheck.statement import statement_issues

VERSIONS = ("2012-10-17", "2008-10-17")
_SID = re.compile(r"^[A-Za-z0-9]*$")
_TOP = ("Version", "Id", "Statement")
_WHITESPACE = str.maketrans("", "", " \t\n\r")


class _Match(NamedTuple):
    """A resource pattern against one service's resource types."""

    pattern: str
    anything: bool
    """Wildcards only: it names every resource."""
    star: bool
    """It can stand for `*` (what an action without resource types takes)."""
    types: dict[str, bool]
    """Resource type -> whether the pattern can name one, filled as actions ask."""


MATCHES_KEPT = 16384


class _Facts(NamedTuple):
    size: int
    """Characters of the statement without its Sid, white space excluded."""
    variables: bool
    shape: Shape | None


class Validator:
    def __init__(self, catalogue: ServiceCatalogue | None = None, expand: Catalogue | None = None) -> None:
        self.catalogue = catalogue or default_service_catalogue()
        self.expand = expand or default_catalogue()
        self._statements: dict[Hashable, tuple[Issue, ...]] = {}
        self._facts_by_key: dict[Hashable, _Facts] = {}
        self._judged: dict[tuple[PolicyKind, bool], dict[Hashable, tuple[tuple[Issue, ...], _Facts]]] = {}
        """Per policy type and whether variables count: each statement's (issues, facts)."""
        self._matches: Memo[tuple[str, str], _Match] = Memo(MATCHES_KEPT)

    def grants(self, action: str, resource: str) -> bool:
        """Whether `resource` (a pattern) can name a resource the action (lower-case) acts on;
        True for an action the catalogue does not know (it cannot be judged)."""
        prefix = action.partition(":")[0]
        match = self._matching(prefix, resource)
        if match is None:
            return True
        entry = self.catalogue.action(action)
        if entry is None:
            return True
        if not entry.resource_types:  # the action takes only `*` (or every resource of its service)
            return match.star
        verdicts = match.types
        for name in entry.resource_types:
            verdict = verdicts.get(name)
            if verdict is None:
                fmt = self.catalogue.resource_format(prefix, name)
                verdict = verdicts[name] = fmt is None or overlaps(match.pattern, fmt.format)
            if verdict:
                return True
        return False

    def _matching(self, prefix: str, resource: str) -> _Match | None:
        """What is known of `resource` against service `prefix`'s resource types (each type judged
        when an action first asks, then shared by every action of the service: a wildcard's
        hundreds of actions cost one judgement per type); None when it names anything (wildcards
        only). Bounded memo: an arbitrary input repeats few resources."""
        key = (prefix, resource)
        found = self._matches[key]
        if found is None:
            pattern = plain(resource)
            fields = pattern.split(":", 5)
            found = _Match(pattern, only_wildcards(pattern), len(fields) < 6 or only_wildcards(fields[5]), {})
            self._matches.put(key, found)
        return None if found.anything else found

    def granted(self, actions: frozenset[str], resource: str) -> frozenset[str]:
        """The actions (lower-case) that `resource` can grant anything for."""
        if resource == "*":
            return actions
        grants = self.grants
        return frozenset(action for action in actions if grants(action, resource))

    @staticmethod
    def _key(raw: Any, key: Hashable) -> Hashable:
        if key is not None:
            return key
        try:
            return json.dumps(_without_sid(raw), sort_keys=True)
        except (TypeError, ValueError):
            return None

    def statement(
        self, raw: Any, kind: PolicyKind, variables_count: bool, key: Hashable = None
    ) -> tuple[Issue, ...]:
        """The issues of one statement, paths relative to it; the Sid is not judged here."""
        if key is None:
            key = self._key(raw, key)
        if key is None:
            return tuple(statement_issues(raw, kind, variables_count, self))
        memo = (kind, variables_count, key)
        found = self._statements.get(memo)
        if found is None:
            found = self._statements[memo] = tuple(statement_issues(raw, kind, variables_count, self))
        return found

    def _facts(self, raw: Any, key: Hashable) -> _Facts:
        """What the policy-level rules need of a statement, once per distinct statement."""
        found = self._facts_by_key.get(key) if key is not None else None
        if found is None:
            text = json.dumps(_without_sid(raw), separators=(",", ":"), ensure_ascii=False)
            found = _Facts(len(text.translate(_WHITESPACE)), "${" in text, self._shape(raw))
            if key is not None:
                self._facts_by_key[key] = found
        return found

    def policy(self, obj: Any, kind: PolicyKind, keys: Sequence[Hashable] | None = None) -> tuple[Issue, ...]:
        """Every issue of a policy (decoded JSON), its size quota included. `keys`, one per
        statement, name statements equal in all but their Sid (lint passes the parsed
        statements' identities)."""
        return self.check(obj, kind, keys)[0]

    def size(self, obj: Any, keys: Sequence[Hashable] | None = None) -> int:
        """The policy's size as AWS counts it (characters, white space excluded)."""
        return self.check(obj, PolicyKind.RESOURCE, keys)[1]

    def check(
        self, obj: Any, kind: PolicyKind, keys: Sequence[Hashable] | None = None
    ) -> tuple[tuple[Issue, ...], int]:
        """(every issue, the size as AWS counts it) in one pass over the policy."""
        found: list[Issue] = []
        statements = self._root(obj, found)
        if statements is None:
            return tuple(found), size_of(obj)
        single = isinstance(obj["Statement"], Mapping)
        version = obj.get("Version")
        variables_count = version == "2012-10-17"
        size = size_of({**obj, "Statement": []}) + len(statements) - (3 if single else 1)
        shapes: list[Shape | None] = []
        sids: dict[str, int] = {}
        uses_variables = False
        judged = self._judged.get((kind, variables_count))
        if judged is None:
            judged = self._judged[(kind, variables_count)] = {}
        if keys is None or len(keys) != len(statements):
            keys = [self._key(statement, None) for statement in statements]
        for index, (statement, key) in enumerate(zip(statements, keys, strict=True)):
            record = judged.get(key) if key is not None else None
            if record is None:
                record = (self.statement(statement, kind, variables_count, key), self._facts(statement, key))
                if key is not None:
                    judged[key] = record
            issues, facts = record
            size += facts.size
            uses_variables = uses_variables or facts.variables
            shapes.append(facts.shape)
            if issues:
                prefix: tuple[PathPart, ...] = ("Statement",) if single else ("Statement", index)
                found.extend(issue.moved(prefix) for issue in issues)
            if type(statement) is dict and "Sid" in statement:
                sid = statement["Sid"]
                plain_sid = type(sid) is str and sid.isalnum() and sid.isascii()
                size += 8 + len(sid) if plain_sid else len('"Sid":') + size_of(sid)  # "Sid":"..."
                size += 1 if len(statement) > 1 else 0
                if not plain_sid or sid in sids:
                    at = ("Statement", "Sid") if single else ("Statement", index, "Sid")
                    found.extend(_sid(sid, at, kind, sids, index))
                else:
                    sids[sid] = index
        if not variables_count and uses_variables:
            found.append(
                Issue(
                    "no-version",
                    ("Version",) if version else (),
                    "policy variables (`${...}`) are read literally without Version 2012-10-17",
                    'write `"Version": "2012-10-17"`',
                )
            )
        if not single:
            found.extend(redundant(shapes))
        over = quota_issue(size, kind)
        if over is not None:
            found.append(over)
        return tuple(found), size

    def _root(self, obj: Any, found: list[Issue]) -> list[Any] | None:
        """The statements of a policy whose root is sound enough to judge them (issues appended)."""
        if not isinstance(obj, Mapping):
            found.append(Issue("json", (), "a policy must be a JSON object"))
            return None
        for name in obj:
            if name not in _TOP:
                guess = [t for t in _TOP if t.lower() == str(name).lower()]
                found.append(
                    Issue(
                        "element",
                        (str(name),),
                        f"`{name}` is not a policy element (Version, Id, Statement)",
                        f"did you mean `{guess[0]}`?" if guess else None,
                    )
                )
        version = obj.get("Version")
        if version is not None and version not in VERSIONS:
            found.append(
                Issue(
                    "version",
                    ("Version",),
                    f"`{version}` is not a policy language version",
                    'write `"Version": "2012-10-17"`',
                )
            )
        if obj.get("Statement") is None:
            found.append(Issue("no-statement", (), "the policy has no Statement"))
            return None
        statements = _listed(obj)
        if not statements:
            found.append(
                Issue("no-statement", ("Statement",), "Statement must be an object or a non-empty list")
            )
            return None
        return statements

    def _shape(self, raw: Any) -> Shape | None:
        """What redundancy compares of a plain statement (Action, Resource); None for others."""
        if not isinstance(raw, Mapping) or any(
            k in raw for k in ("NotAction", "NotResource", "Principal", "NotPrincipal")
        ):
            return None
        actions, resources = raw.get("Action"), raw.get("Resource")
        actions = [actions] if isinstance(actions, str) else actions
        resources = [resources] if isinstance(resources, str) else resources
        if not isinstance(actions, list) or not isinstance(resources, list) or not actions or not resources:
            return None
        if not all(isinstance(a, str) for a in actions) or not all(isinstance(r, str) for r in resources):
            return None
        expanded, unknown = self.expand.expand_all(tuple(actions))
        if unknown or not expanded:
            return None
        return Shape(str(raw.get("Effect")), expanded, tuple(resources), "Condition" in raw, min(expanded))


def _without_sid(raw: Any) -> Any:
    return {k: v for k, v in raw.items() if k != "Sid"} if isinstance(raw, Mapping) else raw


def _listed(obj: Any) -> list[Any] | None:
    raw = obj.get("Statement") if isinstance(obj, Mapping) else None
    return [raw] if isinstance(raw, Mapping) else raw if isinstance(raw, list) else None


def _sid(
    sid: Any, at: tuple[PathPart, ...], kind: PolicyKind, seen: dict[str, int], index: int
) -> Iterator[Issue]:
    if not isinstance(sid, str):
        yield Issue("json", at, "Sid must be a string")
        return
    if (kind.is_identity or kind is PolicyKind.TRUST) and not _SID.match(sid):
        fixed = re.sub(r"[^A-Za-z0-9]", "", sid)
        yield Issue(
            "sid-value",
            at,
            f"IAM Sids hold only letters and digits; `{sid}` has others",
            f"did you mean `{fixed}`?" if fixed else None,
        )
    if sid and sid in seen:
        yield Issue(
            "sid-unique",
            at,
            f"Sid `{sid}` is also Statement[{seen[sid]}]'s",
            "give each statement its own Sid",
        )
    elif sid:
        seen[sid] = index

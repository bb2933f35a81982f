"""Resource ARNs: their syntax per service, and which resource types of an action they can name.

Syntax follows the catalogue's formats for the ARN's service: the partition must be one AWS has,
the region and the account must be present exactly where the service's formats have them, the
account is twelve digits, and the resource part must fit one of the service's resource types.
A wildcard or policy variable in a field stands for any value and is never wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from difflib import get_close_matches
from functools import cache, lru_cache

from generator.policycheck.catalogue import ArnFormat, ServiceCatalogue
from generator.policycheck.globs import overlaps, part_overlaps, part_regex
from generator.policycheck.model import data

_POLICY_VARIABLE = re.compile(r"\$\{[^}]*\}|\$\$[A-Z_]+\$\$")
"""A policy variable, or a placeholder of the reference policy (`$$BUCKET_NAME$$`): any value."""
_REGION_SHAPE = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")
_ACCOUNT = re.compile(r"^\d{12}$")
"""An account field: 12 digits, or `aws` for what AWS itself owns (managed policies)."""


@cache
def _regions() -> tuple[frozenset[str], tuple[str, ...]]:
    raw = data("regions.json")
    return frozenset(raw["regions"]), tuple(raw["partitions"])


@cache
def _region_list() -> str:
    return f"the AWS Regions of {data('regions.json')['date']} (data/regions.json)"


def wild(text: str) -> bool:
    return "*" in text or "?" in text


def only_wildcards(pattern: str) -> bool:
    return bool(pattern) and not pattern.strip("*?")


@lru_cache(maxsize=2048)
def plain(resource: str) -> str:
    """The pattern with policy variables and placeholders read as wildcards (`${aws:username}` -> `*`)."""
    return _POLICY_VARIABLE.sub("*", resource) if "$" in resource else resource


@dataclass(frozen=True, slots=True)
class ArnProblem:
    check: str
    detail: str
    fix: str | None = None


def _fields(resource: str) -> list[str] | None:
    parts = resource.split(":", 5)
    return parts if len(parts) == 6 else None


def _resource_matches(resource_part: str, service: str, catalogue: ServiceCatalogue) -> list[ArnFormat]:
    """The service's resource types (its `arn_formats`, in order) the resource part can name."""
    if wild(resource_part):
        return [f for f in catalogue.arn_formats(service) if part_overlaps(resource_part, f.resource)]
    # The usual resource, with no wildcard: the literal start of a type's resource part rules
    # out most types with one string test, the type's expression decides the rest (what
    # `part_overlaps` does for such a part, without its memo: resources seldom repeat).
    return [
        fmt
        for fmt, start, match in _plain_matchers(service, catalogue)
        if resource_part.startswith(start) and match(resource_part) is not None
    ]


@lru_cache(maxsize=512)
def _plain_matchers(
    service: str, catalogue: ServiceCatalogue
) -> tuple[tuple[ArnFormat, str, Callable[[str], re.Match[str] | None]], ...]:
    """(format, the literal start of its resource part, its resource part's `fullmatch`) per
    resource type of an ARN service (its `arn_formats`, in their order)."""
    return tuple(
        (f, f.resource.partition("${")[0], part_regex(f.resource).fullmatch)
        for f in catalogue.arn_formats(service)
    )


@lru_cache(maxsize=2048)
def arn_problems(resource: str, catalogue: ServiceCatalogue) -> tuple[ArnProblem, ...]:
    """What is wrong with one Resource/NotResource entry (nothing for a valid one), memoised:
    a fleet's policies name the same resources over and over."""
    return tuple(_arn_problems(resource, catalogue))


def _arn_problems(resource: str, catalogue: ServiceCatalogue) -> Iterator[ArnProblem]:
    pattern = plain(resource)
    if only_wildcards(pattern):
        return
    if not pattern.startswith("arn:"):
        fix = f"did you mean `arn:{pattern[4:]}`?" if pattern.lower().startswith("arn:") else None
        yield ArnProblem(
            "arn-prefix", f"`{resource}` is neither `*` nor an ARN (arn:partition:service:...)", fix
        )
        return
    fields = _fields(pattern)
    if fields is None:
        if not wild(pattern.rsplit(":", 1)[-1]):
            yield ArnProblem(
                "arn-fields",
                f"`{resource}` has {pattern.count(':') + 1} of the 6 ARN fields "
                "(arn:partition:service:region:account:resource)",
            )
        return
    _, partition, service, region, account, rest = fields
    regions, partitions = _regions()
    if not wild(partition) and partition not in partitions:
        guess = get_close_matches(partition, partitions, 1)
        yield ArnProblem(
            "arn-partition",
            f"`{partition}` in `{resource}` is not an AWS partition ({', '.join(partitions)})",
            f"did you mean `{guess[0]}`?" if guess else None,
        )
    if wild(service):
        return
    if not service:
        yield ArnProblem(
            "arn-fields",
            f"`{resource}` names no service (arn:partition:service:region:account:resource)",
            "name the service, such as `s3`, or `*`",
        )
        return
    if service != service.lower():
        yield ArnProblem(
            "arn-service-case",
            f"the service `{service}` in `{resource}` must be lower case",
            f"write `{service.lower()}`",
        )
        service = service.lower()
    if not catalogue.is_arn_service(service):
        yield ArnProblem(
            "arn-service",
            f"no service names its ARNs `{service}` in {catalogue.label}",
        )
        return
    if region and not wild(region) and region not in regions:
        guess = get_close_matches(region, sorted(regions), 1)
        fix = f"did you mean `{guess[0]}`?" if guess else None
        if _REGION_SHAPE.match(region):  # shaped like one: perhaps newer than the list
            yield ArnProblem(
                "arn-region-unknown", f"`{region}` in `{resource}` is not in {_region_list()}", fix
            )
        else:
            yield ArnProblem("arn-region", f"`{region}` in `{resource}` is not an AWS Region", fix)
    matching = _resource_matches(rest, service, catalogue)
    if not matching:
        yield _no_type(rest, service, catalogue)
        return
    if region and not wild(region) and all(not f.region for f in matching):
        fixed = ":".join(("arn", partition, service, "", account, rest))
        yield ArnProblem(
            "arn-region-here",
            f"{service} ARNs of this type have no region, yet `{resource}` names one",
            f"did you mean `{fixed}`?",
        )
    if not region and all(f.region for f in matching):
        yield ArnProblem(
            "arn-region-missing",
            f"{service} ARNs of this type need a region; `{resource}` has none",
            "name the region, or `*`",
        )
    literal_accounts = {f.account for f in matching if f.account and "${" not in f.account}
    if account and not wild(account):
        if all(not f.account for f in matching):
            fixed = ":".join(("arn", partition, service, region, "", rest))
            yield ArnProblem(
                "arn-account-here",
                f"{service} ARNs of this type have no account, yet `{resource}` names one",
                f"did you mean `{fixed}`?",
            )
        elif not _ACCOUNT.match(account) and account != "aws" and account not in literal_accounts:
            yield ArnProblem("arn-account", f"the account `{account}` in `{resource}` is not 12 digits")
    if not account and all(f.account for f in matching):
        owned = [
            f.resource for f in catalogue.arn_formats(service) if f.aws_owned and f.name == matching[0].name
        ]
        only = f" (only AWS's own, `{owned[0]}`, have none)" if owned else ""
        yield ArnProblem(
            "arn-account-missing",
            f"{service} ARNs of this type need an account{only}; `{resource}` has none",
            "name the account, or `*`",
        )


_TYPE_WORD = re.compile(r"/?[^/:]*")


def _type_word(resource_part: str) -> str:
    """What precedes the first `/` or `:` (`table` of `table/locks`), or the first path segment
    (`/restapis` of `/restapis/a1b2`)."""
    match = _TYPE_WORD.match(resource_part)
    return match.group() if match else ""


def unknown_type(resource_part: str, service: str, catalogue: ServiceCatalogue) -> bool:
    """Whether a resource part that fits none of the service's types begins with a type word
    the catalogue does not know at all (perhaps a type newer than the catalogue: `recovery-point`
    of backup, `canvas*` of sagemaker), rather than misspelling or misshaping a known one. A
    service with a type whose resource part starts with a variable (s3's `${BucketName}`) can
    always be a known type written wrongly; so can a word whose wildcard could complete a known
    word (`job*` of `job-definition`)."""
    word = _type_word(resource_part)
    head = word[: min((i for i in (word.find("*"), word.find("?")) if i >= 0), default=len(word))]
    if not head.strip("/") or "$" in word:
        return False
    known = _type_words(service, catalogue)
    if any("${" in k for k in known) or word in known:
        return False
    if head != word:
        return not any(k.startswith(head) for k in known)
    return not _near(word, known)


def _no_type(rest: str, service: str, catalogue: ServiceCatalogue) -> ArnProblem:
    """The problem of a resource part that fits none of the service's types."""
    shown = ", ".join(sorted({f.resource for f in catalogue.arn_formats(service) if not f.aws_owned})[:4])
    word = _type_word(rest)
    if unknown_type(rest, service, catalogue):
        return ArnProblem(
            "arn-resource-unknown",
            f"`{word}` is no {service} resource type in {catalogue.label} (such as {shown})",
        )
    known = _type_words(service, catalogue)
    near = _near(word, known) if word and word not in known else None
    fix = f"did you mean `{near}{rest[len(word) :]}`?" if near else None
    return ArnProblem("arn-resource", f"`{rest}` fits no {service} resource type (such as {shown})", fix)


@lru_cache(maxsize=512)
def _type_words(service: str, catalogue: ServiceCatalogue) -> frozenset[str]:
    return frozenset(_type_word(f.resource) for f in catalogue.arn_formats(service))


def _near(word: str, known: frozenset[str]) -> str | None:
    """The known type word `word` misspells (`endpointconfig`, `stateMachine` as `statemachine`)."""
    folded = {k.lower().replace("-", ""): k for k in known}
    exact = folded.get(word.lower().replace("-", ""))
    if exact is not None:
        return exact
    close = get_close_matches(word, sorted(known), 1, 0.8)
    return close[0] if close else None


def fits_type(resource: str, fmt: ArnFormat | None) -> bool:
    """Whether the pattern can name a resource of this type (an unknown format: assume it can)."""
    if fmt is None:
        return True
    return overlaps(resource, fmt.format)


def suggestion(resource: str, formats: list[ArnFormat | None]) -> str | None:
    """A nearby resource that would fit: the objects of a bucket, or the bucket of objects."""
    candidates = []
    if not resource.endswith("/*"):
        candidates.append(resource.rstrip("/") + "/*")
    if "/" in resource:
        candidates.append(resource.split("/", 1)[0])
    for candidate in candidates:
        if any(fits_type(candidate, f) for f in formats if f is not None):
            return f"did you mean `{candidate}`?"
    return None

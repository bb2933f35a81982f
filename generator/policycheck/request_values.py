"""Condition values no request ever carries, for keys whose values AWS fills in itself.

- `aws:SourceIp` holds the public address a request came from; a request through a VPC endpoint
  carries its private address in `aws:VpcSourceIp` instead. So an `IpAddress` test of
  `aws:SourceIp` against private ranges only never matches (Access Analyzer's PRIVATE_IP_ADDRESS),
  and a `NotIpAddress` one always does (PRIVATE_NOT_IP_ADDRESS). Private here is what RFC 1918
  (10/8, 172.16/12, 192.168/16) and RFC 4193 (fc00::/7) set aside.
- `aws:SourceVpc` and `aws:SourceVpce` hold a VPC's and an endpoint's id: `vpc-` or `vpce-` and 8
  or 17 letters and digits (INVALID_VPC_FORMAT, INVALID_VPCE_FORMAT).
- `kms:ViaService` holds the service principal of the service that called AWS KMS for the
  caller, with its region: `<service>.<region>.amazonaws.com`, in lower case
  (INVALID_SERVICE_PRINCIPAL_FORMAT).

A value holding a wildcard or a policy variable is not judged: what it stands for is unknown.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from generator.policycheck.arns import wild
from generator.policycheck.model import Issue, PathPart
from generator.policycheck.operators import Operator

PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
)
_IDS = {
    "aws:sourcevpc": ("vpc", re.compile(r"^vpc-([A-Za-z0-9]{8}|[A-Za-z0-9]{17})$")),
    "aws:sourcevpce": ("vpce", re.compile(r"^vpce-([A-Za-z0-9]{8}|[A-Za-z0-9]{17})$")),
}

_VIA_SERVICE = re.compile(r"^[a-z0-9-]+\.[a-z]{2}(-[a-z]+)+-\d+\.amazonaws\.com(\.cn)?$")


def _private(value: str) -> bool:
    try:
        network = ipaddress.ip_network(value, strict=False)
    except ValueError:
        return False  # not an address: the value-type check reports it
    return any(
        network.version == private.version and network.subnet_of(private)  # type: ignore[arg-type]
        for private in PRIVATE_NETWORKS
    )


def _judged(value: object) -> str | None:
    """The value as text when it can be judged (a string without wildcards or variables)."""
    if not isinstance(value, str) or wild(value) or "${" in value:
        return None
    return value


def request_value_issues(
    operator: Operator, key: str, lowered: str, raw: object, at: tuple[PathPart, ...]
) -> Iterator[Issue]:
    """Issues of one condition key's values (`raw`: a value or a list; `lowered`: the key in
    lower case)."""
    values = raw if isinstance(raw, list) else [raw]
    if lowered == "aws:sourceip" and operator.type == "IPAddress" and values:
        texts = [_judged(v) for v in values]
        if all(t is not None and _private(t) for t in texts):
            shown = ", ".join(f"`{t}`" for t in texts)
            if operator.negated:
                yield Issue(
                    "private-not-ip",
                    at,
                    f"{operator.name} lists only private ranges for `{key}` ({shown}), which a "
                    "request's public source address is never in, so the test is always true",
                    "list the public ranges to exclude, or test `aws:VpcSourceIp` for requests "
                    "through a VPC endpoint",
                )
            else:
                yield Issue(
                    "private-ip",
                    at,
                    f"{operator.name} lists only private ranges for `{key}` ({shown}), which holds "
                    "a request's public source address, so the test is never true",
                    "list public ranges, or test `aws:VpcSourceIp` for requests through a VPC endpoint",
                )
    if lowered == "kms:viaservice" and operator.type == "String":
        for index, value in enumerate(values):
            text = _judged(value)
            if text is not None and not _VIA_SERVICE.match(text):
                yield Issue(
                    "via-service-format",
                    (*at, index) if isinstance(raw, list) else at,
                    f"`{text}` is not a service principal with its region, as `{key}` holds it",
                    "write `<service>.<region>.amazonaws.com`, such as `s3.us-east-2.amazonaws.com`",
                )
    rule = _IDS.get(lowered)
    if rule is not None and operator.type == "String":
        prefix, pattern = rule
        for index, value in enumerate(values):
            text = _judged(value)
            if text is not None and not pattern.match(text):
                yield Issue(
                    f"{prefix}-format",
                    (*at, index) if isinstance(raw, list) else at,
                    f"`{text}` is not a {'VPC' if prefix == 'vpc' else 'VPC endpoint'} id "
                    f"(`{prefix}-` and 8 or 17 letters and digits)",
                    f"write the id as `{prefix}-1a2b3c4d` or `{prefix}-0123456789abcdef0`",
                )

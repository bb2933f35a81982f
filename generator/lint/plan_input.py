"""IAM documents in a plan (`terraform show -json`), child modules included.

Read from `planned_values` (and `prior_state`, where data sources read during plan live, or
`values` for a state): every role's trust policy and inline policies, `aws_iam_role_policy`,
`aws_iam_policy`, user/group policies, and `data.aws_iam_policy_document` JSON. Policies are JSON
strings inside the plan, so findings name the resource address rather than a line. The baseline is
filled from the same module's `aws_s3_bucket` and `aws_dynamodb_table`, the account wildcarded.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.iam.model import PolicyError, parse_policy
from generator.lint.declared import declared_indexes, declared_statements
from generator.lint.findings import UNKNOWN_AT_PLAN_TIME
from generator.lint.inputs import Document, Fill, Problem, Target, classify, policy_problem
from generator.lint.rules.base import DocumentRole
from generator.lint.validation import Unparsed, guess_kind
from generator.policycheck import PolicyKind

_POLICY_ATTRIBUTE = {
    "aws_iam_role_policy": "policy",
    "aws_iam_policy": "policy",
    "aws_iam_user_policy": "policy",
    "aws_iam_group_policy": "policy",
}
_KIND = {"aws_iam_policy": PolicyKind.MANAGED}
_RESOURCE_POLICIES = {
    "aws_s3_bucket_policy": PolicyKind.S3_BUCKET,
    "aws_sns_topic_policy": PolicyKind.SNS_TOPIC,
    "aws_kms_key": PolicyKind.KMS_KEY,
}
"""Resource policies validated (by their own rules) as well: Terraform type -> policy type."""


def _walk(module: Any, address: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(module address, resource) for every resource of `module` and its descendants."""
    if not isinstance(module, dict):
        return
    for resource in module.get("resources", []) or []:
        if isinstance(resource, dict) and isinstance(resource.get("values"), dict):
            yield address, resource
    for child in module.get("child_modules", []) or []:
        if isinstance(child, dict):
            yield from _walk(child, str(child.get("address", "")))


def _resources(plan: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    roots = [
        (plan.get("planned_values") or {}).get("root_module"),
        ((plan.get("prior_state") or {}).get("values") or {}).get("root_module"),
        (plan.get("values") or {}).get("root_module"),
    ]
    seen: dict[str, tuple[str, dict[str, Any]]] = {}
    for root in roots:
        for module, resource in _walk(root):
            seen.setdefault(str(resource.get("address")), (module, resource))
    return list(seen.values())


def _fills(resources: list[tuple[str, dict[str, Any]]]) -> dict[str, Fill]:
    """Placeholder values per module; a module without a bucket or table takes its parent's."""
    by_module: dict[str, dict[str, list[tuple[str, str]]]] = {"": {}}
    for module, resource in resources:
        kind, values = resource.get("type"), resource["values"]
        entry = by_module.setdefault(module, {})
        for wanted, attribute in (
            ("aws_s3_bucket", "bucket"),
            ("aws_dynamodb_table", "name"),
            ("aws_region", "name"),
            ("aws_partition", "partition"),
        ):
            if kind == wanted and isinstance(values.get(attribute), str):
                entry.setdefault(wanted, []).append((str(resource.get("address")), values[attribute]))
    fills: dict[str, Fill] = {}
    for module in sorted(by_module, key=lambda m: m.count(".")):  # parents before children
        entry = by_module[module]
        parent = fills.get(module.rpartition(".module.")[0] if ".module." in module else "", Fill())
        region = _pick(entry.get("aws_region", []), "current") or "*"
        partition = _pick(entry.get("aws_partition", []), "current") or "*"
        table = _pick(entry.get("aws_dynamodb_table", []), "lock")
        fills[module] = Fill(
            bucket_name=_pick(entry.get("aws_s3_bucket", []), "state") or parent.bucket_name,
            dynamo_arn=f"arn:{partition}:dynamodb:{region}:*:table/{table}" if table else parent.dynamo_arn,
        )
    return fills


def _pick(candidates: list[tuple[str, str]], preferred: str) -> str | None:
    if len(candidates) == 1:
        return candidates[0][1]
    for address, value in candidates:
        if address.endswith(f".{preferred}"):
            return value
    return None


def _documents(resource: dict[str, Any]) -> Iterator[tuple[str, Any, DocumentRole | None]]:
    """(logical name, raw policy value, role or None to classify) of one resource."""
    if resource.get("type") in _RESOURCE_POLICIES and resource.get("mode") != "data":
        value = resource["values"].get("policy")
        if value is not None or resource.get("type") != "aws_kms_key":
            yield f"{resource.get('address')}.policy", value, DocumentRole.RESOURCE
        return
    kind, values, address = resource.get("type"), resource["values"], str(resource.get("address"))
    if resource.get("mode") == "data":
        if kind == "aws_iam_policy_document":
            yield f"{address}.json", values.get("json"), None
        return
    if kind == "aws_iam_role":
        yield f"{address}.assume_role_policy", values.get("assume_role_policy"), DocumentRole.TRUST
        for index, inline in enumerate(values.get("inline_policy") or []):
            if isinstance(inline, dict) and inline.get("policy"):
                yield f"{address}.inline_policy[{index}]", inline["policy"], DocumentRole.IDENTITY
    elif kind in _POLICY_ATTRIBUTE:
        yield (
            f"{address}.{_POLICY_ATTRIBUTE[kind]}",
            values.get(_POLICY_ATTRIBUTE[kind]),
            DocumentRole.IDENTITY,
        )


_ATTACHED_TO = {"aws_s3_bucket_policy": "bucket", "aws_sns_topic_policy": "arn"}
"""Resource policy type -> the attribute naming what it is on (a bucket's name, a topic's ARN)."""


def _attached(resource: dict[str, Any]) -> str | None:
    """What a bucket or topic policy is on (None while it is unknown at plan time)."""
    attribute = _ATTACHED_TO.get(str(resource.get("type")))
    value = resource["values"].get(attribute) if attribute else None
    return value if isinstance(value, str) and value else None


def read_plan(plan: dict[str, Any], name: str, directory: Path | None = None) -> Target:
    """The plan's documents; `directory` is where the plan JSON sits (when that is a rendered
    module, its spec's declared statements are marked: see generator/lint/declared.py)."""
    declared = declared_statements(directory) if directory is not None else {}
    resources = _resources(plan)
    fills = _fills(resources)
    documents: list[Document] = []
    problems: list[Problem] = []
    unparsed: list[Unparsed] = []
    for module, resource in resources:
        fill = fills.get(module)
        for logical, raw, role in _documents(resource):
            if not isinstance(raw, str) or not raw:
                problems.append(
                    Problem("policy is computed during apply", UNKNOWN_AT_PLAN_TIME, logical=logical)
                )
                continue
            policy_kind = _RESOURCE_POLICIES.get(str(resource.get("type"))) or _KIND.get(
                str(resource.get("type"))
            )
            attached = _attached(resource)
            try:
                obj = json.loads(raw)
                policy = parse_policy(obj)
            except json.JSONDecodeError as error:
                problems.append(Problem(f"policy is not JSON: {error.msg}", logical=logical))
                continue
            except PolicyError as error:
                problems.append(policy_problem(error, None, (), logical))
                unparsed.append(
                    Unparsed(logical, obj, policy_kind or guess_kind(obj, role), attached=attached)
                )
                continue
            kind = role or classify(policy)
            identity = kind is DocumentRole.IDENTITY
            documents.append(
                Document(
                    kind,
                    policy,
                    logical,
                    fill if identity else None,
                    declared=declared_indexes(policy, declared) if identity else (),
                    raw=obj,
                    kind=policy_kind or guess_kind(obj, kind),
                    attached=attached,
                )
            )
    return Target(
        name, "plan", name, documents=tuple(documents), problems=tuple(problems), unparsed=tuple(unparsed)
    )

"""A customer spec read from an account someone set up by hand (the setup guide, or a quick start).

    found = discover(Account(target, "us-east-2"), customer="acme", role_name="BodoPlatformUser")
    found.text()     # the spec as YAML, with a comment header saying where each value came from

From the role: the External ID and platform account (trust policy), the policy name and,
where the published policy has `$$BUCKET_NAME$$` / `$$DYNAMO_ARN$$`, the bucket and lock
table (each then looked up). From the region's alarms: the one on EC2 vCPUs (AWS/Usage
ResourceCount vCPU), its threshold, period, evaluation periods and topic. Anything that cannot
be told for sure is a `DiscoveryIncomplete` naming the spec field and the option that settles
it; nothing is guessed.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ruamel.yaml import YAML

from generator.adopt.account import Account
from generator.adopt.conflicts import foreign_bucket_statements
from generator.adopt.model import AlarmState, RoleState
from generator.adopt.policies import actions, describe, fill_version, grants, published_versions
from generator.components.core import MANAGED_BY_TAGS
from generator.components.topic import customer_topic_name
from generator.errors import DiscoveryIncomplete
from generator.spec.rules import rule_issues
from generator.spec.schema import schema_issues
from generator.vendor.nearest import nearest
from generator.vendor.profile import profile

Json = Any
_BUCKET = r"(?P<bucket>[a-z0-9][a-z0-9.-]{1,61}[a-z0-9])"
_TABLE = r"(?P<table>arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_.-]{3,255})"
_MARK_BUCKET, _MARK_TABLE = "@@bucket@@", "@@table@@"
_OURS = {*MANAGED_BY_TAGS, "BodoCustomer"}


@cache
def _placeholder_patterns() -> tuple[re.Pattern[str], ...]:
    """Every resource string of a published version that holds a placeholder, as a pattern."""
    patterns = set()
    for document in published_versions().values():
        for _, resource in grants(fill_version(document, _MARK_BUCKET, _MARK_TABLE)):
            if _MARK_BUCKET in resource or _MARK_TABLE in resource:
                escaped = re.escape(resource).replace(re.escape(_MARK_BUCKET), _BUCKET)
                patterns.add(escaped.replace(re.escape(_MARK_TABLE), _TABLE))
    return tuple(re.compile(pattern) for pattern in sorted(patterns))


def placeholder_values(policy: Mapping[str, Json]) -> tuple[set[str], set[str]]:
    """(bucket names, table ARNs) found where the published policy has its placeholders."""
    buckets: set[str] = set()
    tables: set[str] = set()
    for _, resource in grants(policy):
        for pattern in _placeholder_patterns():
            match = pattern.fullmatch(resource)
            if match:
                found = match.groupdict()
                buckets.update([found["bucket"]] if found.get("bucket") else [])
                tables.update([found["table"]] if found.get("table") else [])
    return buckets, tables


@cache
def _bodo_sids() -> frozenset[str]:
    sids = set()
    for document in published_versions().values():
        for statement in fill_version(document, "b", "t").get("Statement", []):
            sids.add(str(statement.get("Sid", "")))
    return frozenset(sids - {""})


@dataclass
class Discovery:
    """The discovered spec and the notes its header carries."""

    document: dict[str, Json]
    source: str
    notes: list[str] = field(default_factory=list)

    def text(self) -> str:
        yaml = YAML()
        yaml.default_flow_style = False
        yaml.width = 4096
        body = io.StringIO()
        yaml.dump(self.document, body)
        header = [f"# Discovered by `bodocfg discover` from {self.source}."]
        header += [f"# {note}" for note in self.notes]
        header.append("# Next: `bodocfg adopt` this file, review its table and `bodocfg plan`, then apply.")
        return "\n".join(header) + "\n" + body.getvalue()


def _one(kind: str, field_name: str, values: Iterable[str], option: str, where: str) -> str:
    found = sorted(set(values))
    if len(found) == 1:
        return found[0]
    if not found:
        raise DiscoveryIncomplete(f"{field_name}: {where} names no {kind}; pass {option}")
    raise DiscoveryIncomplete(
        f"{field_name}: {where} names {len(found)} {kind}s ({', '.join(found)}); pass {option}"
    )


def _policy_name(role: RoleState, given: str | None) -> str:
    if given is not None:
        if given not in role.inline:
            known = ", ".join(sorted(role.inline)) or "none"
            raise DiscoveryIncomplete(
                f"role.policy_name: role {role.name} has no inline policy {given!r} (it has: {known})"
            )
        return given
    if not role.inline:
        raise DiscoveryIncomplete(
            f"role.policy_name: role {role.name} has no inline policy; bodocfg manages the Bodo "
            "policy inline, as the setup guide does (attach it inline, or pass --policy-name "
            "after adding one)"
        )
    reference = actions(fill_version(published_versions()[max(published_versions())], "b", "t"))
    bodo = [
        name for name, policy in role.inline.items() if len(actions(policy) & reference) * 2 > len(reference)
    ]
    return _one(
        "Bodo policy", "role.policy_name", bodo or role.inline, "--policy-name NAME", f"role {role.name}"
    )


def _trust(role: RoleState) -> tuple[str, str]:
    where = f"the trust policy of role {role.name}"
    account = _one(
        "trusted account",
        "platform_account_id",
        role.trusted_accounts(),
        "a role that trusts one account",
        where,
    )
    if not re.fullmatch(r"[0-9]{12}", account):
        raise DiscoveryIncomplete(f"platform_account_id: {where} trusts {account!r}, not an AWS account")
    external = _one(
        "sts:ExternalId", "external_id", role.external_ids(), "a trust with one External ID", where
    )
    return account, external


def _alarm_section(account: Account, customer: str, alarm: AlarmState, notes: list[str]) -> dict[str, Json]:
    topics = sorted({arn for arn in alarm.actions if ":sns:" in arn})
    topic_arn = _one(
        "SNS topic", "billing_alarm", topics, "an alarm that notifies one topic", f"alarm {alarm.name!r}"
    )
    threshold = int(alarm.threshold) if alarm.threshold.is_integer() else alarm.threshold
    counted = ", ".join(alarm.classes) or "no vCPU class"
    notes.append(
        f"Alarm {alarm.name!r} counts {counted}; the managed alarm(s) count every vCPU class "
        "(billing_alarm.classes narrows them)."
    )
    section: dict[str, Json] = {
        "vcpu_threshold": threshold,
        "period_seconds": alarm.period,
        "evaluation_periods": alarm.evaluation_periods,
    }
    topic = account.topic(topic_arn) if f":{account.region}:{account.account_id}:" in topic_arn else None
    others = [s for s in topic.subscriptions if s.protocol != "email"] if topic else []
    if topic is not None and topic.name == customer_topic_name(customer) and topic.emails and not others:
        section["emails"] = list(topic.emails)
        notes.append(
            f"Alarm {alarm.name!r} and its topic {topic.name} "
            f"(e-mails: {', '.join(topic.emails)}) are imported."
        )
    else:
        section["sns_topic_arn"] = topic_arn
        subscribers = f"{len(topic.subscriptions)} subscription(s)" if topic else "its subscriptions"
        notes.append(
            f"Alarm {alarm.name!r} notifies {topic_arn}; the managed alarm keeps notifying that topic and "
            f"its {subscribers}, so nobody re-confirms an e-mail and nobody gets one twice."
        )
    return section


def _alarm(account: Account, name: str | None) -> AlarmState | None:
    alarms = account.vcpu_alarms()
    if name is not None:
        chosen = [alarm for alarm in alarms if alarm.name == name]
        if not chosen:
            raise DiscoveryIncomplete(f"billing_alarm: no vCPU alarm named {name!r} in {account.region}")
        return chosen[0]
    if len(alarms) > 1:
        names = ", ".join(repr(alarm.name) for alarm in alarms)
        raise DiscoveryIncomplete(
            f"billing_alarm: {len(alarms)} EC2 vCPU alarms in {account.region} ({names}); pass --alarm NAME"
        )
    return alarms[0] if alarms else None


def _common_tags(*tag_sets: Mapping[str, str]) -> dict[str, str]:
    sets = [dict(tags) for tags in tag_sets]
    if not sets:
        return {}
    common = {k: v for k, v in sets[0].items() if all(other.get(k) == v for other in sets[1:])}
    return {k: common[k] for k in sorted(common) if k not in _OURS and not k.lower().startswith("aws:")}


def _bucket_and_table(
    account: Account, policy: Mapping[str, Json], where: str, bucket: str | None, table: str | None
) -> tuple[str, str]:
    buckets, table_arns = placeholder_values(policy)
    if bucket is None:
        bucket = _one("state bucket", "bucket.name", buckets, "--bucket NAME", where)
    if table is None:
        arn = _one("lock table", "lock_table.name", table_arns, "--lock-table NAME", where)
        _, _, _, region, owner, resource = arn.split(":", 5)
        if region != account.region or owner != account.account_id:
            raise DiscoveryIncomplete(
                f"lock_table.name: {where} names table {arn}, not one of account {account.account_id} in "
                f"{account.region}; pass --lock-table NAME"
            )
        table = resource.removeprefix("table/")
    return bucket, table


def discover(
    account: Account,
    *,
    customer: str,
    role_name: str,
    policy_name: str | None = None,
    bucket: str | None = None,
    lock_table: str | None = None,
    alarm_name: str | None = None,
) -> Discovery:
    role = account.role(role_name)
    where_account = f"account {account.account_id} in {account.region}"
    if role is None:
        existing = account.role_differing_in_case(role_name)
        hint = (
            f"there is {existing!r} (IAM role names ignore case): pass --role {existing}"
            if existing
            else "pass --role NAME"
        )
        raise DiscoveryIncomplete(f"role.name: no role {role_name!r} in account {account.account_id}; {hint}")
    platform, external_id = _trust(role)
    chosen = _policy_name(role, policy_name)
    policy = role.inline[chosen]
    bucket, lock_table = _bucket_and_table(
        account, policy, f"policy {chosen} of role {role_name}", bucket, lock_table
    )
    notes: list[str] = []
    table_arn = f"arn:aws:dynamodb:{account.region}:{account.account_id}:table/{lock_table}"
    match = nearest(policy, bucket, table_arn)
    notes.append(f"Policy {chosen}: {describe(match)}.")
    newest = profile().newest.version
    if match.version != newest:
        notes.append(
            f"The spec uses Bodo's newest policy ({newest}); to keep {match.version} for now, "
            f"add `reference: {match.version}`."
        )
    extra = [
        s.get("Sid") or "(no Sid)" for s in policy.get("Statement", []) if s.get("Sid") not in _bodo_sids()
    ]
    if extra:
        notes.append(
            f"Statements {', '.join(map(str, extra))} are in no published Bodo policy and are "
            "NOT carried over: copy them to role.additional_statements to keep them."
        )
    found_bucket = account.bucket(bucket)
    found_table = account.table(lock_table)
    tag_sets: list[Mapping[str, str]] = [role.tags]
    if not found_bucket.owned:
        state = "owned by another account" if found_bucket.exists else "not found; bodocfg will create it"
        notes.append(f"Bucket {bucket}: {state}.")
    else:
        tag_sets.append(account.bucket_tags(bucket))
        foreign = foreign_bucket_statements(found_bucket)
        if foreign:
            sids = ", ".join(str(s["Sid"]) for s in foreign if s.get("Sid")) or "without Sids"
            notes.append(
                f"Bucket {bucket}'s policy has {len(foreign)} statement(s) ({sids}) besides denying "
                "requests without TLS, NOT carried over: copy them to bucket.policy_statements (each "
                "with its reason) to keep them; else `adopt` refuses until --replace-bucket-policy."
            )
    if found_table is None:
        notes.append(f"Table {lock_table}: not found in {account.region}; bodocfg will create it.")
    else:
        tag_sets.append(found_table.tags)
    document: dict[str, Json] = {
        "customer": customer,
        "region": account.region,
        "external_id": external_id,
        "platform_account_id": platform,
        "bucket": {"name": bucket},
        "lock_table": {"name": lock_table},
        "role": {"name": role_name, "policy_name": chosen},
    }
    alarm = _alarm(account, alarm_name)
    if alarm is None:
        notes.append(f"No EC2 vCPU alarm in {account.region}: the spec has no billing_alarm.")
    else:
        document["billing_alarm"] = _alarm_section(account, customer, alarm, notes)
    tags = _common_tags(*tag_sets)
    if tags:
        document["tags"] = tags
    _check(document)
    return Discovery(document, f"{where_account}, role {role_name}", notes)


def _check(document: dict[str, Json]) -> None:
    """The spec must pass `bodocfg validate`; a value that would not is named, never written."""
    issues = [(i.field, i.message) for i in schema_issues(document)] or [
        (i.field, i.message) for i in rule_issues(document)
    ]
    if issues:
        lines = [f"{'.'.join(map(str, where)) or '(spec)'}: {message}" for where, message in issues]
        raise DiscoveryIncomplete("the account's values do not make a valid spec:\n" + "\n".join(lines))

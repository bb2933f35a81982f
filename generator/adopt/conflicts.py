"""Why an existing resource cannot be adopted as it is: one Conflict per reason, naming the spec field.

- the lock table's key is not `LockID` (String): a key cannot change, the Bodo Platform needs it;
- the bucket is another account's, or in another region than the spec's;
- the role trusts another platform account, or another External ID, than the spec names
  (importing would rewrite the trust and lock the Bodo Platform out);
- a resource belongs to a CloudFormation stack: deleting the stack later would delete it;
- an EC2 vCPU alarm no managed alarm takes over: it would duplicate the e-mails;
- the spec's role does not exist but one differing only in letter case does: IAM names ignore
  case, so the role could not be created (the local AWS accepts it; AWS does not);
- the bucket's policy has statements besides the one bodocfg writes (deny requests without TLS)
  and the spec's `bucket.policy_statements`: the first apply would replace the policy and remove
  what they grant, so they go into the spec, or `--replace-bucket-policy` says they may go.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator.adopt.account import Account
from generator.adopt.alarms import match_alarms
from generator.adopt.model import AlarmState, BucketState, Json, RoleState, TableState
from generator.components.lock_table import HASH_KEY, HASH_KEY_TYPE
from generator.spec import CustomerSpec


@dataclass(frozen=True)
class Conflict:
    field: str
    message: str

    def line(self, spec: CustomerSpec) -> str:
        return f"{spec.source}: {self.field}: {self.message}"


def _is_tls_deny(statement: Mapping[str, Json], bucket: str) -> bool:
    """Whether a statement is the one bodocfg's bucket policy holds, whatever its Sid: Deny
    everyone every S3 action on the bucket and its objects without TLS."""
    resources = statement.get("Resource")
    listed = (
        {resources}
        if isinstance(resources, str)
        else set(resources)
        if isinstance(resources, list)
        else set()
    )
    condition = statement.get("Condition")
    secure = condition.get("Bool", {}).get("aws:SecureTransport") if isinstance(condition, Mapping) else None
    return (
        statement.get("Effect") == "Deny"
        and statement.get("Principal") in ("*", {"AWS": "*"})
        and str(statement.get("Action")).lower() == "s3:*"
        and {str(r).split(":", 5)[-1] for r in listed} == {bucket, f"{bucket}/*"}
        and all(str(r).startswith("arn:") for r in listed)
        and str(secure).lower() == "false"
    )


def _content(statement: Mapping[str, Json]) -> str:
    """A statement as compared with the spec's: Sid aside, one value or a list alike, in any order."""
    plain: dict[str, Json] = {}
    for key, value in statement.items():
        if key == "Sid":
            continue
        if key in ("Action", "NotAction", "Resource", "NotResource"):
            value = sorted([value] if isinstance(value, str) else value)
        elif key in ("Principal", "NotPrincipal") and isinstance(value, Mapping):
            value = {k: sorted([v] if isinstance(v, str) else v) for k, v in value.items()}
        plain[key] = value
    return json.dumps(plain, sort_keys=True)


def foreign_bucket_statements(
    bucket: BucketState, kept: Sequence[Mapping[str, Json]] = ()
) -> list[Mapping[str, Json]]:
    """The statements of the bucket's policy that the first apply would remove: neither the TLS
    deny bodocfg writes nor one of `kept` (the spec's `bucket.policy_statements`)."""
    if bucket.policy is None:
        return []
    statements = bucket.policy.get("Statement", [])
    listed = statements if isinstance(statements, list) else [statements]
    spec_keeps = {_content(s) for s in kept}
    return [
        s
        for s in listed
        if isinstance(s, Mapping) and not _is_tls_deny(s, bucket.name) and _content(s) not in spec_keeps
    ]


def _bucket_policy(spec: CustomerSpec, bucket: BucketState, replace: bool) -> list[Conflict]:
    foreign = foreign_bucket_statements(bucket, spec.bucket_statements)
    if replace or not foreign:
        return []
    sids = [str(s["Sid"]) for s in foreign if s.get("Sid")]
    named = f" ({', '.join(sids)})" if sids else ""
    return [
        Conflict(
            "bucket.name",
            f"bucket {bucket.name}'s policy has {len(foreign)} statement(s){named} besides denying "
            "requests without TLS; the first apply would replace the policy and remove what they grant: "
            "keep them in the spec's bucket.policy_statements, each with its reason "
            f"(`aws s3api get-bucket-policy --bucket {bucket.name}` shows them), or adopt with "
            "--replace-bucket-policy to let them go",
        )
    ]


def _table(table: TableState | None) -> list[Conflict]:
    if table is None or table.key_schema == ((HASH_KEY, "HASH", HASH_KEY_TYPE),):
        return []
    keys = ", ".join(f"{name} ({kind}, {type_})" for name, kind, type_ in table.key_schema)
    return [
        Conflict(
            "lock_table.name",
            f"table {table.name} has key {keys}; the Bodo Platform needs partition key "
            f"{HASH_KEY} ({HASH_KEY_TYPE}) only, and a table's key cannot change: "
            "name a new table in the spec (the old one stays as it is)",
        )
    ]


def _bucket(spec: CustomerSpec, bucket: BucketState) -> list[Conflict]:
    if bucket.exists and not bucket.owned:
        return [
            Conflict(
                "bucket.name",
                f"bucket {bucket.name} belongs to another account; bucket names are global: choose another",
            )
        ]
    if bucket.owned and bucket.region != spec.region:
        return [
            Conflict(
                "bucket.name",
                f"bucket {bucket.name} is in {bucket.region}, not the spec's region {spec.region}; "
                "a bucket cannot move: use the bucket's region or another bucket",
            )
        ]
    return []


def _role(spec: CustomerSpec, role: RoleState | None) -> list[Conflict]:
    if role is None:
        return []
    found: list[Conflict] = []
    accounts = role.trusted_accounts()
    if accounts != {spec.platform_account_id}:
        found.append(
            Conflict(
                "platform_account_id",
                f"role {role.name} trusts account(s) {', '.join(sorted(accounts)) or 'none'}, "
                f"not {spec.platform_account_id}; adopting would hand the role to another account",
            )
        )
    externals = role.external_ids()
    if externals and externals != {spec.external_id}:
        found.append(
            Conflict(
                "external_id",
                f"role {role.name} requires External ID {', '.join(sorted(externals))}, not the spec's; "
                "adopting would lock the Bodo Platform out (copy the External ID from the role "
                "or the Cloud Configuration form)",
            )
        )
    return found


def role_case_message(wanted: str, existing: str) -> str:
    """Why `wanted` cannot be created while `existing` (the same name in another case) exists."""
    return (
        f"role {existing} exists, and IAM role names ignore case: {wanted} cannot be created beside it "
        "(AWS answers EntityAlreadyExists; the local AWS accepts it): set role.name to "
        f"{existing} to adopt that role, or choose another name"
    )


def _role_case(spec: CustomerSpec, account: Account, role: RoleState | None) -> list[Conflict]:
    if role is not None:
        return []
    existing = account.role_differing_in_case(spec.role_name)
    return [Conflict("role.name", role_case_message(spec.role_name, existing))] if existing else []


def _alarms(spec: CustomerSpec, alarms: list[AlarmState]) -> list[Conflict]:
    left = match_alarms(spec, alarms)[1] if spec.billing_alarm is not None else []
    if not left:
        return []
    names = ", ".join(repr(alarm.name) for alarm in left)
    return [
        Conflict(
            "billing_alarm",
            f"EC2 vCPU alarm(s) {names} in {spec.region} would stay beside the managed alarm(s) and send "
            "the same e-mails again (each managed alarm takes over one): delete them, then adopt",
        )
    ]


def _stacks(
    spec: CustomerSpec, account: Account, found: list[tuple[str, str, tuple[str, ...]]]
) -> list[Conflict]:
    conflicts = []
    for field, what, ids in found:
        member = account.stack_of(*ids)
        if member is not None:
            conflicts.append(
                Conflict(
                    field,
                    f"{what} belongs to CloudFormation stack {member.stack} (logical id "
                    f"{member.logical_id}); deleting the stack would delete it: set DeletionPolicy: "
                    f"Retain on {member.logical_id}, update the stack, "
                    "delete the stack (the resource stays), then adopt",
                )
            )
    return conflicts


def conflicts(
    spec: CustomerSpec,
    account: Account,
    bucket: BucketState,
    table: TableState | None,
    role: RoleState | None,
    alarms: list[AlarmState],
    replace_bucket_policy: bool = False,
) -> list[Conflict]:
    """Every reason the spec's existing resources cannot be adopted (empty: adopt);
    `replace_bucket_policy`: the user has said the bucket policy's other statements may go."""
    members: list[tuple[str, str, tuple[str, ...]]] = []
    if bucket.owned:
        members.append(("bucket.name", f"bucket {bucket.name}", (bucket.name,)))
    if table is not None:
        members.append(("lock_table.name", f"table {table.name}", (table.name, table.arn)))
    if role is not None:
        members.append(("role.name", f"role {role.name}", (role.name, role.arn)))
    if spec.billing_alarm is not None:
        for alarm in alarms:
            members.append(("billing_alarm", f"alarm {alarm.name!r}", (alarm.name, alarm.arn)))
    return [
        *_table(table),
        *_bucket(spec, bucket),
        *(
            _bucket_policy(spec, bucket, replace_bucket_policy)
            if bucket.owned and bucket.region == spec.region
            else []
        ),
        *_role(spec, role),
        *_role_case(spec, account, role),
        *_alarms(spec, alarms),
        *_stacks(spec, account, members),
    ]

"""What `plan` and `apply` check so an existing setup is adopted, never recreated or lost.

    lines = unadopted(module, target)     # existing bucket/table/role the module would try to create

`unadopted` runs before terraform plans or applies: a rendered module whose state does not hold
its bucket, lock table or role (or the alarm topic and its key's alias, when it creates them),
and whose imports.tf does not import them, while the account already has them, would fail
half-way through an apply; each such resource is one line pointing to `bodocfg adopt`. So is a
role that exists under the spec's role name in another letter case (IAM names ignore case:
creating it would fail). The state is read where terraform keeps it (the module's
terraform.tfstate, or the spec's S3 backend object), without terraform. A module without
bodocfg's header (hand-written) is not checked. A plan that imports a resource and would then
replace or delete it is refused by `generator.guard` like any other.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from generator.aws import AwsTarget, translate_errors
from generator.components.topic import key_alias, topic_name
from generator.header import spec_named_by
from generator.render import IMPORTS_FILE
from generator.spec import CustomerSpec, load_spec

_IMPORT_TO = re.compile(r"^\s*to\s*=\s*(\S+)\s*$", re.MULTILINE)


def module_spec(module: Path) -> CustomerSpec | None:
    """The spec a rendered module names in its generated files' header, or None (not bodocfg's,
    or its spec is gone: the stale-module guard reports that)."""
    source = spec_named_by(module)
    if source is None:
        return None
    source = Path(os.path.normpath(source))
    return load_spec(source) if source.is_file() else None


def imported_addresses(module: Path) -> set[str]:
    path = module / IMPORTS_FILE
    return set(_IMPORT_TO.findall(path.read_text(encoding="utf-8"))) if path.is_file() else set()


def _addresses(state: Any) -> set[str]:
    resources = state.get("resources", []) if isinstance(state, dict) else []
    return {
        f"{r['type']}.{r['name']}" for r in resources if r.get("mode") == "managed" and r.get("instances")
    }


def state_addresses(module: Path, spec: CustomerSpec, target: AwsTarget) -> set[str]:
    """Managed resources in the module's state (its S3 backend object, or terraform.tfstate)."""
    if spec.state is None:
        path = module / "terraform.tfstate"
        return _addresses(json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else set()
    backend = spec.state
    with translate_errors(f"reading the state s3://{backend.bucket}/{backend.key(spec.customer)}"):
        from botocore.exceptions import ClientError

        try:
            body = target.client("s3", backend.region).get_object(
                Bucket=backend.bucket, Key=backend.key(spec.customer)
            )["Body"]
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}:
                return set()
            raise
        return _addresses(json.loads(body.read()))


def unadopted(module: Path, target: AwsTarget) -> list[str]:
    """One line per existing bucket, table or role the module would try to create."""
    spec = module_spec(module)
    if spec is None:
        return []
    known = state_addresses(module, spec, target) | imported_addresses(module)
    wanted = {
        "aws_s3_bucket.state": ("bucket.name", f"bucket {spec.bucket_name}"),
        "aws_dynamodb_table.lock": ("lock_table.name", f"table {spec.lock_table_name}"),
        "aws_iam_role.bodo_platform": ("role.name", f"role {spec.role_name}"),
    }
    if spec.billing_alarm is not None and spec.billing_alarm.creates_topic:
        # AWS refuses to create the topic again with another key ("Topic already exists with
        # different attributes"; the local AWS returns the old topic and changes its key), and the
        # key's alias again (AlreadyExistsException), half-way through the apply.
        wanted["aws_sns_topic.alarm"] = ("billing_alarm", f"topic {topic_name(spec)}")
        wanted["aws_kms_alias.alarm_topic"] = ("billing_alarm", f"key alias {key_alias(spec)}")
    if set(wanted) <= known:
        return []
    from generator.adopt.account import Account

    account = Account(target, spec.region)
    lines = []
    with translate_errors(f"looking for {spec.customer}'s existing resources in {spec.region}"):
        for address, (field, what) in wanted.items():
            if address in known:
                continue
            if address == "aws_s3_bucket.state":
                bucket = account.bucket(spec.bucket_name)
                exists, ours = bucket.exists, bucket.owned
            elif address == "aws_dynamodb_table.lock":
                exists = ours = account.table(spec.lock_table_name) is not None
            elif address == "aws_sns_topic.alarm":
                arn = account.topic_arn(topic_name(spec))
                exists = ours = account.topic(arn) is not None
            elif address == "aws_kms_alias.alarm_topic":
                exists = ours = account.key_alias(key_alias(spec)) is not None
            else:
                exists = ours = account.role(spec.role_name) is not None
                existing = None if exists else account.role_differing_in_case(spec.role_name)
                if existing is not None:
                    from generator.adopt.conflicts import role_case_message

                    lines.append(f"{spec.source}: {field}: {role_case_message(spec.role_name, existing)}")
                    continue
            if exists and ours:
                lines.append(
                    f"{spec.source}: {field}: {what} already exists in account {account.account_id} "
                    f"and is not in {module}'s state: run `bodocfg adopt {spec.source} "
                    f"--out {module.parent}` to import it"
                )
            elif exists:
                lines.append(
                    f"{spec.source}: {field}: {what} belongs to another account: choose another name"
                )
    return lines

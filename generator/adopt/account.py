"""What a customer's account already holds, read with read-only boto3 calls, as typed objects.

    account = Account(target, "us-east-2")
    account.bucket("acme-bodo-state")      # BucketState (exists / owned / region / settings)
    account.table("acme-bodo-lock")        # TableState or None
    account.role("BodoPlatformUser")       # RoleState or None (trust + inline policies)
    account.role_differing_in_case("BodoPlatformUser")  # "bodoplatformuser" when that exists
    account.vcpu_alarms()                  # every alarm on AWS/Usage ResourceCount vCPU in the region
    account.stack_of("acme-bodo-state")    # the CloudFormation stack holding a resource, or None

Raw responses stop here. Every call is a Get/List/Describe; nothing is ever changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import cached_property
from typing import Any

from botocore.exceptions import ClientError

from generator.adopt.model import (
    AlarmState,
    BucketState,
    RoleState,
    StackMember,
    Subscription,
    TableState,
    TopicState,
    alarm_state,
    document,
)
from generator.aws import AwsTarget

Json = Any
_ABSENT_CODES = ("NoSuch", "NotFound", "ResourceNotFound")
_ABSENT_EXACT = {"404", "NoSuchEntity", "ServerSideEncryptionConfigurationNotFoundError"}


def _absent(error: ClientError) -> bool:
    code = str(error.response.get("Error", {}).get("Code", ""))
    return code in _ABSENT_EXACT or any(marker in code for marker in _ABSENT_CODES)


def _or_none(call: Callable[[], Json]) -> Json:
    """The response, or None when the thing asked about does not exist."""
    try:
        return call()
    except ClientError as error:
        if _absent(error):
            return None
        raise


class Account:
    """Read-only views of one account in one region; each answer is read once."""

    def __init__(self, target: AwsTarget, region: str) -> None:
        self.target = target
        self.region = region
        self._clients: dict[str, Any] = {}

    def _client(self, service: str) -> Any:
        if service not in self._clients:
            self._clients[service] = self.target.client(service, self.region)
        return self._clients[service]

    @cached_property
    def account_id(self) -> str:
        return str(self._client("sts").get_caller_identity()["Account"])

    @cached_property
    def _owned_buckets(self) -> frozenset[str]:
        return frozenset(b["Name"] for b in self._client("s3").list_buckets().get("Buckets", []))

    def bucket(self, name: str) -> BucketState:
        s3 = self._client("s3")
        if name not in self._owned_buckets:
            try:
                s3.head_bucket(Bucket=name)
            except ClientError as error:
                code = str(error.response.get("Error", {}).get("Code", ""))
                return BucketState(name, exists=code not in {"404", "NoSuchBucket", "NotFound"}, owned=False)
            return BucketState(name, exists=True, owned=False)
        region = s3.get_bucket_location(Bucket=name).get("LocationConstraint") or "us-east-1"
        if region != self.region:
            return BucketState(name, exists=True, owned=True, region=region)
        encryption = _or_none(lambda: s3.get_bucket_encryption(Bucket=name))
        rules = (encryption or {}).get("ServerSideEncryptionConfiguration", {}).get("Rules", [])
        block = _or_none(lambda: s3.get_public_access_block(Bucket=name))
        ownership = _or_none(lambda: s3.get_bucket_ownership_controls(Bucket=name))
        policy = _or_none(lambda: s3.get_bucket_policy(Bucket=name))
        listing = s3.list_objects_v2(Bucket=name, MaxKeys=1000)
        return BucketState(
            name,
            exists=True,
            owned=True,
            region=region,
            versioning=s3.get_bucket_versioning(Bucket=name).get("Status"),
            encryption=(
                str(rules[0].get("ApplyServerSideEncryptionByDefault", {}).get("SSEAlgorithm")),
                bool(rules[0].get("BucketKeyEnabled")),
            )
            if rules
            else None,
            public_access_block=dict(block["PublicAccessBlockConfiguration"]) if block else None,
            ownership=ownership["OwnershipControls"]["Rules"][0]["ObjectOwnership"] if ownership else None,
            policy=document(policy["Policy"]) if policy else None,
            objects=int(listing.get("KeyCount", 0)),
        )

    def table(self, name: str) -> TableState | None:
        dynamodb = self._client("dynamodb")
        found = _or_none(lambda: dynamodb.describe_table(TableName=name))
        if found is None:
            return None
        table = found["Table"]
        types = {a["AttributeName"]: a["AttributeType"] for a in table.get("AttributeDefinitions", [])}
        backups = _or_none(lambda: dynamodb.describe_continuous_backups(TableName=name)) or {}
        pitr = backups.get("ContinuousBackupsDescription", {}).get("PointInTimeRecoveryDescription", {})
        tags = dynamodb.list_tags_of_resource(ResourceArn=table["TableArn"]).get("Tags", [])
        return TableState(
            name=name,
            arn=table["TableArn"],
            key_schema=tuple(
                (k["AttributeName"], k["KeyType"], types.get(k["AttributeName"], "?"))
                for k in table["KeySchema"]
            ),
            billing_mode=table.get("BillingModeSummary", {}).get("BillingMode", "PROVISIONED"),
            deletion_protection=bool(table.get("DeletionProtectionEnabled")),
            point_in_time_recovery=pitr.get("PointInTimeRecoveryStatus") == "ENABLED",
            sse=(table.get("SSEDescription") or {}).get("SSEType"),
            tags={t["Key"]: t["Value"] for t in tags},
        )

    def role(self, name: str) -> RoleState | None:
        iam = self._client("iam")
        found = _or_none(lambda: iam.get_role(RoleName=name))
        if found is None or found["Role"]["RoleName"] != name:  # another case of it: not this role
            return None
        role = found["Role"]
        names = [
            n
            for page in iam.get_paginator("list_role_policies").paginate(RoleName=name)
            for n in page["PolicyNames"]
        ]
        inline = {
            n: document(iam.get_role_policy(RoleName=name, PolicyName=n)["PolicyDocument"]) for n in names
        }
        return RoleState(
            name=name,
            arn=role["Arn"],
            trust=document(role["AssumeRolePolicyDocument"]),
            inline=inline,
            description=str(role.get("Description", "")),
            max_session_duration=int(role.get("MaxSessionDuration", 3600)),
            tags={t["Key"]: t["Value"] for t in iam.list_role_tags(RoleName=name).get("Tags", [])},
        )

    @cached_property
    def _role_names(self) -> dict[str, str]:
        """Every role of the account by its lower-cased name (one listing per account, in pages of
        IAM's largest size: plan asks this for every new customer, whose role does not exist yet)."""
        pages = self._client("iam").get_paginator("list_roles").paginate(PaginationConfig={"PageSize": 1000})
        return {
            role["RoleName"].lower(): role["RoleName"] for page in pages for role in page.get("Roles", [])
        }

    def role_differing_in_case(self, name: str) -> str | None:
        """The name of a role that is `name` but for letter case. IAM names ignore case (CreateRole:
        "Names are not distinguished by case"), so while it exists `name` cannot be created: AWS
        answers EntityAlreadyExists (the local AWS accepts it)."""
        found = self._role_names.get(name.lower())
        return found if found is not None and found != name else None

    def vcpu_alarms(self) -> list[AlarmState]:
        pages = (
            self._client("cloudwatch").get_paginator("describe_alarms").paginate(AlarmTypes=["MetricAlarm"])
        )
        found = (alarm_state(raw) for page in pages for raw in page.get("MetricAlarms", []))
        return sorted((alarm for alarm in found if alarm is not None), key=lambda alarm: alarm.name)

    def topic_arn(self, name: str) -> str:
        """The ARN a topic of this name has in this account and region."""
        return f"arn:aws:sns:{self.region}:{self.account_id}:{name}"

    def topic(self, arn: str) -> TopicState | None:
        sns = self._client("sns")
        attributes = _or_none(lambda: sns.get_topic_attributes(TopicArn=arn))
        if attributes is None:
            return None
        pages = sns.get_paginator("list_subscriptions_by_topic").paginate(TopicArn=arn)
        subscriptions = tuple(
            Subscription(s["Protocol"], s["Endpoint"], s["SubscriptionArn"])
            for page in pages
            for s in page.get("Subscriptions", [])
        )
        values = attributes["Attributes"]
        return TopicState(
            arn, document(values.get("Policy", "{}")), values.get("KmsMasterKeyId"), subscriptions
        )

    def key_alias(self, alias: str) -> str | None:
        """The key id an alias points at, or None."""
        pages = self._client("kms").get_paginator("list_aliases").paginate()
        for page in pages:
            for entry in page.get("Aliases", []):
                if entry["AliasName"] == alias and entry.get("TargetKeyId"):
                    return str(entry["TargetKeyId"])
        return None

    def bucket_tags(self, name: str) -> dict[str, str]:
        tagging = _or_none(lambda: self._client("s3").get_bucket_tagging(Bucket=name)) or {}
        return {t["Key"]: t["Value"] for t in tagging.get("TagSet", [])}

    @cached_property
    def _stack_members(self) -> Mapping[str, StackMember]:
        """Physical id -> the stack holding it, for every live stack in the region."""
        cloudformation = self._client("cloudformation")
        members: dict[str, StackMember] = {}
        for stack in _live_stacks(cloudformation):
            pages = cloudformation.get_paginator("list_stack_resources").paginate(StackName=stack)
            for page in pages:
                for resource in page.get("StackResourceSummaries", []):
                    physical = resource.get("PhysicalResourceId")
                    if physical and resource.get("ResourceStatus") != "DELETE_COMPLETE":
                        members[physical] = StackMember(
                            stack, resource["LogicalResourceId"], resource["ResourceType"]
                        )
        return members

    def stack_of(self, *physical_ids: str) -> StackMember | None:
        """The CloudFormation stack one of these ids (name or ARN) belongs to, or None."""
        for physical in physical_ids:
            if physical in self._stack_members:
                return self._stack_members[physical]
        return None


def _live_stacks(cloudformation: Any) -> Iterator[str]:
    for page in cloudformation.get_paginator("list_stacks").paginate():
        for summary in page.get("StackSummaries", []):
            if summary.get("StackStatus") != "DELETE_COMPLETE":
                yield str(summary["StackName"])

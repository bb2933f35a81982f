"""An account set up by hand, the way the setup guide has a person do it in the console.

`bodocfg demo` builds one in the local AWS to show `discover` and `adopt`; the tests build the
same and their variations. The steps, as boto3 calls: a bucket with default settings holding
the platform's objects, a provisioned lock table (LockID, String) holding a lock, the
`BodoPlatformUser` role trusting Bodo's account with the External ID and an older published
Bodo policy inline, and from the CloudWatch console a vCPU alarm with a new topic and an
e-mail subscription.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from generator.adopt.policies import fill_version, published_versions
from generator.aws import AwsTarget
from generator.vendor.profile import profile

CONSOLE_DIMENSIONS = {"Service": "EC2", "Type": "Resource", "Resource": "vCPU", "Class": "Standard/OnDemand"}
"""The metric the setup guide picks in the console (running On-Demand standard-class vCPUs)."""


@dataclass(frozen=True)
class HandMade:
    name: str
    """Prefix of every name: <name>-bodo-state, <name>-bodo-lock, <name> alerts ..."""
    region: str = "us-east-2"
    external_id: str = "5f1d7c2e-hand-made-0001"
    policy_version: str = ""
    """"" for the version before the newest (a customer who set up before the last update)."""
    role_name: str = "BodoPlatformUser"
    policy_name: str = "Bodo-Platform-User-Policy"
    platform_account: str = ""
    """"" for the vendor profile's platform account (Bodo's)."""
    alarm: bool = True
    email: str = "ops@example.com"

    @property
    def bucket(self) -> str:
        return f"{self.name}-bodo-state"

    @property
    def table(self) -> str:
        return f"{self.name}-bodo-lock"

    @property
    def alarm_name(self) -> str:
        return f"{self.name} EC2 vCPU usage"

    @property
    def topic(self) -> str:
        return f"{self.name}-billing-alerts"

    def trust(self) -> dict[str, object]:
        return {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {
                        "AWS": f"arn:aws:iam::{self.platform_account or profile().platform_account}:root"
                    },
                    "Action": "sts:AssumeRole",
                    "Condition": {"StringEquals": {"sts:ExternalId": self.external_id}},
                }
            ],
        }

    @property
    def version(self) -> str:
        return self.policy_version or profile().policies[-2].version

    def policy(self, account: str) -> str:
        table_arn = f"arn:aws:dynamodb:{self.region}:{account}:table/{self.table}"
        return json.dumps(fill_version(published_versions()[self.version], self.bucket, table_arn))


def build_role(target: AwsTarget, hand: HandMade) -> None:
    """Setup guide, IAM: the role trusting Bodo with the External ID, the Bodo policy inline."""
    account = target.client("sts", hand.region).get_caller_identity()["Account"]
    iam = target.client("iam", hand.region)
    iam.create_role(RoleName=hand.role_name, AssumeRolePolicyDocument=json.dumps(hand.trust()))
    iam.put_role_policy(
        RoleName=hand.role_name, PolicyName=hand.policy_name, PolicyDocument=hand.policy(account)
    )


def build(target: AwsTarget, hand: HandMade, *, objects: int = 3) -> None:
    """Everything the setup guide has a person create, with the platform's data in it."""
    s3 = target.client("s3", hand.region)
    location = (
        {}
        if hand.region == "us-east-1"
        else {"CreateBucketConfiguration": {"LocationConstraint": hand.region}}
    )
    s3.create_bucket(Bucket=hand.bucket, **location)
    for number in range(objects):
        s3.put_object(Bucket=hand.bucket, Key=f"clusters/c{number}/state.json", Body=b'{"nodes": 4}')
    dynamodb = target.client("dynamodb", hand.region)
    dynamodb.create_table(
        TableName=hand.table,
        AttributeDefinitions=[{"AttributeName": "LockID", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "LockID", "KeyType": "HASH"}],
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
    )
    dynamodb.put_item(TableName=hand.table, Item={"LockID": {"S": "clusters/c0"}, "Digest": {"S": "abc"}})
    build_role(target, hand)
    if not hand.alarm:
        return
    sns = target.client("sns", hand.region)
    topic = sns.create_topic(Name=hand.topic)["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint=hand.email)
    console_alarm(target, hand.region, hand.alarm_name, topic)


def console_alarm(
    target: AwsTarget,
    region: str,
    name: str,
    topic: str | None = None,
    *,
    threshold: float = 1000,
    period: int = 300,
    evaluation_periods: int = 1,
) -> None:
    """A vCPU alarm as the CloudWatch console makes it (metric picked, threshold, optional topic)."""
    target.client("cloudwatch", region).put_metric_alarm(
        AlarmName=name,
        Namespace="AWS/Usage",
        MetricName="ResourceCount",
        Dimensions=[{"Name": key, "Value": value} for key, value in CONSOLE_DIMENSIONS.items()],
        Statistic="Maximum",
        Period=period,
        EvaluationPeriods=evaluation_periods,
        Threshold=threshold,
        ComparisonOperator="GreaterThanThreshold",
        AlarmActions=[topic] if topic else [],
    )

"""Existing resources that cannot be adopted as they are: exit 1, one line per conflict naming the
spec field, nothing written. Read against the local AWS with boto3 only (no terraform), except the
plan that would import and then replace a table, which is refused by `plan` itself."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.adopt.handmade import HandMade, build_role, console_alarm
from generator.aws import AwsTarget
from generator.cli import main
from generator.localaws import LocalAws
from generator.terraform.artifacts import PLAN_FILE, RECORD_FILE
from tests.adopt.conftest import pipeline_reader, unique

pytestmark = [pytest.mark.aws]
REGION = "us-east-2"
EXTERNAL_ID = "5f1d7c2e-hand-made-0001"


def _spec(customers: Path, name: str, extra: str = "") -> Path:
    path = customers / f"{name}.yaml"
    path.write_text(f"customer: {name}\nregion: {REGION}\nexternal_id: {EXTERNAL_ID}\n{extra}")
    return path


def _table(target: AwsTarget, name: str, key: str = "LockID") -> None:
    target.client("dynamodb", REGION).create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"}],
        KeySchema=[{"AttributeName": key, "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
    )


def _bucket(target: AwsTarget, name: str, region: str = REGION) -> None:
    target.client("s3", region).create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": region}
    )


def _quick_start(target: AwsTarget, name: str) -> None:
    """Bodo's CloudFormation quick start, in short: bucket, lock table and role in one stack."""
    hand = HandMade(name)
    template = {
        "Resources": {
            "StateBucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": hand.bucket}},
            "LockTable": {
                "Type": "AWS::DynamoDB::Table",
                "Properties": {
                    "TableName": hand.table,
                    "AttributeDefinitions": [{"AttributeName": "LockID", "AttributeType": "S"}],
                    "KeySchema": [{"AttributeName": "LockID", "KeyType": "HASH"}],
                    "BillingMode": "PAY_PER_REQUEST",
                },
            },
            "PlatformRole": {
                "Type": "AWS::IAM::Role",
                "Properties": {"RoleName": f"{name}-role", "AssumeRolePolicyDocument": hand.trust()},
            },
        }
    }
    target.client("cloudformation", REGION).create_stack(
        StackName=f"{name}-quick-start", TemplateBody=json.dumps(template)
    )


def test_conflicts_refuse_adoption_with_one_line_each_and_write_nothing(
    account: AwsTarget, aws_env: LocalAws, customers: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong_key, west, foreign, trust, stack, alarms, case = (
        unique(p) for p in ("key", "west", "foreign", "trust", "cfn", "alarms", "case")
    )
    _table(account, f"{wrong_key}-bodo-lock", key="id")
    _spec(customers, wrong_key)
    _bucket(account, f"{west}-bodo-state", region="us-west-2")
    _spec(customers, west)
    _bucket(aws_env.account("210987654321"), f"{foreign}-bodo-state")
    _spec(customers, foreign)
    build_role(account, HandMade(trust, role_name=f"{trust}-role", platform_account="111122223333"))
    _spec(customers, trust, f"role:\n  name: {trust}-role\n")
    _quick_start(account, stack)
    _spec(customers, stack, f"role:\n  name: {stack}-role\n")
    console_alarm(account, REGION, f"{alarms} vCPU (team a)", threshold=500)
    console_alarm(account, REGION, f"{alarms} vCPU (team b)", threshold=500)
    _spec(customers, alarms, "billing_alarm:\n  vcpu_threshold: 500\n  emails: [ops@example.com]\n")
    build_role(account, HandMade(case, role_name=f"{case}-Role"))  # the spec says {case}-role
    _spec(customers, case, f"role:\n  name: {case}-role\n")

    modules = tmp_path / "modules"
    assert main(["adopt", str(customers), "--out", str(modules)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("bodocfg: error: adoption refused; nothing was written\n")
    lines = err.splitlines()[1:]

    def line(name: str, field: str) -> str:
        prefix = f"{customers / name}.yaml: {field}: "
        found = [text for text in lines if text.startswith(prefix)]
        assert len(found) == 1, (prefix, lines)
        return found[0]

    assert "has key id (HASH, S); the Bodo Platform needs partition key LockID (S)" in line(
        wrong_key, "lock_table.name"
    )
    assert f"is in us-west-2, not the spec's region {REGION}" in line(west, "bucket.name")
    assert "belongs to another account" in line(foreign, "bucket.name")
    assert "trusts account(s) 111122223333, not 481633624848" in line(trust, "platform_account_id")
    for field, logical in (
        ("bucket.name", "StateBucket"),
        ("lock_table.name", "LockTable"),
        ("role.name", "PlatformRole"),
    ):
        text = line(stack, field)
        assert f"belongs to CloudFormation stack {stack}-quick-start (logical id {logical})" in text
        assert f"set DeletionPolicy: Retain on {logical}, update the stack, delete the stack" in text
    text = line(alarms, "billing_alarm")
    assert (
        f"EC2 vCPU alarm(s) '{alarms} vCPU (team b)' in us-east-2 would stay beside the managed alarm(s)"
        in text
    )
    assert (
        f"role {case}-Role exists, and IAM role names ignore case: {case}-role cannot be created beside it"
        " (AWS answers EntityAlreadyExists; the local AWS accepts it)" in line(case, "role.name")
    )
    assert len(lines) == 9
    assert not modules.exists()


def _bucket_policy(target: AwsTarget, bucket: str, *extra: dict[str, object]) -> None:
    deny = {
        "Sid": "TlsOnly",  # another Sid than bodocfg's: the content is what counts
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{bucket}/*", f"arn:aws:s3:::{bucket}"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    policy = {"Version": "2012-10-17", "Statement": [deny, *extra]}
    target.client("s3", REGION).put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))


def test_a_bucket_policy_with_statements_of_its_own_is_kept_or_replaced_only_when_told(
    account: AwsTarget, customers: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The first apply replaces the bucket's policy with bodocfg's: statements that grant
    something (a pipeline's reader) would be gone, so adopt refuses until the spec keeps them
    (`bucket.policy_statements`, rendered into the policy) or the user says they may go."""
    kept, tls = unique("kept"), unique("tls")
    reader = pipeline_reader(f"{kept}-bodo-state")
    _bucket(account, f"{kept}-bodo-state")
    _bucket_policy(account, f"{kept}-bodo-state", reader)
    spec = _spec(customers, kept)
    _bucket(account, f"{tls}-bodo-state")
    _bucket_policy(account, f"{tls}-bodo-state")  # only the TLS deny bodocfg writes itself
    plain = _spec(customers, tls)
    modules = tmp_path / "modules"

    assert main(["adopt", str(plain), "--out", str(modules)]) == 0
    assert "aws_s3_bucket_policy.state" in (modules / tls / "imports.tf").read_text()
    capsys.readouterr()
    assert main(["adopt", str(spec), "--out", str(modules)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[1] == (
        f"{spec}: bucket.name: bucket {kept}-bodo-state's policy has 1 statement(s) (PipelineReads) "
        "besides denying requests without TLS; the first apply would replace the policy and remove "
        "what they grant: keep them in the spec's bucket.policy_statements, each with its reason "
        f"(`aws s3api get-bucket-policy --bucket {kept}-bodo-state` shows them), or adopt with "
        "--replace-bucket-policy to let them go"
    )
    assert not (modules / kept).exists()

    keeping = customers / "keeping"
    keeping.mkdir()
    statement = {**reader, "Sid": "Reads", "Resource": [reader["Resource"]]}  # Sid and list form aside
    kept_spec = _spec(
        keeping,
        kept,
        "bucket:\n  policy_statements:\n"
        + "".join(
            f"    {'-' if i == 0 else ' '} {k}: {json.dumps(v)}\n"
            for i, (k, v) in enumerate(
                {"reason": "the nightly pipeline reads run outputs", **statement}.items()
            )
        ),
    )
    assert main(["adopt", str(kept_spec), "--out", str(modules)]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if "aws_s3_bucket_policy.state" in line)
    assert "removed" not in row
    policy = json.loads((modules / kept / "policies.tf.json").read_text())["locals"]["bucket_policy"]
    assert [s.get("Sid") for s in policy["Statement"]] == ["DenyInsecureTransport", "Reads"]
    shutil.rmtree(modules / kept)

    assert main(["adopt", str(spec), "--out", str(modules), "--replace-bucket-policy"]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if "aws_s3_bucket_policy.state" in line)
    assert "1 other statement(s) removed" in row
    assert "aws_s3_bucket_policy.state" in (modules / kept / "imports.tf").read_text()


def test_plan_refuses_a_role_name_an_existing_role_has_in_another_case(
    account: AwsTarget, customers: Path, tmp_path: Path
) -> None:
    """The local AWS would create `X-role` beside `X-Role`; AWS would not, half-way through an
    apply: the check `plan` and `apply` run before terraform says so (no terraform needed here)."""
    from generator.adopt.guard import unadopted

    name = unique("case")
    build_role(account, HandMade(name, role_name=f"{name}-Role"))
    spec = _spec(customers, name, f"role:\n  name: {name}-role\n")
    modules = tmp_path / "modules"
    assert main(["render", str(spec), "--out", str(modules)]) == 0
    [line] = unadopted(modules / name, account)
    assert line.startswith(f"{spec}: role.name: role {name}-Role exists, and IAM role names ignore case")
    assert f"set role.name to {name}-Role to adopt that role" in line


@pytest.mark.terraform
def test_plan_refuses_an_import_that_would_replace_the_lock_table(
    account: AwsTarget, customers: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An imports.tf edited by hand to take over a table whose key cannot be the lock table's."""
    name = unique("swap")
    _table(account, f"{name}-old-locks", key="id")
    account.client("dynamodb", REGION).put_item(TableName=f"{name}-old-locks", Item={"id": {"S": "keep me"}})
    spec = _spec(customers, name, f"lock_table:\n  name: {name}-old-locks\n")
    module = tmp_path / "modules" / name
    assert main(["render", str(spec), "--out", str(tmp_path / "modules")]) == 0
    (module / "imports.tf").write_text(
        f'import {{\n  to = aws_dynamodb_table.lock\n  id = "{name}-old-locks"\n}}\n'
    )
    capsys.readouterr()
    assert main(["plan", str(module)]) == 1
    out, err = capsys.readouterr()
    assert f"aws_dynamodb_table.lock ({name}-old-locks) would be destroyed and created again" in out + err
    assert not (module / PLAN_FILE).exists() and not (module / RECORD_FILE).exists()
    assert main(["apply", str(module)]) == 1
    items = account.client("dynamodb", REGION).scan(TableName=f"{name}-old-locks")["Items"]
    assert items == [{"id": {"S": "keep me"}}]


def test_plan_refuses_to_create_the_alarm_topic_and_key_alias_again(
    account: AwsTarget, customers: Path, tmp_path: Path
) -> None:
    """Left by an apply whose state was lost: AWS would refuse the topic with another key ("Topic
    already exists with different attributes") and the alias (AlreadyExistsException) half-way
    through the next apply; the local AWS hands back the old topic and changes its key."""
    from generator.adopt.guard import unadopted

    name = unique("topic")
    key = account.client("kms", REGION).create_key()["KeyMetadata"]["KeyId"]
    account.client("kms", REGION).create_alias(AliasName=f"alias/{name}-bodo-alarms", TargetKeyId=key)
    topic = account.client("sns", REGION).create_topic(
        Name=f"{name}-bodo-vcpu-alarm", Attributes={"KmsMasterKeyId": key}
    )["TopicArn"]
    spec = _spec(customers, name, "billing_alarm:\n  vcpu_threshold: 64\n  emails: [ops@example.com]\n")
    modules = tmp_path / "modules"
    assert main(["render", str(spec), "--out", str(modules)]) == 0
    lines = unadopted(modules / name, account)
    assert [line.split(" already exists")[0] for line in lines] == [
        f"{spec}: billing_alarm: topic {name}-bodo-vcpu-alarm",
        f"{spec}: billing_alarm: key alias alias/{name}-bodo-alarms",
    ]
    assert all(f"run `bodocfg adopt {spec} --out {modules}` to import it" in line for line in lines)
    # Once the module no longer creates a topic (an existing one is named), neither is asked about.
    spec.write_text(spec.read_text().replace("emails: [ops@example.com]", f"sns_topic_arn: {topic}"))
    assert main(["render", str(spec), "--out", str(modules)]) == 0
    assert unadopted(modules / name, account) == []

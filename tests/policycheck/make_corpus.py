"""Writes corpus.json: hand-written policies, each defect beside the valid twin that must stay silent.

Kept as the script that wrote the data so a reviewer reads the cases as code; `corpus.json` is
the file the tests and bench/validate_compare.py read. Run: .venv/bin/python tests/policycheck/make_corpus.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

V = "2012-10-17"
ACCOUNT = "123456789012"


def policy(*statements: dict[str, Any], version: str | None = V) -> dict[str, Any]:
    document: dict[str, Any] = {"Version": version} if version else {}
    document["Statement"] = list(statements)
    return document


def allow(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def cond(**operators: Any) -> dict[str, Any]:
    return {"Condition": operators}


BUCKET = "arn:aws:s3:::acme-data"
OBJECTS = "arn:aws:s3:::acme-data/*"
TABLE = f"arn:aws:dynamodb:us-east-2:{ACCOUNT}:table/locks"
VENDOR = {"AWS": "arn:aws:iam::481633624848:root"}
ASSUME = {"Effect": "Allow", "Principal": VENDOR, "Action": "sts:AssumeRole",
          "Condition": {"StringEquals": {"sts:ExternalId": "8f14e45f"}}}  # fmt: skip


KEY_ADMIN = {"Sid": "EnableIAMPolicies", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
             "Action": "kms:*", "Resource": "*"}  # fmt: skip
"""The statement every real key policy starts with (else KMS refuses it: nobody could change it)."""


GITHUB = "token.actions.githubusercontent.com"
TOPIC = f"arn:aws:sns:us-east-2:{ACCOUNT}:alarms"
TOPIC_PUBLISH = {
    "Sid": "AlarmsPublish",
    "Effect": "Allow",
    "Principal": {"Service": "cloudwatch.amazonaws.com"},
    "Action": "sns:Publish",
    "Resource": TOPIC,
    "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
}


def trust(**changes: Any) -> dict[str, Any]:
    statement = {**ASSUME, **changes}
    return policy(*[{k: v for k, v in statement.items() if v is not None}])


def bucket_allow(principal: Any, action: Any, resource: Any) -> dict[str, Any]:
    """A bucket policy of one unconditioned Allow."""
    return bucket_policy(
        Effect="Allow", Principal=principal, Action=action, Resource=resource, Condition=None
    )


def bucket_policy(**changes: Any) -> dict[str, Any]:
    statement = {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [BUCKET, OBJECTS],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        **changes,
    }
    return policy({k: v for k, v in statement.items() if v is not None})


CASES: list[tuple[str, str, str, dict[str, Any], dict[str, Any]]] = [
    # (name, policy kind, the check the defect must trip, defect, valid twin)
    (
        "misspelt element",
        "identity",
        "element",
        policy({"Efect": "Allow", "Action": "s3:GetObject", "Resource": OBJECTS}),
        policy(allow("s3:GetObject", OBJECTS)),
    ),
    (
        "lower-case element",
        "identity",
        "element",
        policy({"Effect": "Allow", "action": "s3:GetObject", "Resource": OBJECTS}),
        policy(allow("s3:GetObject", OBJECTS)),
    ),
    (
        "Action with NotAction",
        "identity",
        "combination",
        policy({"Effect": "Allow", "Action": "s3:GetObject", "NotAction": "iam:*", "Resource": OBJECTS}),
        policy(allow("s3:GetObject", OBJECTS)),
    ),
    (
        "missing Effect",
        "identity",
        "no-effect",
        policy({"Action": "s3:GetObject", "Resource": OBJECTS}),
        policy(allow("s3:GetObject", OBJECTS)),
    ),
    (
        "Effect in lower case",
        "identity",
        "effect",
        policy({"Effect": "allow", "Action": "s3:GetObject", "Resource": OBJECTS}),
        policy({"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": OBJECTS}),
    ),
    (
        "missing Action",
        "identity",
        "no-action",
        policy({"Effect": "Allow", "Resource": OBJECTS}),
        policy({"Effect": "Deny", "NotAction": ["s3:GetObject"], "Resource": OBJECTS}),
    ),
    (
        "missing Resource",
        "identity",
        "no-resource",
        policy({"Effect": "Allow", "Action": "s3:GetObject"}),
        policy(allow("s3:GetObject", OBJECTS)),
    ),
    (
        "Resource with NotResource",
        "identity",
        "combination",
        policy({"Effect": "Deny", "Action": "s3:*", "Resource": BUCKET, "NotResource": OBJECTS}),
        policy({"Effect": "Deny", "Action": "s3:*", "NotResource": [BUCKET, OBJECTS]}),
    ),
    (
        "Principal in an identity policy",
        "identity",
        "principal-here",
        policy(allow("s3:GetObject", OBJECTS, Principal={"AWS": f"arn:aws:iam::{ACCOUNT}:root"})),
        policy(allow("s3:GetObject", OBJECTS)),
    ),
    (
        "unknown Version",
        "identity",
        "version",
        policy(allow("s3:GetObject", OBJECTS), version="2012-10-18"),
        policy(allow("s3:GetObject", OBJECTS), version="2008-10-17"),
    ),
    (
        "no Statement",
        "identity",
        "no-statement",
        {"Version": V, "Statements": [allow("s3:GetObject", OBJECTS)]},
        {"Version": V, "Statement": allow("s3:GetObject", OBJECTS)},
    ),
    (
        "empty Action list",
        "identity",
        "empty-array",
        policy(allow([], OBJECTS)),
        policy(allow("s3:GetObject", [OBJECTS])),
    ),
    (
        "duplicate Sids",
        "identity",
        "sid-unique",
        policy(
            {"Sid": "Read", **allow("s3:GetObject", OBJECTS)},
            {"Sid": "Read", **allow("s3:ListBucket", BUCKET)},
        ),
        policy(
            {"Sid": "Read", **allow("s3:GetObject", OBJECTS)},
            {"Sid": "List", **allow("s3:ListBucket", BUCKET)},
        ),
    ),
    (
        "Sid with a space",
        "identity",
        "sid-value",
        policy({"Sid": "Read data", **allow("s3:GetObject", OBJECTS)}),
        policy({"Sid": "ReadData2", **allow("s3:GetObject", OBJECTS)}),
    ),
    (
        "Sid with a space in a role trust policy",
        "trust",
        "sid-value",
        trust(Sid="Bodo assume"),
        trust(Sid="BodoAssume"),
    ),
    (
        "condition operator typo",
        "identity",
        "operator",
        policy(allow("s3:ListBucket", BUCKET, **cond(StringEqual={"s3:prefix": "logs/"}))),
        policy(allow("s3:ListBucket", BUCKET, **cond(StringEquals={"s3:prefix": "logs/"}))),
    ),
    (
        "set qualifier typo",
        "identity",
        "operator",
        policy(
            allow("ec2:CreateTags", "*", **cond(**{"ForAllValue:StringEquals": {"aws:TagKeys": ["team"]}}))
        ),
        policy(
            allow("ec2:CreateTags", "*", **cond(**{"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}))
        ),
    ),
    (
        "Null with IfExists",
        "identity",
        "null-if-exists",
        policy(allow("ec2:RunInstances", "*", **cond(NullIfExists={"aws:RequestTag/team": "false"}))),
        policy(allow("ec2:RunInstances", "*", **cond(Null={"aws:RequestTag/team": "false"}))),
    ),
    (
        "operator misspelt",
        "identity",
        "operator",
        policy(allow("s3:GetObject", OBJECTS, **cond(StringEqualz={"aws:PrincipalTag/team": "data"}))),
        policy(allow("s3:GetObject", OBJECTS, **cond(StringEquals={"aws:PrincipalTag/team": "data"}))),
    ),
    (
        "operator in another case",  # IAM: "Invalid Condition type : stringEquals"
        "identity",
        "operator",
        policy(
            allow("ec2:CreateTags", "*", **cond(**{"forAnyValue:stringEquals": {"aws:TagKeys": ["team"]}}))
        ),
        policy(
            allow("ec2:CreateTags", "*", **cond(**{"ForAnyValue:StringEquals": {"aws:TagKeys": ["team"]}}))
        ),
    ),
    (
        "date that is not a date",
        "identity",
        "value-date",
        policy(allow("s3:GetObject", OBJECTS, **cond(DateLessThan={"aws:CurrentTime": "next week"}))),
        policy(allow("s3:GetObject", OBJECTS, **cond(DateLessThan={"aws:CurrentTime": "1798761600"}))),
    ),
    (
        "impossible calendar date",
        "identity",
        "value-date",
        policy(allow("s3:GetObject", OBJECTS, **cond(DateGreaterThan={"aws:CurrentTime": "2026-13-45"}))),
        policy(
            allow(
                "s3:GetObject",
                OBJECTS,
                **cond(DateGreaterThan={"aws:CurrentTime": "2026-01-31T12:00:00+02:00"}),
            )
        ),
    ),
    (
        "epoch date as a number",
        "identity",
        "value-date",
        policy(allow("s3:GetObject", OBJECTS, **cond(DateGreaterThan={"aws:EpochTime": True}))),
        policy(allow("s3:GetObject", OBJECTS, **cond(DateGreaterThan={"aws:EpochTime": 1767225600}))),
    ),
    (
        "Bool with yes",
        "identity",
        "value-bool",
        policy(allow("s3:GetObject", OBJECTS, **cond(Bool={"aws:SecureTransport": "yes"}))),
        policy(allow("s3:GetObject", OBJECTS, **cond(Bool={"aws:SecureTransport": True}))),
    ),
    (
        "Bool with both values",
        "identity",
        "bool-values",
        policy(
            allow("s3:GetObject", OBJECTS, **cond(Bool={"aws:MultiFactorAuthPresent": ["true", "false"]}))
        ),
        policy(allow("s3:GetObject", OBJECTS, **cond(Bool={"aws:MultiFactorAuthPresent": "True"}))),
    ),
    (
        "Null with maybe",
        "identity",
        "value-bool",
        policy(allow("s3:GetObject", OBJECTS, **cond(Null={"aws:MultiFactorAuthAge": "maybe"}))),
        policy(allow("s3:GetObject", OBJECTS, **cond(Null={"aws:MultiFactorAuthAge": "false"}))),
    ),
    (
        "number that is a word",
        "identity",
        "value-number",
        policy(allow("s3:GetObject", OBJECTS, **cond(NumericLessThan={"aws:MultiFactorAuthAge": "an hour"}))),
        policy(allow("s3:GetObject", OBJECTS, **cond(NumericLessThan={"aws:MultiFactorAuthAge": 3600}))),
    ),
    (
        "IP with an octet over 255",
        "identity",
        "value-ip",
        policy(allow("s3:GetObject", OBJECTS, **cond(IpAddress={"aws:SourceIp": "10.0.0.300/8"}))),
        policy(
            allow(
                "s3:GetObject",
                OBJECTS,
                **cond(IpAddress={"aws:SourceIp": ["2001:db8::/32", "203.0.113.0/24"]}),
            )
        ),
    ),
    (
        "IP that is a name",
        "identity",
        "value-ip",
        policy(allow("s3:GetObject", OBJECTS, **cond(NotIpAddress={"aws:SourceIp": "office"}))),
        policy(allow("s3:GetObject", OBJECTS, **cond(NotIpAddress={"aws:SourceIp": "2001:db8:1234::1"}))),
    ),
    (
        "Binary that is not base64",
        "identity",
        "value-binary",
        policy(allow("s3:GetObject", OBJECTS, **cond(BinaryEquals={"aws:UserAgent": "not base64!"}))),
        policy(allow("s3:GetObject", OBJECTS, **cond(StringLike={"aws:UserAgent": "aws-cli/*"}))),
    ),
    (
        "ARN operator on a value that is no ARN",
        "identity",
        "value-arn",
        policy(allow("s3:GetObject", OBJECTS, **cond(ArnEquals={"aws:SourceArn": "my-function"}))),
        policy(
            allow(
                "s3:GetObject",
                OBJECTS,
                **cond(ArnLike={"aws:SourceArn": f"arn:aws:lambda:*:{ACCOUNT}:function:*"}),
            )
        ),
    ),
    (
        "policy variable where the operator takes none",
        "identity",
        "variable-operator",
        policy(
            allow(
                "s3:GetObject", OBJECTS, **cond(DateGreaterThan={"aws:CurrentTime": "${aws:TokenIssueTime}"})
            )
        ),
        policy(
            allow(
                "s3:GetObject",
                "arn:aws:s3:::acme-data/home/${aws:username}/*",
                **cond(StringEquals={"aws:PrincipalTag/team": "${aws:PrincipalTag/owner}"}),
            )
        ),
    ),
    (
        "date operator on an IP key",
        "identity",
        "operator-key-type",
        policy(allow("s3:GetObject", OBJECTS, **cond(DateGreaterThan={"aws:SourceIp": "2026-01-01"}))),
        policy(allow("s3:GetObject", OBJECTS, **cond(IpAddress={"aws:SourceIp": "198.51.100.0/24"}))),
    ),
    (
        "numeric operator on a string key",
        "identity",
        "operator-key-type",
        policy(allow("s3:GetObject", OBJECTS, **cond(NumericEquals={"aws:PrincipalAccount": 123}))),
        policy(allow("s3:GetObject", OBJECTS, **cond(StringEquals={"aws:PrincipalAccount": ACCOUNT}))),
    ),
    (
        "unknown global key",
        "identity",
        "global-key",
        policy(allow("s3:GetObject", OBJECTS, **cond(IpAddress={"aws:SourceIps": "203.0.113.0/24"}))),
        policy(allow("s3:GetObject", OBJECTS, **cond(IpAddress={"AWS:SOURCEIP": "203.0.113.0/24"}))),
    ),
    (
        "unknown service key",
        "identity",
        "service-key",
        policy(allow("s3:ListBucket", BUCKET, **cond(StringLike={"s3:prefixes": "logs/*"}))),
        policy(allow("s3:ListBucket", BUCKET, **cond(StringLike={"S3:Prefix": "logs/*"}))),
    ),
    (
        "key no action of the statement supports",
        "identity",
        "key-unsupported",
        policy(allow("ec2:DescribeInstances", "*", **cond(StringLike={"s3:prefix": "logs/*"}))),
        policy(
            allow(
                ["ec2:DescribeInstances", "s3:ListBucket"],
                "*",
                **cond(StringLikeIfExists={"s3:prefix": "logs/*"}),
            )
        ),
    ),
    (
        "PassRole key on another action",
        "identity",
        "key-unsupported",
        policy(allow("iam:GetRole", "*", **cond(StringEquals={"iam:PassedToService": "ec2.amazonaws.com"}))),
        policy(allow("iam:PassRole", "*", **cond(StringEquals={"iam:PassedToService": "ec2.amazonaws.com"}))),
    ),
    (
        "one key spelt two ways",
        "identity",
        "key-case",
        policy(
            allow(
                "s3:GetObject",
                OBJECTS,
                **cond(StringEquals={"aws:SourceVpc": "vpc-1a2b3c4d", "aws:sourcevpc": "vpc-5e6f7a8b"}),
            )
        ),
        policy(
            allow(
                "s3:GetObject",
                OBJECTS,
                **cond(StringEquals={"aws:sourcevpc": ["vpc-1a2b3c4d", "vpc-5e6f7a8b"]}),
            )
        ),
    ),
    (
        "action without a service",
        "identity",
        "action-format",
        policy(allow("GetObject", OBJECTS)),
        policy(allow("s3:Get*", OBJECTS)),
    ),
    (
        "misspelt action",
        "identity",
        "action-unknown",
        policy(allow("s3:GetObjekt", OBJECTS)),
        policy(allow("s3:getobject", OBJECTS)),
    ),
    (
        "unknown service prefix",
        "identity",
        "action-service",
        policy(allow("s4:GetObject", OBJECTS)),
        policy(allow("s3:GetObjectVersion", OBJECTS)),
    ),
    (
        "resource that is no ARN",
        "identity",
        "arn-prefix",
        policy(allow("s3:GetObject", "aws:s3:::acme-data/*")),
        policy(allow("s3:GetObject", "arn:aws:s3:::acme-data/reports/2026-??/*")),
    ),
    (
        "ARN with missing fields",
        "identity",
        "arn-fields",
        policy(allow("s3:GetObject", "arn:aws:s3:acme-data")),
        policy(allow("s3:GetObject", "arn:aws:s3:::acme-data/x")),
    ),
    (
        "unknown partition",
        "identity",
        "arn-partition",
        policy(allow("s3:GetObject", "arn:amazon:s3:::acme-data/*")),
        policy(allow("s3:GetObject", "arn:aws-cn:s3:::acme-data/*")),
    ),
    (
        "service in upper case",
        "identity",
        "arn-service-case",
        policy(allow("s3:GetObject", "arn:aws:S3:::acme-data/*")),
        policy(allow("s3:GetObject", "arn:*:s3:::acme-data/*")),
    ),
    (
        "IAM ARN with a region",
        "identity",
        "arn-region-here",
        policy(allow("iam:GetRole", f"arn:aws:iam:us-east-1:{ACCOUNT}:role/app")),
        policy(allow("iam:GetRole", f"arn:aws:iam::{ACCOUNT}:role/teams/app")),
    ),
    (
        "S3 ARN with an account",
        "identity",
        "arn-account-here",
        policy(allow("s3:GetObject", f"arn:aws:s3::{ACCOUNT}:acme-data/*")),
        policy(allow("s3:GetObject", f"arn:aws:s3:us-east-2:{ACCOUNT}:accesspoint/reports/object/*")),
    ),
    (
        "region that does not exist",
        "identity",
        "arn-region",
        policy(allow("dynamodb:GetItem", f"arn:aws:dynamodb:us-east1:{ACCOUNT}:table/locks")),
        policy(allow("dynamodb:GetItem", f"arn:aws:dynamodb:eu-south-2:{ACCOUNT}:table/locks")),
    ),
    (
        "region missing where it is needed",
        "identity",
        "arn-region-missing",
        policy(allow("dynamodb:GetItem", f"arn:aws:dynamodb::{ACCOUNT}:table/locks")),
        policy(allow("dynamodb:GetItem", f"arn:aws:dynamodb:*:{ACCOUNT}:table/locks")),
    ),
    (
        "account that is not 12 digits",
        "identity",
        "arn-account",
        policy(allow("dynamodb:GetItem", "arn:aws:dynamodb:us-east-2:12345:table/locks")),
        policy(allow("dynamodb:GetItem", "arn:aws:dynamodb:us-east-2:${aws:PrincipalAccount}:table/locks")),
    ),
    (
        "account missing where it is needed",
        "identity",
        "arn-account-missing",
        policy(allow("dynamodb:GetItem", "arn:aws:dynamodb:us-east-2::table/locks")),
        policy(allow("dynamodb:GetItem", "arn:aws:dynamodb:us-east-2:*:table/locks")),
    ),
    (
        "tag key missing after aws:RequestTag/",
        "identity",
        "tag-key-missing",
        policy(allow("ec2:CreateTags", "*", **cond(StringEquals={"aws:RequestTag/": "analytics"}))),
        policy(allow("ec2:CreateTags", "*", **cond(StringEquals={"aws:RequestTag/Project": "analytics"}))),
    ),
    (
        "policy variable never closed",
        "identity",
        "variable-brace",
        policy(allow("s3:GetObject", "arn:aws:s3:::acme-data/home/${aws:username/*")),
        policy(allow("s3:GetObject", "arn:aws:s3:::acme-data/home/${aws:username}/*")),
    ),
    (
        "empty policy variable",
        "identity",
        "variable-empty",
        policy(allow("s3:GetObject", "arn:aws:s3:::acme-data/${}/*")),
        policy(allow("s3:GetObject", "arn:aws:s3:::acme-data/literal-${*}-${?}-${$}/*")),
    ),
    (
        "white space in a policy variable",
        "identity",
        "variable-space",
        policy(allow("s3:ListBucket", BUCKET, **cond(StringLike={"s3:prefix": "home/${ aws:username}/*"}))),
        policy(allow("s3:ListBucket", BUCKET, **cond(StringLike={"s3:prefix": "home/${aws:username}/*"}))),
    ),
    (
        "policy variable default not quoted",
        "identity",
        "variable-quote",
        policy(allow("s3:GetObject", "arn:aws:s3:::acme-data/${aws:PrincipalTag/team, shared}/*")),
        policy(allow("s3:GetObject", "arn:aws:s3:::acme-data/${aws:PrincipalTag/team, 'shared'}/*")),
    ),
    (
        "own SSM document named without its account (only AWS's own are)",
        "identity",
        "arn-account-missing",
        policy(allow("ssm:SendCommand", "arn:aws:ssm:us-east-2::document/Deploy-App")),
        policy(allow("ssm:SendCommand", "arn:aws:ssm:us-east-2::document/AWS-RunShellScript")),
    ),
    (
        "resource type the catalogue does not know (perhaps newer)",
        "identity",
        "arn-resource-unknown",
        policy(
            allow("backup:DescribeBackupVault", f"arn:aws:backup:us-east-2:{ACCOUNT}:recovery-point:rp-1")
        ),
        policy(allow("backup:DescribeBackupVault", f"arn:aws:backup:us-east-2:{ACCOUNT}:backup-vault:vault")),
    ),
    (
        "resource part of no type",
        "identity",
        "arn-resource",
        policy(allow("iam:GetRole", f"arn:aws:iam::{ACCOUNT}:rol/app")),
        policy(allow("iam:GetPolicy", "arn:aws:iam::aws:policy/ReadOnlyAccess")),
    ),
    (
        "object action on the bucket",
        "identity",
        "resource-type",
        policy(allow("s3:GetObject", BUCKET)),
        policy(allow("s3:GetObject", OBJECTS)),
    ),
    (
        "bucket action on the objects",
        "identity",
        "resource-type",
        policy(allow(["s3:ListBucket"], OBJECTS)),
        policy(allow(["s3:ListBucket"], BUCKET)),
    ),
    (
        "action that takes only * on an ARN",
        "identity",
        "resource-type",
        policy(allow("ec2:DescribeInstances", f"arn:aws:ec2:us-east-2:{ACCOUNT}:instance/*")),
        policy(allow("ec2:DescribeInstances", "*")),
    ),
    (
        "table action on a bucket",
        "identity",
        "resource-type",
        policy(allow("dynamodb:PutItem", BUCKET)),
        policy(allow("dynamodb:PutItem", TABLE)),
    ),
    (
        "Null true with a value required",
        "identity",
        "never-true",
        policy(
            allow(
                "ec2:RunInstances",
                "*",
                **cond(Null={"aws:RequestTag/team": "true"}, StringEquals={"aws:RequestTag/team": "data"}),
            )
        ),
        policy(
            allow(
                "ec2:RunInstances",
                "*",
                **cond(Null={"aws:RequestTag/team": "false"}, StringEquals={"aws:RequestTag/team": "data"}),
            )
        ),
    ),
    (
        "range whose ends cross",
        "identity",
        "never-true",
        policy(
            allow(
                "s3:GetObject",
                OBJECTS,
                **cond(
                    NumericLessThan={"aws:MultiFactorAuthAge": 60},
                    NumericGreaterThan={"aws:MultiFactorAuthAge": 3600},
                ),
            )
        ),
        policy(
            allow(
                "s3:GetObject",
                OBJECTS,
                **cond(
                    NumericGreaterThan={"aws:MultiFactorAuthAge": 60},
                    NumericLessThan={"aws:MultiFactorAuthAge": 3600},
                ),
            )
        ),
    ),
    (
        "equals and not-equals the same value",
        "identity",
        "never-true",
        policy(
            allow(
                "s3:GetObject",
                OBJECTS,
                **cond(
                    StringEquals={"aws:PrincipalTag/team": "data"},
                    StringNotEquals={"aws:PrincipalTag/team": "data"},
                ),
            )
        ),
        policy(
            allow(
                "s3:GetObject",
                OBJECTS,
                **cond(
                    StringEquals={"aws:PrincipalTag/team": "data"},
                    StringNotEquals={"aws:PrincipalTag/role": "intern"},
                ),
            )
        ),
    ),
    (
        "statement repeated",
        "identity",
        "redundant",
        policy(allow("s3:GetObject", OBJECTS), {"Sid": "Again", **allow("s3:GetObject", OBJECTS)}),
        policy(allow("s3:GetObject", OBJECTS), {"Sid": "Other", **allow("s3:PutObject", OBJECTS)}),
    ),
    (
        "statement inside a broader one",
        "identity",
        "redundant",
        policy(allow("s3:*", "arn:aws:s3:::acme-*"), allow("s3:ListBucket", BUCKET)),
        policy(allow("s3:Get*", OBJECTS), allow("s3:ListBucket", BUCKET)),
    ),
    (
        "inline policy over 10,240 characters",
        "identity",
        "quota",
        policy(
            *[
                {
                    "Sid": f"Extra{i}",
                    **allow(
                        [f"s3:GetObject{v}" for v in ("", "Acl", "Tagging", "Version")],
                        f"arn:aws:s3:::acme-data-{i:02d}/reports/*",
                    ),
                }
                for i in range(60)
            ]
        ),
        policy(
            *[
                {
                    "Sid": f"Extra{i}",
                    **allow(
                        [f"s3:GetObject{v}" for v in ("", "Acl", "Tagging", "Version")],
                        f"arn:aws:s3:::acme-data-{i:02d}/reports/*",
                    ),
                }
                for i in range(40)
            ]
        ),
    ),
    (
        "policy variables without Version",
        "identity",
        "no-version",
        policy(allow("s3:GetObject", "arn:aws:s3:::acme-data/home/${aws:username}/*"), version=None),
        policy(allow("s3:GetObject", "arn:aws:s3:::acme-data/home/${aws:username}/*")),
    ),
    (
        "NotResource with a malformed ARN",
        "identity",
        "arn-account-here",
        policy({"Effect": "Deny", "Action": "s3:*", "NotResource": f"arn:aws:s3::{ACCOUNT}:acme-data"}),
        policy({"Effect": "Deny", "Action": "s3:*", "NotResource": BUCKET}),
    ),
    ("Resource in a trust policy", "trust", "trust-resource", trust(Resource="*"), trust(Sid="BodoAssume")),
    (
        "trust policy without Principal",
        "trust",
        "no-principal",
        trust(Principal=None),
        trust(Principal={"AWS": "481633624848"}),
    ),
    (
        "trust policy granting another action",
        "trust",
        "action-for-policy",
        trust(Action="s3:GetObject"),
        trust(Action=["sts:AssumeRole", "sts:TagSession"]),
    ),
    (
        "principal type misspelt",
        "trust",
        "principal-key",
        trust(Principal={"Aws": "arn:aws:iam::481633624848:root"}),
        trust(Principal={"AWS": ["arn:aws:iam::481633624848:root"]}),
    ),
    (
        "principal account of 5 digits",
        "trust",
        "principal-format",
        trust(Principal={"AWS": "arn:aws:iam::48163:root"}),
        trust(Principal={"AWS": "arn:aws:iam::481633624848:role/bodo/platform"}),
    ),
    (
        "bucket policy without Principal",
        "s3-bucket",
        "no-principal",
        bucket_policy(Principal=None),
        bucket_policy(Principal={"AWS": f"arn:aws:iam::{ACCOUNT}:root"}),
    ),
    (
        "bucket policy granting EC2 actions",
        "s3-bucket",
        "action-for-policy",
        bucket_policy(Action=["s3:GetObject", "ec2:RunInstances"]),
        bucket_policy(Action=["s3:GetObject", "s3:PutObject"]),
    ),
    (
        "bucket policy naming a table",
        "s3-bucket",
        "resource-for-policy",
        bucket_policy(Resource=[BUCKET, TABLE]),
        bucket_policy(Resource=OBJECTS),
    ),
    (
        "bucket policy Sids repeated",
        "s3-bucket",
        "sid-unique",
        policy(
            {**bucket_policy()["Statement"][0], "Sid": "Deny insecure transport"},
            {**bucket_policy()["Statement"][0], "Sid": "Deny insecure transport", "Action": "s3:PutObject"},
        ),
        policy(
            {**bucket_policy()["Statement"][0], "Sid": "Deny insecure transport"},
            {
                **bucket_policy()["Statement"][0],
                "Sid": "Deny old TLS",
                "Action": "s3:PutObject",
                "Condition": {"NumericLessThan": {"s3:TlsVersion": 1.2}},
            },
        ),
    ),
    (
        "topic policy granting S3 actions",
        "sns-topic",
        "action-for-policy",
        policy(
            {
                "Effect": "Allow",
                "Principal": {"Service": "cloudwatch.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": f"arn:aws:sns:us-east-2:{ACCOUNT}:alarms",
            }
        ),
        policy(
            {
                "Effect": "Allow",
                "Principal": {"Service": "cloudwatch.amazonaws.com"},
                "Action": "sns:Publish",
                "Resource": f"arn:aws:sns:us-east-2:{ACCOUNT}:alarms",
                "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
            }
        ),
    ),
    (
        "service principal that is no service",
        "sns-topic",
        "principal-format",
        policy(
            {
                "Effect": "Allow",
                "Principal": {"Service": "CloudWatch"},
                "Action": "sns:Publish",
                "Resource": f"arn:aws:sns:us-east-2:{ACCOUNT}:alarms",
            }
        ),
        policy(
            {
                "Effect": "Allow",
                "Principal": {"Service": ["cloudwatch.amazonaws.com", "events.amazonaws.com"]},
                "Action": "sns:Publish",
                "Resource": f"arn:aws:sns:us-east-2:{ACCOUNT}:alarms",
                "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
            }
        ),
    ),
    (
        "key policy granting S3 actions",
        "kms-key",
        "action-for-policy",
        policy(
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": "s3:*",
                "Resource": "*",
            }
        ),
        policy(
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": "kms:*",
                "Resource": "*",
            }
        ),
    ),
    (
        "key policy with a misspelt key",
        "kms-key",
        "service-key",
        policy(
            KEY_ADMIN,
            {
                "Effect": "Allow",
                "Principal": {"Service": "cloudwatch.amazonaws.com"},
                "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
                "Resource": "*",
                "Condition": {"StringEquals": {"kms:ViaServise": "sns.us-east-2.amazonaws.com"}},
            },
        ),
        policy(
            KEY_ADMIN,
            {
                "Effect": "Allow",
                "Principal": {"Service": "cloudwatch.amazonaws.com"},
                "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
                "Resource": "*",
                "Condition": {
                    "StringEquals": {
                        "kms:ViaService": "sns.us-east-2.amazonaws.com",
                        "kms:EncryptionContext:aws:sns:topicArn": "x",
                        "aws:SourceAccount": ACCOUNT,
                    }
                },
            },
        ),
    ),
    # Principals and trust statements (Access Analyzer's trust-policy and principal errors).
    (
        "trust policy with NotPrincipal",
        "trust",
        "trust-notprincipal",
        trust(Principal=None, NotPrincipal=VENDOR),
        trust(),
    ),
    (
        "trust policy trusting everyone",
        "trust",
        "trust-principal-wildcard",
        trust(Principal="*"),
        trust(Principal={"AWS": ["481633624848"]}),
    ),
    (
        "bucket policy principal with an account wildcard",
        "s3-bucket",
        "principal-wildcard",
        bucket_policy(Effect="Allow", Principal={"AWS": "arn:aws:iam::*:root"}, Condition=None),
        bucket_policy(Effect="Allow", Principal={"AWS": "*"}, Condition=None),
    ),
    (
        "bucket policy principal naming every role",
        "s3-bucket",
        "principal-wildcard",
        bucket_policy(Effect="Allow", Principal={"AWS": [f"arn:aws:iam::{ACCOUNT}:role/*"]}, Condition=None),
        bucket_policy(
            Effect="Allow",
            Principal={"AWS": [f"arn:aws:iam::{ACCOUNT}:role/etl"]},
            Condition={"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT}:role/etl-*"}},
        ),
    ),
    (
        "bucket policy with a federated principal",
        "s3-bucket",
        "federated-here",
        bucket_policy(Principal={"Federated": "cognito-identity.amazonaws.com"}),
        bucket_policy(
            Principal={"CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}
        ),
    ),
    (
        "federated principal that is a role",
        "trust",
        "federated-format",
        trust(
            Principal={"Federated": f"arn:aws:iam::{ACCOUNT}:role/sso"},
            Action="sts:AssumeRoleWithSAML",
            Condition=None,
        ),
        trust(
            Principal={"Federated": f"arn:aws:iam::{ACCOUNT}:saml-provider/Okta"},
            Action=["sts:AssumeRoleWithSAML", "sts:TagSession"],
            Condition={"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}},
        ),
    ),
    (
        "SAML provider with the web identity action",
        "trust",
        "trust-action-principal",
        trust(
            Principal={"Federated": f"arn:aws:iam::{ACCOUNT}:saml-provider/Okta"},
            Action="sts:AssumeRoleWithWebIdentity",
            Condition=None,
        ),
        trust(
            Principal={
                "Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"
            },
            Action="sts:AssumeRoleWithWebIdentity",
            Condition={
                "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
                "StringLike": {
                    "token.actions.githubusercontent.com:sub": "repo:acme/infra:ref:refs/heads/main"
                },
            },
        ),
    ),
    (
        "web identity provider with AssumeRole",
        "trust",
        "trust-action-principal",
        trust(Principal={"Federated": "cognito-identity.amazonaws.com"}, Condition=None),
        trust(
            Principal={"Federated": "cognito-identity.amazonaws.com"},
            Action="sts:AssumeRoleWithWebIdentity",
            Condition={
                "StringEquals": {
                    "cognito-identity.amazonaws.com:aud": "us-east-2:1a2b3c4d-0000-4000-8000-000000000000"
                },
                "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"},
            },
        ),
    ),
    (
        "IAM Roles Anywhere without SetSourceIdentity",
        "trust",
        "rolesanywhere-actions",
        trust(
            Principal={"Service": "rolesanywhere.amazonaws.com"},
            Action=["sts:AssumeRole", "sts:TagSession"],
            Condition=None,
        ),
        trust(
            Principal={"Service": "rolesanywhere.amazonaws.com"},
            Action=["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
            Condition=None,
        ),
    ),
    # Values no request carries (aws:SourceIp is public; VPC and endpoint ids have a shape).
    (
        "source IP limited to private ranges",
        "identity",
        "private-ip",
        policy(
            allow(
                "s3:GetObject", OBJECTS, **cond(IpAddress={"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]})
            )
        ),
        policy(
            allow(
                "s3:GetObject",
                OBJECTS,
                **cond(IpAddress={"aws:VpcSourceIp": ["10.0.0.0/8", "192.168.0.0/16"]}),
            )
        ),
    ),
    (
        "Deny outside a private range",
        "identity",
        "private-not-ip",
        policy(
            {
                "Effect": "Deny",
                "Action": "s3:*",
                "Resource": [BUCKET, OBJECTS],
                **cond(NotIpAddress={"aws:SourceIp": "172.16.0.0/12"}),
            }
        ),
        policy(
            {
                "Effect": "Deny",
                "Action": "s3:*",
                "Resource": [BUCKET, OBJECTS],
                **cond(NotIpAddress={"aws:SourceIp": ["172.16.0.0/12", "198.51.100.0/24"]}),
            }
        ),
    ),
    (
        "VPC id too short",
        "s3-bucket",
        "vpc-format",
        bucket_policy(Condition={"StringNotEquals": {"aws:SourceVpc": "vpc-123"}}),
        bucket_policy(Condition={"StringNotEquals": {"aws:SourceVpc": "vpc-0123456789abcdef0"}}),
    ),
    (
        "VPC endpoint id written as a VPC id",
        "s3-bucket",
        "vpce-format",
        bucket_policy(Condition={"StringNotEquals": {"aws:SourceVpce": "vpc-1a2b3c4d"}}),
        bucket_policy(Condition={"StringNotLike": {"aws:SourceVpce": "vpce-*"}}),
    ),
    (
        "the unsupported aws:ARN key",
        "identity",
        "global-key-unsupported",
        policy(
            allow(
                "sts:AssumeRole",
                f"arn:aws:iam::{ACCOUNT}:role/etl",
                **cond(ArnLike={"aws:ARN": f"arn:aws:iam::{ACCOUNT}:role/ci-*"}),
            )
        ),
        policy(
            allow(
                "sts:AssumeRole",
                f"arn:aws:iam::{ACCOUNT}:role/etl",
                **cond(ArnLike={"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT}:role/ci-*"}),
            )
        ),
    ),
    (
        "multivalued key without a qualifier",
        "identity",
        "missing-qualifier",
        policy(allow("ec2:CreateTags", "*", **cond(StringEquals={"aws:TagKeys": ["team", "owner"]}))),
        policy(
            allow(
                "ec2:CreateTags",
                "*",
                **cond(**{"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "owner"]}}),
            )
        ),
    ),
    (
        "kms:ViaService without the region",
        "kms-key",
        "via-service-format",
        policy(
            KEY_ADMIN,
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": "kms:Decrypt",
                "Resource": "*",
                "Condition": {"StringEquals": {"kms:ViaService": "s3.amazonaws.com"}},
            },
        ),
        policy(
            KEY_ADMIN,
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": "kms:Decrypt",
                "Resource": "*",
                "Condition": {"StringLike": {"kms:ViaService": "s3.*.amazonaws.com"}},
            },
        ),
    ),
    (
        "policy variable in an action",
        "identity",
        "variable-element",
        policy(allow("s3:${aws:username}", OBJECTS)),
        policy(allow("s3:GetObject", "arn:aws:s3:::acme-data/home/${aws:username}/*")),
    ),
    (
        "policy variable in a principal",
        "s3-bucket",
        "variable-element",
        bucket_policy(
            Effect="Allow",
            Principal={"AWS": f"arn:aws:iam::{ACCOUNT}:user/${{aws:username}}"},
            Condition=None,
        ),
        bucket_policy(
            Effect="Allow",
            Principal={"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
            Condition={"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT}:user/${{aws:username}}"}},
        ),
    ),
    (
        "a key only some of the actions take",
        "identity",
        "key-unsupported-some",
        policy(
            allow(
                ["s3:ListBucket", "s3:GetObject"],
                [BUCKET, OBJECTS],
                **cond(StringLike={"s3:prefix": "home/*"}),
            )
        ),
        policy(
            allow("s3:ListBucket", BUCKET, **cond(StringLike={"s3:prefix": "home/*"})),
            allow("s3:GetObject", "arn:aws:s3:::acme-data/home/*"),
        ),
    ),
    # What IAM ignores but S3 refuses in a bucket policy (PutBucketPolicy: MalformedPolicy).
    (
        "bucket policy action on no resource of its type",
        "s3-bucket",
        "bucket-resource-type",
        bucket_allow({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "s3:GetBucketAcl", OBJECTS),
        bucket_allow({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "s3:GetBucketAcl", BUCKET),
    ),
    (
        "bucket policy condition no action takes",
        "s3-bucket",
        "bucket-key-unsupported",
        bucket_policy(
            Effect="Allow",
            Principal={"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
            Action="s3:GetObject",
            Resource=OBJECTS,
            Condition={"StringLike": {"s3:prefix": "home/*"}},
        ),
        bucket_policy(
            Effect="Allow",
            Principal={"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
            Action="s3:ListBucket",
            Resource=BUCKET,
            Condition={"StringLike": {"s3:prefix": "home/*"}},
        ),
    ),
    (  # S3: "Policy has invalid resource" (see generator/policycheck/bucket_policy.py)
        "bucket policy naming `*`",
        "s3-bucket",
        "bucket-any-resource",
        bucket_policy(Resource="*"),
        bucket_policy(Resource=[BUCKET, OBJECTS]),
    ),
    (
        "bucket policy naming two buckets",
        "s3-bucket",
        "bucket-other-bucket",
        bucket_policy(Resource=[BUCKET, "arn:aws:s3:::acme-logs/*"]),
        bucket_policy(Resource=[BUCKET, "arn:aws:s3:::acme-data/logs/*"]),
    ),
    (  # Access Analyzer's security warnings (BDL111)
        "Allow with NotPrincipal in a bucket policy",
        "s3-bucket",
        "allow-notprincipal",
        bucket_policy(
            Effect="Allow",
            Principal=None,
            NotPrincipal={"AWS": f"arn:aws:iam::{ACCOUNT}:role/Auditor"},
            Action="s3:GetObject",
            Resource=OBJECTS,
            Condition=None,
        ),
        bucket_policy(
            Principal=None,
            NotPrincipal={"AWS": f"arn:aws:iam::{ACCOUNT}:role/Auditor"},
            Action="s3:DeleteObject",
            Resource=OBJECTS,
            Condition=None,
        ),
    ),
    (
        "Deny on a resource tag some of its actions never carry",
        "identity",
        "deny-tag-unsupported",
        policy(
            {
                "Effect": "Deny",
                "Action": ["lambda:DeleteFunction", "sns:ListTopics"],
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:ResourceTag/status": "Confidential"}},
            }
        ),
        policy(
            {
                "Effect": "Deny",
                "Action": ["lambda:DeleteFunction", "sns:DeleteTopic"],
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:ResourceTag/status": "Confidential"}},
            }
        ),
    ),
    (
        "service principal with no source condition",
        "sns-topic",
        "service-principal-unrestricted",
        policy({k: v for k, v in TOPIC_PUBLISH.items() if k != "Condition"}),
        policy(TOPIC_PUBLISH),
    ),
    (
        "GitHub OIDC trust without a repository condition",
        "trust",
        "github-no-sub",
        trust(
            Principal={"Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/{GITHUB}"},
            Action="sts:AssumeRoleWithWebIdentity",
            Condition={"StringEquals": {f"{GITHUB}:aud": "sts.amazonaws.com"}},
        ),
        trust(
            Principal={"Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/{GITHUB}"},
            Action="sts:AssumeRoleWithWebIdentity",
            Condition={
                "StringEquals": {f"{GITHUB}:aud": "sts.amazonaws.com"},
                "StringLike": {f"{GITHUB}:sub": "repo:acme/infra:*"},
            },
        ),
    ),
    (
        "OIDC trust without a condition on the provider's claims",
        "trust",
        "oidc-unconditioned",
        trust(
            Principal={"Federated": "accounts.google.com"},
            Action="sts:AssumeRoleWithWebIdentity",
            Condition=None,
        ),
        trust(
            Principal={"Federated": "accounts.google.com"},
            Action="sts:AssumeRoleWithWebIdentity",
            Condition={"StringEquals": {"accounts.google.com:aud": "1234567890.apps.googleusercontent.com"}},
        ),
    ),
    (
        "StringLike on an ARN key",
        "s3-bucket",
        "string-like-arn",
        bucket_policy(
            Effect="Allow",
            Principal={"Service": "cloudtrail.amazonaws.com"},
            Action="s3:PutObject",
            Resource=OBJECTS,
            Condition={"StringLike": {"aws:SourceArn": f"arn:aws:cloudtrail:us-east-2:{ACCOUNT}:trail/*"}},
        ),
        bucket_policy(
            Effect="Allow",
            Principal={"Service": "cloudtrail.amazonaws.com"},
            Action="s3:PutObject",
            Resource=OBJECTS,
            Condition={"ArnLike": {"aws:SourceArn": f"arn:aws:cloudtrail:us-east-2:{ACCOUNT}:trail/*"}},
        ),
    ),
    (
        "Deny on s3:prefix with StringLike",
        "identity",
        "s3-prefix-negative",
        policy(
            {
                "Effect": "Deny",
                "Action": "s3:ListBucket",
                "Resource": BUCKET,
                **cond(StringLike={"s3:prefix": "private/*"}),
            }
        ),
        policy(
            {
                "Effect": "Deny",
                "Action": "s3:ListBucket",
                "Resource": BUCKET,
                **cond(StringNotLike={"s3:prefix": "public/*"}),
            }
        ),
    ),
    (
        "ForAnyValue on an audience claim",
        "trust",
        "foranyvalue-aud",
        trust(
            Principal={"Federated": "cognito-identity.amazonaws.com"},
            Action="sts:AssumeRoleWithWebIdentity",
            Condition={
                "ForAnyValue:StringEquals": {
                    "cognito-identity.amazonaws.com:aud": "us-east-2:1a2b3c4d-0000-4000-8000-000000000000"
                }
            },
        ),
        trust(
            Principal={"Federated": "cognito-identity.amazonaws.com"},
            Action="sts:AssumeRoleWithWebIdentity",
            Condition={
                "StringEquals": {
                    "cognito-identity.amazonaws.com:aud": "us-east-2:1a2b3c4d-0000-4000-8000-000000000000"
                }
            },
        ),
    ),
    (
        "dynamodb:Attributes without dynamodb:Select",
        "identity",
        "dynamodb-attributes-select",
        policy(
            allow(
                "dynamodb:GetItem",
                f"arn:aws:dynamodb:us-east-2:{ACCOUNT}:table/scores",
                **cond(**{"ForAllValues:StringEquals": {"dynamodb:Attributes": ["player", "score"]}}),
            )
        ),
        policy(
            allow(
                "dynamodb:GetItem",
                f"arn:aws:dynamodb:us-east-2:{ACCOUNT}:table/scores",
                **cond(
                    **{
                        "ForAllValues:StringEquals": {"dynamodb:Attributes": ["player", "score"]},
                        "StringEquals": {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"},
                    }
                ),
            )
        ),
    ),
    (  # Access Analyzer's general warnings
        "role named by its unique ID",
        "s3-bucket",
        "principal-unique-id",
        bucket_allow({"AWS": "AROADBQP57FF2AEXAMPLE"}, "s3:GetObject", OBJECTS),
        bucket_allow({"AWS": f"arn:aws:iam::{ACCOUNT}:role/Reader"}, "s3:GetObject", OBJECTS),
    ),
    (
        "wildcard under StringEquals",
        "identity",
        "wildcard-without-like",
        policy(allow("s3:GetObject", OBJECTS, **cond(StringEquals={"aws:PrincipalTag/team": "data-*"}))),
        policy(allow("s3:GetObject", OBJECTS, **cond(StringLike={"aws:PrincipalTag/team": "data-*"}))),
    ),
    (  # Access Analyzer's suggestions that find a statement doing nothing, or less than meant
        "empty principal list",
        "s3-bucket",
        "empty-array",
        bucket_allow({"AWS": []}, "s3:GetObject", OBJECTS),
        bucket_allow({"AWS": [f"arn:aws:iam::{ACCOUNT}:role/Reader"]}, "s3:GetObject", OBJECTS),
    ),
    (
        "condition key given no values",
        "identity",
        "empty-condition",
        policy(allow("s3:GetObject", OBJECTS, **cond(StringEquals={"aws:PrincipalTag/team": []}))),
        policy(allow("s3:GetObject", OBJECTS, **cond(StringEquals={"aws:PrincipalTag/team": ["data"]}))),
    ),
    (
        "ForAllValues key given no values",
        "identity",
        "empty-condition-absent",
        policy(
            allow(
                "s3:PutObjectTagging", OBJECTS, **cond(**{"ForAllValues:StringEquals": {"aws:TagKeys": []}})
            )
        ),
        policy(allow("s3:PutObjectTagging", OBJECTS, **cond(Null={"aws:TagKeys": "true"}))),
    ),
    (
        "IP range with bits after its mask",
        "identity",
        "ip-host-bits",
        policy(allow("s3:GetObject", OBJECTS, **cond(IpAddress={"aws:SourceIp": "203.0.113.77/24"}))),
        policy(allow("s3:GetObject", OBJECTS, **cond(IpAddress={"aws:SourceIp": "203.0.113.0/24"}))),
    ),
    (
        "ForAllValues on a key of one value",
        "identity",
        "forallvalues-single",
        policy(
            allow(
                "s3:GetObject",
                OBJECTS,
                **cond(**{"ForAllValues:StringEquals": {"aws:PrincipalAccount": ACCOUNT}}),
            )
        ),
        policy(allow("s3:GetObject", OBJECTS, **cond(StringEquals={"aws:PrincipalAccount": ACCOUNT}))),
    ),
    (  # SNS's policy quotas (see generator/policycheck/topic_policy.py)
        "topic policy naming two topics",
        "sns-topic",
        "topic-other-topic",
        policy(
            {**TOPIC_PUBLISH, "Resource": TOPIC},
            {**TOPIC_PUBLISH, "Resource": f"arn:aws:sns:us-east-2:{ACCOUNT}:billing"},
        ),
        policy({**TOPIC_PUBLISH, "Resource": TOPIC}, {**TOPIC_PUBLISH, "Sid": "Again", "Resource": TOPIC}),
    ),
    (
        "topic policy of 101 statements",
        "sns-topic",
        "topic-statements",
        policy(*[{**TOPIC_PUBLISH, "Sid": f"S{n}", "Resource": TOPIC} for n in range(101)]),
        policy(*[{**TOPIC_PUBLISH, "Sid": f"S{n}", "Resource": TOPIC} for n in range(100)]),
    ),
    (
        "topic policy statement of 201 principals",
        "sns-topic",
        "topic-principals",
        policy({**TOPIC_PUBLISH, "Principal": {"AWS": [f"{100000000000 + n}" for n in range(201)]}}),
        policy({**TOPIC_PUBLISH, "Principal": {"AWS": [f"{100000000000 + n}" for n in range(200)]}}),
    ),
    (
        "key policy nobody could change again",
        "kms-key",
        "key-lockout",
        policy(
            {
                "Sid": "AllowCloudWatchToUseKey",
                "Effect": "Allow",
                "Principal": {"Service": "cloudwatch.amazonaws.com"},
                "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
                "Resource": "*",
            }
        ),
        policy(
            {
                "Sid": "KeyAdministrators",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/KeyAdmin"},
                "Action": ["kms:Describe*", "kms:Put*", "kms:ScheduleKeyDeletion"],
                "Resource": "*",
            },
            {
                "Sid": "AllowCloudWatchToUseKey",
                "Effect": "Allow",
                "Principal": {"Service": "cloudwatch.amazonaws.com"},
                "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
            },
        ),
    ),
    (  # ministryofjustice/modernisation-platform#1046: KMS refused it as a lockout
        "key policy whose only admin statement names another service's resource",
        "kms-key",
        "key-lockout",
        policy({**KEY_ADMIN, "Resource": "arn:aws:dynamodb:*"}),
        policy({**KEY_ADMIN, "Resource": f"arn:aws:kms:us-east-2:{ACCOUNT}:key/*"}),
    ),
    (
        "topic policy granting an action out of the topic's scope",
        "sns-topic",
        "action-for-policy",
        policy(
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": ["sns:Subscribe", "sns:ListTopics"],
                "Resource": f"arn:aws:sns:us-east-2:{ACCOUNT}:alarms",
            }
        ),
        policy(
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": "sns:Subscribe",
                "Resource": f"arn:aws:sns:us-east-2:{ACCOUNT}:alarms",
                "Condition": {"StringEquals": {"sns:Protocol": "sqs"}},
            }
        ),
    ),
    (
        "ARN without a service",  # IAM: "Resource vendor must be fully qualified"
        "identity",
        "arn-fields",
        policy(allow("s3:ListBucket", "arn:aws::::acme-data")),
        policy(allow("s3:ListBucket", "arn:aws:s3:::acme-data")),
    ),
]


CODES = {"empty principal list": "EMPTY_ARRAY_PRINCIPAL"}
"""The Access Analyzer code a defect's issue names where it is not its check's own (one check,
`empty-array`, stands for AA's empty action, resource and principal suggestions)."""


def main() -> None:
    cases = [
        {"name": name, "kind": kind, "check": check, "defect": defect, "valid": valid}
        | ({"code": CODES[name]} if name in CODES else {})
        for name, kind, check, defect, valid in CASES
    ]
    target = Path(__file__).with_name("corpus.json")
    target.write_text(json.dumps({"//": __doc__.strip().splitlines()[0], "cases": cases}, indent=1) + "\n")
    print(f"{len(cases)} cases, {2 * len(cases)} policies -> {target}")


if __name__ == "__main__":
    main()

"""The one-call matcher for plain ARNs agrees with the general pattern-against-template walk."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.policycheck.globs import arn_matcher, overlaps

TEMPLATES = (
    "arn:${Partition}:s3:::${BucketName}",
    "arn:${Partition}:s3:::${BucketName}/${ObjectName}",
    "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}",
    "arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}",
    "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}",
    "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}",
    "arn:${Partition}:s3:us-west-2:${Account}:async-request/mrap/${Operation}/${Token}",
    "arn:${Partition}:${Vendor}:${Region}:*:${ResourceType}:${RecoveryPointId}",
)
FIELD = st.sampled_from(
    ["arn", "aws", "aws-cn", "s3", "iam", "kms", "logs", "dynamodb", "", "us-west-2", "123456789012"]
)
PART = st.text(alphabet="ab/:-", max_size=8) | st.sampled_from(
    ["role/r", "key/k", "log-group:g", "table/t", "b", "b/o", "async-request/mrap/x/y", "table/a/b"]
)


def _fields_for(template: str, draw: st.DrawFn) -> list[str]:
    """The template's first five fields with a value for each variable, now and then another."""
    fields = []
    for field in template.split(":")[:5]:
        value = draw(FIELD) if "${" in field else field
        fields.append(draw(st.sampled_from([value, value, value, draw(FIELD)])))
    return fields


@st.composite
def _plain_arns(draw: st.DrawFn) -> tuple[str, str]:
    template = draw(st.sampled_from(TEMPLATES))
    return ":".join(_fields_for(template, draw)) + ":" + draw(PART), template


@settings(max_examples=3000, deadline=None)
@given(case=_plain_arns())
def test_plain_arn_matcher_agrees_with_overlaps(case: tuple[str, str]) -> None:
    arn, template = case
    match = arn_matcher(template)
    assert match is not None
    assert (match(arn) is not None) == overlaps(arn, template)


def test_it_matches_what_it_should() -> None:
    bucket, objects = arn_matcher(TEMPLATES[0]), arn_matcher(TEMPLATES[1])
    assert bucket is not None and objects is not None
    assert bucket("arn:aws:s3:::data") and not bucket("arn:aws:s3:::data/key")
    assert objects("arn:aws:s3:::data/key") and not objects("arn:aws:s3:::data")
    assert arn_matcher("arn:${Partition}:s3:${Region}-x:${Account}:thing/${Id}") is None  # a mixed field

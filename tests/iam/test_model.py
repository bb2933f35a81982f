from __future__ import annotations

import json
import random
from typing import Any

import pytest

from generator.iam.locate import SourceText, split_path
from generator.iam.model import PolicyError, Statement, parse_policy


def test_parses_a_full_statement() -> None:
    policy = parse_policy(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "A",
                    "Effect": "Allow",
                    "Principal": {"AWS": ["arn:aws:iam::481633624848:root"]},
                    "Action": "sts:AssumeRole",
                    "Condition": {
                        "StringEquals": {"sts:ExternalId": "x"},
                        "Bool": {"aws:MultiFactorAuthPresent": True},
                    },
                }
            ],
        }
    )
    statement = policy.statements[0]
    assert statement.actions == ("sts:AssumeRole",)
    assert statement.resources == ()
    assert [p.value for p in statement.principals] == ["arn:aws:iam::481633624848:root"]
    assert {(c.key, tuple(c.values)) for c in statement.conditions} == {
        ("sts:externalid", ("x",)),
        ("aws:multifactorauthpresent", ("true",)),
    }


def test_single_statement_object_is_one_statement() -> None:
    policy = parse_policy({"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}})
    assert policy.single and policy.statement_path(0) == ("Statement",)
    listed = parse_policy({"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]})
    assert not listed.single and listed.statement_path(0) == ("Statement", 0)


def test_equal_statements_are_shared_and_keyed_by_content() -> None:
    one = {"Sid": "A", "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}
    first = parse_policy({"Statement": [one]}).statements[0]
    second = parse_policy({"Statement": [{"Effect": "Deny", "Action": "*"}, dict(one)]}).statements[1]
    assert first.body is second.body and (first.label, second.label) == (
        "Statement[0] (A)",
        "Statement[1] (A)",
    )
    renamed = parse_policy({"Statement": [{**one, "Sid": "B"}]}).statements[0]
    # The Sid grants nothing: the same grant under another Sid is the same body, named at its place.
    assert renamed.body is first.body and renamed.key == first.key
    assert (renamed.sid, renamed.label, first.sid) == ("B", "Statement[0] (B)", "A")
    conditioned = parse_policy(
        {"Statement": [{**one, "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}
    )
    assert conditioned.statements[0].key != first.key


@pytest.mark.parametrize(
    ("document", "path"),
    [
        ([], ""),
        ({"Statement": []}, "Statement"),
        ({"Version": "2020-01-01", "Statement": {"Effect": "Allow", "Action": "*"}}, "Version"),
        ({"Statement": [{"Effect": "Permit", "Action": "*"}]}, "Statement[0].Effect"),
        ({"Statement": [{"Effect": "Allow"}]}, "Statement[0]"),
        ({"Statement": [{"Effect": "Allow", "Action": "*", "NotAction": "*"}]}, "Statement[0]"),
        ({"Statement": [{"Effect": "Allow", "Action": [1]}]}, "Statement[0].Action"),
        ({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": []}]}, "Statement[0].Resource"),
        ({"Statement": [{"Effect": "Allow", "Action": "*", "Actions": "*"}]}, "Statement[0].Actions"),
        (
            {"Statement": [{"Effect": "Allow", "Action": "*", "Principal": {"Robot": "x"}}]},
            "Statement[0].Principal.Robot",
        ),
        (
            {"Statement": [{"Effect": "Allow", "Action": "*", "Condition": {"Bool": "x"}}]},
            "Statement[0].Condition.Bool",
        ),
        (
            {"Statement": [{"Effect": "Allow", "Action": "*", "Condition": {"Bool": {"k": {}}}}]},
            "Statement[0].Condition.Bool.k",
        ),
    ],
)
def test_invalid_documents_name_the_element(document: Any, path: str) -> None:
    with pytest.raises(PolicyError) as raised:
        parse_policy(document)
    assert raised.value.path == path


def test_positions_come_from_the_source_text() -> None:
    text = json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["a:B", "c:D"]}]}, indent=2
    )
    source = SourceText("p.json", text)
    policy = parse_policy(json.loads(text), source)
    assert policy.position(("Statement", 0, "Action", 1)) == (8, 9)
    assert policy.position(("Statement", 0, "Resource")) is None
    lines = text.splitlines()
    assert lines[7].strip() == '"c:D"'


def test_positions_with_a_prefix_and_escaped_keys() -> None:
    text = '{"locals": {"a\\"b": 1, "role_policy": {"Statement": {"Effect": "Allow", "Action": "x:Y"}}}}'
    source = SourceText("m.tf.json", text)
    policy = parse_policy(json.loads(text)["locals"]["role_policy"], source, ("locals", "role_policy"))
    line, column = policy.position(("Statement", "Action")) or (0, 0)
    assert (line, text[column - 1 : column + 4]) == (1, '"x:Y"')
    assert source.position(("locals", 'a"b')) == (1, 21)


def _leaf_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [path] + [p for k, v in value.items() for p in _leaf_paths(v, (*path, k))]
    if isinstance(value, list):
        return [path] + [p for i, v in enumerate(value) for p in _leaf_paths(v, (*path, i))]
    return [path]


def test_positions_in_any_order_equal_the_walk_from_the_top() -> None:
    """The loaded statements' fast path and the line counted on from the last position give
    what the general walk and a count from the top of the file give, whatever the order."""
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "S1", "Effect": "Allow", "Action": ["s3:GetObject", "s3:List*"], "Resource": "*"},
            {
                "Effect": "Deny",
                "Action": "iam:*",
                "Resource": ["arn:aws:iam::*:role/a", "arn:aws:iam::*:role/b"],
                "Condition": {"StringEquals": {"aws:RequestedRegion": ["us-east-1", "us-east-2"]}},
            },
        ],
    }
    text = json.dumps(document, indent=2)
    paths = [*_leaf_paths(document)[1:], ("Statement", 0, "Action", 5), ("Statement", 2, "Effect")]
    random.Random(3).shuffle(paths)
    loaded = SourceText("p.json", text)
    loaded.load()
    for path in paths:
        offset = SourceText("p.json", text).offset(path)
        expected = (
            None
            if offset is None
            else (text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset))
        )
        assert loaded.position(path) == expected, path
    assert loaded.position(("Statement", 1, "Resource", 1)) is not None


def test_split_path() -> None:
    assert split_path("Statement[2].Action[0]") == ("Statement", 2, "Action", 0)
    assert split_path("Statement.Condition.Bool") == ("Statement", "Condition", "Bool")


@pytest.mark.parametrize(
    "text",
    [
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*"}, {"a": [1, 2]}]}',
        '\ufeff {"Statement": []} ',
        '{"Statement": {"Effect": "Allow"}}',
        '{"St\\u0061tement": [1], "Statement": [2]}',
        "[1, 2]",
        '"just a string"',
        "{}",
    ],
)
def test_load_equals_json_loads(text: str) -> None:
    assert SourceText("f", text).load() == json.loads(text.lstrip("\ufeff"))


@pytest.mark.parametrize(
    "text",
    [
        '{"Statement": [1, 2,]}',
        '{"Statement": [1 2]}',
        '{"a": 1 "b": 2}',
        '{"Statement": [1]} extra',
        '{"Statement": [{"Effect": "Allow",}]}',
        '{"a\nb": 1}',
        "",
    ],
)
def test_load_rejects_what_json_loads_rejects(text: str) -> None:
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)
    with pytest.raises(json.JSONDecodeError):
        SourceText("f", text).load()


@pytest.mark.parametrize("sid_first", [True, False])
def test_statement_text_shared_across_sids_and_sid_checked(sid_first: bool) -> None:
    def parsed(sid: object, condition_sid: str = "") -> Statement:
        grant: dict[str, Any] = {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}
        if condition_sid:  # a nested "Sid" key is content, never taken for the statement's Sid
            grant["Condition"] = {"StringEquals": {"Sid": condition_sid}}
        statement = {"Sid": sid, **grant} if sid_first else {**grant, "Sid": sid}
        text = json.dumps({"Statement": [statement]}, indent=2)
        source = SourceText("p.json", text)
        return parse_policy(source.load(), source).statements[0]

    first, second = parsed("One"), parsed("Two")
    assert first.body is second.body and (first.sid, second.sid) == ("One", "Two")
    nested_a, nested_b = parsed("One", "a"), parsed("One", "b")
    assert nested_a.key != nested_b.key and nested_a.key != first.key
    with pytest.raises(PolicyError, match=r"Statement\[0\]\.Sid: Sid must be a string"):
        parsed(["One"])

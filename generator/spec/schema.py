"""JSON Schema validation of a spec, with messages that read well on one line.

`schemas/customer.schema.json` is the one source of truth for the spec's shape; the values that
are Bodo's (the supported regions, the reference policy versions, the platform account) are the
vendor profile's, put into the schema when it is loaded (`with_profile`; the file carries the
package profile's values for editors, and a test keeps them equal). This module also translates
jsonschema's errors: unknown keys get a "did you mean", `x-message` on a subschema replaces
jsonschema's generic oneOf/anyOf text.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from generator.resources import data_path
from generator.spec.problems import FieldPath
from generator.vendor.profile import Profile, profile

SCHEMA_FILE = ("schemas", "customer.schema.json")


@cache
def schema_file() -> dict[str, Any]:
    """The schema file as written (with the package profile's values)."""
    loaded: dict[str, Any] = json.loads(data_path(*SCHEMA_FILE).read_text(encoding="utf-8"))
    return loaded


def with_profile(document: dict[str, Any], vendor: Profile) -> dict[str, Any]:
    """`document` with the vendor profile's regions, policy versions and platform account."""
    properties = dict(document["properties"])
    properties["region"] = {**properties["region"], "enum": list(vendor.regions)}
    properties["reference"] = {
        **properties["reference"],
        "enum": list(vendor.versions),
        "default": vendor.newest.version,
    }
    properties["platform_account_id"] = {
        **properties["platform_account_id"],
        "default": vendor.platform_account,
    }
    role = dict(properties["role"]["properties"])
    role["name"] = {**role["name"], "default": vendor.defaults.role_name}
    role["policy_name"] = {**role["policy_name"], "default": vendor.defaults.policy_name}
    properties["role"] = {**properties["role"], "properties": role}
    return {**document, "properties": properties}


@cache
def _schema_for(vendor: Profile) -> dict[str, Any]:
    return with_profile(schema_file(), vendor)


def schema() -> dict[str, Any]:
    """The spec's schema under this process's vendor profile."""
    return _schema_for(profile())


@cache
def _validator_for(vendor: Profile) -> Draft202012Validator:
    # Not checked against the metaschema here (~20 ms of every validate and render): the schema
    # file ships with the package and a test checks it; `with_profile` only puts the profile's
    # strings (checked by the profile's own schema) where the file has enums and defaults.
    return Draft202012Validator(_schema_for(vendor))


def validator() -> Draft202012Validator:
    return _validator_for(profile())


class SchemaIssue:
    """One schema violation: where (field path; `at_key` when it is about the key itself) and what."""

    __slots__ = ("at_key", "field", "message")

    def __init__(self, field: FieldPath, message: str, *, at_key: bool = False) -> None:
        self.field = field
        self.message = message
        self.at_key = at_key


def _describe(value: object) -> str:
    text = json.dumps(value, ensure_ascii=True, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


_TYPE_NAMES = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "object": "a mapping",
    "array": "a list",
    "boolean": "true or false",
    "null": "empty",
}


def _type_name(value: object) -> str:
    match value:
        case bool():
            return "true/false"
        case int() | float():
            return "a number"
        case str():
            return "a string"
        case list():
            return "a list"
        case dict():
            return "a mapping"
        case None:
            return "empty (null)"
    return type(value).__name__


def _hint(value: object, choices: list[Any]) -> str:
    """ "; did you mean 'X'?" for a string close to one of the choices (case-insensitive), else ""."""
    if not isinstance(value, str):
        return ""
    strings = [choice for choice in choices if isinstance(choice, str)]
    folded = {choice.lower(): choice for choice in strings}
    hint = difflib.get_close_matches(value.lower(), list(folded), n=1, cutoff=0.6)
    return f"; did you mean '{folded[hint[0]]}'?" if hint else ""


def _translate(error: ValidationError) -> Iterator[SchemaIssue]:
    where: FieldPath = tuple(error.absolute_path)
    custom = error.schema.get("x-message") if isinstance(error.schema, dict) else None
    if custom and error.validator in {"oneOf", "anyOf", "allOf"}:
        yield SchemaIssue(where, str(custom))
        return
    if "propertyNames" in error.relative_schema_path and isinstance(error.instance, str):
        key = error.instance
        yield SchemaIssue((*where, key), f"key {_describe(key)}: {error.message}", at_key=True)
        return
    match error.validator:
        case "additionalProperties" if isinstance(error.instance, dict) and isinstance(error.schema, dict):
            allowed = sorted(error.schema.get("properties", {}))
            for key in error.instance:
                if key in allowed:
                    continue
                hint = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
                suggestion = f"; did you mean '{hint[0]}'?" if hint else f"; allowed: {', '.join(allowed)}"
                yield SchemaIssue((*where, str(key)), f"unknown key '{key}'{suggestion}", at_key=True)
        case "required":
            missing = str(error.message).split("'")[1] if "'" in error.message else error.message
            yield SchemaIssue(where, f"missing required field '{missing}'")
        case "type":
            expected: Any = error.validator_value
            names = [expected] if isinstance(expected, str) else list(expected)
            wanted = " or ".join(_TYPE_NAMES.get(name, name) for name in names)
            yield SchemaIssue(where, f"must be {wanted}, not {_type_name(error.instance)}")
        case "enum":
            choices: Any = error.validator_value
            options = ", ".join(str(option) for option in choices)
            yield SchemaIssue(
                where, f"{_describe(error.instance)} is not one of: {options}{_hint(error.instance, choices)}"
            )
        case "pattern":
            yield SchemaIssue(where, f"{_describe(error.instance)} does not match {error.validator_value}")
        case "minLength":
            yield SchemaIssue(where, f"is too short (at least {error.validator_value} characters)")
        case "maxLength":
            yield SchemaIssue(where, f"is too long (at most {error.validator_value} characters)")
        case "minItems":
            yield SchemaIssue(where, f"needs at least {error.validator_value} item(s)")
        case "maxItems":
            yield SchemaIssue(where, f"has more than {error.validator_value} items")
        case "maxProperties":
            yield SchemaIssue(where, f"has more than {error.validator_value} entries")
        case "uniqueItems":
            yield SchemaIssue(where, "has duplicate items")
        case "exclusiveMinimum":
            yield SchemaIssue(where, f"must be greater than {error.validator_value}")
        case "minimum":
            yield SchemaIssue(where, f"must be at least {error.validator_value}")
        case "maximum":
            yield SchemaIssue(where, f"must be at most {error.validator_value}")
        case _:
            yield SchemaIssue(where, str(error.message))


def schema_issues(data: object) -> list[SchemaIssue]:
    """Every schema violation in `data`, deepest first within a field, in document order."""
    issues: list[SchemaIssue] = []
    for error in validator().iter_errors(data):
        issues.extend(_translate(error))
    return issues

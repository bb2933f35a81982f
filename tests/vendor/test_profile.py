"""The vendor profile: shipped data with provenance, schema-checked, the only place naming Bodo's side."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from generator.cli import main
from generator.components.role import LOCK_TABLE_ARN, role_policy
from generator.errors import ProfileError
from generator.hcl import Ref
from generator.render import POLICIES_FILE, render_module
from generator.spec import load_spec
from generator.spec.schema import schema_file, with_profile
from generator.vendor.profile import (
    PACKAGE_PROFILE,
    REFERENCE_LOCAL,
    SCHEMA_FILE,
    clear_cache,
    load_profile,
    profile,
)
from tests.vendor.conftest import write_spec, write_user_profile

REPO = Path(__file__).resolve().parents[2]
SHIPPED = ("2021-09", "2022-09-07", "2022-11-09", "2022-11-15")
# history/README.md: statements and actions per statement of each published version.
PUBLISHED_SHAPE = {
    "2021-09": [157],
    "2022-09-07": [147, 4, 1, 3],
    "2022-11-09": [148, 4, 1, 3],
    "2022-11-15": [152, 4, 1, 3],
}


def test_the_four_published_versions_ship_with_their_provenance() -> None:
    vendor = load_profile(PACKAGE_PROFILE, Path("/nonexistent"))
    assert vendor.versions == SHIPPED
    assert vendor.newest.version == "2022-11-15"
    for policy in vendor.policies:
        assert policy.origin == "package"
        assert policy.source and policy.date == policy.version
        assert policy.path.parent.name == "policies" and policy.path.stem == policy.version
        counts = [len(s["Action"]) for s in policy.document()["Statement"]]
        assert counts == PUBLISHED_SHAPE[policy.version]


def test_2021_is_kept_as_published_without_placeholders() -> None:
    text = profile().policy("2021-09").text()
    assert "$$" not in text
    actions = profile().policy("2021-09").document()["Statement"][0]["Action"]
    assert {"s3:ListBuckets", "ec2:DescribeLocalGatewayRouteTable"} <= set(actions)


@pytest.mark.parametrize("version", SHIPPED)
def test_each_version_fills_and_renders(version: str, tmp_path: Path) -> None:
    spec = load_spec(write_spec(tmp_path, "pinned", reference=version))
    assert spec.reference == version
    module = render_module(spec, tmp_path / "modules" / "pinned")
    locals_ = json.loads(module.files[POLICIES_FILE])["locals"]
    assert locals_[REFERENCE_LOCAL] == version
    rendered = locals_["role_policy"]
    expected = json.loads(
        profile()
        .policy(version)
        .text()
        .replace('"$$DYNAMO_ARN$$"', json.dumps("${local.lock_table_arn}"))
        .replace("$$BUCKET_NAME$$", spec.bucket_name)
    )
    assert rendered == expected
    assert not any("$$" in text for text in module.files.values())
    assert role_policy(spec, LOCK_TABLE_ARN)["Statement"][0]["Sid"] == "BodoPlatformUserPermissions"
    assert isinstance(LOCK_TABLE_ARN, Ref)


def test_a_spec_without_reference_is_on_the_newest(tmp_path: Path) -> None:
    assert load_spec(write_spec(tmp_path, "plain")).reference == profile().newest.version


def test_an_unknown_version_is_refused_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_spec(tmp_path, "future", reference="2030-01-01")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:6:" in out and "reference" in out and "2022-11-15" in out


def test_a_region_added_to_the_user_profile_needs_no_code_change(
    user_profile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = write_spec(tmp_path, "dublin", region="eu-west-1")
    assert main(["validate", str(spec)]) == 1  # not a region Bodo supports yet
    assert "eu-west-1" in capsys.readouterr().out
    write_user_profile(user_profile, {"regions": {"supported": ["eu-west-1"]}})
    clear_cache()  # a profile is read once per process; this one changed under it
    assert profile().regions[-1] == "eu-west-1"
    assert main(["validate", str(spec)]) == 0
    out = tmp_path / "modules"
    assert main(["render", str(spec), "--out", str(out)]) == 0
    assert 'region = "eu-west-1"' in (out / "dublin" / "provider.tf").read_text()


def test_the_shipped_profile_satisfies_its_schema() -> None:
    """Commands read the shipped profile without checking it (see `_checked`): this is the check."""
    schema = json.loads(SCHEMA_FILE.read_text())
    assert list(Draft202012Validator(schema).iter_errors(json.loads(PACKAGE_PROFILE.read_text()))) == []


def test_a_copied_package_profile_is_schema_checked(tmp_path: Path) -> None:
    data = json.loads(PACKAGE_PROFILE.read_text())
    data["platform_account"]["id"] = "not-an-account"
    copy = tmp_path / "profile.json"
    copy.write_text(json.dumps(data, indent=2))
    with pytest.raises(ProfileError, match=r"profile.json:\d+:\d+: platform_account.id"):
        load_profile(copy, tmp_path / "none")


def test_a_region_added_to_a_copied_package_profile_is_accepted(tmp_path: Path) -> None:
    data = json.loads(PACKAGE_PROFILE.read_text())
    data["regions"]["supported"].append("eu-west-1")
    copy = tmp_path / "profile.json"
    copy.write_text(json.dumps(data))
    (tmp_path / "policies").symlink_to(PACKAGE_PROFILE.parent / "policies")
    assert load_profile(copy, tmp_path / "none").regions[-1] == "eu-west-1"


def test_a_broken_user_profile_is_reported_with_its_position(
    user_profile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_user_profile(user_profile, {"regions": {"supported": ["Europe"]}})
    spec = write_spec(tmp_path, "any")
    assert main(["validate", str(spec)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:" in err and "regions.supported.0" in err and "Traceback" not in err
    with pytest.raises(ProfileError):
        load_profile(PACKAGE_PROFILE, user_profile)


def test_the_spec_schema_is_valid_json_schema_under_any_profile(user_profile: Path) -> None:
    """Commands build the spec validator without checking the schema against the metaschema
    (see `generator.spec.schema._validator_for`): this is the check, for the shipped file and
    for the schema a user profile's values are put into."""
    Draft202012Validator.check_schema(schema_file())
    write_user_profile(user_profile, {"regions": {"supported": ["eu-west-1"]}})
    clear_cache()
    vendor = profile()
    assert vendor.regions[-1] == "eu-west-1"
    Draft202012Validator.check_schema(with_profile(schema_file(), vendor))


def test_the_editor_schema_file_tells_the_truth() -> None:
    """schemas/customer.schema.json carries the package profile's values (the loader injects the
    effective profile's; an editor reads the file)."""
    vendor = load_profile(PACKAGE_PROFILE, Path("/nonexistent"))
    properties = schema_file()["properties"]
    assert properties["region"]["enum"] == list(vendor.regions)
    assert properties["reference"]["enum"] == list(vendor.versions)
    assert properties["reference"]["default"] == vendor.newest.version
    assert properties["platform_account_id"]["default"] == vendor.platform_account
    role = properties["role"]["properties"]
    assert role["name"]["default"] == vendor.defaults.role_name
    assert role["policy_name"]["default"] == vendor.defaults.policy_name
    bucket = properties["bucket"]["properties"]["name"]["description"]
    assert f"<customer>{vendor.defaults.bucket_suffix}" in bucket


def test_only_the_profile_names_the_account_and_the_versions() -> None:
    vendor = profile()
    needles = [vendor.platform_account, *vendor.versions]
    pattern = re.compile("|".join(re.escape(n) for n in needles))
    offenders = []
    for top in ("generator", "templates", "checks/checkov"):
        for path in sorted((REPO / top).rglob("*")):
            if not path.is_file() or path.suffix not in {".py", ".j2", ".json", ".tf", ".md"}:
                continue
            if PACKAGE_PROFILE.parent in path.parents:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line):
                    offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_checkov_checks_take_the_account_from_the_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(REPO / "checks" / "checkov"))
    monkeypatch.delenv("BODOCFG_PLATFORM_ACCOUNTS", raising=False)
    import bodo_common

    assert bodo_common.vendor_accounts() == {profile().platform_account}
    monkeypatch.setenv("BODOCFG_PLATFORM_ACCOUNTS", "123456789012")
    assert bodo_common.vendor_accounts() == {profile().platform_account, "123456789012"}

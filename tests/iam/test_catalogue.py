from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.iam import catalogue as module
from generator.iam.catalogue import Catalogue


def test_exact_and_case_insensitive_lookup(catalogue: Catalogue) -> None:
    assert catalogue.expand("S3:getobject") == frozenset({"s3:getobject"})
    info = catalogue.info("iam:passrole")
    assert info is not None and info.name == "iam:PassRole"
    assert info.access_level == "Permissions management" or info.access_level == "Write"


def test_wildcards_expand_against_the_catalogue(catalogue: Catalogue) -> None:
    describe = catalogue.expand("ec2:DescribeInstance*")
    assert "ec2:describeinstances" in describe and "ec2:describeinstancestatus" in describe
    assert all(a.startswith("ec2:describeinstance") for a in describe)
    assert catalogue.expand("s3:*") == catalogue.by_service["s3"]
    assert catalogue.expand("*") == catalogue.all_actions
    assert "s3:getobject" in catalogue.expand("s?:GetObj*")
    assert len(catalogue.all_actions) > 15000


def test_unknown_actions_expand_to_nothing(catalogue: Catalogue) -> None:
    assert catalogue.expand("s3:GetObjekt") == frozenset()
    assert catalogue.expand("nosuchservice:*") == frozenset()
    actions, unknown = catalogue.expand_all(("s3:GetObject", "s3:Nope*"))
    assert actions == frozenset({"s3:getobject"}) and unknown == ("s3:Nope*",)


def test_resource_arn_support_is_known(catalogue: Catalogue) -> None:
    run = catalogue.info("ec2:RunInstances")
    caller = catalogue.info("sts:GetCallerIdentity")
    assert run is not None and run.takes_resource_arns
    assert caller is not None and not caller.takes_resource_arns


def test_compact_index_is_cached_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BODOCFG_CACHE_DIR", str(tmp_path))
    datastore = module.datastore_path()
    first = module._load_index(datastore)
    cached = list(tmp_path.glob("iam-catalogue-*.json"))
    assert len(cached) == 1
    document = json.loads(cached[0].read_text())
    document["services"] = {"marker": [["OnlyAction", "Read", False]]}
    cached[0].write_text(json.dumps(document))
    assert module._load_index(datastore) == {"marker": [["OnlyAction", "Read", False]]}
    assert "s3" in first


def test_unwritable_cache_still_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("BODOCFG_CACHE_DIR", str(blocker / "sub"))
    assert "s3" in module._load_index(module.datastore_path())

"""Which module directories `bodocfg plan DIR...` plans."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import UsageError
from generator.fleet.plan import expand_modules


def module(path: Path) -> Path:
    path.mkdir(parents=True)
    (path / "main.tf").write_text("# module\n")
    return path


def test_a_module_is_itself(tmp_path: Path) -> None:
    one = module(tmp_path / "modules" / "globex")
    assert expand_modules([str(one)]) == [one]


def test_a_directory_of_modules_is_every_module_in_it(tmp_path: Path) -> None:
    b = module(tmp_path / "modules" / "beta")
    a = module(tmp_path / "modules" / "alpha")
    (tmp_path / "modules" / "notes").mkdir()  # not a module: skipped
    assert expand_modules([str(tmp_path / "modules")]) == [a, b]


def test_the_same_module_twice_is_planned_once(tmp_path: Path) -> None:
    one = module(tmp_path / "modules" / "globex")
    assert expand_modules([str(one), str(tmp_path / "modules")]) == [one]


def test_two_modules_for_one_customer_are_refused(tmp_path: Path) -> None:
    module(tmp_path / "a" / "globex")
    module(tmp_path / "b" / "globex")
    with pytest.raises(UsageError, match="two modules for customer 'globex'"):
        expand_modules([str(tmp_path / "a"), str(tmp_path / "b")])


@pytest.mark.parametrize("name", ["missing", "empty"])
def test_not_a_module_is_a_usage_error(tmp_path: Path, name: str) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError):
        expand_modules([str(tmp_path / name)])

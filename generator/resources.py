"""Where bodocfg's own data files live: templates/ and schemas/.

In a source checkout they are the repository's top-level `templates/` and `schemas/`; in an
installed wheel they are copied into `generator/_data/` (see pyproject's force-include).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def _data_root() -> Path:
    installed = _PACKAGE_DIR / "_data"
    if (installed / "templates").is_dir():
        return installed
    return _PACKAGE_DIR.parent


def data_path(*parts: str) -> Path:
    """Path of a data file, e.g. `data_path("schemas", "customer.schema.json")`."""
    return _data_root().joinpath(*parts)

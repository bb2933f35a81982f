"""An `atlantis.yaml` (repo-level config, version 3) with one project per customer module.

Each project autoplans when one of its module's files or its spec changes. Paths follow
Atlantis' rules: `dir` is relative to the repository root (where atlantis.yaml lives),
`when_modified` patterns are relative to the project's dir. A module with remote state
(a rendered `backend.hcl`) uses a workflow whose `init` passes it as `-backend-config`.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path

from ruamel.yaml import YAML

from generator.backend import BACKEND_CONFIG_FILE
from generator.fleet.changed import Customer
from generator.render import MARKER

VERSION = 3
BACKEND_WORKFLOW = "bodocfg-backend"

HEADER = (
    f"# {MARKER}: one Atlantis project per customer module.\n"
    "# Do not edit: run `bodocfg atlantis` after adding or removing a customer.\n"
)

Document = dict[str, object]


def _posix(path: str) -> str:
    return Path(path).as_posix()


def project(customer: Customer, root: Path) -> Document:
    """One project: the module directory, autoplanned on its Terraform files and its spec."""
    module = customer.module
    when_modified = ["*.tf", "*.tf.json", _posix(os.path.relpath(customer.spec, module))]
    entry: Document = {
        "name": customer.customer,
        "dir": _posix(os.path.relpath(module, root)),
        "workspace": "default",
        "autoplan": {"enabled": True, "when_modified": when_modified},
    }
    if (module / BACKEND_CONFIG_FILE).is_file():
        when_modified.append(BACKEND_CONFIG_FILE)
        entry["workflow"] = BACKEND_WORKFLOW
    return entry


def backend_workflow() -> Document:
    """Plan with the module's rendered backend settings (bucket, key, region, locking)."""
    return {
        "plan": {
            "steps": [
                {"init": {"extra_args": [f"-backend-config={BACKEND_CONFIG_FILE}"]}},
                "plan",
            ]
        },
        "apply": {"steps": ["apply"]},
    }


def config(customers: Sequence[Customer], root: Path) -> Document:
    """The whole atlantis.yaml document for `customers`, with paths relative to `root`."""
    projects = [project(customer, root) for customer in sorted(customers, key=lambda c: c.customer)]
    document: Document = {
        "version": VERSION,
        "automerge": False,
        "parallel_plan": True,
        "parallel_apply": True,
        "projects": projects,
    }
    if any("workflow" in entry for entry in projects):
        document["workflows"] = {BACKEND_WORKFLOW: backend_workflow()}
    return document


def dump(document: Document) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    return HEADER + buffer.getvalue()

"""An `atlantis.yaml` (repo-level config, version 3) with one project per customer module.

Each project autoplans when one of its module's files or its spec changes. Paths follow
Atlantis' rules: `dir` is relative to the repository root (where atlantis.yaml lives),
`when_modified` patterns are relative to the project's dir. Every project runs the `bodocfg`
workflow: plan is `bodocfg lint` (gate), `bodocfg plan` (with its guards; a module with remote
state gets its rendered `backend.hcl` as `-backend-config` from bodocfg itself; the saved plan
is copied to Atlantis' $PLANFILE so Atlantis knows there is one) and `bodocfg scan` (gate);
apply is `bodocfg apply`, which applies exactly the saved, reviewed plan. A project can only be
applied once its pull request is approved and mergeable.
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
from generator.terraform.artifacts import PLAN_FILE

VERSION = 3
WORKFLOW = "bodocfg"
APPLY_REQUIREMENTS = ["approved", "mergeable"]

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
        "apply_requirements": list(APPLY_REQUIREMENTS),
        "workflow": WORKFLOW,
    }
    if (module / BACKEND_CONFIG_FILE).is_file():
        when_modified.append(BACKEND_CONFIG_FILE)
    return entry


def workflow() -> Document:
    """bodocfg's plan (lint and scan as gates around it) and apply, run in the project's dir."""
    return {
        "plan": {
            "steps": [
                {"run": "bodocfg lint ."},
                {"run": f'bodocfg plan . && cp {PLAN_FILE} "$PLANFILE"'},
                {"run": "bodocfg scan ."},
            ]
        },
        "apply": {"steps": [{"run": "bodocfg apply ."}]},
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
    document["workflows"] = {WORKFLOW: workflow()}
    return document


def dump(document: Document) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    return HEADER + buffer.getvalue()

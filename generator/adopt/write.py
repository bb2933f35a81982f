"""`adopt` for many specs: read every account first, refuse on any conflict, then write each module.

    for adoption, drift in adopt_specs(specs, Path("modules"), target):
        print(table(adoption))

Nothing is written unless every spec can be adopted. Each module is written as `render`
writes it (atomically, under its lock), with `imports.tf` among its files.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from generator.adopt.account import Account
from generator.adopt.plan import Adoption, plan_adoption
from generator.aws import AwsTarget, preflight, translate_errors
from generator.errors import AdoptionRefused
from generator.render import IMPORTS_FILE, MARKER, Drift, RenderedModule, render_module, write_module
from generator.spec import CustomerSpec


def table(adoption: Adoption) -> str:
    """resource | found | import id | first apply, as aligned text."""
    head = ("resource", "found", "import id", "first apply")
    rows = [head] + [
        (row.address, "yes" if row.found else "no", row.import_id or "-", row.change) for row in adoption.rows
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = [f"{adoption.spec.customer} (account {adoption.account_id}, {adoption.spec.region}):"]
    for row in rows:
        lines.append(
            "  "
            + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
            + "  "
            + row[3]
        )
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _header(adoption: Adoption, module: RenderedModule) -> str:
    source = module.files[next(iter(module.files))].splitlines()[0].split(" from ", 1)[1].rstrip(".")
    return (
        f"# {MARKER} adopt from {source}, reading account {adoption.account_id} in {adoption.spec.region}.\n"
        "# Terraform (1.5+) imports these existing resources at the next apply instead of creating them;\n"
        "# once they are in the state these blocks do nothing. `bodocfg render` keeps this file.\n"
    )


def with_imports(adoption: Adoption, module: RenderedModule) -> RenderedModule:
    """The rendered module plus imports.tf (unchanged when there is nothing to import)."""
    if not adoption.imports:
        return module
    files = dict(module.files)
    files[IMPORTS_FILE] = adoption.imports_tf(_header(adoption, module))
    return RenderedModule(module.customer, module.directory, dict(sorted(files.items())))


def adopt_specs(
    specs: list[CustomerSpec], out: Path, target: AwsTarget, replace_bucket_policy: bool = False
) -> Iterator[tuple[Adoption, Drift]]:
    identity = preflight(target)
    adoptions = []
    for spec in specs:
        with translate_errors(f"reading {spec.customer}'s resources in {identity.where}, {spec.region}"):
            adoptions.append(plan_adoption(spec, Account(target, spec.region), replace_bucket_policy))
    refused = [conflict.line(a.spec) for a in adoptions for conflict in a.conflicts]
    if refused:
        raise AdoptionRefused("adoption refused; nothing was written\n" + "\n".join(refused))
    for adoption in adoptions:
        module = render_module(adoption.spec, out / adoption.spec.customer)
        yield adoption, write_module(with_imports(adoption, module))

"""What `bodocfg plan` leaves beside a module, and the check `bodocfg apply` makes before using it.

    <module>/bodocfg.tfplan            terraform's saved plan (binary)
    <module>/bodocfg.plan.json         `terraform show -json` of it
    <module>/bodocfg.tfplan.meta.json  what the plan was made from (the record below)
    <module>/bodocfg.log               every terraform command's output, appended

All are written owner-only (0600): plans and plan JSON can hold sensitive values. Files
are written to a temporary name in the same directory and renamed, so a reader never sees
half a file. The record ties the plan to the module's Terraform files (sha256 over every
*.tf and *.tf.json), to the plan file itself and to the account and endpoint it was made
against, so a missing, stale or foreign plan is refused instead of applied.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from generator import __version__
from generator.aws import Identity
from generator.errors import CheckFailed
from generator.fileio import atomic_write

PLAN_FILE = "bodocfg.tfplan"
PLAN_JSON = "bodocfg.plan.json"
RECORD_FILE = "bodocfg.tfplan.meta.json"
LOG_FILE = "bodocfg.log"
PRIVATE = 0o600


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically, readable by the owner only."""
    atomic_write(path, data, mode=PRIVATE)


def terraform_files(module: Path) -> list[Path]:
    """The files terraform reads as the root module's configuration."""
    return sorted(p for p in module.iterdir() if p.is_file() and p.name.endswith((".tf", ".tf.json")))


def module_digest(module: Path) -> str:
    digest = hashlib.sha256()
    for path in terraform_files(module):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class PlanRecord:
    module_sha256: str
    plan_sha256: str
    account: str
    endpoint: str | None
    created: str
    bodocfg_version: str

    @classmethod
    def make(cls, module: Path, plan: Path, identity: Identity) -> PlanRecord:
        return cls(
            module_sha256=module_digest(module),
            plan_sha256=file_digest(plan),
            account=identity.account,
            endpoint=identity.endpoint,
            created=datetime.now(UTC).isoformat(timespec="seconds"),
            bodocfg_version=__version__,
        )

    def write(self, module: Path) -> None:
        write_private(module / RECORD_FILE, (json.dumps(asdict(self), indent=2) + "\n").encode())

    @classmethod
    def read(cls, module: Path) -> PlanRecord:
        path = module / RECORD_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(**{name: data[name] for name in cls.__dataclass_fields__})
        except FileNotFoundError:
            raise CheckFailed(f"{path}: missing; run `bodocfg plan {module}` first") from None
        except (ValueError, KeyError, TypeError) as error:
            raise CheckFailed(
                f"{path}: unreadable plan record ({error}); run `bodocfg plan {module}` again"
            ) from None


def check_saved_plan(module: Path, identity: Identity) -> Path:
    """The saved plan to apply, or CheckFailed naming why it must not be applied."""
    plan = module / PLAN_FILE
    if not plan.is_file():
        raise CheckFailed(f"{module}: no saved plan ({PLAN_FILE}); run `bodocfg plan {module}` first")
    record = PlanRecord.read(module)
    again = f"run `bodocfg plan {module}` again"
    if file_digest(plan) != record.plan_sha256:
        raise CheckFailed(f"{plan}: the plan file is not the one `bodocfg plan` wrote; {again}")
    if module_digest(module) != record.module_sha256:
        raise CheckFailed(
            f"{module}: the Terraform files changed since the plan was made (stale plan); {again}"
        )
    if (record.account, record.endpoint) != (identity.account, identity.endpoint):
        made = Identity(record.account, "", record.endpoint).where
        raise CheckFailed(f"{plan}: made for {made}, but the credentials are for {identity.where}; {again}")
    return plan


def replace_saved_plan(module: Path, new: tuple[Path, PlanRecord] | None) -> None:
    """Put a new saved plan (a finished temporary plan file and its record) in place of the old
    pair, or with None just remove the old pair. Interrupted at any point, the module holds the
    old pair, the new pair, or neither; never a plan without its record or the reverse."""
    try:
        discard_saved_plan(module)
        if new is not None:
            temp, record = new
            temp.replace(module / PLAN_FILE)
            record.write(module)
    except BaseException:
        discard_saved_plan(module)
        raise


def discard_saved_plan(module: Path) -> None:
    """Remove the saved plan, then its record (the plan JSON stays): after an apply the plan is
    spent. A record left alone by an interruption vouches for nothing: apply needs the plan."""
    for name in (PLAN_FILE, RECORD_FILE):
        (module / name).unlink(missing_ok=True)

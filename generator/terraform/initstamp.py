"""Skip a `terraform init` whose inputs have not changed since the last one that succeeded.

`bodocfg plan` used to run `init` before every plan: about a quarter of a customer's plan CPU
(init reads every provider's package, links the plugin cache, writes the lock file) to arrive
at the working directory it already had. What init's result depends on is recorded, as one
digest, in `.terraform/bodocfg-init.json` after an init succeeds; the next plan of the module
runs init again only when the digest differs or the stamp is missing:

- the module's configuration files (`*.tf`, `*.tf.json`: provider requirements, backend,
  module blocks; hashed whole, so any edit counts, which errs towards running init);
- `.terraform.lock.hcl` as init left it, and the `-backend-config` arguments and file;
- the terraform CLI configuration (provider mirror, plugin cache) bodocfg writes;
- the terraform binary itself (its resolved path, size and modification time).

A stamp also needs the providers init installed to be still there: every link under
`.terraform/providers` must resolve (a cleaned plugin cache means init again). Deleting
`.terraform` (or the stamp) always brings init back.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from generator.fileio import atomic_write
from generator.terraform.artifacts import terraform_files

STAMP = Path(".terraform") / "bodocfg-init.json"
LOCK_FILE = ".terraform.lock.hcl"
_FORMAT = 1


def _file(digest: hashlib._Hash, label: str, path: Path) -> None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = b"\0missing"
    digest.update(f"{label}\0{len(data)}\0".encode() + data)


def init_digest(module: Path, backend_args: Sequence[str], cli_config: Path, binary: str) -> str:
    """What `terraform init` in `module` depends on, as one hex digest."""
    digest = hashlib.sha256(f"bodocfg-init-{_FORMAT}".encode())
    for path in terraform_files(module):
        _file(digest, path.name, path)
    _file(digest, LOCK_FILE, module / LOCK_FILE)
    for argument in backend_args:
        digest.update(f"arg\0{argument}\0".encode())
        if argument.startswith("-backend-config="):
            _file(digest, "backend-config", Path(argument.partition("=")[2]))
    _file(digest, "cli-config", cli_config)
    found = shutil.which(binary)
    if found is None:
        digest.update(b"binary\0none")
    else:
        real = Path(found).resolve()
        stat = real.stat()
        digest.update(f"binary\0{real}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _providers_present(module: Path) -> bool:
    """Every provider link init made still leads somewhere."""
    providers = module / ".terraform" / "providers"
    if not providers.is_dir():
        return False
    for directory, subdirectories, files in os.walk(providers):
        for name in (*subdirectories, *files):
            if not os.path.exists(os.path.join(directory, name)):  # noqa: PTH110, PTH118 - follows links
                return False
    return True


def is_current(module: Path, digest: str) -> bool:
    """True when the last successful init of `module` had exactly these inputs."""
    try:
        recorded = json.loads((module / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(recorded, dict) and recorded.get("digest") == digest and _providers_present(module)


def record(module: Path, digest: str) -> None:
    """Note a successful init with these inputs (written atomically)."""
    atomic_write(module / STAMP, json.dumps({"format": _FORMAT, "digest": digest}).encode() + b"\n")


def forget(module: Path) -> None:
    """Drop the stamp (an init is under way or failed: the next plan runs init)."""
    (module / STAMP).unlink(missing_ok=True)

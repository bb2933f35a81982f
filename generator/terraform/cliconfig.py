"""bodocfg's own Terraform CLI configuration: providers from a filesystem mirror, one shared plugin cache.

bodocfg never relies on a CLI config it did not write (TF_CLI_CONFIG_FILE may name a file
that does not exist). It writes `cli-<hash>.tfrc` under its cache directory:

    provider_installation {
      filesystem_mirror { path = "<mirror>"  include = ["registry.terraform.io/*/*"] }
      direct            { exclude = ["registry.terraform.io/*/*"] }
    }
    plugin_cache_dir = "<cache>/terraform/plugin-cache"
    plugin_cache_may_break_dependency_lock_file = true

The last line makes `terraform init` of a module without a .terraform.lock.hcl entry (every
freshly rendered one) link the provider already in the cache instead of installing it into
the cache again. Reinstalling replaced the cache entry (a link into the mirror) while
another module's `terraform plan` was starting that provider, which then failed with "there
is no package for registry.terraform.io/hashicorp/aws ... cached" under `plan --jobs`. The
lock file init writes is the same either way: the cache only ever holds what the mirror
(or, without one, the registry) provided.

With the plugin cache, each module's `.terraform` holds only symlinks (tens of KB). The
mirror is `--provider-mirror`, else $BODOCFG_PROVIDER_MIRROR, else the first of
MIRROR_CANDIDATES that holds a provider; with none, providers are downloaded as usual.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.errors import UsageError

MIRROR_ENV = "BODOCFG_PROVIDER_MIRROR"
CACHE_ENV = "BODOCFG_CACHE_DIR"
MIRROR_CANDIDATES = (
    "/opt/tf-plugins",
    "~/.terraform.d/plugins",
    "/usr/share/terraform/plugins",
    "~/.local/share/terraform/plugins",
)
REGISTRY = "registry.terraform.io"


def cache_dir() -> Path:
    """$BODOCFG_CACHE_DIR, else $XDG_CACHE_HOME/bodocfg, else ~/.cache/bodocfg."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "bodocfg"


def _packages(mirror: Path) -> list[Path]:
    """The unpacked provider packages in a mirror: <host>/<namespace>/<type>/<version>/<os_arch>."""
    return sorted(p for p in mirror.glob("*/*/*/*/*_*") if p.is_dir() and any(p.glob("terraform-provider-*")))


def _packed(mirror: Path) -> list[Path]:
    return sorted(mirror.glob("*/*/*/terraform-provider-*_*.zip"))


def is_mirror(path: Path) -> bool:
    return path.is_dir() and bool(_packages(path) or _packed(path))


def find_mirror(override: str | None = None) -> Path | None:
    """The provider mirror to use, or None to download providers."""
    explicit = override or os.environ.get(MIRROR_ENV)
    if explicit:
        path = Path(explicit).expanduser()
        if not is_mirror(path):
            raise UsageError(
                f"provider mirror {path}: no providers found "
                f"(expected {REGISTRY}/<namespace>/<type>/<version>/<os_arch>/terraform-provider-*)"
            )
        return path.resolve()
    for candidate in MIRROR_CANDIDATES:
        path = Path(candidate).expanduser()
        if is_mirror(path):
            return path.resolve()
    return None


@dataclass(frozen=True)
class CliConfig:
    path: Path
    mirror: Path | None
    plugin_cache: Path

    def cache_is_warm(self) -> bool:
        """True when the mirror's providers are all unpacked ones and all already in the plugin cache.

        A packed (.zip) mirror, or none at all, never counts: installing from it unpacks into
        the cache, which is not one atomic step.
        """
        if self.mirror is None or _packed(self.mirror):
            return False
        packages = _packages(self.mirror)
        return bool(packages) and all(
            (self.plugin_cache / package.relative_to(self.mirror)).is_dir() for package in packages
        )

    @contextlib.contextmanager
    def init_lock(self) -> Iterator[None]:
        """Serialise `terraform init` runs while the plugin cache is cold.

        Terraform does not promise a concurrency-safe cache: two inits of a cold cache would
        both install into it. Once every mirrored provider is in the cache, init only links
        to it (see the module's note on plugin_cache_may_break_dependency_lock_file), so
        inits of a warm cache run side by side.
        """
        if self.cache_is_warm():
            yield
            return
        with (self.plugin_cache.parent / "plugin-cache.lock").open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _hcl_string(value: str) -> str:
    return json.dumps(value).replace("${", "$${").replace("%{", "%%{")


def render_cli_config(mirror: Path | None, plugin_cache: Path) -> str:
    lines = ["# Written by bodocfg; regenerated on every run."]
    if mirror is not None:
        pattern = _hcl_string(f"{REGISTRY}/*/*")
        lines += [
            "provider_installation {",
            "  filesystem_mirror {",
            f"    path    = {_hcl_string(str(mirror))}",
            f"    include = [{pattern}]",
            "  }",
            "  direct {",
            f"    exclude = [{pattern}]",
            "  }",
            "}",
        ]
    lines.append(f"plugin_cache_dir = {_hcl_string(str(plugin_cache))}")
    lines.append("plugin_cache_may_break_dependency_lock_file = true")
    return "\n".join(lines) + "\n"


def prepare(mirror_override: str | None = None, cache: Path | None = None) -> CliConfig:
    """Find the mirror, create the plugin cache and write the CLI config (atomically, once per content)."""
    base = (cache or cache_dir()) / "terraform"
    plugin_cache = base / "plugin-cache"
    plugin_cache.mkdir(parents=True, exist_ok=True)
    mirror = find_mirror(mirror_override)
    text = render_cli_config(mirror, plugin_cache)
    path = base / f"cli-{hashlib.sha256(text.encode()).hexdigest()[:12]}.tfrc"
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temp.write_text(text, encoding="utf-8")
        temp.replace(path)
    return CliConfig(path=path, mirror=mirror, plugin_cache=plugin_cache)

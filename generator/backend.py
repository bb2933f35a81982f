"""Remote state at `terraform init`: the -backend-config a rendered module asks for.

Kept apart from `generator.components` (which loads the spec schema and templates) so the
run side can import it without that cost. The component that renders these files is
`generator.components.backend`.
"""

from __future__ import annotations

from pathlib import Path

BACKEND_FILE = "backend.tf"
BACKEND_CONFIG_FILE = "backend.hcl"


def backend_config_args(module_dir: Path) -> list[str]:
    """`terraform init` arguments for a rendered module: `-backend-config=<abs path>` or nothing."""
    config = module_dir / BACKEND_CONFIG_FILE
    if (module_dir / BACKEND_FILE).is_file() and config.is_file():
        return [f"-backend-config={config.resolve()}"]
    return []

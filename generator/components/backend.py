"""Remote state: `backend "s3" {}` in backend.tf, its settings in backend.hcl (spec key `state`).

The backend block is a partial configuration, so the module can still be planned without
it (`terraform init -backend=false`) and the bucket and key stay in one rendered file that
`terraform init -backend-config=backend.hcl` (or Atlantis, or a CI job) passes in.
`generator.backend.backend_config_args(module_dir)` is what a runner adds to `terraform init`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.backend import BACKEND_CONFIG_FILE, BACKEND_FILE, backend_config_args
from generator.components.base import Component
from generator.spec import CustomerSpec

__all__ = [
    "BACKEND_CONFIG_FILE",
    "BACKEND_FILE",
    "Backend",
    "BackendConfig",
    "backend_config",
    "backend_config_args",
]


def backend_config(spec: CustomerSpec) -> dict[str, str | bool]:
    """The S3 backend's settings for this customer (empty when the spec has no `state`)."""
    state = spec.state
    if state is None:
        return {}
    settings: dict[str, str | bool] = {
        "bucket": state.bucket,
        "key": state.key(spec.customer),
        "region": state.region,
        "encrypt": True,
    }
    if state.dynamodb_table is not None:
        settings["dynamodb_table"] = state.dynamodb_table
    else:
        settings["use_lockfile"] = True
    return settings


@dataclass(frozen=True)
class Backend(Component):
    spec_key: str | None = "state"

    def enabled(self, spec: CustomerSpec) -> bool:
        return spec.state is not None


@dataclass(frozen=True)
class BackendConfig(Component):
    spec_key: str | None = "state"

    def enabled(self, spec: CustomerSpec) -> bool:
        return spec.state is not None

    def parameters(self, spec: CustomerSpec) -> Mapping[str, object]:
        state = spec.state
        assert state is not None
        return {
            "bucket": state.bucket,
            "key": state.key(spec.customer),
            "region": state.region,
            "dynamodb_table": state.dynamodb_table,
        }

"""The parts every module has: terraform/provider versions, data sources and outputs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.components.base import Component, Expectations
from generator.hcl import Expr
from generator.spec import CustomerSpec

MANAGED_BY_TAGS = {"ManagedBy": "bodocfg"}


@dataclass(frozen=True)
class Versions(Component):
    def parameters(self, spec: CustomerSpec) -> Mapping[str, object]:
        return {"required_version": ">= 1.5.0", "aws_version": "~> 5.0"}


@dataclass(frozen=True)
class Provider(Component):
    spec_key: str | None = "tags"

    def parameters(self, spec: CustomerSpec) -> Mapping[str, object]:
        return {"region": spec.region, "tags": Expr("local.tags")}

    def values(self, spec: CustomerSpec) -> Mapping[str, object]:
        return {"tags": {**MANAGED_BY_TAGS, "BodoCustomer": spec.customer, **spec.tag_map}}


@dataclass(frozen=True)
class DataSources(Component):
    pass


@dataclass(frozen=True)
class Outputs(Component):
    """The Cloud Configuration form's values, in the form's order."""

    def parameters(self, spec: CustomerSpec) -> Mapping[str, object]:
        return {
            "name": spec.customer,
            "external_id": Expr("local.external_id"),
        }

    def values(self, spec: CustomerSpec) -> Mapping[str, object]:
        return {"external_id": spec.external_id}

    def expectations(self, spec: CustomerSpec) -> Expectations:
        return {
            "output.name": {"value": spec.customer},
            "output.bucket_name": {"value": spec.bucket_name},
            "output.lock_table_name": {"value": spec.lock_table_name},
            "output.region": {"value": spec.region},
            "output.external_id": {"value": spec.external_id},
        }

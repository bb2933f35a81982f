"""What every AWS component of a customer module provides.

A component is one self-contained unit, like a resource in a Terraform provider: the spec
key it owns in the JSON Schema, its template, the values the template needs (computed
here, never in the template), the IAM/JSON documents and free-text values it puts in the
module's `.tf.json` locals, and what a plan must contain for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.hcl import Ref, Template
from generator.spec import CustomerSpec

# References to the module's own data sources and locals, shared by every component.
PARTITION = Ref("data.aws_partition.current.partition")
REGION = Ref("data.aws_region.current.name")
ACCOUNT = Ref("data.aws_caller_identity.current.account_id")


def account_arn(service: str, resource: str, *, regional: bool = True) -> Template:
    """`arn:<partition>:<service>:<region>:<account>:<resource>` with plan-time references."""
    if regional:
        return Template.of("arn:", PARTITION, f":{service}:", REGION, ":", ACCOUNT, f":{resource}")
    return Template.of("arn:", PARTITION, f":{service}::", ACCOUNT, f":{resource}")


Expectations = Mapping[str, Mapping[str, object]]
"""Resource address -> attribute -> the value the plan must show for it."""


@dataclass(frozen=True)
class Component:
    """Base class; subclasses override what they use."""

    name: str
    template: str
    spec_key: str | None = None

    @property
    def output(self) -> str:
        """The rendered file's name: the template's name without `.j2`."""
        return self.template.removesuffix(".j2")

    def enabled(self, spec: CustomerSpec) -> bool:
        return True

    def parameters(self, spec: CustomerSpec) -> Mapping[str, object]:
        """Values for the template; every one is written through `hcl.literal`."""
        return {}

    def documents(self, spec: CustomerSpec) -> Mapping[str, object]:
        """IAM and resource policies, written to `policies.tf.json` locals."""
        return {}

    def values(self, spec: CustomerSpec) -> Mapping[str, object]:
        """Free-text spec values, written to `values.tf.json` locals."""
        return {}

    def protects(self) -> Mapping[str, str]:
        """Resource types of this component that hold data or access, each with what replacing or
        deleting one loses; `plan` refuses that unless the operator allows it (generator/guard)."""
        return {}

    def expectations(self, spec: CustomerSpec) -> Expectations:
        """Planned values this component must produce (checked against `terraform show -json`)."""
        return {}

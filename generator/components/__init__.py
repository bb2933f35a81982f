"""The registry of a customer module's components, in rendering order.

Like a Terraform provider's resource list: explicit, flat, one unit per AWS component.
The spec keys they own must cover the schema's properties (tests/components checks it).
"""

from __future__ import annotations

from generator.components.alarm import Alarm
from generator.components.backend import Backend, BackendConfig
from generator.components.base import Component, Expectations
from generator.components.bucket import Bucket
from generator.components.core import DataSources, Outputs, Provider, Versions
from generator.components.lock_table import LockTable
from generator.components.role import Role
from generator.components.topic import Topic

COMPONENTS: tuple[Component, ...] = (
    Versions(name="versions", template="versions.tf.j2"),
    Backend(name="backend", template="backend.tf.j2"),
    BackendConfig(name="backend_config", template="backend.hcl.j2"),
    Provider(name="provider", template="provider.tf.j2"),
    DataSources(name="data", template="data.tf.j2"),
    Bucket(name="bucket", template="bucket.tf.j2"),
    LockTable(name="lock_table", template="lock_table.tf.j2"),
    Role(name="role", template="role.tf.j2"),
    Topic(name="topic", template="topic.tf.j2"),
    Alarm(name="alarm", template="alarm.tf.j2"),
    Outputs(name="outputs", template="outputs.tf.j2"),
)

# Spec fields read by the module as a whole rather than one component.
MODULE_FIELDS = ("customer", "region", "external_id", "platform_account_id", "reference")

__all__ = ["COMPONENTS", "MODULE_FIELDS", "Component", "Expectations"]

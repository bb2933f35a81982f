"""Offboarding a customer: what protects the data a module created, and the one confirmed way through.

found = protections(state, target)        # read from the module's state and AWS
refuse_unnamed(found, module, lift, empty) # CheckFailed listing each protection and the command
lift_protections(found, target)            # only the ones the operator named
"""

from __future__ import annotations

from generator.offboard.protections import (
    Protection,
    lift_protections,
    offboard_command,
    protections,
    refuse_unnamed,
    state_resources,
)

__all__ = [
    "Protection",
    "lift_protections",
    "offboard_command",
    "protections",
    "refuse_unnamed",
    "state_resources",
]

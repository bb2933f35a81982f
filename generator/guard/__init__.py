"""The guards `plan` and `apply` run before anything reaches AWS.

- `hazards(plan, allowed)`: changes that would replace, delete or lose track of a resource
  holding data or access (bucket, lock table, role, role policy; resources leaving the state
  after a region change), each one line with the safe way and the flag that allows it.
- `stale_module(module)`: a rendered module that no longer matches its spec (what
  `render --check` would report for that customer), so a plan is never made from old files.
"""

from __future__ import annotations

from generator.guard.freshness import ALLOW_FLAG, Stale, stale_module
from generator.guard.hazards import NO_ALLOWANCES, Allowances, Hazard, hazards, protected_types

__all__ = [
    "ALLOW_FLAG",
    "NO_ALLOWANCES",
    "Allowances",
    "Hazard",
    "Stale",
    "hazards",
    "protected_types",
    "stale_module",
]

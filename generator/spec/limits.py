"""How much of a spec file bodocfg reads, in a module of its own: readers that only look for one
field (lint, for a module's platform account) need these without the YAML libraries."""

MAX_BYTES = 256 * 1024
"""A spec file larger than this is refused unread."""
MAX_DEPTH = 20
"""Nesting deeper than this is refused (a hostile file, not a spec)."""

"""Working with the whole fleet of customers at once.

- `changed`   which customers a git change touches (for CI matrices and changed-only plans)
- `atlantis`  an `atlantis.yaml` with one project per customer module
- `verify`    `bodocfg verify` over many specs, N accounts at a time
- `progress`  a progress bar for long runs and the final per-customer table
"""

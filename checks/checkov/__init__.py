"""bodocfg's own checkov checks: the Bodo Platform's invariants, loaded with --external-checks-dir."""

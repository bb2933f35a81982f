"""`python -m generator` is the same as the `bodocfg` command."""

from generator.cli import main

raise SystemExit(main())

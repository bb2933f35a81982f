"""bodocfg: the Bodo Platform AWS setup as code."""

__version__ = "0.1.0"

"""One module per `bodocfg` subcommand; each exposes `register(subparsers)`."""

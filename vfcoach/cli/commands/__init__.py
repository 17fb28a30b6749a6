"""One module per command group; each adds its subcommands with `register(subparsers, command)`."""

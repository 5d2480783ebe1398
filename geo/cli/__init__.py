"""The ``territory`` command: one module per subcommand, loaded only when it is run."""

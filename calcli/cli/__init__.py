"""The command line's glue, by role: app (typer's commands), options (the options every computing
command takes), entry (the console script), launch (a cold call), runner (a request run under the
limits), batch and grade (their commands), client and server (the warm server).

Nothing is imported here: the thin client (calcli.cli.client) starts with this package, and must
not pay for typer or sympy."""

"""The console script: a warm server answers when one runs for this user (calcli/cli/client.py);
otherwise the command line runs here, cold (calcli/cli/launch.py). `calcli server
start|stop|status` manages the server."""

from __future__ import annotations

import sys

SERVER_USAGE = """Usage: calcli server start [--idle MINUTES] | stop | status

  A warm calcli server for this user: later calls answer in a tenth of a second
  (docs/server.md). start: in the background, stopping after MINUTES without a
  request (default 15); stop; status: pid, version, uptime, requests served."""


def main() -> None:
    argv = sys.argv[1:]
    if argv[:1] == ["server"]:
        sys.exit(server_command(argv[1:]))
    from calcli.cli.client import served

    argv = command_line(argv)
    code = served(argv)  # a running calcli server answers in a warm process; None: run here, cold
    if code is None:
        from calcli.cli.launch import run

        code = run(argv, prestarted=True)
        # a computing child ran: wait for its exit (--help loads no limits)
        if "calcli.limits" in sys.modules:
            sys.modules["calcli.limits"].reap()
    sys.exit(code)


def command_line(argv: list[str]) -> list[str]:
    """`-h` alone means --help; inside a word it is an expression (`-h*t`), never a help flag."""
    return ["--help" if a == "-h" else a for a in argv]


def server_command(args: list[str]) -> int:
    """The server's subcommands, with the stream guards of every other command: a closed stderr,
    a reader that goes (| head) and a full disk each end in one sentence or silence, never a
    traceback."""
    import contextlib
    import io

    from calcli.cli.launch import guard_streams, report
    from calcli.cli.runner import write_stdout
    from calcli.errors import CalcliError

    said = io.StringIO()
    try:
        guard_streams()
        with contextlib.redirect_stdout(said):
            code = _server_command(args)
        write_stdout(said.getvalue())
    except CalcliError as err:
        return report("server", err, [])
    return code


def _server_command(args: list[str]) -> int:
    from calcli.cli import server

    if args in (["start"], ["stop"], ["status"]):
        return {"start": server.start, "stop": server.stop, "status": server.status}[args[0]]()
    if len(args) == 3 and args[:2] == ["start", "--idle"]:
        try:
            minutes = float(args[2])
        except ValueError:
            minutes = 0.0
        if 0 < minutes < float("inf"):
            return server.start(minutes)
    if args in (["--help"], ["-h"]):
        print(SERVER_USAGE)
        return 0
    problem = (
        f"{' '.join(args)!r} is not a server command (--idle takes a number of minutes)"
        if args
        else "say start, stop or status"
    )
    print(f"calcli: error: {problem}.\n{SERVER_USAGE}", file=sys.stderr)
    return 2

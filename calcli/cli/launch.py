"""Running one command line in this process, start to end (the console script's cold path, and a
warm server's request child). It starts the computing process before importing typer (see
calcli.limits).

Every way out goes through here: a result, a usage mistake (one sentence, and a
JSON error object when JSON was asked for), Ctrl-C, an output that cannot be
written, or a bug of calcli's own — never a traceback.
"""

from __future__ import annotations

import os
import sys

from calcli.registry import COMMANDS


def wants_json(argv: list[str]) -> bool:
    """Whether a command line that failed asked for JSON, read by a command's own click parser
    (any case, --format=json, the last --format given), leniently: its error is then a JSON
    object too. Options the command does not have are left out first (click stops reading at
    one); a line naming no command is read by the first command's parser, as --json and --format
    are every command's."""
    from typer.core import TyperCommand

    from calcli.cli.app import click_command

    name = argv[0] if argv else None
    reader = name if name in COMMANDS or name in ("batch", "grade") else next(iter(COMMANDS))
    try:
        command = click_command(reader if reader in COMMANDS else None).commands[reader]
        known = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
        args = [a for a in argv[1:] if not (a.startswith("--") and a.split("=", 1)[0] not in known)]
        ctx = command.context_class(command, info_name=reader, resilient_parsing=True)
        # click's reading, without calcli's misspelling check
        TyperCommand.parse_args(command, ctx, args)
    except Exception:  # noqa: BLE001 — a line click cannot read at all: the error in words
        return False
    chosen = ctx.params.get("format")
    return bool(ctx.params.get("json")) or getattr(chosen, "value", chosen) == "json"


def run(argv: list[str], prestarted: bool = False) -> int:
    """One command line, start to end: its exit status. `prestarted`: fork the computing worker
    first."""
    command = argv[0] if argv and (argv[0] in COMMANDS or argv[0] in ("batch", "grade")) else None
    try:
        guard_streams()
        launch = launched(command, argv, prestarted)
        from calcli.cli.app import click_command

        # a cold call builds only what it needs: the one command it names, or the list for `calcli
        # --help`
        alone = (
            ("" if argv in ([], ["--help"]) else command if command in COMMANDS else None)
            if prestarted
            else None
        )
        # the shell asks for completions: every command, with its options
        if "_CALCLI_COMPLETE" in os.environ:
            alone = None
        code = click_command(alone).main(
            args=argv, prog_name="calcli", standalone_mode=False, obj=launch
        )
    # a shell's completion request, and --show-completion, end by exiting: as a status
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1 if exc.code else 0
    except KeyboardInterrupt:  # before a command got going (its own handler reports it otherwise)
        from calcli.errors import Interrupted

        code = report(command, Interrupted("interrupted by the user"), argv)
    except Exception as exc:  # noqa: BLE001 — every failure ends in one sentence, never a traceback
        from calcli.errors import as_calcli_error

        code = report(command, as_calcli_error(exc), argv)
    return int(code or 0)


def launched(command: str | None, argv: list[str], prestarted: bool):
    """What the command is handed (to click as the context's object, calcli.request.Launch): where
    the output goes, measured once for the whole call, and with `prestarted` the computing process
    it will compute in, started now. None for --help or a line naming no command (nothing
    written)."""
    if command is None or "--help" in argv:
        return None
    from calcli.request import Launch
    from calcli.terminal import Terminal

    terminal = Terminal.measure()
    if not (prestarted and command in COMMANDS):  # batch and grade fork their own
        return Launch(terminal)
    from calcli.limits import prestart

    return Launch(terminal, prestart(command, "--numeric" in argv, terminal.stdout_tty))


def guard_streams() -> None:
    """A closed stderr is replaced by /dev/null; a closed stdout is an error (the output has
    nowhere to go). Text the terminal's encoding cannot show is escaped rather than a crash."""
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 — for the life of the process
    if sys.stdout is None:
        from calcli.errors import OutputError

        raise OutputError("standard output is closed, so there is nowhere to write the result")
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def report(command: str | None, err, argv: list[str]) -> int:
    from calcli.cli.runner import report_error

    return report_error(command, err, json=wants_json(argv))

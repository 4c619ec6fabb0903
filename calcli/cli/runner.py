"""Run one command: compute under limits, render, print, and map errors to exit statuses.

This is the one place where errors become stderr text and exit codes.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from dataclasses import dataclass, replace
from functools import partial
from typing import Callable

from calcli.errors import CalcliError, ExitCode, Interrupted, OutputError, UsageError
from calcli.formats import Format
from calcli.render import Screen, error_json
from calcli.render.safe import safe
from calcli.request import Request, check_timeout
from calcli.terminal import Terminal


def unfinished(result) -> str | None:
    """Why an honest result is not the answer asked for (no closed form; no global optimum), or
    None."""
    if getattr(result, "status", None) == "unsolved":
        return next(
            (n for n in result.readings if "no closed form" in n or "not found" in n),
            "no closed form was found",
        )
    if getattr(result, "optimum", False) is None:
        return result.note or "there is no optimum among the candidates"
    return None


def exit_status(result) -> ExitCode:
    if unfinished(result):
        return ExitCode.UNFINISHED
    check = getattr(result, "check", None)
    if check is not None and check.verdict != "equal":
        return ExitCode.CHECK_FAILED
    return ExitCode.OK


@dataclass(frozen=True)
class RenderJob:
    """compute() then render: the unit of work sent to the computing child (so it must pickle)."""

    compute: Callable[[], object]
    fmt: Format
    screen: Screen
    standalone: bool = False
    # output that can be written as it is computed goes to the parent in pieces (limits.Streamed)
    stream: bool = False

    def __call__(self):
        """(text, exit status, files, why unfinished, CSV's verdict line); or, for output written
        as it is computed, those pieces then that (limits.Streamed, the text then empty)."""
        from calcli.files import split_files
        from calcli.render import render, streamed

        result, files = split_files(self.compute())
        # a file is written before any output
        pieces = streamed(result, self.fmt) if self.stream and not files else None
        if pieces is not None:
            from calcli.limits import Streamed

            return Streamed(pieces, partial(self.finished, "", result, files))
        return self.finished(render(result, self.fmt, self.screen), result, files)

    def finished(self, text: str, result, files) -> tuple[str, int, tuple, str | None, str | None]:
        return (
            (latex_document(text) if self.standalone else text),
            int(exit_status(result)),
            files,
            unfinished(result),
            csv_verdict(result, self.fmt),
        )


def csv_verdict(result, fmt: Format) -> str | None:
    """CSV holds rows only, so with --expect the verdict is said on stderr (the exit status says
    it too)."""
    check = getattr(result, "check", None)
    if fmt is not Format.csv or check is None:
        return None
    from calcli.render.text import verdict_sentence

    return f"calcli: {verdict_sentence(check)}"


def latex_document(fragment: str) -> str:
    """A fragment as a document that compiles on its own (pdflatex, lualatex, xelatex)."""
    head = (
        "\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n"
        "\\usepackage{amsmath,amssymb}\n\\begin{document}\n"
    )
    return head + fragment + "\\end{document}\n"


def run_request(request: Request, terminal: Terminal | None = None) -> int:
    """Compute, render and print one command; return its exit status. The terminal: the one
    given, else the launcher's (the request's), else measured now."""
    given = terminal or request.terminal
    terminal = given if isinstance(given, Terminal) else Terminal.measure()
    fmt = terminal.output_format(request.common.format, request.common.json)
    json = fmt is Format.json
    try:
        check_timeout(request.common.timeout)
        check_format(request.command, fmt)
        if request.common.standalone and fmt is not Format.latex:
            raise UsageError(
                "--standalone makes a whole LaTeX document: it goes with --format latex"
            )
        from calcli.limits import Worker, run_limited

        notice = Notice(shown=terminal.stderr_tty)
        screen = replace(terminal.screen, decimal_comma=bool(request.common.decimal_comma))
        job = RenderJob(request.compute, fmt, screen, request.common.standalone, stream=True)
        try:
            text, code, files, reason, remark = run_limited(
                job,
                request.common.timeout,
                waiting=notice.waiting(),
                output=notice.before(write_piece),
                worker=request.worker if isinstance(request.worker, Worker) else None,
            )
        finally:
            notice.erase()
        for file in files:
            print(safe(file.write()), file=sys.stderr)
    except CalcliError as err:
        if (
            request.command == "integrate"
            and err.kind == "limit"
            and "time limit" in err.message
            and not err.hint
        ):
            err.hint = (
                "sympy can search a long time for a closed form: raise --timeout; with "
                "--numeric the value comes by quadrature once it gives up"
            )
        return report_error(request.command, err, json)
    except KeyboardInterrupt:
        return report_error(request.command, Interrupted("interrupted by the user"), json)
    # `calcli diff-table ... | head` read what it wanted: the rest is not computed
    except StdoutClosed:
        return ExitCode.OK
    try:
        write_stdout(text)
    # Ctrl-C while writing: the output is whole (see write_stdout), and nothing follows it
    except KeyboardInterrupt:
        print("calcli: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except CalcliError as err:
        return report_error(request.command, err, json=False)
    if remark:
        print(safe(remark), file=sys.stderr)
    # exit 3 with a result: after it, the sentence goes to stderr too, as for every exit 3
    if reason:
        print(describe_error(CalcliError(reason)), file=sys.stderr)
    return code


class Notice:
    """On a terminal, from a second without an answer: that calcli is working, for how long, and
    how to stop it (the line is rewritten each second, and erased before the answer or any
    output). One per request."""

    def __init__(self, shown: bool):
        self.shown, self.on_screen = shown, False

    def waiting(self):
        """What the computing process's wait calls each second (None where no notice is shown: a
        pipe)."""
        return self.say if self.shown else None

    def say(self, seconds: float) -> None:
        sys.stderr.write(f"\r\033[Kcalcli: computing… {int(seconds)} s (Ctrl-C stops it)")
        sys.stderr.flush()
        self.on_screen = True

    def erase(self) -> None:
        if self.on_screen:
            sys.stderr.write("\r\033[K")  # the notice line, erased: what follows is the answer
            self.on_screen = False

    def before(self, write):
        """`write`, with the notice erased first."""

        def erased_then(text: str) -> None:
            self.erase()
            write(text)

        return erased_then


class StdoutClosed(Exception):
    """The reader of a streamed output has gone."""


def write_piece(text: str) -> None:
    """A piece of a streamed output, written as it comes from the computing child (each whole,
    see write_stdout); StdoutClosed when its reader has gone."""
    if not write_stdout(text):
        raise StdoutClosed


def check_format(command: str, fmt: Format) -> None:
    """Refused before any computation: a format the command does not write."""
    from calcli.registry import COMMANDS

    supported = COMMANDS[command].formats
    if fmt not in supported:
        raise UsageError(
            f"--format {fmt.value} is not one that {command} writes "
            f"({', '.join(f.value for f in supported)})"
        )


def report_error(command: str | None, err: CalcliError, json: bool) -> int:
    """The sentence on stderr; with JSON, the error object on stdout (unless stdout is what
    failed)."""
    print(describe_error(err), file=sys.stderr)
    if json and err.kind != "output":
        try:
            write_stdout(error_json(command, err))
        except CalcliError:
            pass
    return int(err.exit_code)


def describe_error(err: CalcliError) -> str:
    """The sentence, then the input with a caret under the offending position."""
    if err.raw:
        return safe(err.message).rstrip("\n")
    message = safe(err.message)
    lines = [f"calcli: error: {message}" + ("" if message.endswith((".", "?", ")")) else ".")]
    if err.source is not None and err.position is not None:
        start = max(0, err.position - 50)
        shown = err.source[start : err.position + 50]
        prefix = "…" if start else ""
        lines.append("  " + prefix + safe(shown.replace("\n", " ")))
        lines.append("  " + " " * (len(prefix) + len(safe(err.source[start : err.position]))) + "^")
    if err.hint:
        lines.append(f"hint: {safe(err.hint)}")
    return "\n".join(lines)


def write_stdout(text: str) -> bool:
    """Write and flush, whole: Ctrl-C waits until the text is out (then raises
    KeyboardInterrupt). False when the reader has gone (`| head`): stdout is silenced, not an
    error."""
    return write_pieces((text,))


def write_pieces(pieces) -> bool:
    """Write each piece as it is made, and flush: the whole text, as write_stdout, without
    holding it all. False when the reader has gone."""
    with deferred_interrupt():
        return all([_write(piece) for piece in pieces])


@contextlib.contextmanager
def deferred_interrupt():
    """Ctrl-C inside the block is noted and raised when the block ends (main thread only: elsewhere
    Python delivers no signals). A handler, not a signal mask: any thread may take the signal."""
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    ):
        yield  # (calcli started ignoring Ctrl-C, as in a script's `&`: it stays ignored)
        return
    caught = []
    previous = signal.signal(signal.SIGINT, lambda *_: caught.append(True))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)
    if caught:
        raise KeyboardInterrupt


def _write(text: str) -> bool:
    """Whether the text went out: False when the reader has gone."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `calcli ... | head` is not an error
        _silence_stdout()
        return False
    except OSError as exc:  # a full disk, a closed descriptor
        _silence_stdout()
        raise OutputError(f"cannot write the output: {exc.strerror or exc}") from None
    return True


def _silence_stdout() -> None:
    """Nothing more goes to a stdout that failed (not even Python's flush at exit)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass

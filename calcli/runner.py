"""Run one command: compute under limits, render, print, and map errors to exit statuses.

This is the one place where errors become stderr text and exit codes.
"""
from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from typing import Callable

from calcli.errors import CalcliError, ExitCode, InputError, Interrupted
from calcli.formats import Format
from calcli.render import Screen, error_json


MAX_TIMEOUT = 86_400.0  # a day: a longer wait is a mistake, and inf or nan would never end


@dataclass(frozen=True)
class Common:
    """The options every computing command takes."""

    at: tuple[str, ...] = ()
    wrt: str | None = None
    format: Format | None = None
    json: bool = False
    expect: str | None = None
    timeout: float = 20.0
    decimal_comma: bool = False
    functions: str | None = None

    @property
    def function_names(self) -> tuple[str, ...]:
        if not self.functions:
            return ()
        from calcli.parsing.points import parse_names

        return parse_names(self.functions, "--functions")

    def output_format(self) -> Format:
        if self.json:
            return Format.json
        if self.format is not None:
            return self.format
        return Format.table if sys.stdout.isatty() else Format.plain


def detect_screen() -> Screen:
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    return Screen(width=shutil.get_terminal_size((100, 24)).columns, color=color)


def exit_status(result) -> ExitCode:
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

    def __call__(self) -> tuple[str, int]:
        from calcli.render import render

        result = self.compute()
        return render(result, self.fmt, self.screen), int(exit_status(result))


def check_timeout(seconds: float) -> None:
    if not 0 < seconds <= MAX_TIMEOUT:
        raise InputError(f"--timeout must be a number of seconds above 0 and at most {MAX_TIMEOUT:g}")


# While batch reads its lines, commands hand over their work here instead of running it.
collector: list | None = None


def run_command(command: str, common: Common, compute: Callable[[], object]) -> int:
    """Compute, render and print one command; return its exit status."""
    if collector is not None:  # a batch line: an error here becomes that line's record
        check_timeout(common.timeout)
        collector.append((command, common, compute))
        return ExitCode.OK
    fmt = common.output_format()
    try:
        check_timeout(common.timeout)
        from calcli.limits import run_limited

        text, code = run_limited(RenderJob(compute, fmt, detect_screen()), common.timeout)
    except CalcliError as err:
        return report_error(command, err, fmt)
    except KeyboardInterrupt:
        return report_error(command, Interrupted("interrupted by the user"), fmt)
    write_stdout(text)
    return code


def report_error(command: str, err: CalcliError, fmt: Format) -> int:
    print(describe_error(err), file=sys.stderr)
    if fmt is Format.json:
        write_stdout(error_json(command, err))
    return int(err.exit_code)


def describe_error(err: CalcliError) -> str:
    """The sentence, then the input with a caret under the offending position."""
    from calcli.render.text import safe

    message = safe(err.message)
    lines = [f"calcli: error: {message}" + ("" if message.endswith((".", "?", ")")) else ".")]
    if err.source is not None and err.position is not None:
        start = max(0, err.position - 50)
        shown = err.source[start:err.position + 50]
        prefix = ("…" if start else "")
        lines.append("  " + prefix + safe(shown.replace("\n", " ")))
        lines.append("  " + " " * (len(prefix) + len(safe(err.source[start:err.position]))) + "^")
    if err.hint:
        lines.append(f"hint: {safe(err.hint)}")
    return "\n".join(lines)


def write_stdout(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `calcli ... | head` is not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())

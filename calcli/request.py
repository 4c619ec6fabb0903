"""What a command line asks for, before anything is computed: the options every computing command
takes, and the request a command builds from them. The runner runs a request; batch collects them.
Imports nothing heavy: these are built in the parent process and pickled to the computing child."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from calcli.formats import Format

DEFAULT_TIMEOUT = 20.0
DEFAULT_TOL = 1e-3  # --tol: for --expect answers written with decimals (0.1 %)
MAX_TIMEOUT = 86_400.0  # a day: a longer wait is a mistake, and inf or nan would never end


@dataclass(frozen=True)
class Common:
    """The options every computing command takes (declared once, in calcli.cli.options)."""

    at: tuple[str, ...] = ()
    wrt: str | None = None
    format: Format | None = None
    json: bool = False
    expect: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    decimal_comma: bool = False
    functions: str | None = None
    tol: float = DEFAULT_TOL
    standalone: bool = False  # --format latex as a whole document


@dataclass(frozen=True)
class Request:
    """One command's work: `compute()` returns its result object (in the computing child)."""

    command: str
    common: Common
    compute: Callable[[], object]
    # calcli.terminal.Terminal, as the launcher measured it once (None: measured when run)
    terminal: object = None
    # calcli.limits.Worker the launcher started for this call (None: one is started when run)
    worker: object = None


@dataclass(frozen=True)
class Launch:
    """What the launcher hands the command it runs, as click's context object: the terminal it
    measured (calcli.terminal.Terminal), and the computing process it started for the command
    before importing typer (calcli.limits.Worker; None when it started none)."""

    terminal: object
    worker: object = None


def check_timeout(seconds: float) -> None:
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, (int, float))
        or not 0 < seconds <= MAX_TIMEOUT
    ):
        from calcli.errors import InputError

        raise InputError(
            f"--timeout must be a number of seconds above 0 and at most {MAX_TIMEOUT:g}"
        )

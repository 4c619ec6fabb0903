"""The one error family and the one mapping from errors to exit statuses."""

from __future__ import annotations

import re
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    CHECK_FAILED = 1  # an --expect check, or a batch line, did not pass
    BAD_INPUT = 2  # parse error, usage, unknown variable, shape mismatch
    UNFINISHED = 3  # timeout, memory limit, unsolved, no result
    INTERRUPTED = 130


class CalcliError(Exception):
    """Base of every error calcli reports; `message` is one sentence for stderr."""

    kind = "error"
    exit_code = ExitCode.BAD_INPUT

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        position: int | None = None,
        hint: str | None = None,
        raw: bool = False,
    ):
        super().__init__(message)
        self.message = message
        self.source = source
        self.position = position
        self.hint = hint
        self.raw = raw  # shown as it is (a help text), not as a sentence

    def to_dict(self) -> dict:
        return {"kind": self.kind, "message": self.message, "position": self.position}


class ParseError(CalcliError):
    """Text outside the grammar; `position` is a 0-based index into `source`."""

    kind = "parse"


class InputError(CalcliError):
    """Well-formed text that asks for something invalid: unknown variable, bad option value."""

    kind = "input"


class UsageError(InputError):
    """The command line itself is wrong: an unknown command or option, a missing argument."""

    kind = "usage"


class ShapeError(InputError):
    """Sizes that do not fit together: component counts, matrix shapes, tuple lengths."""

    kind = "shape"


class LimitError(CalcliError):
    """A computation hit the time or memory limit."""

    kind = "limit"
    exit_code = ExitCode.UNFINISHED


class Unsolved(CalcliError):
    """The engine gave up: no closed form, no result."""

    kind = "unsolved"
    exit_code = ExitCode.UNFINISHED


class EngineError(CalcliError):
    """sympy, numpy or scipy raised an error of their own (a bug or an unhandled case there): no
    result."""

    kind = "engine"
    exit_code = ExitCode.UNFINISHED


class OutputError(CalcliError):
    """The result could not be written: stdout closed, or the disk is full."""

    kind = "output"
    exit_code = ExitCode.UNFINISHED


class InternalError(CalcliError):
    """A bug of calcli's own, reported in one sentence."""

    kind = "internal"
    exit_code = ExitCode.UNFINISHED


class Interrupted(CalcliError):
    """Ctrl-C: what was running is stopped; nothing half-written."""

    kind = "interrupted"
    exit_code = ExitCode.INTERRUPTED


_DERIVATIVE = (
    "did you mean diff (a derivative of any order), grad (all partial derivatives) or "
    "diff-table (finite differences)?"
)
# what a user means by a command calcli does not have, where spelling alone suggests the wrong one
MEANT = {
    **dict.fromkeys(
        ["derive", "derivative", "derivatives", "differentiate", "d", "partial", "partials"],
        _DERIVATIVE,
    ),
    **dict.fromkeys(
        ["integral", "int", "antiderivative", "primitive", "quad"], "did you mean integrate?"
    ),
    **dict.fromkeys(["lim", "limits"], "did you mean limit?"),
    **dict.fromkeys(["gradient", "nabla"], "did you mean grad?"),
    **dict.fromkeys(["hessian"], "the Hessian is grad --hessian"),
    **dict.fromkeys(["divergence"], "did you mean div?"),
    **dict.fromkeys(["rot", "rotation"], "did you mean curl?"),
    **dict.fromkeys(["laplace", "lap"], "did you mean laplacian?"),
    **dict.fromkeys(
        [
            "minimize",
            "minimise",
            "maximize",
            "maximise",
            "optimize",
            "optimise",
            "min",
            "max",
            "lagrange",
            "kkt",
        ],
        "did you mean minimize-constrained (with --maximize to maximise)?",
    ),
    **dict.fromkeys(["roots", "zeros", "equation", "equations", "system"], "did you mean solve?"),
    **dict.fromkeys(["taylor", "maclaurin", "expand", "expansion"], "did you mean series?"),
}


def as_calcli_error(exc: Exception):
    """click's usage errors, calcli's own errors, and anything else (a bug: say so)."""
    if isinstance(exc, CalcliError):
        return exc
    if type(exc).__name__ == "Abort":  # click's word for Ctrl-C while it parsed the command line
        return Interrupted("interrupted by the user")
    if type(exc).__name__ == "NoArgsIsHelpError":  # `calcli` alone: its help, on stderr, exit 2
        return UsageError(getattr(exc, "format_message")(), raw=True)
    # click's UsageError family
    if hasattr(exc, "format_message") and getattr(exc, "exit_code", None) == 2:
        message = exc.format_message()
        unknown = re.match(r"No such command '([^']*)'", message)
        # by meaning: derive is grad, not div
        if unknown and (meant := MEANT.get(unknown.group(1).lower())):
            return UsageError(
                f"no such command '{unknown.group(1)}'; {meant}", hint=usage_hint(exc)
            )
        # a value echoed back is clipped (a 120 kB one too)
        message = re.sub(r"'([^']{60})[^']+'", r"'\1…'", message)
        return UsageError(message[:1].lower() + message[1:], hint=usage_hint(exc))
    # a file calcli was asked to write (the completion script under an unwritable HOME)
    if isinstance(exc, OSError):
        return OutputError(f"cannot write {exc.filename or 'a file'}: {exc.strerror or exc}")
    return InternalError(
        f"internal error ({type(exc).__name__}: {str(exc)[:200]}); please report it"
    )


def usage_hint(exc) -> str:
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None else "calcli"
    return f"see '{path} --help'"

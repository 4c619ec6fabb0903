"""Facts about where the output goes, measured once per process and passed down: whether stdout
and stderr are terminals, the width, colour and encoding, and so the output format when none was
asked for."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass

from calcli.formats import Format
from calcli.render import Screen
from calcli.request import Launch


@dataclass(frozen=True)
class Terminal:
    stdout_tty: bool
    stderr_tty: bool
    screen: Screen

    @classmethod
    def measure(cls) -> "Terminal":
        stdout_tty, stderr_tty = _isatty(sys.stdout), _isatty(sys.stderr)
        color = stdout_tty and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
        encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("-", "")
        width = shutil.get_terminal_size((100, 24)).columns
        return cls(
            stdout_tty,
            stderr_tty,
            Screen(width=width, color=color, ascii=not encoding.startswith("utf")),
        )

    def output_format(
        self, format: Format | None, json: bool, piped: Format = Format.plain
    ) -> Format:
        """--json, else --format, else a table on a terminal and `piped` (plain; JSON Lines for
        batch) otherwise."""
        if json:
            return Format.json
        if format is not None:
            return format
        return Format.table if self.stdout_tty else piped


def given(ctx) -> Terminal | None:
    """The terminal the launcher measured and handed to click in the context's object
    (calcli.request.Launch), or a test's own Terminal; None where there is none (a batch line's
    object is its file policy)."""
    obj = getattr(ctx, "obj", None)
    terminal = obj.terminal if isinstance(obj, Launch) else obj
    return terminal if isinstance(terminal, Terminal) else None


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # replaced by an object without one, or closed
        return False

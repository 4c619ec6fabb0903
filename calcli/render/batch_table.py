"""The terminal view of a batch: a progress bar on stderr, then one summary row per line."""

from __future__ import annotations

import time

from rich import box
from rich.console import Console, Group, JustifyMethod
from rich.table import Table
from rich.text import Text

from calcli.render.safe import clip, safe

STYLES = {"passed": "green", "failed": "bold red", "unanswered": "yellow", "error": "yellow"}
MARKS = {"passed": "✓", "failed": "✗", "unanswered": "-", "error": "!"}


def summary_view(summary, source: str) -> Group:
    table = Table(box=box.ROUNDED)
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("line", "right"),
        ("command", "left"),
        ("", "left"),
        ("result", "left"),
        ("time", "right"),
    )
    for name, justify in columns:
        table.add_column(name, justify=justify, overflow="fold")
    for line, command, status, outcome, seconds in summary.rows:
        style = STYLES[status]
        table.add_row(
            str(line),
            Text(safe(command or "")),
            Text(MARKS[status], style),
            Text(safe(clip(outcome, 120)), style),
            f"{seconds:.2f} s",
        )
    elapsed = time.monotonic() - summary.started
    total = f"{summary.text()} in {elapsed:.2f} s"
    if summary.interrupted:
        total += " (interrupted: the lines above are the ones that finished)"
    title = Text(safe(f"Batch {clip(source, 80)}"), "bold")
    return Group(title, table, Text(total, "bold green" if summary.exit_code == 0 else "bold red"))


def progress_bar():
    """A rich progress bar on stderr (used for long batches on a terminal)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    return Progress(
        "checking",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )

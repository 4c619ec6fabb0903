"""The terminal view of a batch: a progress bar on stderr, then one summary row per line."""
from __future__ import annotations

import time

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from calcli.batch import outcome_text
from calcli.render.text import clip, safe

STYLES = {"passed": "green", "failed": "bold red", "error": "yellow"}
MARKS = {"passed": "✓", "failed": "✗", "error": "!"}


def summary_view(summary, source: str) -> Group:
    table = Table(box=box.ROUNDED)
    for name, justify in (("line", "right"), ("command", "left"), ("", "left"), ("result", "left"), ("time", "right")):
        table.add_column(name, justify=justify, overflow="fold")
    for r in summary.records:
        style = STYLES[r.status]
        table.add_row(str(r.line), Text(safe(r.command or "")), Text(MARKS[r.status], style),
                      Text(safe(clip(outcome_text(r), 120)), style), f"{r.seconds:.2f} s")
    counts = summary.counts()
    elapsed = time.monotonic() - summary.started
    total = f"{counts['passed']} passed, {counts['failed']} failed, {counts['error']} errors in {elapsed:.2f} s"
    if summary.interrupted:
        total += " (interrupted: the lines above are the ones that finished)"
    title = Text(safe(f"Batch {clip(source, 80)}"), "bold")
    return Group(title, table, Text(total, "bold green" if summary.exit_code == 0 else "bold red"))


def progress_bar(total: int):
    """A rich progress bar on stderr (used for long batches on a terminal)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    return Progress("checking", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=Console(stderr=True), transient=True)

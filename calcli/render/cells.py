"""The pieces every table view is built of: escaped text, a dim hint, a table, a titled table."""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from calcli.render.safe import safe


def text(value: str, style: str = "") -> Text:
    return Text(safe(value), style=style)


def hint(message: str) -> Text:
    return text(message, "dim")


def new_table(*columns: str) -> Table:
    table = Table(box=box.ROUNDED)
    for name in columns:
        table.add_column(name, overflow="fold")
    return table


def titled(title: str, table: Table) -> Group:
    """The title restates the question; on its own line so a narrow table never wraps it."""
    return Group(text(title, "bold"), table)

"""The pieces every table view is built of: escaped text, a dim hint, a table, a titled table."""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from calcli.render.safe import safe


def text(value: str, style: str = "") -> Text:
    return Text(safe(value), style=style)


def hint(message: str) -> Text:
    return text(message, "dim")


class FittingTable(Table):
    """A table that never cuts a value to fit. Each column gets at least its longest word (a
    number, a formula without spaces) and the room left is shared by what the columns would take
    beyond that; when even the longest words cannot all fit the width, it is shown stacked, one
    `column: value` line per cell and an empty line between rows. (rich alone narrows the widest
    columns first, cutting a number in two.)"""

    def __rich_console__(self, console, options):
        # padding included
        ranges = [self._measure_column(console, options, column) for column in self.columns]
        ranges = [
            Measurement(r.maximum, r.maximum) if column.no_wrap else r
            for r, column in zip(ranges, self.columns)
        ]
        lowest = sum(r.minimum for r in ranges) + self._extra_width
        highest = sum(r.maximum for r in ranges) + self._extra_width
        if lowest > options.max_width:
            yield from self.stacked()
        elif highest <= options.max_width:
            yield from super().__rich_console__(console, options)
        else:
            spare, wants = options.max_width - lowest, [r.maximum - r.minimum for r in ranges]
            # sum(wants) > 0 here
            shares = [r.minimum + spare * want // sum(wants) for r, want in zip(ranges, wants)]
            saved = [column.width for column in self.columns]
            try:
                for i, (column, share) in enumerate(zip(self.columns, shares)):
                    column.width = share - self._get_padding_width(i)
                yield from super().__rich_console__(console, options)
            finally:
                for column, width in zip(self.columns, saved):
                    column.width = width

    def stacked(self):
        headers = [" ".join(str(column.header).split()) for column in self.columns]
        for i, row in enumerate(zip(*(list(column.cells) for column in self.columns))):
            if i:
                yield Text("")
            for header, cell in zip(headers, row):
                yield Text.assemble(
                    (f"{header}: ", "bold"), cell if isinstance(cell, Text) else Text(str(cell))
                )


def new_table(*columns: str) -> Table:
    table = FittingTable(box=box.ROUNDED)
    for name in columns:
        table.add_column(name, overflow="fold")
    return table


def titled(title: str, table: Table) -> Group:
    """The title restates the question; on its own line so a narrow table never wraps it."""
    return Group(text(title, "bold"), table)

"""Rich tables for a terminal. User text always enters as Text, never as markup."""
from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from calcli.numbers import decimal
from calcli.render.text import inline, point_text, safe


def console_for(screen, file) -> Console:
    return Console(
        file=file, width=screen.width, force_terminal=screen.color, no_color=not screen.color,
        color_system="auto" if screen.color else None, highlight=False, emoji=False, markup=False,
    )


def render_table(result, screen) -> str:
    buffer = io.StringIO()
    console_for(screen, buffer).print(TABLES[result.command](result))
    return buffer.getvalue()


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


def grad_table(r):
    where = f" at {point_text(r.at)}" if r.at else ""
    columns = ["partial", "derivative"] + (["at the point", "decimal"] if r.at else [])
    table = new_table(*columns)
    for i, (v, d) in enumerate(zip(r.variables, r.gradient)):
        row = [text(f"∂f/∂{v.name}", "cyan"), text(inline(d))]
        if r.at:
            row += [text(inline(r.value[i]), "bold"), text(decimal(r.numeric[i]))]
        table.add_row(*row)
    parts = [titled(f"Gradient of {r.source}{where}", table)]
    if r.hessian is not None:
        parts.append(hessian_table(r))
    parts.append(variables_hint(r))
    return Group(*parts)


def variables_hint(r) -> Text:
    names = ", ".join(v.name for v in r.variables)
    if r.variables_assumed:
        return hint(f"variables {names}: the expression's, in natural order (choose them with --wrt)")
    return hint(f"variables {names}: from --wrt")


def hessian_table(r):
    title = "Hessian" + (f" at {point_text(r.at)}" if r.at else "")
    shown = r.hessian_value if r.at else r.hessian
    names = [v.name for v in r.variables]
    table = new_table("", *names)
    for i, name in enumerate(names):
        cells = [inline(shown[i, j]) for j in range(len(names))]
        if r.at and r.hessian_numeric is not None:
            cells = [c if decimal(r.hessian_numeric[i][j]) == c else f"{c} ≈ {decimal(r.hessian_numeric[i][j])}" for j, c in enumerate(cells)]
        table.add_row(text(name, "cyan"), *(text(c) for c in cells))
    return titled(title, table)


TABLES = {"grad": grad_table}

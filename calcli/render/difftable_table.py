"""The tables of diff-table: the differences on a grid (head and tail of a long one), the
convergence study, and the working."""

from __future__ import annotations

import math

from rich import box
from rich.console import Group
from rich.table import Table

from calcli.numbers import decimal
from calcli.printing import inline
from calcli.render.cells import hint, new_table, text, titled
from calcli.render.safe import clip
from calcli.results import roundoff_floor

HEAD_ROWS = 15  # a longer table shows its head and tail with a count; csv and json hold every row
SCHEMES = ("forward", "backward", "central", "richardson")


def difftable_table(r):
    shown = convergence_table(r) if r.mode == "convergence" else difference_table(r)
    return shown if r.steps is None else Group(shown, difference_working(r))


def difference_working(r):
    """The exact derivative, and each scheme's difference quotient with its truncation error."""
    from calcli.render.fields import difference_text

    k = "" if r.order == 1 else str(r.order)
    working = new_table("scheme", f"f{'′' * r.order}(x) ≈", "error")
    working.add_row(
        text("exact", "cyan"),
        text(f"d{k}/d{r.variable.name}{k} of {clip(r.source)} = {inline(r.steps.derivative)}"),
        text("0"),
    )
    for formula in r.steps.formulas:
        working.add_row(
            text(formula.scheme, "cyan"),
            text(difference_text(formula, r.order, inline)),
            text(formula.error),
        )
    return titled(
        "Working: each estimate is its quotient at x with the step h; error = estimate − exact",
        working,
    )


def derivative_name(r) -> str:
    """df/dx, d2f/dx2, d3f/dx3."""
    k = "" if r.order == 1 else str(r.order)
    return f"d{k}f/d{r.variable.name}{k}"


def difference_table(r):
    what = {
        "expression": f"{derivative_name(r)} of {clip(r.source)}",
        "data": f"{'' if r.order == 1 else ('second ' if r.order == 2 else 'third ')}derivative "
        f"of the data in {'stdin' if r.source == '-' else clip(r.source)}",
    }[r.mode]
    title = f"Finite differences: {what}" + (f", h = {r.h:g}" if r.h is not None else "")
    table = numeric_table(r.columns)
    for i, column in enumerate(r.columns):
        if column.endswith("_error"):
            table.columns[i].style = "yellow"
    rows = r.rows.tolist()
    shown = rows if len(rows) <= 2 * HEAD_ROWS else rows[:HEAD_ROWS] + [None] + rows[-HEAD_ROWS:]
    for row in shown:
        if row is None:
            table.add_row(
                text(f"… {len(rows) - 2 * HEAD_ROWS} more rows …", "dim"),
                *([text("")] * (len(r.columns) - 1)),
            )
        else:
            table.add_row(*(text(cell) for cell in difference_cells(r, row)))
    parts = [titled(title, table)]
    if r.derivative is not None:
        exact = f"exact: {derivative_name(r)} = {inline(r.derivative)}"
        parts.append(
            hint(f"{exact}; error = estimate − exact; 6 digits shown, --format csv has them all")
        )
        parts.append(
            hint(
                "round-off: an error below what rounding in f alone can cause (about "
                "eps·|f|·Σ|weights|/h^k), so not a truncation error; its digits differ between "
                "machines"
            )
        )
    parts += [hint(note) for note in r.all_notes]
    return Group(*parts)


def numeric_table(columns) -> Table:
    """Right-aligned numbers that never wrap; `central_error` heads its column as central /
    error."""
    table = new_table(
        *(c.replace("_error", "\nerror").replace("_order", "\norder") for c in columns)
    )
    # no vertical rules, and two spaces between columns: nine columns of numbers fit 80 characters
    table.box = box.SIMPLE_HEAD
    table.padding = (0, 0, 0, 1)
    table.pad_edge = False
    for column in table.columns:
        column.no_wrap = True
        column.overflow = "ellipsis"  # a number too wide is visibly cut, never silently
        column.justify = "right"
    return table


def difference_cells(r, row) -> list[str]:
    """A grid row as text: each estimate to the digits round-off leaves it, an error below its
    floor as round-off."""
    if r.mode != "expression":
        return [decimal(v if v == v else None, 6) for v in row]
    cells = []
    for column, value in zip(r.columns, row):
        scheme = column[: -len("_error")] if column.endswith("_error") else column
        if scheme not in SCHEMES or value != value:
            cells.append(decimal(value if value == value else None, 6))
            continue
        floor = roundoff_floor(row[1] if row[1] == row[1] else 1.0, r.h, r.order, scheme)
        if column.endswith("_error") and abs(value) < floor:
            cells.append("round-off")
        else:
            cells.append(decimal(to_floor(value, floor), 6))
    return cells


def to_floor(value: float, floor: float) -> float:
    """value rounded to the power of ten at its round-off floor: digits below it are noise."""
    step = 10.0 ** math.ceil(math.log10(floor)) if floor > 0 else 0.0
    return round(value / step) * step if step else value


def convergence_table(r):
    """One column per scheme, each cell its error and (observed order); the best h marked."""
    title = (
        f"Convergence at {r.variable.name} = {r.at:g}: error (observed order) as h shrinks; "
        f"exact value {r.exact_value:.15g}"
    )
    schemes = [c[: -len("_error")] for c in r.columns if c.endswith("_error")]
    table = numeric_table(["h", *schemes])
    rows = r.rows.tolist()
    for row in rows:
        h = row[0]
        cells = [text(f"{h:.0e}")]
        for scheme in schemes:
            error = row[r.columns.index(f"{scheme}_error")]
            order = row[r.columns.index(f"{scheme}_order")]
            best = r.best_h.get(scheme) == h
            floor = roundoff_floor(r.f_value if r.f_value is not None else 1.0, h, r.order, scheme)
            if error == error and error < floor:
                shown = "round-off"
            else:
                below = order != order or row_below(r, rows, row, scheme)
                observed = "—" if below else f"{order:.1f}"
                shown = f"{decimal(error if error == error else None, 3)} ({observed})"
            cells.append(text(shown + (" ◀" if best else ""), "bold green" if best else ""))
        table.add_row(*cells)
    table.columns[0].min_width = 5  # 1e-12 in full
    parts = [titled(title, table)]
    best = ", ".join(f"{scheme} {r.best_h[scheme]:.0e}" for scheme in schemes)
    parts.append(
        hint(
            f"◀ smallest error above round-off: {best}. Below that h round-off "
            f"overtakes truncation: use about that step."
        )
    )
    parts.append(
        hint(
            "order = log10(error(10h) / error(h)): 1 for forward and backward, 2 for "
            "central, 4 for Richardson while truncation dominates"
        )
    )
    return Group(*parts)


def row_below(r, rows, row, scheme) -> bool:
    """The observed order compares this error with the one at 10h: meaningless when that one was
    round-off."""
    i = rows.index(row)
    if i == 0:
        return False
    previous = rows[i - 1]
    error = previous[r.columns.index(f"{scheme}_error")]
    return error == error and error < roundoff_floor(
        r.f_value if r.f_value is not None else 1.0, previous[0], r.order, scheme
    )

"""Which function writes each type of result in each format: the one place output is chosen, by
the result's type (JSON is every result's own to_dict). A new result type adds its line here;
tests/test_registry.py fails for a command whose result type lacks a writer for a format the
command declares.

The writers are named, not imported: plain output must not load rich, and --help must not load
sympy."""

from __future__ import annotations

import importlib
from typing import NamedTuple

import calcli.results as results
from calcli.formats import Format


class Writers(NamedTuple):
    table: str  # module:function, returning a rich renderable
    plain: str | None  # yielding (key, value) pairs
    latex: str
    csv: str | None = None  # yielding rows of cells, for results that are tables
    # yielding text for plain and CSV as the rows are computed (with their delimiter)
    streamed: str | None = None


FIELD = Writers(
    "calcli.render.table:field_table",
    "calcli.render.plain:field_lines",
    "calcli.render.latex:field_latex",
    "calcli.render.csv_rows:field_rows",
)

WRITERS: dict[type, Writers] = {
    results.GradientResult: Writers(
        "calcli.render.table:grad_table",
        "calcli.render.plain:grad_lines",
        "calcli.render.latex:grad_latex",
        "calcli.render.csv_rows:grad_rows",
    ),
    results.DivergenceResult: FIELD,
    results.CurlResult: FIELD,
    results.LaplacianResult: FIELD,
    results.JacobianResult: Writers(
        "calcli.render.table:jacobian_table",
        "calcli.render.plain:field_lines",
        "calcli.render.latex:field_latex",
        "calcli.render.csv_rows:jacobian_rows",
    ),
    results.SolveResult: Writers(
        "calcli.render.table:solve_table",
        "calcli.render.plain:solve_lines",
        "calcli.render.latex:solve_latex",
        "calcli.render.csv_rows:solve_rows",
    ),
    results.OptimizeResult: Writers(
        "calcli.render.optimize_table:optimize_table",
        "calcli.render.plain:optimize_lines",
        "calcli.render.latex:optimize_latex",
        "calcli.render.csv_rows:optimize_rows",
    ),
    results.DerivativeResult: Writers(
        "calcli.render.calculus:derivative_table",
        "calcli.render.calculus:derivative_lines",
        "calcli.render.calculus:derivative_latex",
    ),
    results.IntegralResult: Writers(
        "calcli.render.calculus:integral_table",
        "calcli.render.calculus:integral_lines",
        "calcli.render.calculus:integral_latex",
    ),
    results.LimitResult: Writers(
        "calcli.render.calculus:limit_table",
        "calcli.render.calculus:limit_lines",
        "calcli.render.calculus:limit_latex",
    ),
    results.SeriesResult: Writers(
        "calcli.render.calculus:series_table",
        "calcli.render.calculus:series_lines",
        "calcli.render.calculus:series_latex",
    ),
    results.CriticalResult: Writers(
        "calcli.render.calculus:critical_table",
        "calcli.render.calculus:critical_lines",
        "calcli.render.calculus:critical_latex",
        "calcli.render.csv_rows:critical_rows",
    ),
    results.DiffTableResult: Writers(
        "calcli.render.difftable_table:difftable_table",
        None,
        "calcli.render.latex:difftable_latex",
        streamed="calcli.render.plain:table_pieces",
    ),
}


def named(kind: type, fmt: Format) -> str | None:
    """Where the writer of a result of type `kind` in `fmt` lives, or None when it has none
    (JSON: to_dict)."""
    writers = WRITERS.get(kind)
    if writers is None:
        return None
    if fmt is Format.json:
        return "to_dict"
    if fmt in (Format.plain, Format.csv) and writers.streamed:
        return writers.streamed
    return {
        Format.table: writers.table,
        Format.plain: writers.plain,
        Format.latex: writers.latex,
        Format.csv: writers.csv,
    }[fmt]


def writer(result, fmt: Format):
    """The function writing `result` in `fmt` (table, plain, LaTeX, CSV rows, or streamed
    pieces)."""
    where = named(type(result), fmt)
    if where is None:
        raise LookupError(
            f"{type(result).__name__} has no {fmt.value} writer (calcli/render/writers.py)"
        )
    module, function = where.split(":")
    return getattr(importlib.import_module(module), function)


def streams(result) -> bool:
    """Its plain and CSV text is written a chunk of rows at a time, as the rows are computed."""
    writers = WRITERS.get(type(result))
    return writers is not None and writers.streamed is not None


def table_module(command: str) -> str:
    """The module that draws the command's table, loaded with calcli.render.table before the
    memory cap (under a small cap even compiling a module can fail)."""
    from calcli.registry import COMMANDS

    kind = getattr(results, COMMANDS[command].result, None) if command in COMMANDS else None
    table = WRITERS[kind].table if kind in WRITERS else None
    return table.split(":")[0] if table else "calcli.render.table"

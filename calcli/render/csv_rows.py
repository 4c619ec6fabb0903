"""--format csv for the results that are tables: a header row, then one row per item (a
gradient's partials, a field's terms, solve's solutions, the candidates of an optimisation, the
stationary points). RFC 4180 as diff-table writes it: CRLF line ends, quoting where a cell needs
it, exact values in sympy's str form and numbers at full precision (repr), an empty cell where
there is no value."""

from __future__ import annotations

import csv
import io
import re

from calcli.numbers import flat, number
from calcli.render.safe import safe


def cell_number(value) -> str:
    return "" if value is None else number(value)


def grad_rows(r):
    yield ["variable", "derivative", *(["value", "numeric"] if r.at else [])]
    for i, (v, d) in enumerate(zip(r.variables, r.gradient)):
        yield [
            v.name,
            flat(d, r.large),
            *([flat(r.value[i]), cell_number(r.numeric[i])] if r.at else []),
        ]


def field_rows(r):
    yield ["variable", "term"]
    for v, term in zip(r.variables, r.terms):
        yield [v.name, flat(term)]
    yield [r.command, flat(r.result)]


def jacobian_rows(r):
    yield ["component", *(v.name for v in r.variables)]
    for i in range(r.result.rows):
        yield [f"F{i + 1}", *(flat(r.result[i, j]) for j in range(r.result.cols))]


def solve_rows(r):
    if r.solutions is None and r.status == "solved":  # intervals or families: the set, as one cell
        from calcli.printing import set_text

        yield ["solution_set"]
        yield [set_text(r.solution_set, r.period)]
        return
    names = [u.name for u in r.unknowns]
    yield [*names, *(f"{n}_numeric" for n in names)]
    for solution, values in zip(r.solutions or (), r.numeric or ()):
        yield [
            *(flat(solution[u]) for u in r.unknowns),
            *(cell_number(values[u]) for u in r.unknowns),
        ]


def optimize_rows(r):
    multipliers = list(r.candidates[0].multipliers) if r.candidates else []
    names = [v.name for v in r.variables]
    yield [
        *names,
        *multipliers,
        "objective",
        "classification",
        "optimum",
        *(f"{n}_numeric" for n in names),
        "objective_numeric",
    ]
    best = r.optimum
    for c in r.candidates:  # every point where the optimum is reached (ties) is marked
        optimum = (
            "yes"
            if best is not None
            and c.classification == best.classification
            and c.objective == best.objective
            else ""
        )
        row = [
            *(flat(c.point[v]) for v in r.variables),
            *(flat(c.multipliers.get(m)) if m in c.multipliers else "" for m in multipliers),
        ]
        yield [
            *row,
            flat(c.objective),
            c.classification,
            optimum,
            *(cell_number(c.numeric.get(n)) for n in names),
            cell_number(c.numeric.get("objective")),
        ]


def critical_rows(r):
    names = [v.name for v in r.variables]
    # a column for each point's family, where ∇f is periodic
    families = any(p.family for p in r.points)
    yield [
        *names,
        "f",
        "eigenvalues",
        "second_derivative_test",
        "classification",
        *(["family"] if families else []),
    ]
    for p in r.points:
        family = (
            [", ".join(f"{v.name} = {flat(m)}" for v, m in p.family.items())] if families else []
        )
        yield [
            *(flat(p.point[v]) for v in r.variables),
            flat(p.value),
            flat(list(p.eigenvalues)),
            p.test,
            p.classification,
            *family,
        ]


def csv_text(rows) -> str:
    """Every CSV calcli writes goes through here: RFC 4180 with CRLF, and each cell made safe to
    open."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([csv_cell(c) for c in row] for row in rows)
    return out.getvalue()


NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A cell a spreadsheet shows as text: terminal escapes written as \\uXXXX, and text that
    begins like a formula (=, +, -, @, tab, CR: OWASP's CSV injection) prefixed with ', while
    numbers stay numbers."""
    text = str(value)
    if text.startswith(FORMULA_START) and not NUMBER.fullmatch(text):
        return "'" + safe(text)
    return safe(text)

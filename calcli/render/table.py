"""Rich tables for a terminal. User text always enters as Text, never as markup."""

from __future__ import annotations

import io

import sympy as sp
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from calcli.formats import Format
from calcli.numbers import decimal
from calcli.printing import inline, point_text, set_text
from calcli.render.cells import hint, new_table, text, titled
from calcli.render.graph import steps_parts
from calcli.render.safe import clip
from calcli.render.text import verdict_sentence


def console_for(screen, file) -> Console:
    return Console(
        file=file,
        width=screen.width,
        force_terminal=screen.color,
        no_color=not screen.color,
        color_system="auto" if screen.color else None,
        highlight=False,
        emoji=False,
        markup=False,
    )


class _AsciiBuffer(io.StringIO):
    encoding = "ascii"  # rich draws ASCII boxes for a file with this encoding


def render_table(result, screen) -> str:
    """The command's view, then (with --expect) the verdict as its last line."""
    buffer = _AsciiBuffer() if screen.ascii else io.StringIO()
    console = console_for(screen, buffer)
    from calcli.render.writers import writer

    console.print(writer(result, Format.table)(result))
    readings = getattr(result, "readings", ())
    as_read = read_as(result) if readings else None
    if as_read:
        console.print(hint(f"read as: {as_read}"))
    for reading in readings:
        console.print(hint(reading))
    if getattr(result, "check", None) is not None:
        console.print(verdict(result.check))
    return buffer.getvalue()


def read_as(result) -> str | None:
    """The expression as calcli read it, for a reader whose typing was read otherwise than
    written."""
    value = getattr(result, "expression", None)
    if value is None or getattr(result, "large", False):
        return None
    shown = inline(value)
    typed = str(getattr(result, "source", ""))
    if "".join(shown.split()) == "".join(typed.split()):
        return None  # read as typed
    return clip(shown, 200)


def grad_table(r):
    where = f" at {point_text(r.at)}" if r.at else ""
    columns = ["partial", "derivative"] + (["at the point", "decimal"] if r.at else [])
    table = new_table(*columns)
    for i, (v, d) in enumerate(zip(r.variables, r.gradient)):
        row = [text(f"∂f/∂{v.name}", "cyan"), text(inline(d))]
        if r.at:
            row += [text(clip(inline(r.value[i]), 60), "bold"), text(decimal(r.numeric[i]))]
        table.add_row(*row)
    parts = [titled(f"Gradient of {clip(r.source)}{where}", table)]
    if r.at and any(isinstance(v, sp.Basic) and v.has(sp.nan, sp.zoo) for v in r.value):
        parts.append(
            hint("undefined: the function has no derivative there (a kink, a jump or a pole)")
        )
    if r.hessian is not None:
        parts.append(hessian_table(r))
    if r.steps is not None:
        parts.extend(steps_parts(r.steps))
    parts.append(variables_hint(r))
    return Group(*parts)


def verdict(check) -> Text:
    style = {"equal": "bold green", "different": "bold red"}.get(check.verdict, "bold yellow")
    return text(verdict_sentence(check), style)


def variables_hint(r) -> Text:
    names = ", ".join(v.name for v in r.variables)
    if r.variables_assumed and getattr(r, "coordinates", "cartesian") != "cartesian":
        return hint(f"variables {names}: the {r.coordinates} coordinates (rename them with --wrt)")
    if r.variables_assumed and getattr(r, "per_component", False):
        return hint(
            f"variables {names}: the default for {len(r.variables)} components (choose "
            f"them with --wrt)"
        )
    if r.variables_assumed:
        return hint(
            f"variables {names}: the expression's, in natural order (choose them with --wrt)"
        )
    return hint(f"variables {names}: from --wrt")


def hessian_table(r):
    title = "Hessian" + (f" at {point_text(r.at)}" if r.at else "")
    shown = r.hessian_value if r.at else r.hessian
    names = [v.name for v in r.variables]
    table = new_table("", *names)
    for i, name in enumerate(names):
        cells = [inline(shown[i, j]) for j in range(len(names))]
        if r.at and r.hessian_numeric is not None:
            cells = [
                c
                if decimal(r.hessian_numeric[i][j]) == c
                else f"{c} ≈ {decimal(r.hessian_numeric[i][j])}"
                for j, c in enumerate(cells)
            ]
        table.add_row(text(name, "cyan"), *(text(c) for c in cells))
    return titled(title, table)


def field_table(r):
    """div, curl and laplacian: a row per term, then the result."""
    from calcli.render.fields import coordinates_note, name, term_labels

    with_components = not r.scalar_input
    table = new_table("", *(["component"] if with_components else []), "term", "")
    for i, (v, label, term) in enumerate(zip(r.variables, term_labels(r), r.terms)):
        component = [text(inline(r.field[i]))] if with_components else []
        table.add_row(text(name(v), "cyan"), *component, text(label), text(inline(term)))
    table.add_row(
        *([text("")] * (2 if with_components else 1)),
        text(r.symbol, "bold"),
        text(inline(r.result), "bold"),
    )
    parts = [
        titled(f"{r.title} of {clip(r.source)}{coordinates_note(r)}{where(r)}", table),
        *at_value(r),
    ]
    if r.steps is not None:
        parts.extend(field_working(r))
    if r.jacobian is not None:
        parts.append(
            titled(
                "Jacobian ∂F_i/∂x_j (its trace is the divergence)",
                matrix_table(r.jacobian, r.variables, [f"F_{name(v)}" for v in r.variables]),
            )
        )
    parts.append(variables_hint(r))
    return Group(*parts)


def field_working(r) -> list:
    """The formula and scale factors, then each term: its derivatives, one per line, and the term
    they make."""
    from calcli.render.fields import combined, formula, name, scale_factors_text

    working = new_table("", "step", "value")
    names = {v.name: name(v) for v in r.variables}
    for row in r.steps.rows:
        for i, (of, wrt, value) in enumerate(row.derivatives):
            working.add_row(
                text(names.get(row.label, row.label) if i == 0 else "", "cyan"),
                text(f"∂({inline(of)})/∂{name(wrt)}"),
                text(f"= {inline(value)}"),
            )
        if row.combines:
            working.add_row(
                text(""), text(combined(row, inline)), text(f"= {inline(row.term)}", "bold")
            )
    factors = scale_factors_text(r, inline)
    parts = [titled(f"Working: {formula(r)}", working)]
    return [text(f"scale factors: {factors}", "dim"), *parts] if factors else parts


def jacobian_table(r):
    rows = [f"F{i + 1}" for i in range(len(r.field))]
    parts = [
        titled(
            f"Jacobian ∂F_i/∂x_j of {clip(r.source)}{where(r)}",
            matrix_table(r.result, r.variables, rows),
        )
    ]
    if r.terms:
        parts.append(text(f"det J = {inline(r.terms[0])}", "bold"))
    if r.steps is not None:
        parts.append(jacobian_working(r))
    return Group(*parts, *at_value(r), variables_hint(r))


def jacobian_working(r):
    """Each entry ∂Fᵢ/∂xⱼ of the field as given, then the determinant's expansion along row 1."""
    from calcli.render.fields import name

    working = new_table("step", "value")
    for i, v, value in r.steps.entries:
        j = r.variables.index(v) + 1
        working.add_row(
            text(f"J{i}{j} = ∂({inline(r.field[i - 1])})/∂{name(v)}", "cyan"), text(inline(value))
        )
    for j, (sign, entry, minor) in enumerate(r.steps.expansion, 1):
        working.add_row(
            text(f"{'+' if sign > 0 else '−'} J1{j}·M1{j}", "cyan"),
            text(f"{'+' if sign > 0 else '−'} ({inline(entry)}) · ({inline(minor)})"),
        )
    if r.steps.expansion:
        working.add_row(text("det J, the sum", "cyan"), text(inline(r.steps.determinant), "bold"))
    return titled(
        "Working: J_ij = ∂F_i/∂x_j; det J = Σ_j (−1)^(1+j)·J_1j·M_1j (M: the minor)", working
    )


def where(r) -> str:
    return f" at {point_text(r.at)}" if r.at else ""


def at_value(r) -> list:
    if not r.at:
        return []
    return [
        text(
            f"at {point_text(r.at)}: {r.symbol} = {clip(inline(r.value), 200)} ≈ "
            f"{decimal(r.numeric)}",
            "bold",
        )
    ]


def matrix_table(matrix, variables, row_names):
    from calcli.render.fields import name

    table = new_table("", *(f"∂/∂{name(v)}" for v in variables))
    for i, row_name in enumerate(row_names):
        table.add_row(
            text(row_name, "cyan"), *(text(inline(matrix[i, j])) for j in range(matrix.cols))
        )
    return table


def solve_table(r):

    equations = "; ".join(clip(src, 60) for src in r.sources)
    unknowns = ", ".join(u.name for u in r.unknowns)
    title = (
        f"Solve {equations} for {unknowns} over the {r.domain}"
        if r.domain != "positive"
        else f"Solve {equations} for positive {unknowns}"
    )
    if r.at:
        title += f", with {point_text(r.at)}"
    parts = [text(title, "bold"), *solutions_shown(r)]
    if r.steps is not None:
        parts.append(solve_working(r))
    if r.numeric_only:
        parts.append(
            hint(f"approximate roots ({r.engine}); there may be others outside the search")
        )
    else:
        parts.append(hint(f"method: {r.engine}"))
    if r.unknowns_assumed:
        choice = (
            "the first unknown in natural order" if len(r.unknowns) == 1 else "all the unknowns"
        )
        parts.append(hint(f"solved for {unknowns}: {choice} (choose with --for)"))
    return Group(*parts)


def solutions_shown(r) -> list:
    """No solution (and how many complex ones), the table of solutions with what their parameters
    mean, or the solution set."""

    if r.status == "no_solution":
        extra = f" ({r.complex_count} complex: use --domain complexes)" if r.complex_count else ""
        return [
            text(
                f"No solution{' in the ' + r.domain if r.domain != 'complexes' else ''}{extra}.",
                "bold yellow",
            )
        ]
    if not r.solutions:
        return [text(f"Solution set: {set_text(r.solution_set, r.period)}", "bold")]
    free = sorted({s.name for sol in r.solutions for v in sol.values() for s in v.free_symbols})
    if free and not isinstance(r.solution_set, sp.FiniteSet):
        return [
            solutions_table(r),
            hint(f"for the values of {', '.join(free)} where these are in the {r.domain}"),
        ]
    if free:
        return [
            solutions_table(r),
            hint(f"for any value of {', '.join(free)}: each is a free parameter"),
        ]
    return [solutions_table(r)]


def solve_working(r):
    """--steps: each step in words with the equation (or system, an equation a line) it gives."""
    from calcli.render.plain import step_text

    working = new_table("step", "gives")
    shown = [
        (
            "\n".join(step_text(v) for v in value)
            if isinstance(value, sp.Tuple)
            else step_text(value)
        ).replace("**", "^")
        for _, value in r.steps.rows
    ]
    # an equation whole
    working.columns[1].no_wrap = (
        max(len(line) for cell in shown for line in cell.splitlines()) <= 36
    )
    for (words, _), cell in zip(r.steps.rows, shown):
        working.add_row(text(words, "cyan"), text(cell))
    return titled("Working", working)


def solutions_table(r) -> Table:
    """One row per solution: exact values, then their decimals where those say more."""

    def exact_cell(sol, u):
        return "free" if sol[u] == u else inline(sol[u])

    rows = [
        ([exact_cell(sol, u) for u in r.unknowns], [inline(approx[u]) for u in r.unknowns])
        for sol, approx in zip(r.solutions, r.approx)
    ]
    with_decimals = (
        any(
            e != d and e != "free"
            for exact_row, approx_row in rows
            for e, d in zip(exact_row, approx_row)
        )
        and not r.numeric_only
    )
    table = new_table(
        "#",
        *(u.name for u in r.unknowns),
        *([f"{u.name} ≈" for u in r.unknowns] if with_decimals else []),
    )
    for i, (exact_row, approx_row) in enumerate(rows, 1):
        decimals = (
            [text(d if e != "free" else "") for e, d in zip(exact_row, approx_row)]
            if with_decimals
            else []
        )
        table.add_row(text(str(i)), *(text(e, "bold") for e in exact_row), *decimals)
    return table

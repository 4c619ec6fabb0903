"""Rich tables for a terminal. User text always enters as Text, never as markup."""

from __future__ import annotations

import io
import math

import sympy as sp
from rich import box
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
from calcli.results import PiecesWorking, roundoff_floor


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
    """The expression as calcli read it, for a reader whose typing was read otherwise than written."""
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
        parts.append(hint("undefined: the function has no derivative there (a kink, a jump or a pole)"))
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
        return hint(f"variables {names}: the default for {len(r.variables)} components (choose them with --wrt)")
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


def field_table(r):
    """div, curl and laplacian: a row per term, then the result."""
    from calcli.render.fields import coordinates_note, name, term_labels

    with_components = not r.scalar_input
    table = new_table("", *(["component"] if with_components else []), "term", "")
    for i, (v, label, term) in enumerate(zip(r.variables, term_labels(r), r.terms)):
        component = [text(inline(r.field[i]))] if with_components else []
        table.add_row(text(name(v), "cyan"), *component, text(label), text(inline(term)))
    table.add_row(*([text("")] * (2 if with_components else 1)), text(r.symbol, "bold"), text(inline(r.result), "bold"))
    parts = [titled(f"{r.title} of {clip(r.source)}{coordinates_note(r)}{where(r)}", table), *at_value(r)]
    if r.steps is not None:
        parts.extend(field_working(r))
    if r.jacobian is not None:
        parts.append(titled("Jacobian ∂F_i/∂x_j (its trace is the divergence)", matrix_table(r.jacobian, r.variables, [f"F_{name(v)}" for v in r.variables])))
    parts.append(variables_hint(r))
    return Group(*parts)


def field_working(r) -> list:
    """The formula and scale factors, then each term: its derivatives, one per line, and the term they make."""
    from calcli.render.fields import combined, formula, name, scale_factors_text

    working = new_table("", "step", "value")
    names = {v.name: name(v) for v in r.variables}
    for row in r.steps.rows:
        for i, (of, wrt, value) in enumerate(row.derivatives):
            working.add_row(text(names.get(row.label, row.label) if i == 0 else "", "cyan"), text(f"∂({inline(of)})/∂{name(wrt)}"), text(f"= {inline(value)}"))
        if row.combines:
            working.add_row(text(""), text(combined(row, inline)), text(f"= {inline(row.term)}", "bold"))
    factors = scale_factors_text(r, inline)
    parts = [titled(f"Working: {formula(r)}", working)]
    return [text(f"scale factors: {factors}", "dim"), *parts] if factors else parts


def pieces_working(r):
    """A split objective: its smooth pieces and where each holds, then why each candidate is one."""
    regions = new_table("piece", "where", "f is")
    for i, (conditions, piece) in enumerate(r.steps.regions, 1):
        regions.add_row(text(str(i), "cyan"), text(", ".join(f"{inline(c)} ≥ 0" for c in conditions)), text(inline(piece)))
    why = new_table("candidate", "why it is one")
    for i, reason in enumerate(r.steps.reasons, 1):
        why.add_row(text(str(i), "cyan"), text(reason))
    return Group(titled("Working: f is smooth on each piece", regions), titled("the candidates: KKT points of the pieces, or where they meet", why))


def classification_working(r):
    """For each candidate: the KKT checks of the inequalities, then the bordered Hessian and its minors."""
    table = new_table("#", "check", "working")
    table.columns[0].no_wrap = True
    for i, (c, w) in enumerate(zip(r.candidates, r.steps.candidates), 1):
        rows = []
        for k in w.kkt:
            sign = f"{k.name} = {inline(k.multiplier)}, wanted {k.wanted}: {'yes' if k.sign_ok else 'no'}"
            rows.append((k.constraint, f"λ·g = {inline(k.multiplier)}·{inline(k.g)} = {inline(k.product)}; {sign}"))
        if w.bordered is not None:
            over = ", ".join(name.replace("lambda", "") for name in w.active)
            rows.append((f"bordered Hessian (constraint {over})" if w.active else "Hessian of L", inline(w.bordered)))
            rows += [(f"minor of order {order}", inline(value)) for order, value in w.minors]
        rows += [("second-order test", w.test), ("classification", c.classification)]
        for j, (check, working) in enumerate(rows):
            table.add_row(text(str(i) if j == 0 else "", "cyan"), text(check), text(working, "bold" if check == "classification" else ""))
    return titled("Working: each candidate classified (KKT conditions, then the bordered Hessian's minors)", table)


def jacobian_table(r):
    rows = [f"F{i + 1}" for i in range(len(r.field))]
    parts = [titled(f"Jacobian ∂F_i/∂x_j of {clip(r.source)}{where(r)}", matrix_table(r.result, r.variables, rows))]
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
        working.add_row(text(f"J{i}{j} = ∂({inline(r.field[i - 1])})/∂{name(v)}", "cyan"), text(inline(value)))
    for j, (sign, entry, minor) in enumerate(r.steps.expansion, 1):
        working.add_row(text(f"{'+' if sign > 0 else '−'} J1{j}·M1{j}", "cyan"), text(f"{'+' if sign > 0 else '−'} ({inline(entry)}) · ({inline(minor)})"))
    if r.steps.expansion:
        working.add_row(text("det J, the sum", "cyan"), text(inline(r.steps.determinant), "bold"))
    return titled("Working: J_ij = ∂F_i/∂x_j; det J = Σ_j (−1)^(1+j)·J_1j·M_1j (M: the minor)", working)


def where(r) -> str:
    return f" at {point_text(r.at)}" if r.at else ""


def at_value(r) -> list:
    if not r.at:
        return []
    return [text(f"at {point_text(r.at)}: {r.symbol} = {clip(inline(r.value), 200)} ≈ {decimal(r.numeric)}", "bold")]


def matrix_table(matrix, variables, row_names):
    from calcli.render.fields import name

    table = new_table("", *(f"∂/∂{name(v)}" for v in variables))
    for i, row_name in enumerate(row_names):
        table.add_row(text(row_name, "cyan"), *(text(inline(matrix[i, j])) for j in range(matrix.cols)))
    return table


def solve_table(r):

    equations = "; ".join(clip(src, 60) for src in r.sources)
    unknowns = ", ".join(u.name for u in r.unknowns)
    title = f"Solve {equations} for {unknowns} over the {r.domain}" if r.domain != "positive" else f"Solve {equations} for positive {unknowns}"
    if r.at:
        title += f", with {point_text(r.at)}"
    parts = [text(title, "bold"), *solutions_shown(r)]
    if r.steps is not None:
        parts.append(solve_working(r))
    if r.numeric_only:
        parts.append(hint(f"approximate roots ({r.engine}); there may be others outside the search"))
    else:
        parts.append(hint(f"method: {r.engine}"))
    if r.unknowns_assumed:
        choice = "the first unknown in natural order" if len(r.unknowns) == 1 else "all the unknowns"
        parts.append(hint(f"solved for {unknowns}: {choice} (choose with --for)"))
    return Group(*parts)


def solutions_shown(r) -> list:
    """No solution (and how many complex ones), the table of solutions with what their parameters mean, or
    the solution set."""
    from calcli.printing import set_text

    if r.status == "no_solution":
        extra = f" ({r.complex_count} complex: use --domain complexes)" if r.complex_count else ""
        return [text(f"No solution{' in the ' + r.domain if r.domain != 'complexes' else ''}{extra}.", "bold yellow")]
    if not r.solutions:
        return [text(f"Solution set: {set_text(r.solution_set, r.period)}", "bold")]
    free = sorted({s.name for sol in r.solutions for v in sol.values() for s in v.free_symbols})
    if free and not isinstance(r.solution_set, sp.FiniteSet):
        return [solutions_table(r), hint(f"for the values of {', '.join(free)} where these are in the {r.domain}")]
    if free:
        return [solutions_table(r), hint(f"for any value of {', '.join(free)}: each is a free parameter")]
    return [solutions_table(r)]


def solve_working(r):
    """--steps: each step in words with the equation (or system, an equation a line) it gives."""
    from calcli.render.plain import step_text

    working = new_table("step", "gives")
    shown = [("\n".join(step_text(v) for v in value) if isinstance(value, sp.Tuple) else step_text(value)).replace("**", "^") for _, value in r.steps.rows]
    working.columns[1].no_wrap = max(len(line) for cell in shown for line in cell.splitlines()) <= 36  # an equation whole
    for (words, _), cell in zip(r.steps.rows, shown):
        working.add_row(text(words, "cyan"), text(cell))
    return titled("Working", working)


def solutions_table(r) -> Table:
    """One row per solution: exact values, then their decimals where those say more."""

    def exact_cell(sol, u):
        return "free" if sol[u] == u else inline(sol[u])

    rows = [([exact_cell(sol, u) for u in r.unknowns], [inline(approx[u]) for u in r.unknowns]) for sol, approx in zip(r.solutions, r.approx)]
    with_decimals = any(e != d and e != "free" for exact_row, approx_row in rows for e, d in zip(exact_row, approx_row)) and not r.numeric_only
    table = new_table("#", *(u.name for u in r.unknowns), *([f"{u.name} ≈" for u in r.unknowns] if with_decimals else []))
    for i, (exact_row, approx_row) in enumerate(rows, 1):
        decimals = [text(d if e != "free" else "") for e, d in zip(exact_row, approx_row)] if with_decimals else []
        table.add_row(text(str(i)), *(text(e, "bold") for e in exact_row), *decimals)
    return table


HEAD_ROWS = 15  # a longer table shows its head and tail with a count; csv and json hold every row


def difftable_table(r):
    shown = convergence_table(r) if r.mode == "convergence" else difference_table(r)
    return shown if r.steps is None else Group(shown, difference_working(r))


def difference_working(r):
    """The exact derivative, and each scheme's difference quotient with its truncation error."""
    from calcli.render.fields import difference_text

    k = "" if r.order == 1 else str(r.order)
    working = new_table("scheme", f"f{'′' * r.order}(x) ≈", "error")
    working.add_row(text("exact", "cyan"), text(f"d{k}/d{r.variable.name}{k} of {clip(r.source)} = {inline(r.steps.derivative)}"), text("0"))
    for formula in r.steps.formulas:
        working.add_row(text(formula.scheme, "cyan"), text(difference_text(formula, r.order, inline)), text(formula.error))
    return titled("Working: each estimate is its quotient at x with the step h; error = estimate − exact", working)


def difference_table(r):
    what = {
        "expression": f"d{'' if r.order == 1 else r.order}f/d{r.variable.name}{'' if r.order == 1 else r.order} of {clip(r.source)}",
        "data": f"{'' if r.order == 1 else ('second ' if r.order == 2 else 'third ')}derivative of the data in {'stdin' if r.source == '-' else clip(r.source)}",
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
            table.add_row(text(f"… {len(rows) - 2 * HEAD_ROWS} more rows …", "dim"), *([text("")] * (len(r.columns) - 1)))
        else:
            table.add_row(*(text(cell) for cell in difference_cells(r, row)))
    parts = [titled(title, table)]
    if r.derivative is not None:
        parts.append(
            hint(
                f"exact: d{'' if r.order == 1 else r.order}f/d{r.variable.name}{'' if r.order == 1 else r.order} = {inline(r.derivative)}; error = estimate − exact; 6 digits shown, --format csv has them all"
            )
        )
        parts.append(
            hint(
                "round-off: an error below what rounding in f alone can cause (about eps·|f|·Σ|weights|/h^k), so not a truncation error; its digits differ between machines"
            )
        )
    parts += [hint(note) for note in r.all_notes]
    return Group(*parts)


def numeric_table(columns) -> Table:
    """Right-aligned numbers that never wrap; `central_error` heads its column as central / error."""
    table = new_table(*(c.replace("_error", "\nerror").replace("_order", "\norder") for c in columns))
    table.box = box.SIMPLE_HEAD  # no vertical rules, and two spaces between columns: nine columns of numbers fit 80 characters
    table.padding = (0, 0, 0, 1)
    table.pad_edge = False
    for column in table.columns:
        column.no_wrap = True
        column.overflow = "ellipsis"  # a number too wide is visibly cut, never silently
        column.justify = "right"
    return table


SCHEMES = ("forward", "backward", "central", "richardson")


def difference_cells(r, row) -> list[str]:
    """A grid row as text: each estimate to the digits round-off leaves it, an error below its floor as round-off."""
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
    title = f"Convergence at {r.variable.name} = {r.at:g}: error (observed order) as h shrinks; exact value {r.exact_value:.15g}"
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
                shown = f"{decimal(error if error == error else None, 3)} ({'—' if order != order or (row_below(r, rows, row, scheme)) else f'{order:.1f}'})"
            cells.append(text(shown + (" ◀" if best else ""), "bold green" if best else ""))
        table.add_row(*cells)
    table.columns[0].min_width = 5  # 1e-12 in full
    parts = [titled(title, table)]
    best = ", ".join(f"{scheme} {r.best_h[scheme]:.0e}" for scheme in schemes)
    parts.append(hint(f"◀ smallest error above round-off: {best}. Below that h round-off overtakes truncation: use about that step."))
    parts.append(hint("order = log10(error(10h) / error(h)): 1 for forward and backward, 2 for central, 4 for Richardson while truncation dominates"))
    return Group(*parts)


def row_below(r, rows, row, scheme) -> bool:
    """The observed order compares this error with the one at 10h: meaningless when that one was round-off."""
    i = rows.index(row)
    if i == 0:
        return False
    previous = rows[i - 1]
    error = previous[r.columns.index(f"{scheme}_error")]
    return error == error and error < roundoff_floor(r.f_value if r.f_value is not None else 1.0, previous[0], r.order, scheme)


def optimize_table(r):
    goal = "Maximize" if r.sense == "max" else "Minimize"
    subject = "; ".join(clip(c, 60) for c in r.constraint_sources)
    title = f"{goal} {clip(r.objective_source)}" + (f" subject to {subject}" if subject else " (no constraints)")
    # a numeric optimum is known to about 6 digits (SLSQP's tolerance); more would differ between machines
    value = (lambda exact, number: decimal(number, 6)) if r.numeric_only else with_decimal
    with_active = any(c.active for c in r.candidates)  # the numbers of the inequalities that hold with equality there
    parts = [titled(title, candidates_table(r, value, with_active)), optimum_line(r, value)]
    parts += optimize_hints(r, with_active)
    if isinstance(r.steps, PiecesWorking):
        parts.append(pieces_working(r))
    elif r.steps is not None:
        parts += lagrange_working(r)
    if r.variables_assumed:
        names = ", ".join(v.name for v in r.variables)
        parts.append(hint(f"variables {names}: the free symbols, in natural order (choose them with --wrt)"))
    return Group(*parts)


def candidates_table(r, value, with_active: bool) -> Table:
    """One row per candidate: the point, the multipliers, the objective, the kind (the optimum starred)."""
    multipliers = [c.name for c in r.constraints]
    headers = [v.name for v in r.variables] + [m.replace("lambda", "λ") for m in multipliers]
    table = new_table("", *headers, "objective", "kind", *(["active"] if with_active else []))
    for column in table.columns[-2 if with_active else -1 :]:
        column.no_wrap = True  # "minimum" and "1,2" read whole; the wider columns give way
    for c in r.candidates:
        chosen = c is r.optimum
        style = "bold green" if chosen else ""
        cells = [value(c.point[v], c.numeric[v.name]) for v in r.variables]
        cells += [value(c.multipliers[m], c.numeric[m]) for m in multipliers]
        cells.append(value(c.objective, c.numeric["objective"]))
        active = [text(",".join(a.replace("lambda", "").replace("λ", "") for a in c.active), style)] if with_active else []
        table.add_row(text("★" if chosen else ""), *(text(cell, style) for cell in cells), text(c.classification, style), *active)
    return table


def optimum_line(r, value):
    """★ optimum: the point and the objective, with the candidates that tie with it; or that there is none."""
    if r.optimum is None:
        return text("no optimum among the candidates", "bold yellow")
    best = r.optimum
    point = ", ".join(f"{v.name} = {value(best.point[v], best.numeric[v.name]) if r.numeric_only else inline(best.point[v])}" for v in r.variables)
    line = text(f"★ optimum: {point}; objective {value(best.objective, best.numeric['objective'])}", "bold")
    ties = [i for i, c in enumerate(r.candidates, 1) if c is not best and c.numeric["objective"] == best.numeric["objective"]]
    if not ties:
        return line
    return Group(line, hint(f"the same objective value is reached by candidate{'s' * (len(ties) > 1)} {', '.join(map(str, ties))} too"))


def optimize_hints(r, with_active: bool) -> list:
    """The convention, what `active` means, each candidate's reason or family, and the method."""
    hints = []
    if r.constraints:
        hints.append(hint("multipliers: L = f − Σ λᵢ·(lhsᵢ − rhsᵢ), so ∇f = Σ λᵢ∇(lhsᵢ − rhsᵢ) at the optimum"))
    if with_active:
        hints.append(hint("active: the inequality constraints (by number) that hold with equality at the candidate"))
    for i, c in enumerate(r.candidates, 1):
        if c.reason:
            hints.append(hint(f"candidate {i}: {c.reason}"))
        if c.holds_for is not None:
            free = ", ".join(s.name for s in c.parameters)
            hints.append(hint(f"candidate {i} is a family: feasible for {free} in {set_text(c.holds_for)}"))
    hints.append(hint(r.note or f"method: {r.method} (exact)"))
    return hints


def lagrange_working(r) -> list:
    """--steps: the Lagrangian and the system the candidates solve, then how each was classified."""
    working = new_table("step", "working")
    working.columns[0].no_wrap = True
    working.add_row(text("Lagrangian", "cyan"), text(f"L = {inline(r.steps.lagrangian)}"))
    for label, equation in r.steps.equations:
        working.add_row(text(label, "cyan"), text(f"{inline(equation)} = 0"))
    working.add_row(text("solved", "cyan"), text(r.steps.method))
    return [titled("Working: the candidates above solve this system", working), classification_working(r)]


def with_decimal(value, number) -> str:
    """An exact value with its decimal when that says something more: 127813/31400 ≈ 4.070478."""
    shown = inline(value)
    approx = decimal(number, 7)
    return shown if number is None or approx == shown else f"{clip(shown, 40)} ≈ {approx}"

"""The tables of minimize-constrained: the candidates, the optimum, the hints and the working."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table

from calcli.numbers import decimal
from calcli.printing import inline, set_text
from calcli.render.cells import hint, new_table, text, titled
from calcli.render.safe import clip
from calcli.results import PiecesWorking


def pieces_working(r):
    """A split objective: its smooth pieces and where each holds, then why each candidate is one."""
    regions = new_table("piece", "where", "f is")
    for i, (conditions, piece) in enumerate(r.steps.regions, 1):
        regions.add_row(
            text(str(i), "cyan"),
            text(", ".join(f"{inline(c)} ≥ 0" for c in conditions)),
            text(inline(piece)),
        )
    why = new_table("candidate", "why it is one")
    for i, reason in enumerate(r.steps.reasons, 1):
        why.add_row(text(str(i), "cyan"), text(reason))
    return Group(
        titled("Working: f is smooth on each piece", regions),
        titled("the candidates: KKT points of the pieces, or where they meet", why),
    )


def classification_working(r):
    """For each candidate: the KKT checks of the inequalities, then the bordered Hessian and its
    minors."""
    table = new_table("#", "check", "working")
    table.columns[0].no_wrap = True
    for i, (c, w) in enumerate(zip(r.candidates, r.steps.candidates), 1):
        rows = []
        for k in w.kkt:
            sign = (
                f"{k.name} = {inline(k.multiplier)}, wanted {k.wanted}: "
                f"{'yes' if k.sign_ok else 'no'}"
            )
            rows.append(
                (
                    k.constraint,
                    f"λ·g = {inline(k.multiplier)}·{inline(k.g)} = {inline(k.product)}; {sign}",
                )
            )
        if w.bordered is not None:
            over = ", ".join(name.replace("lambda", "") for name in w.active)
            rows.append(
                (
                    f"bordered Hessian (constraint {over})" if w.active else "Hessian of L",
                    inline(w.bordered),
                )
            )
            rows += [(f"minor of order {order}", inline(value)) for order, value in w.minors]
        rows += [("second-order test", w.test), ("classification", c.classification)]
        for j, (check, working) in enumerate(rows):
            table.add_row(
                text(str(i) if j == 0 else "", "cyan"),
                text(check),
                text(working, "bold" if check == "classification" else ""),
            )
    return titled(
        "Working: each candidate classified (KKT conditions, then the bordered Hessian's minors)",
        table,
    )


def optimize_table(r):
    goal = "Maximize" if r.sense == "max" else "Minimize"
    subject = "; ".join(clip(c, 60) for c in r.constraint_sources)
    title = f"{goal} {clip(r.objective_source)}" + (
        f" subject to {subject}" if subject else " (no constraints)"
    )
    # a numeric optimum is known to about 6 digits (SLSQP's tolerance); more would differ between
    # machines
    value = (lambda exact, number: decimal(number, 6)) if r.numeric_only else with_decimal
    # the numbers of the inequalities that hold with equality there
    with_active = any(c.active for c in r.candidates)
    parts = [titled(title, candidates_table(r, value, with_active)), optimum_line(r, value)]
    parts += optimize_hints(r, with_active)
    if isinstance(r.steps, PiecesWorking):
        parts.append(pieces_working(r))
    elif r.steps is not None:
        parts += lagrange_working(r)
    if r.variables_assumed:
        names = ", ".join(v.name for v in r.variables)
        parts.append(
            hint(f"variables {names}: the free symbols, in natural order (choose them with --wrt)")
        )
    return Group(*parts)


def candidates_table(r, value, with_active: bool) -> Table:
    """One row per candidate: the point, the multipliers, the objective, the kind (the optimum
    starred)."""
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
        active = (
            [text(",".join(a.replace("lambda", "").replace("λ", "") for a in c.active), style)]
            if with_active
            else []
        )
        table.add_row(
            text("★" if chosen else ""),
            *(text(cell, style) for cell in cells),
            text(c.classification, style),
            *active,
        )
    return table


def optimum_line(r, value):
    """★ optimum: the point and the objective, with the candidates that tie with it; or that
    there is none."""
    if r.optimum is None:
        return text("no optimum among the candidates", "bold yellow")
    best = r.optimum
    point = ", ".join(
        f"{v.name} = "
        f"{value(best.point[v], best.numeric[v.name]) if r.numeric_only else inline(best.point[v])}"
        for v in r.variables
    )
    line = text(
        f"★ optimum: {point}; objective {value(best.objective, best.numeric['objective'])}", "bold"
    )
    ties = [
        i
        for i, c in enumerate(r.candidates, 1)
        if c is not best and c.numeric["objective"] == best.numeric["objective"]
    ]
    if not ties:
        return line
    return Group(
        line,
        hint(
            f"the same objective value is reached by "
            f"candidate{'s' * (len(ties) > 1)} {', '.join(map(str, ties))} too"
        ),
    )


def optimize_hints(r, with_active: bool) -> list:
    """The convention, what `active` means, each candidate's reason or family, and the method."""
    hints = []
    if r.constraints:
        hints.append(
            hint(
                "multipliers: L = f − Σ λᵢ·(lhsᵢ − rhsᵢ), so ∇f = Σ λᵢ∇(lhsᵢ − rhsᵢ) at the optimum"
            )
        )
    if with_active:
        hints.append(
            hint(
                "active: the inequality constraints (by number) that hold with "
                "equality at the candidate"
            )
        )
    for i, c in enumerate(r.candidates, 1):
        if c.reason:
            hints.append(hint(f"candidate {i}: {c.reason}"))
        if c.holds_for is not None:
            free = ", ".join(s.name for s in c.parameters)
            hints.append(
                hint(f"candidate {i} is a family: feasible for {free} in {set_text(c.holds_for)}")
            )
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
    return [
        titled("Working: the candidates above solve this system", working),
        classification_working(r),
    ]


def with_decimal(value, number) -> str:
    """An exact value with its decimal when that says something more: 127813/31400 ≈ 4.070478."""
    shown = inline(value)
    approx = decimal(number, 7)
    return shown if number is None or approx == shown else f"{clip(shown, 40)} ≈ {approx}"

"""`name<TAB>value` lines for pipes: no colour, no box drawing, one item per line."""

from __future__ import annotations

from calcli.numbers import flat, number
from calcli.render.graph import steps_lines


def grad_lines(r):
    yield "expression", flat(r.expression)
    yield "variables", ",".join(v.name for v in r.variables)
    for v, d in zip(r.variables, r.gradient):
        yield f"gradient.{v.name}", flat(d, r.large)
    if r.at:
        for k, v in r.at.items():
            yield f"at.{k.name}", flat(v)
        for v, val in zip(r.variables, r.value):
            yield f"value.{v.name}", flat(val)
        for v, num in zip(r.variables, r.numeric):
            yield f"numeric.{v.name}", number(num)
    if r.hessian is not None:
        yield "hessian", flat(r.hessian, r.large)
        if r.at:
            yield "hessian_value", flat(r.hessian_value)
            yield "hessian_numeric", number(r.hessian_numeric)
    if r.steps is not None:
        yield from steps_lines(r.steps)


def check_lines(check):
    if check is None:
        return
    d = check.to_dict()
    yield "check.expected", d["expected"]
    yield "check.verdict", d["verdict"]
    yield "check.method", d["method"]
    for key in ("missing", "extra"):
        if d.get(key):
            yield f"check.{key}", ", ".join(d[key])
    if d["counterexample"]:
        ce = d["counterexample"]
        yield "check.counterexample.at", ",".join(f"{k}={v}" for k, v in ce["at"].items())
        yield "check.counterexample.expected", ce["expected"]
        yield "check.counterexample.actual", ce["actual"]


def field_lines(r):
    from calcli.results import CurlResult, JacobianResult

    names = [v.name for v in r.variables]
    if r.scalar_input:
        yield "expression", flat(r.field[0])
    else:
        for i, c in enumerate(r.field):
            yield f"field.{i + 1}", flat(c)
    yield "variables", ",".join(names)
    yield "coordinates", r.coordinates
    if r.summed:
        for n, t in zip(names, r.terms):
            yield f"term.{n}", flat(t)
    if isinstance(r, CurlResult) and len(r.terms) == 3:  # in space: a vector
        for n, c in zip(names, r.result):
            yield f"{r.key}.{n}", flat(c)
    else:
        yield r.key, flat(r.result)
    if isinstance(r, JacobianResult) and r.terms:
        yield "determinant", flat(r.terms[0])
    if r.jacobian is not None:
        yield "jacobian", flat(r.jacobian)
    if r.at:
        for k, v in r.at.items():
            yield f"at.{k.name}", flat(v)
        yield "value", flat(r.value)
        yield "numeric", number(r.numeric)
    yield from field_steps_lines(r)


def field_steps_lines(r):
    from calcli.results import JacobianSteps

    if getattr(r, "steps", None) is None:
        return
    if isinstance(r.steps, JacobianSteps):
        for i, v, value in r.steps.entries:
            yield f"steps.F{i}.{v.name}", flat(value)
        for j, (sign, entry, minor) in enumerate(r.steps.expansion, 1):
            yield (
                f"steps.expansion.{j}",
                (f"{'+' if sign > 0 else '-'} ({flat(entry)})*({flat(minor)})"),
            )
        if r.steps.expansion:
            yield "steps.determinant", flat(r.steps.determinant)
        return
    from calcli.render.fields import formula

    yield "steps.formula", formula(r)
    if r.coordinates != "cartesian":
        for v, h in zip(r.variables, r.steps.scale_factors):
            yield f"steps.scale_factor.{v.name}", flat(h)
    for row in r.steps.rows:
        for i, (of, wrt, value) in enumerate(row.derivatives, 1):
            yield f"steps.{row.label}.{i}.derivative", f"d({flat(of)})/d{wrt.name}"
            yield f"steps.{row.label}.{i}.value", flat(value)
        yield f"steps.{row.label}.term", flat(row.term)


def solve_lines(r):
    from calcli.printing import set_text

    for i, e in enumerate(r.equations, 1):
        yield f"equation.{i}", str(e)
    yield "unknowns", ",".join(u.name for u in r.unknowns)
    yield "domain", r.domain
    yield "status", r.status
    if not r.numeric_only:
        yield "solution_set", set_text(r.solution_set, r.period)
    for i, (sol, num) in enumerate(zip(r.solutions or (), r.numeric or ()), 1):
        for u in r.unknowns:
            yield f"solution.{i}.{u.name}", flat(sol[u])
        for u in r.unknowns:
            yield f"numeric.{i}.{u.name}", number(num[u])
    yield "method", r.engine
    if r.complex_count:
        yield "complex_solutions", str(r.complex_count)
    for i, (words, value) in enumerate(r.steps.rows if r.steps is not None else (), 1):
        yield f"steps.{i}.step", words
        yield f"steps.{i}.result", step_text(value)


def step_text(value) -> str:
    """A step's equation or set in one line: 3*x**2 - 3 = 0, {-1, 3}."""
    import sympy as sp

    from calcli.printing import set_text

    if isinstance(value, sp.Set):
        return set_text(value)
    if isinstance(value, sp.Tuple):  # a system, one equation after another
        return "; ".join(step_text(v) for v in value)
    return f"{flat(value.lhs)} {value.rel_op.replace('==', '=')} {flat(value.rhs)}"


def optimize_lines(r):
    yield "objective", flat(r.objective)
    for i, c in enumerate(r.constraints, 1):
        yield f"constraint.{i}", str(c)
    yield "variables", ",".join(v.name for v in r.variables)
    yield "sense", r.sense
    yield "method", r.method
    yield "convention", r.convention
    for i, c in enumerate(r.candidates, 1):
        yield from candidate_lines(f"candidate.{i}", c)
    if r.optimum is not None:
        yield from candidate_lines("optimum", r.optimum)
    if r.note:
        yield "result_note", r.note
    from calcli.results import PiecesWorking

    if isinstance(r.steps, PiecesWorking):
        for i, (conditions, piece) in enumerate(r.steps.regions, 1):
            yield f"steps.piece.{i}.where", ", ".join(f"{flat(c)} >= 0" for c in conditions)
            yield f"steps.piece.{i}.f", flat(piece)
        for i, reason in enumerate(r.steps.reasons, 1):
            yield f"steps.candidate.{i}.why", reason
    elif r.steps is not None:
        yield "steps.lagrangian", flat(r.steps.lagrangian)
        for i, (label, equation) in enumerate(r.steps.equations, 1):
            yield f"steps.equation.{i}", f"{label}: {flat(equation)} = 0"
        yield "steps.method", r.steps.method
        for i, w in enumerate(r.steps.candidates, 1):
            for k in w.kkt:
                yield (
                    f"steps.candidate.{i}.kkt.{k.name}",
                    f"g = {flat(k.g)}, {k.name} = {flat(k.multiplier)}, slackness "
                    f"{flat(k.product)}, wanted {k.wanted}: {'yes' if k.sign_ok else 'no'}",
                )
            if w.bordered is not None:
                yield f"steps.candidate.{i}.bordered_hessian", flat(w.bordered)
                for order, value in w.minors:
                    yield f"steps.candidate.{i}.minor.{order}", flat(value)
            yield f"steps.candidate.{i}.test", w.test


def candidate_lines(prefix: str, c):
    for v, value in c.point.items():
        yield f"{prefix}.{v.name}", flat(value)
    for name, value in c.multipliers.items():
        yield f"{prefix}.{name}", flat(value)
    yield f"{prefix}.objective", flat(c.objective)
    yield f"{prefix}.classification", c.classification
    if c.active:
        yield f"{prefix}.active", ",".join(c.active)
    if c.reason:
        yield f"{prefix}.reason", c.reason
    if c.holds_for is not None:
        from calcli.printing import set_text

        for s in c.parameters:
            yield f"{prefix}.holds_for.{s.name}", set_text(c.holds_for)
    for name, value in c.numeric.items():
        yield f"{prefix}.numeric.{name}", number(value)


def table_pieces(r, delimiter: str):
    """diff-table as CSV (RFC 4180: a header row, CRLF, empty cells where undefined) or as TSV
    for plain, a piece per chunk of rows: a grid of 10⁷ rows streams in constant memory.

    Full precision (%.17g round-trips every double), and x as the shortest text that reads back
    as it (0.3, not 0.30000000000000004); one format per row keeps 200,001 rows well under a
    second."""
    import numpy as np

    newline = "\r\n" if delimiter == "," else "\n"
    row_format = delimiter.join(["%s"] + ["%.17g"] * (len(r.columns) - 1)) + newline
    yield delimiter.join(r.columns) + newline
    for rows in r.row_chunks():
        lines = [row_format % (shortest(row[0]), *row[1:]) for row in rows.tolist()]
        for i in np.flatnonzero(~np.isfinite(rows).all(axis=1)):  # undefined cells are empty
            cells = ["" if not np.isfinite(v) else "%.17g" % v for v in rows[i].tolist()[1:]]
            lines[i] = delimiter.join([shortest(rows[i][0]), *cells]) + newline
        yield "".join(lines)


def shortest(x: float) -> str:
    """x as the shortest decimal that reads back as the same double, an integer without ".0"."""
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text

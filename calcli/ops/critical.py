"""critical-points: every stationary point of f (no constraints), classified by the second-derivative
test, with the Hessian's eigenvalues and leading principal minors shown, and whether a global minimum
and maximum exist.

The stationary points, their classification where the Hessian cannot decide, and the global answer come
from minimize-constrained without constraints (one code path: calcli.ops.optimize). Where the Hessian
is singular the test is inconclusive, and the result says so beside what decided it instead.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Mapping

import sympy as sp

from calcli.errors import Unsolved
from calcli.numbers import numeric
from calcli.ops.arguments import validated
from calcli.ops.check import ANSWER_TOL, Check, compare, problem_names
from calcli.ops.simplify import bounded_simplify
from calcli.parsing import Options
from calcli.parsing.answers import read_points
from calcli.results import CriticalPoint, CriticalResult

EXACT_EIGENVALUES = 3  # exact eigenvalues up to 3 x 3 (a cubic); numeric beyond


@validated
def critical_points(
    expression: str,
    *,
    wrt: str | Iterable[str] | None = None,
    at: str | Iterable[str] | Mapping | None = None,
    functions: Iterable[str] = (),
    decimal_comma: bool = False,
    expect: str | None = None,
    tol: float = ANSWER_TOL,
) -> CriticalResult:
    """The stationary points of `expression`, each classified (local minimum, local maximum, saddle, or
    degenerate when the second-derivative test is inconclusive), and the global optimum if there is one.

    >>> [p.classification for p in critical_points("x^3 - 3x + y^2").points]
    ['saddle', 'local minimum']
    """
    from calcli.ops.optimize import minimize_constrained, optimal_candidates

    common = {"wrt": wrt, "at": at, "functions": functions, "decimal_comma": decimal_comma}
    try:
        low = minimize_constrained(expression, **common)
    except Unsolved:
        return without_stationary_points(expression, common, expect, tol)
    high = minimize_constrained(expression, maximize=True, **common)
    f, variables = low.objective, low.variables
    hessian = sp.hessian(f, variables)
    points = tuple(classified(c, hessian, variables) for c in low.candidates)
    result = CriticalResult(
        source=low.objective_source,
        expression=f,
        variables=variables,
        hessian=sp.ImmutableMatrix(hessian),
        points=points,
        global_min=tuple(c.point for c in optimal_candidates(low)) if low.optimum else None,
        global_max=tuple(c.point for c in optimal_candidates(high)) if high.optimum else None,
        min_note=low.note,
        max_note=high.note,
        numeric_only=low.numeric_only,
        variables_assumed=low.variables_assumed,
    )
    readings = list(dict.fromkeys(low.readings))
    if any(p.test == "inconclusive" for p in points):
        readings.append("where the Hessian is singular the second-derivative test is inconclusive: the kind shown there is decided by the values near the point")
    check = check_points(expect, result, Options(tuple(functions), decimal_comma, ()), tol) if expect is not None else None
    return replace(result, check=check, readings=tuple(readings))


def without_stationary_points(expression, common, expect, tol) -> CriticalResult:
    """No candidate at all: when the gradient provably never vanishes there is no stationary point (so no
    local extremum, and no global one attained); otherwise calcli could not decide, and says so."""
    from calcli.ops.gradient import gradient
    from calcli.ops.solve import solve

    grad = gradient(expression, wrt=common["wrt"], at=common["at"], functions=common["functions"], decimal_comma=common["decimal_comma"])
    equations = [f"{sp.sstr(d)} = 0" for d in grad.gradient]
    names = ",".join(v.name for v in grad.variables)
    if solve(equations, unknowns=names, functions=common["functions"]).status != "no_solution":
        raise Unsolved("the stationary points were not found: the gradient's equations have no closed form here")
    note = "there is no stationary point (the gradient is never zero), so no local or global extremum is attained"
    f = grad.expression
    result = CriticalResult(
        source=grad.source,
        expression=f,
        variables=grad.variables,
        hessian=sp.ImmutableMatrix(sp.hessian(f, grad.variables)),
        points=(),
        min_note=note,
        max_note=note,
        variables_assumed=grad.variables_assumed,
    )
    check = check_points(expect, result, Options(tuple(common["functions"]), common["decimal_comma"], ()), tol) if expect is not None else None
    return replace(result, check=check, readings=grad.readings)


def classified(candidate, hessian, variables) -> CriticalPoint:
    h = sp.ImmutableMatrix(hessian.subs(candidate.point))
    minors = tuple(bounded_simplify(h[:k, :k].det()) for k in range(1, h.rows + 1))
    eigenvalues = eigenvalues_of(h)
    test = second_derivative_test(eigenvalues)
    kind = {"minimum": "local minimum", "maximum": "local maximum", "saddle": "saddle"}.get(candidate.classification, "degenerate")
    if h.free_symbols & set(variables):  # a line (or plane) of stationary points: x²y has (0, y) for every y
        kind = "degenerate (a family of stationary points: the kind can change along it)"
    return CriticalPoint(
        point=candidate.point,
        value=candidate.objective,
        numeric={**{v.name: numeric(candidate.point[v]) for v in variables}, "f": numeric(candidate.objective)},
        hessian=h,
        eigenvalues=eigenvalues,
        minors=minors,
        test=test,
        classification=test if test != "inconclusive" else kind,
    )


def eigenvalues_of(h) -> tuple:
    """Exact for up to 3 x 3 with a numeric matrix, each listed as often as its multiplicity; else floats."""
    if h.rows <= EXACT_EIGENVALUES and (not h.free_symbols or h.rows <= 2):  # a family's Hessian is symbolic
        values = sp.Matrix(h).eigenvals(multiple=True)
        return tuple(sp.nsimplify(v) if v.is_number and not v.is_real and abs(sp.im(sp.N(v))) < 1e-20 else v for v in values)
    import numpy as np

    return tuple(sp.Float(v, 15) for v in np.linalg.eigvalsh(np.array(h.evalf(), dtype=float)))


def second_derivative_test(eigenvalues) -> str:
    signs = [sign_of(v) for v in eigenvalues]
    if None in signs:
        return "inconclusive"
    if 0 in signs:
        return "inconclusive"
    if all(s > 0 for s in signs):
        return "local minimum"
    if all(s < 0 for s in signs):
        return "local maximum"
    return "saddle"


def sign_of(value) -> int | None:
    if value.is_zero:
        return 0
    if value.is_positive:
        return 1
    if value.is_negative:
        return -1
    number = numeric(value)
    if isinstance(number, (int, float)):
        return 0 if abs(number) < 1e-12 else (1 if number > 0 else -1)
    return None


def check_points(expect: str, result: CriticalResult, options: Options, tol: float) -> Check:
    """Claimed points (a set, or a comma list of points, or x = 1, x = -1) against the stationary points: what
    is missing and what is not a stationary point (partial credit as for solve). A claimed point where the
    gradient is 0 is never "extra"; where f has period 2π in its variables, a point 2πk away from a listed
    one is that point (sin x: -π/2 is 3π/2)."""
    n = len(result.variables)
    claims = read_points(expect, options, result.variables, known=problem_names(result.expression, result.variables))
    actual = [tuple(p.point[v] for v in result.variables) for p in result.points]
    periodic = has_period(result.expression, result.variables)
    unmatched, extra = list(actual), []
    for claim in claims:
        match = next((a for a in unmatched if same_point(claim, a, result.variables, tol, periodic)), None)
        if match is not None:
            unmatched.remove(match)
        elif not is_stationary(result.expression, result.variables, claim):
            extra.append(claim)
    shown = sp.FiniteSet(*(sp.Tuple(*c) if n > 1 else c[0] for c in claims))
    if not extra and not unmatched:
        return Check(shown, "equal", "each claimed point is a stationary point, and none is missing" + (" (up to the period 2π)" if periodic else ""))
    as_values = lambda values: tuple(sp.Tuple(*v) if n > 1 else v[0] for v in values)  # noqa: E731
    return Check(shown, "different", "compared point by point", None, missing=as_values(unmatched), extra=as_values(extra), matched=len(actual) - len(unmatched))


def same_point(claim: tuple, listed: tuple, variables, tol: float, periodic: bool) -> bool:
    if compare(sp.Tuple(*claim), sp.Tuple(*listed), variables, answer_tol=tol).verdict == "equal":
        return True
    if not periodic:
        return False
    turns = [sp.nsimplify((c - a) / (2 * sp.pi)) for c, a in zip(claim, listed)]
    return all(t.is_integer for t in turns)


def is_stationary(f, variables, claim: tuple) -> bool:
    point = dict(zip(variables, claim))
    try:
        return all(bounded_simplify(sp.diff(f, v).xreplace(point)) == 0 for v in variables)
    except (TypeError, ValueError):
        return False


def has_period(f, variables) -> bool:
    """f(v + 2π) = f(v) in every variable, proved (sin x, cos x + cos y; not x + sin x)."""
    if not f.has(sp.sin, sp.cos, sp.tan):
        return False
    return all(bounded_simplify(sp.expand_trig(f.xreplace({v: v + 2 * sp.pi}) - f)) == 0 for v in variables)


def check_answer(result: CriticalResult, expect: str, options: Options, tol: float = ANSWER_TOL) -> Check:
    """An answer checked against the stationary points computed before (calcli grade)."""
    return check_points(expect, result, options, tol)

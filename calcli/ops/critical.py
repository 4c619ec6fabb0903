"""critical-points: every stationary point of f (no constraints), classified by the
second-derivative test, with the Hessian's eigenvalues and leading principal minors shown, and
whether a global minimum and maximum exist.

The stationary points, their classification where the Hessian cannot decide, and the global answer
come from minimize-constrained without constraints (one code path: calcli.ops.optimize). Where the
Hessian is singular the test is inconclusive, and the result says so beside what decided it instead.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Mapping

import sympy as sp

from calcli.errors import Unsolved
from calcli.numbers import flat, numeric, sign_of
from calcli.ops.arguments import validated
from calcli.ops.check import ANSWER_TOL, Check, compare, problem_names
from calcli.ops.degenerate import kind_near
from calcli.ops.simplify import bounded_simplify
from calcli.parsing import Options
from calcli.parsing.answers import read_points
from calcli.results import CriticalPoint, CriticalResult, CriticalSteps

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
    steps: bool = False,
) -> CriticalResult:
    """The stationary points of `expression`, each classified (local minimum, local maximum, saddle,
    or degenerate when the second-derivative test is inconclusive), and the global optimum if there
    is one.

    >>> [p.classification for p in critical_points("x^3 - 3x + y^2").points]
    ['saddle', 'local minimum']
    """
    from calcli.ops.optimize import minimize_constrained

    common = {"wrt": wrt, "at": at, "functions": functions, "decimal_comma": decimal_comma}
    try:
        low = minimize_constrained(expression, **common)
    except Unsolved:
        return without_stationary_points(expression, common, expect, tol)
    high = minimize_constrained(expression, maximize=True, **common)
    f, variables = low.objective, low.variables
    hessian = sp.hessian(f, variables)
    points = tuple(classified(c, hessian, variables, f) for c in low.candidates)
    gradient = tuple(sp.diff(f, v) for v in variables)
    complete = all_stationary_points_listed(gradient, variables)
    repeating = periodic_variables(gradient, variables) if complete else ()
    if repeating:
        points = tuple(replace(p, family=family_of(p.point, repeating)) for p in points)
    result = CriticalResult(
        source=low.objective_source,
        expression=f,
        variables=variables,
        hessian=sp.ImmutableMatrix(hessian),
        points=points,
        global_min=optimal_points(low, repeating),
        global_max=optimal_points(high, repeating),
        min_note=low.note,
        max_note=high.note,
        numeric_only=low.numeric_only,
        variables_assumed=low.variables_assumed,
    )
    result = with_unproved_optima(result, complete)
    readings = critical_readings(low, points, complete, repeating)
    check = (
        check_points(expect, result, Options(tuple(functions), decimal_comma, ()), tol)
        if expect is not None
        else None
    )
    working = working_of(f, gradient, variables, points, low.numeric_only) if steps else None
    return replace(result, check=check, readings=tuple(readings), steps=working)


def optimal_points(found, repeating: tuple) -> tuple | None:
    """The points where the optimum is reached, each with its family when ∇f repeats; None with
    no optimum."""
    from calcli.ops.optimize import optimal_candidates

    if not found.optimum:
        return None
    return tuple({**c.point, **family_of(c.point, repeating)} for c in optimal_candidates(found))


def critical_readings(low, points: tuple, complete: bool, repeating: tuple) -> list[str]:
    """What the table says under the points: unproved completeness, families, inconclusive tests."""
    readings = list(dict.fromkeys(low.readings))
    if points and not low.numeric_only and not complete:
        readings.append(
            "these are the stationary points found; that there are no others is not proved"
        )
    if repeating:
        names = ", ".join(f"{PARAMETERS[i]} ∈ ℤ" for i in range(len(repeating)))
        readings.append(
            f"∇f repeats every 2π in {', '.join(v.name for v in repeating)}: each "
            f"point listed in [0, 2π) stands for its family ({names})"
        )
    if any(p.test == "inconclusive" for p in points):
        readings.append(
            "where the Hessian is singular the second-derivative test is "
            "inconclusive: the kind shown there is decided by the values near the point"
        )
    return readings


def working_of(
    f, gradient: tuple, variables: tuple, points: tuple, numeric_only: bool
) -> CriticalSteps:
    """--steps: ∇f = 0, the method that solved it (and whether it lists every solution), and for
    each point the test's verdict from its leading minors, or what decided its kind where the
    test is inconclusive."""
    from calcli.ops.degenerate import decided
    from calcli.ops.polysystem import all_real_solutions, trig_unknowns

    if numeric_only:
        method = "numerically (scipy), not proved to be every solution"
    # cached: the search that found the points
    elif all_real_solutions(gradient, tuple(variables)) is not None:
        method = (
            "sin v = s, cos v = c with s² + c² = 1 make the equations polynomial; a lex Gröbner "
            "basis and back-substitution give every solution in [0, 2π)"
            if trig_unknowns(gradient, tuple(variables))
            else "a lexicographic Gröbner basis and back-substitution: every real solution"
        )
    else:
        method = "sympy's solve(): the solutions it finds (that there are no others is not proved)"
    words = []
    for p in points:
        minors = ", ".join(f"D{k} = {flat(m)}" for k, m in enumerate(p.minors, 1))
        if p.test == "inconclusive" and not p.classification.startswith("degenerate (a family"):
            words.append(
                f"{minors}: inconclusive; "
                + decided(f, variables, p.point, p.hessian, p.eigenvalues)[1]
            )
        else:
            words.append(f"{minors}: {p.test}" if minors else p.test)
    return CriticalSteps(equations=gradient, method=method, decided=tuple(words))


PARAMETERS = ("n", "m", "k")


def periodic_variables(gradient: tuple, variables: tuple) -> tuple:
    """The variables in which ∇f provably repeats every 2π (they occur in it only as sin v and
    cos v); () beyond the parameters there are names for."""
    from calcli.ops.polysystem import trig_unknowns

    angles = trig_unknowns(gradient, variables)
    return angles if len(angles) <= len(PARAMETERS) else ()


def family_of(point: dict, repeating: tuple) -> dict:
    """{x: π/2} → {x: π/2 + 2πn}, a parameter for each repeating variable."""
    return {
        v: point[v] + 2 * sp.pi * sp.Symbol(PARAMETERS[i], integer=True)
        for i, v in enumerate(repeating)
    }


def with_unproved_optima(result: CriticalResult, complete: bool) -> CriticalResult:
    """A global optimum named from the candidates is said to be proved only when it is: every
    stationary point is listed, and f is periodic, or a polynomial that grows in every direction,
    or of one variable with the right limits at ±∞. Otherwise the note says it is the best
    candidate, not a proof."""
    notes = {}
    for sense, found in (("min", result.global_min), ("max", result.global_max)):
        if found is None or (
            complete
            and globally_attained(result.expression, result.variables, result.points, sense)
        ):
            continue
        word, other = ("minimum", "lower") if sense == "min" else ("maximum", "higher")
        notes[sense] = (
            f"the {word} of the stationary points; no search found a {other} value, "
            f"but that it is the global {word} is not proved"
        )
    if not notes:
        return result
    join = lambda note, extra: "; ".join(filter(None, (extra, note)))  # noqa: E731
    return replace(
        result,
        min_note=join(result.min_note, notes.get("min")),
        max_note=join(result.max_note, notes.get("max")),
    )


def all_stationary_points_listed(gradient: tuple, variables: tuple) -> bool:
    from calcli.ops.polysystem import all_real_solutions

    if len(variables) == 1 and isinstance(
        sp.solveset(gradient[0], variables[0], sp.S.Reals), sp.FiniteSet
    ):
        return True  # solveset lists every real root, or says it cannot
    return all_real_solutions(gradient, tuple(variables)) is not None


def globally_attained(f, variables: tuple, points: tuple, sense: str) -> bool:
    """With every stationary point listed, the best of them is the global optimum when f is
    continuous on ℝⁿ and periodic (it attains both), or tends to +∞ (−∞ for a maximum) in every
    direction."""
    g = f if sense == "min" else -f
    if len(variables) == 1:
        best = min((g.xreplace(p.point) for p in points), key=lambda v: float(v), default=None)
        return best is not None and rises_to_both_ends(
            g, variables[0], {p.point[variables[0]] for p in points}, best
        )
    if (
        any(p.test.startswith("not applicable") for p in points)
        or f.atoms(sp.log)
        or any(not p.exp.is_integer for p in f.atoms(sp.Pow))
    ):
        return False  # f is not smooth on all of ℝⁿ: its domain has ends, where the optimum may be
    return has_period(f, variables) or grows_in_every_direction(g, variables)


def rises_to_both_ends(g, x, listed: set, best) -> bool:
    """g is continuous on one interval, and periodic on ℝ, or at each open end tends to more than
    the best listed value (x − ln x → ∞ on (0, ∞); −1/(1 + x²) → 0 > −1); a closed end (√x − x at
    0) is one of the listed points. Then g's least value is reached, and at a listed point."""
    from sympy.calculus.util import continuous_domain

    try:
        domain = continuous_domain(g, x, sp.S.Reals)
        if not isinstance(domain, sp.Interval):
            return False
        if has_period(g, (x,)):
            return domain == sp.S.Reals
        ends = ((domain.start, domain.left_open, "+"), (domain.end, domain.right_open, "-"))
        return all(
            end in listed
            if not is_open and end.is_finite
            else (sp.limit(g, x, end, side) > best) is sp.true
            for end, is_open, side in ends
        )
    except (NotImplementedError, ValueError, TypeError, sp.PoleError):
        return False


def grows_in_every_direction(g, variables: tuple) -> bool:
    """A polynomial whose top-degree part is positive away from 0 (in two variables: F(1, s) has
    no real root and F(0, 1) > 0), so g → +∞ as |x| → ∞."""
    try:
        poly = sp.Poly(g, *variables)
    except sp.PolynomialError:
        return False
    # x⁶ − 6x² + 3x + y²: a sum of one-variable parts
    if all(sum(1 for e in m if e) <= 1 for m in poly.monoms()):
        parts = [
            sp.Poly(sum(c * v ** m[i] for m, c in poly.terms() if m[i]), v)
            for i, v in enumerate(variables)
        ]
        return all(p.degree() % 2 == 0 and p.degree() > 0 and p.LC() > 0 for p in parts)
    if len(variables) != 2 or poly.total_degree() % 2:
        return False
    d = poly.total_degree()
    top = sp.Add(
        *(c * sp.Mul(*(v**e for v, e in zip(variables, m))) for m, c in poly.terms() if sum(m) == d)
    )
    x, y = variables
    s = sp.Dummy("s", real=True)
    on_lines = sp.Poly(top.xreplace({x: 1, y: s}), s)
    return (
        top.xreplace({x: 0, y: 1}) > 0
        and on_lines.degree() >= 0
        and not sp.real_roots(on_lines)
        and on_lines.eval(0) > 0
    )


def without_stationary_points(expression, common, expect, tol) -> CriticalResult:
    """No candidate at all: when the gradient provably never vanishes there is no stationary
    point (so no local extremum, and no global one attained); otherwise calcli could not decide,
    and says so."""
    from calcli.ops.gradient import gradient
    from calcli.ops.polysystem import all_real_solutions
    from calcli.ops.solve import solve

    grad = gradient(
        expression,
        wrt=common["wrt"],
        at=common["at"],
        functions=common["functions"],
        decimal_comma=common["decimal_comma"],
    )
    equations = [f"{sp.sstr(d)} = 0" for d in grad.gradient]
    names = ",".join(v.name for v in grad.variables)
    # () when proved to have no real root
    listed = all_real_solutions(tuple(grad.gradient), tuple(grad.variables))
    if (
        listed != ()
        and solve(equations, unknowns=names, functions=common["functions"]).status != "no_solution"
    ):
        raise Unsolved(
            "the stationary points were not found: the gradient's equations have no "
            "closed form here"
        )
    note = (
        "there is no stationary point (the gradient is never zero), so no local or global "
        "extremum is attained"
    )
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
    check = (
        check_points(
            expect, result, Options(tuple(common["functions"]), common["decimal_comma"], ()), tol
        )
        if expect is not None
        else None
    )
    return replace(result, check=check, readings=grad.readings)


def classified(candidate, hessian, variables, f) -> CriticalPoint:
    h = sp.ImmutableMatrix(hessian.subs(candidate.point))
    numbers = {
        **{v.name: numeric(candidate.point[v]) for v in variables},
        "f": numeric(candidate.objective),
    }
    if h.has(sp.nan, sp.zoo, sp.oo, -sp.oo):  # √x at 0: a critical point where f has no derivative
        kind = {"minimum": "local minimum", "maximum": "local maximum"}.get(
            candidate.classification, "no derivative here"
        )
        return CriticalPoint(
            candidate.point,
            candidate.objective,
            numbers,
            h,
            (),
            (),
            "not applicable (no derivative here)",
            kind,
        )
    minors = tuple(bounded_simplify(h[:k, :k].det()) for k in range(1, h.rows + 1))
    eigenvalues = eigenvalues_of(h)
    test = second_derivative_test(eigenvalues)
    kind = {"minimum": "local minimum", "maximum": "local maximum", "saddle": "saddle"}.get(
        candidate.classification, "degenerate"
    )
    # a line (or plane) of stationary points: x²y has (0, y) for every y
    if h.free_symbols & set(variables):
        kind = "degenerate (a family of stationary points: the kind can change along it)"
    elif test == "inconclusive":
        # else what sign_proof proved, if it did
        kind = kind_near(f, variables, candidate.point, h, eigenvalues) or kind
        if kind == "saddle" and len(variables) == 1:
            kind = "neither (f rises on one side and falls on the other)"
    return CriticalPoint(
        point=candidate.point,
        value=candidate.objective,
        numeric=numbers,
        hessian=h,
        eigenvalues=eigenvalues,
        minors=minors,
        test=test,
        classification=test if test != "inconclusive" else kind,
    )


def eigenvalues_of(h) -> tuple:
    """Exact for up to 3 x 3 with a numeric matrix, each listed as often as its multiplicity;
    else floats."""
    # a root of a degree-7 polynomial: decided numerically
    exact_entries = not h.atoms(sp.Float, sp.CRootOf)
    # a family's is symbolic
    if exact_entries and h.rows <= EXACT_EIGENVALUES and (not h.free_symbols or h.rows <= 2):
        values = sp.Matrix(h).eigenvals(multiple=True)
        return tuple(
            sp.nsimplify(v) if v.is_number and not v.is_real and abs(sp.im(sp.N(v))) < 1e-20 else v
            for v in values
        )
    import numpy as np

    return tuple(sp.Float(v, 15) for v in np.linalg.eigvalsh(np.array(h.evalf(), dtype=float)))


def second_derivative_test(eigenvalues) -> str:
    signs = [sign_of(v) for v in eigenvalues]
    if None in signs or 0 in signs:
        return "inconclusive"
    if all(s is not None and s > 0 for s in signs):
        return "local minimum"
    if all(s is not None and s < 0 for s in signs):
        return "local maximum"
    return "saddle"


def check_points(expect: str, result: CriticalResult, options: Options, tol: float) -> Check:
    """Claimed points (a set, or a comma list of points, or x = 1, x = -1) against the stationary
    points: what is missing and what is not a stationary point (partial credit as for solve). A
    claimed point where the gradient is 0 is never "extra"; where f has period 2π in its
    variables, a point 2πk away from a listed one is that point (sin x: -π/2 is 3π/2)."""
    n = len(result.variables)
    if n == 1 and all(p.family for p in result.points) and result.points:
        return check_families(expect, result, options)
    claims = read_points(
        expect, options, result.variables, known=problem_names(result.expression, result.variables)
    )
    actual = [tuple(p.point[v] for v in result.variables) for p in result.points]
    periodic = has_period(result.expression, result.variables)
    unmatched, extra = list(actual), []
    for claim in claims:
        match = next(
            (a for a in unmatched if same_point(claim, a, result.variables, tol, periodic)), None
        )
        if match is not None:
            unmatched.remove(match)
        elif not is_stationary(result.expression, result.variables, claim):
            extra.append(claim)
    shown = sp.FiniteSet(*(sp.Tuple(*c) if n > 1 else c[0] for c in claims))
    if not extra and not unmatched:
        return Check(
            shown,
            "equal",
            "each claimed point is a stationary point, and none is "
            "missing" + (" (up to the period 2π)" if periodic else ""),
        )
    as_values = lambda values: tuple(sp.Tuple(*v) if n > 1 else v[0] for v in values)  # noqa: E731
    return Check(
        shown,
        "different",
        "compared point by point",
        None,
        missing=as_values(unmatched),
        extra=as_values(extra),
        matched=len(actual) - len(unmatched),
    )


def check_families(expect: str, result: CriticalResult, options: Options) -> Check:
    """An answer in families (x = π/2 + nπ) or points against every stationary point of a
    periodic f."""
    from calcli.ops.solve_check import compared_families
    from calcli.parsing import answer_options
    from calcli.parsing.answers import read_set

    x = result.variables[0]
    n = sp.Dummy("n", integer=True)
    actual = sp.Union(
        *(
            sp.ImageSet(sp.Lambda(n, p.point[x] + 2 * sp.pi * n), sp.S.Integers)
            for p in result.points
        )
    )
    claimed = read_set(expect, answer_options(options, {x}), x)
    # points in one period (π/2, 3π/2): each stands for its family, as calcli's do
    if not claimed.atoms(sp.ImageSet):
        claimed = (
            sp.Union(
                *(sp.ImageSet(sp.Lambda(n, v + 2 * sp.pi * n), sp.S.Integers) for v in claimed)
            )
            if isinstance(claimed, sp.FiniteSet)
            else claimed
        )
    return compared_families(claimed, actual, x)


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
    return all(
        bounded_simplify(sp.expand_trig(f.xreplace({v: v + 2 * sp.pi}) - f)) == 0 for v in variables
    )


def check_answer(
    result: CriticalResult, expect: str, options: Options, tol: float = ANSWER_TOL
) -> Check:
    """An answer checked against the stationary points computed before (calcli grade)."""
    return check_points(expect, result, options, tol)

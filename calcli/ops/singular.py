"""Candidates that Lagrange's method cannot see, listed beside the stationary points as textbooks
do: points where the objective is not differentiable (sqrt(x^2 + y^2) at the origin, cbrt(x)^2 at
0), and points where an active constraint's gradient vanishes (x^2 <= 0 at 0), where no
multiplier need exist."""

from __future__ import annotations

import sympy as sp

from calcli.numbers import numeric
from calcli.ops.realness import real_value
from calcli.ops.sign_proof import proved_label
from calcli.ops.simplify import tidy
from calcli.parsing.functions import RealRoot
from calcli.results import Candidate


def singular_points(f, constraints, variables: tuple) -> list[dict]:
    """Feasible points, each fixing every variable, where f has no derivative or a constraint's
    gradient is 0."""
    equalities = [c.g for c in constraints if c.op == "="]
    systems = [zero_terms(base) + equalities for base in rough_bases(f)]
    systems += [[c.g, *(sp.diff(c.g, v) for v in variables)] + equalities for c in constraints]
    points: list[dict] = []
    for system in systems:
        for point in points_of(system, variables):
            value = numeric(f.xreplace(point))
            inside = all(c.satisfied(point) is not False for c in constraints)
            if inside and isinstance(value, float) and point not in points:
                points.append(point)
    return points


def rough_bases(f) -> list:
    """The u of every root u^(p/q) and cbrt(u) in f: where u = 0, f may have no derivative."""
    bases = [r.args[0] for r in f.atoms(RealRoot)]
    bases += [
        p.base
        for p in f.atoms(sp.Pow)
        if p.exp.is_Rational and not p.exp.is_Integer and p.base.free_symbols
    ]
    return list(dict.fromkeys(bases))


def zero_terms(base) -> list:
    """u = 0 as equations sympy solves over the reals: a sum of squares is 0 when each square is."""
    terms = sp.Add.make_args(sp.expand(base))
    if len(terms) > 1 and all(t.is_nonnegative for t in terms):
        return list(terms)
    return [base]


def points_of(system: list, variables: tuple) -> list[dict]:
    try:
        solutions = sp.solve(system, list(variables), dict=True)
    # sympy's own failures: no extra candidates
    except (NotImplementedError, AttributeError, TypeError, ValueError):
        return []
    out = []
    for sol in solutions:
        values = {v: real_value(sol[v]) if v in sol else None for v in variables}
        if all(value is not None and value.is_number for value in values.values()):
            out.append(values)
    return out


def singular_candidate(f, point: dict, constraints, variables: tuple) -> Candidate:
    """No multipliers (f or the constraint has no gradient there). A label only when proved on
    the feasible set: f - f(point) >= 0 makes it the global minimum (sqrt(x^2 + y^2) + 1 at the
    origin)."""
    value = tidy(f.xreplace(point))
    kind = proved_label(f, value, constraints, variables) or "unknown"
    numbers = {v.name: numeric(x) for v, x in point.items()}
    numbers.update({c.name: None for c in constraints})
    numbers["objective"] = numeric(value)
    return Candidate(
        point=point,
        multipliers={c.name: sp.nan for c in constraints},
        objective=value,
        numeric=numbers,
        classification=kind,
        active=tuple(c.name for c in constraints if c.op != "=" and c.binds(point)),
        reason=why_no_multipliers(f, point, constraints, variables),
    )


def why_no_multipliers(f, point: dict, constraints, variables: tuple) -> str:
    """At a cusp of the constraint (x² + y² on (x − 1)³ = y² at (1, 0)) Lagrange's condition need
    not hold: the constraint qualification fails. Where f has no derivative there is no gradient
    to balance."""
    flat = [
        c.name
        for c in constraints
        if c.binds(point) and all(sp.diff(c.g, v).xreplace(point) == 0 for v in variables)
    ]
    if flat:
        return (
            f"the gradient of constraint {', '.join(n.replace('lambda', '') for n in flat)} is "
            f"0 here: the constraint qualification fails, so no multiplier need exist"
        )
    return "f has no derivative here: no multiplier is defined"

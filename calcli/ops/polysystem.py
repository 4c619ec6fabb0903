"""Every real solution of a polynomial system with finitely many solutions, by a lexicographic
Gröbner basis and back-substitution: the basis's last polynomials are in the last unknown alone,
and each solution's coordinates are roots of the basis specialised at the coordinates found
before it. sympy's solve() drops real solutions of such systems (it found 1 of the 4 stationary
points of 3y² − y³ + 3y⁴ − 2xy − 3xy² + 2x² + 2x²y² − x³); this finds them all, so a list of
critical points can be said to be complete."""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

PRECISION = 40  # digits for deciding that a root of one polynomial is a root of the others
ZERO = sp.Float(10) ** -25
MAX_DEGREE = 24  # beyond it the basis itself can take minutes to compute
MAX_SOLUTIONS = 200
MAX_UNKNOWNS = 4


@lru_cache(maxsize=16)
def all_real_solutions(equations: tuple, unknowns: tuple) -> tuple | None:
    """Every real solution, of a polynomial system or of one in sines and cosines of unknowns
    (each angle in [0, 2π)); None when calcli cannot list them all (then sympy's solve() is what
    there is)."""
    equations = tuple(without_nonzero_factors(e) for e in equations)
    angles = trig_unknowns(equations, unknowns)
    found = (
        trig_solutions(equations, unknowns, angles)
        if angles
        else real_solutions(list(equations), list(unknowns))
    )
    if found is None:
        return None
    # smallest first
    return tuple(sorted(found, key=lambda point: tuple(float(sp.N(point[u])) for u in unknowns)))


def without_nonzero_factors(equation):
    """y·e^(−x²−y²)·(1 − 2x²) = 0 as y·(1 − 2x²) = 0: an exponential factor is never 0."""
    collected = sp.factor_terms(equation)
    if not collected.is_Mul:
        return equation
    return sp.Mul(
        *(a for a in collected.args if not isinstance(a, sp.exp) and not (a.is_number and a != 0))
    )


def trig_unknowns(equations: tuple, unknowns: tuple) -> tuple:
    """The unknowns that occur only as sin(v) and cos(v) (after sin(x + y), cos 2x are expanded)."""
    expanded = [sp.expand_trig(e) for e in equations]
    angles = []
    for v in unknowns:
        inside = [t for e in expanded for t in e.atoms(sp.sin, sp.cos) if v in t.free_symbols]
        if inside and all(t.args[0] == v for t in inside):
            plain = [e.xreplace({t: sp.Dummy() for t in inside}) for e in expanded]
            if not any(v in e.free_symbols for e in plain):
                angles.append(v)
    return tuple(angles)


def trig_solutions(equations: tuple, unknowns: tuple, angles: tuple) -> list | None:
    """sin v = s, cos v = c with s² + c² = 1: a polynomial system; each v = atan2(s, c) in [0,
    2π)."""
    sines = {v: sp.Dummy(f"s_{v.name}", real=True) for v in angles}
    cosines = {v: sp.Dummy(f"c_{v.name}", real=True) for v in angles}
    swap = {sp.sin(v): sines[v] for v in angles} | {sp.cos(v): cosines[v] for v in angles}
    polynomial = [sp.expand(sp.expand_trig(e).xreplace(swap)) for e in equations]
    polynomial += [sines[v] ** 2 + cosines[v] ** 2 - 1 for v in angles]
    others = [v for v in unknowns if v not in angles]
    found = real_solutions(polynomial, [*others, *sines.values(), *cosines.values()])
    if found is None:
        return None
    points = []
    for sol in found:
        point = {v: sol[v] for v in others}
        for v in angles:
            angle = sp.atan2(sol[sines[v]], sol[cosines[v]])
            point[v] = angle + 2 * sp.pi if sp.N(angle) < 0 else angle
        points.append({v: point[v] for v in unknowns})
    return points


def real_solutions(equations: list, unknowns: list) -> list[dict] | None:
    """[{unknown: value}] with every real solution (exact: radicals or CRootOf, else 40-digit
    floats), or None when the system is not polynomial with rational coefficients, has infinitely
    many solutions, or is too large to decide."""
    if len(unknowns) > MAX_UNKNOWNS + 2:
        return None
    try:
        polys = [sp.Poly(e, *unknowns) for e in equations]
    except sp.PolynomialError:
        return None
    if any(not p.domain.is_QQ and not p.domain.is_ZZ for p in polys) or any(
        p.total_degree() > MAX_DEGREE for p in polys
    ):
        return None
    basis = sp.groebner([p.as_expr() for p in polys], *unknowns, order="lex")
    if list(basis.exprs) == [1]:
        return []
    if not basis.is_zero_dimensional:
        return None
    found = back_substituted(list(basis.exprs), list(unknowns), {})
    return (
        [as_decimals(point) if len(point) > 1 else point for point in found]
        if found is not None
        else None
    )


def as_decimals(point: dict) -> dict:
    """A point with a coordinate that is a root of a quintic or worse, every coordinate to 40
    digits: f and its Hessian there are then numbers, not 30-term expressions in CRootOf(...)."""
    if not any(v.atoms(sp.CRootOf, sp.Float) for v in point.values()):
        return point
    return {
        u: v if v.is_Rational else sp.Float(sp.N(v, PRECISION), PRECISION) for u, v in point.items()
    }


def back_substituted(basis: list, unknowns: list, known: dict) -> list[dict] | None:
    """The solutions extending `known` (values of the unknowns after the last one still open)."""
    if not unknowns:
        return [dict(known)]
    u = unknowns[-1]
    specialised = [
        sp.expand(g.xreplace(known))
        for g in basis
        if g.free_symbols & {u} and g.free_symbols <= {u} | set(known)
    ]
    specialised = [s for s in specialised if not is_zero(s)]
    if not specialised:
        return None
    lowest = min(specialised, key=lambda s: sp.Poly(s, u).degree())
    out = []
    for r in real_roots_of(lowest, u):
        if all(is_zero(s.xreplace({u: r})) for s in specialised):
            more = back_substituted(basis, unknowns[:-1], {**known, u: r})
            if more is None:
                return None
            out += more
        if len(out) > MAX_SOLUTIONS:
            return None
    return out


def real_roots_of(expr, u) -> list:
    """The real roots of a polynomial in u, each once: exact when its coefficients are rational
    (CRootOf where radicals would need i) or its roots have radicals; else 40-digit floats."""
    poly = sp.Poly(expr, u)
    if poly.degree() < 1:
        return []
    if poly.domain.is_QQ or poly.domain.is_ZZ:
        return list(dict.fromkeys(sp.real_roots(poly)))
    exact = sp.roots(poly)
    if sum(exact.values()) == poly.degree():
        return [r for r in exact if is_real(r)]
    return [
        sp.Float(sp.re(r), PRECISION)
        for r in poly.nroots(n=PRECISION, maxsteps=200)
        if abs(sp.im(r)) < ZERO
    ]


def is_real(value) -> bool:
    approx = sp.N(value, PRECISION)
    return abs(sp.im(approx)) < ZERO


def is_zero(value) -> bool:
    if value == 0:
        return True
    approx = sp.N(value, PRECISION)
    return approx.is_number and abs(approx) < ZERO

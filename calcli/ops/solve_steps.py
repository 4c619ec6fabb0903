"""solve --steps for one polynomial equation in one unknown, as a course works it: everything on one side,
fractions cleared, the polynomial factored, and each factor solved (a linear one isolated, a quadratic by
its discriminant and the quadratic formula, a higher one by its roots), then the real roots collected.
Other problems (systems, inequalities, equations with roots, logs or trig) have no working yet: a note
says so."""

from __future__ import annotations

import sympy as sp

from calcli.results import SolveSteps


def polynomial_steps(lhs, rhs, x) -> SolveSteps | None:
    """The working for lhs = rhs, or None when it is not a polynomial equation with rational coefficients."""
    side = sp.expand(lhs - rhs)
    try:
        poly = sp.Poly(side, x)
    except sp.PolynomialError:
        return None
    if poly.degree() < 1 or not (poly.domain.is_QQ or poly.domain.is_ZZ):
        return None
    rows = [("everything on one side", sp.Eq(side, 0, evaluate=False))]
    denominator = sp.ilcm(*[sp.Rational(c).q for c in poly.all_coeffs()])
    if denominator != 1:
        side = sp.expand(side * denominator)
        rows.append((f"clear the fractions: multiply by {denominator}", sp.Eq(side, 0, evaluate=False)))
    constant, factors = sp.factor_list(side, x)
    product = sp.Mul(constant, *(f**m for f, m in factors))
    if len(factors) > 1 or any(m > 1 for _, m in factors):
        rows.append(("factor", sp.Eq(product, 0, evaluate=False)))
    roots = []
    for factor, _ in factors:
        words, found = factor_roots(factor, x)
        real_here = sorted((r for r in found if r.is_real), key=lambda r: float(r))
        rows.append((f"{sp.sstr(factor)} = 0: {words}", sp.FiniteSet(*real_here)))
        roots += real_here
    real = sorted(dict.fromkeys(roots), key=lambda r: float(r))
    rows.append(("the real solutions", sp.FiniteSet(*real)))
    return SolveSteps(unknown=x, rows=tuple(rows))


def factor_roots(factor, x) -> tuple[str, list]:
    """How one factor is solved, in words, and its roots (real and complex)."""
    poly = sp.Poly(factor, x)
    if poly.degree() == 1:
        a, b = poly.all_coeffs()
        return "linear, isolate " + x.name, [-b / a]
    if poly.degree() == 2:
        a, b, c = poly.all_coeffs()
        d = b**2 - 4 * a * c
        kind = "two real roots" if d > 0 else "one double root" if d == 0 else "no real root"
        return f"quadratic, b² − 4ac = {sp.sstr(d)}: {kind}, {x} = (−b ± √(b² − 4ac))/(2a)", found_roots(factor, x)
    return f"degree {poly.degree()}, no rational factor: its real roots", found_roots(factor, x)


def found_roots(factor, x) -> list:
    poly = sp.Poly(factor, x)
    if poly.degree() <= 2:
        return list(sp.roots(poly, multiple=True))
    return list(sp.real_roots(poly))

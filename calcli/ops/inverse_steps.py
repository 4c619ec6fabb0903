"""solve --steps for equations a course solves by isolating and inverting, over the reals:
- an equation with roots: isolate and raise to the power, solve, and check every candidate
  (dropping the extraneous ones);
- logarithms: the domain, the logs combined, both sides exponentiated, candidates checked against
  the domain; an exponential: the power isolated and logarithms taken;
- one sine, cosine or tangent of a linear argument: the principal solutions, then every period;
- a rational equation: the excluded values, both sides times the common denominator, the roots,
  and the excluded ones dropped."""

from __future__ import annotations

import sympy as sp

from calcli.ops.solve_steps import (
    is_linear_in,
    is_rational_polynomial,
    polynomial_zeros,
    real_zeros,
)
from calcli.printing import inline as shown
from calcli.results import SolveSteps

# --- equations with roots: isolate, raise to the power, solve, check ------------------------------


MAX_SQUARINGS = 3


def radical_steps(eq, x) -> SolveSteps | None:
    """An equation with roots of x: isolate one root and raise both sides to its index, until
    none is left; then solve the polynomial and check every candidate in the equation as written
    (raising can add roots)."""
    side = sp.expand(eq.lhs - eq.rhs)
    if not radicals(side, x):
        return None
    rows = []
    for _ in range(MAX_SQUARINGS):
        found = radicals(side, x)
        if not found:
            break
        # a + root first (side is expanded)
        root = min(found, key=lambda r: side.coeff(r).could_extract_minus_sign())
        alone, rest = isolated(side, root)
        if alone is None:
            return None
        rows.append((f"isolate the root {shown(root)}", sp.Eq(alone, rest, evaluate=False)))
        n = root.exp.q
        left, right = sp.expand(alone**n), sp.expand(rest**n)
        side = left - right
        rows.append((f"raise both sides to the power {n}", sp.Eq(left, right, evaluate=False)))
    if radicals(side, x) or not is_rational_polynomial(side, x) or sp.Poly(side, x).degree() < 1:
        return None
    candidates = real_zeros(side, x)
    rows.append(("the polynomial's real roots: candidates", sp.FiniteSet(*candidates)))
    return SolveSteps(unknown=x, rows=(*rows, *checked(eq, x, candidates)))


def radicals(expr, x) -> list:
    """The roots of x in expr: sqrt(x + 5), (2x)^(1/3)."""
    found = [
        p for p in expr.atoms(sp.Pow) if p.has(x) and p.exp.is_Rational and not p.exp.is_Integer
    ]
    return sorted(found, key=sp.default_sort_key)


def isolated(side, root) -> tuple:
    """(c·root, the rest moved across) for side = c·root + rest with root appearing once,
    linearly."""
    coefficient = side.coeff(root)  # side is expanded
    rest = sp.expand(side - coefficient * root)
    if coefficient == 0 or rest.has(root) or coefficient.has(root):
        return None, None
    return coefficient * root, -rest


def checked(eq, x, candidates: list) -> list:
    """Each candidate put into the equation as written: kept, or dropped with both sides' values."""
    rows, kept = [], []
    for c in candidates:
        left, right = (
            sp.nsimplify(sp.simplify(side.subs(x, c))) if not side.has(sp.zoo) else side
            for side in (eq.lhs, eq.rhs)
        )
        holds = sp.simplify(left - right) == 0 and left.is_real and right.is_real
        words = f"check {x.name} = {shown(c)}: {shown(left)} {'=' if holds else '≠'} {shown(right)}"
        rows.append(
            (
                words + ("" if holds else ": extraneous, dropped"),
                sp.Eq(left, right, evaluate=False) if holds else sp.FiniteSet(c),
            )
        )
        if holds:
            kept.append(c)
    rows.append(("the solutions", sp.FiniteSet(*kept)))
    return rows


# --- logarithms and exponentials: the domain, then the inverse ------------------------------------


def log_exp_steps(eq, x) -> SolveSteps | None:
    """log: the domain (every argument > 0), the logs combined into one, both sides
    exponentiated, the polynomial solved and each candidate checked against the domain. exp: the
    power isolated, logs taken."""
    side = sp.expand(eq.lhs - eq.rhs)
    logs = [a for a in side.atoms(sp.log) if a.has(x)]
    if logs:
        return log_steps(eq, side, logs, x)
    return exp_steps(side, x)


def log_steps(eq, side, logs, x) -> SolveSteps | None:
    domain = sp.S.Reals
    for term in logs:
        if not is_rational_polynomial(sp.together(term.args[0]).as_numer_denom()[0], x):
            return None
        domain = domain.intersect(
            sp.solve_univariate_inequality(term.args[0] > 0, x, relational=False)
        )
    rows = [("the domain: every logarithm's argument > 0", domain)]
    combined = sp.expand_log(sp.logcombine(side, force=True), force=False)
    combined = sp.logcombine(combined, force=True)
    inner = [a for a in combined.atoms(sp.log) if a.has(x)]
    constant = sp.expand(combined - sum(combined.coeff(a) * a for a in inner))
    if len(inner) != 1 or constant.has(x) or combined.coeff(inner[0]) == 0:
        return None
    argument, k = inner[0].args[0], combined.coeff(inner[0])
    target = sp.exp(-constant / k)
    rows.append(("combine the logarithms", sp.Eq(sp.log(argument), -constant / k, evaluate=False)))
    rows.append(("exponentiate both sides", sp.Eq(argument, target, evaluate=False)))
    top, bottom = sp.fraction(sp.together(argument - target))
    zeros = polynomial_zeros(top, x)
    if zeros is None:
        return None
    candidates = [c for c in zeros if bottom.subs(x, c) != 0]
    rows.append(("solve: the candidates", sp.FiniteSet(*candidates)))
    return SolveSteps(
        unknown=x,
        rows=(
            *rows,
            *dropping(
                candidates, lambda c: domain.contains(c) == sp.true, x, "is outside the domain"
            ),
        ),
    )


def dropping(candidates: list, keeps, x, why: str) -> list:
    """A row for each candidate `keeps` refuses, saying why it is dropped, then the solutions:
    the rest."""
    kept = [c for c in candidates if keeps(c)]
    return [
        *(
            (f"{x.name} = {shown(c)} {why}: dropped", sp.FiniteSet(c))
            for c in candidates
            if c not in kept
        ),
        ("the solutions", sp.FiniteSet(*kept)),
    ]


def isolated_linear(u, x, target):
    """x from u = target, u linear in x: (target − u(0))/u′."""
    return sp.expand((target - u.subs(x, 0)) / sp.diff(u, x))


def exp_steps(side, x) -> SolveSteps | None:
    """a·b^g(x) + c = 0, x only in the exponent: b^g = −c/a, then g = log(−c/a)/log(b)."""
    powers = [
        p
        for p in side.atoms(sp.Pow, sp.exp)
        if p.has(x) and not (p.base.has(x) if isinstance(p, sp.Pow) else False)
    ]
    if len(powers) != 1:
        return None
    power = powers[0]
    a, c = side.coeff(power), sp.expand(side - side.coeff(power) * power)
    if a == 0 or a.has(x) or c.has(x):
        return None
    base, exponent = (sp.E, power.args[0]) if isinstance(power, sp.exp) else (power.base, power.exp)
    value = sp.simplify(-c / a)
    rows = [("isolate the power", sp.Eq(power, value, evaluate=False))]
    if not value.is_positive:
        return SolveSteps(
            unknown=x,
            rows=(
                *rows,
                (f"a power of {shown(base)} is always positive: no solution", sp.S.EmptySet),
            ),
        )
    logged = sp.simplify(sp.log(value) / sp.log(base))
    rows.append(
        (
            "take logarithms: the exponent is log(value)/log(base)",
            sp.Eq(exponent, logged, evaluate=False),
        )
    )
    if not is_linear_in(exponent, x):
        return None
    return SolveSteps(
        unknown=x,
        rows=(*rows, ("isolate " + x.name, sp.FiniteSet(isolated_linear(exponent, x, logged)))),
    )


# --- trigonometric equations: the principal solutions, then the family ----------------------------


def trig_steps(eq, x, n) -> SolveSteps | None:
    """a·f(bx + c) + d = 0 with f sin, cos or tan: f(u) = −d/a, its principal solutions, then
    every period."""
    side = sp.expand(eq.lhs - eq.rhs)
    found = [t for t in side.atoms(sp.sin, sp.cos, sp.tan) if t.has(x)]
    if len(found) != 1:
        return None
    term = found[0]
    a, d = side.coeff(term), sp.expand(side - side.coeff(term) * term)
    u = term.args[0]
    if a == 0 or a.has(x) or d.has(x) or not is_linear_in(u, x):
        return None
    value = -d / a
    value = sp.nsimplify(value) if value.is_Float else value
    rows = [(f"isolate {type(term).__name__}", sp.Eq(term, value, evaluate=False))]
    if isinstance(term, (sp.sin, sp.cos)) and not (-1 <= value <= 1):
        return SolveSteps(
            unknown=x,
            rows=(
                *rows,
                (f"{type(term).__name__} takes values in [−1, 1] only: no solution", sp.S.EmptySet),
            ),
        )
    principal, period, how = principal_solutions(term, value)
    rows.append((how, sp.FiniteSet(*principal)))
    families = [
        sp.ImageSet(sp.Lambda(n, isolated_linear(u, x, angle + period * n)), sp.S.Integers)
        for angle in principal
    ]
    rows.append(
        (
            f"add every period ({shown(period)}·n, n an integer), and solve for {x.name}",
            sp.Union(*families),
        )
    )
    return SolveSteps(unknown=x, rows=tuple(rows))


def principal_solutions(term, value) -> tuple:
    if isinstance(term, sp.tan):
        alpha = sp.atan(value)
        return (
            [alpha],
            sp.pi,
            (f"principal solution: arctan({shown(value)}) = {shown(alpha)}; tan repeats every π"),
        )
    if isinstance(term, sp.sin):
        alpha = sp.asin(value)
        both = list(dict.fromkeys([alpha, sp.pi - alpha]))
        other = (
            f", and π − ({shown(alpha)}) = {shown(both[1])}"
            if len(both) > 1
            else " (π minus it is the same angle)"
        )
        return (
            both,
            2 * sp.pi,
            (f"principal solutions: arcsin({shown(value)}) = {shown(alpha)}{other}"),
        )
    alpha = sp.acos(value)
    both = [alpha] if (2 * alpha / (2 * sp.pi)).is_integer else [alpha, -alpha]  # ±π: one angle
    other = f", and −{shown(alpha)}" if len(both) > 1 else " (its negative is the same angle)"
    return both, 2 * sp.pi, f"principal solutions: arccos({shown(value)}) = {shown(alpha)}{other}"


# --- rational equations: the excluded values, multiply out, solve, drop the excluded --------------


def rational_steps(eq, x) -> SolveSteps | None:
    """P/Q = R/S and the like: the values that make a denominator 0 are excluded; both sides
    times the common denominator give a polynomial equation; its real roots, less the excluded
    values, are the solutions."""
    side = sp.together(eq.lhs - eq.rhs)
    top, bottom = sp.fraction(side)
    denominators = [
        sp.fraction(sp.together(t))[1]
        for t in sp.Add.make_args(sp.expand(eq.lhs - eq.rhs, deep=False))
    ]
    if not bottom.has(x) or not all(
        is_rational_polynomial(p, x) for p in (top, bottom, *denominators)
    ):
        return None
    excluded = sorted({z for d in denominators for z in real_zeros(d, x)}, key=float)
    rows = [("excluded values: a denominator is 0", sp.FiniteSet(*excluded))]
    common = sp.factor(bottom)
    rows.append(
        (
            f"everything on one side, multiplied by {shown(common)}",
            sp.Eq(sp.expand(top), 0, evaluate=False),
        )
    )
    if sp.Poly(top, x).degree() < 1:
        return SolveSteps(
            unknown=x, rows=(*rows, ("a nonzero constant is never 0: no solution", sp.S.EmptySet))
        )
    candidates = real_zeros(top, x)
    rows.append(("solve the polynomial: candidates", sp.FiniteSet(*candidates)))
    return SolveSteps(
        unknown=x,
        rows=(*rows, *dropping(candidates, lambda c: c not in excluded, x, "is excluded")),
    )

"""The kind of a stationary point where the second-derivative test is inconclusive (the Hessian is singular),
decided from f near the point, and only where that is a proof:
- a positive and a negative eigenvalue: a saddle, whatever the zero ones;
- along some line through the point, f − f(p) starts with an odd power of t, or starts positive along one line
  and negative along another: a saddle (x⁴ − y⁴, x³ + y³);
- one zero eigenvalue and the others of one sign σ: by the splitting lemma, f − f(p) restricted to the curve
  where its derivatives across the kernel vanish decides it; its first term c·t^k with k even and c of sign σ
  is a strict local extremum (x² − 2xy + y² + x⁴ at 0 is a minimum), and otherwise a saddle.
Anything else stays "degenerate"."""

from __future__ import annotations

from itertools import product

import sympy as sp

ORDER = 8  # terms up to t⁸ are looked at; a point whose first term is later stays degenerate
MAX_VARIABLES = 3


def kind_near(f, variables: tuple, point: dict, hessian, eigenvalues: tuple) -> str | None:
    """'local minimum', 'local maximum' or 'saddle', proved; None when undecided."""
    signs = {s for s in (sign(e) for e in eigenvalues) if s}
    if signs == {1, -1}:
        return "saddle"
    if len(variables) > MAX_VARIABLES or any(not v.is_Rational and v.atoms(sp.Float, sp.CRootOf) for v in point.values()):
        return None
    t = sp.Dummy("t", real=True)
    f0 = f.xreplace(point)
    kernel = [list(k) for k in sp.Matrix(hessian).nullspace()]
    seen = set()
    for direction in [*kernel, *(d for d in product((0, 1, -1), repeat=len(variables)) if any(d))]:
        first = first_term(f.xreplace({v: point[v] + c * t for v, c in zip(variables, direction)}) - f0, t)
        if first is None:
            continue
        power, coefficient = first
        if power % 2:
            return "saddle"
        seen.add(sign(coefficient))
    if {1, -1} <= seen:
        return "saddle"
    if len(variables) == 1 and len(seen) == 1:  # one variable: the line is the whole neighbourhood
        return "local minimum" if seen == {1} else "local maximum"
    if len(kernel) == 1 and len(signs) == 1:
        reduced = first_term(along_the_ridge(f, variables, point, hessian, kernel[0], t) - f0, t)
        if reduced is None:
            return None
        power, coefficient = reduced
        if power % 2 == 0 and sign(coefficient) == next(iter(signs)):
            return "local minimum" if sign(coefficient) > 0 else "local maximum"
        return "saddle"
    return None


def along_the_ridge(f, variables: tuple, point: dict, hessian, kernel: list, t):
    """f on the curve p + t·k + R·u(t) where the derivatives of f across the kernel (along R's columns,
    which span the Hessian's range) vanish: u(t) as a series by Newton's method with a constant matrix."""
    across = sp.Matrix.hstack(*sp.Matrix(hessian).columnspace())
    us = sp.symbols(f"u0:{across.cols}", real=True, cls=sp.Dummy)
    position = {v: point[v] + kernel[i] * t + sum(across[i, j] * us[j] for j in range(across.cols)) for i, v in enumerate(variables)}
    g = f.xreplace(position)
    gradient = sp.Matrix([sp.diff(g, u) for u in us])
    slope = (across.T * sp.Matrix(hessian) * across).inv()
    u = sp.zeros(len(us), 1)
    for _ in range(ORDER):
        step = gradient.xreplace(dict(zip(us, u)))
        u = (u - slope * step).applyfunc(lambda e: truncated(e, t))
    return truncated(g.xreplace(dict(zip(us, u))), t)


def truncated(expr, t):
    """expr's terms up to t^ORDER."""
    expanded = sp.expand(expr)
    if expanded.is_polynomial(t):
        return sum(expanded.coeff(t, k) * t**k for k in range(ORDER + 1))
    return sp.series(expr, t, 0, ORDER + 1).removeO()


def first_term(expr, t) -> tuple[int, sp.Expr] | None:
    """(k, c) for the first nonzero term c·t^k of expr about t = 0, up to t^ORDER; None when there is none."""
    try:
        series = truncated(expr, t)
    except (NotImplementedError, ValueError, TypeError, sp.PoleError):
        return None
    for k in range(ORDER + 1):
        c = sp.nsimplify(sp.expand(series).coeff(t, k))
        if c.free_symbols:
            return None
        if sign(c):
            return k, c
    return None


def sign(value) -> int:
    """+1, −1, or 0 (zero, or not decided)."""
    if value.is_positive:
        return 1
    if value.is_negative:
        return -1
    return 0

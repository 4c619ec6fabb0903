"""The kind of a stationary point where the second-derivative test is inconclusive (the Hessian
is singular), decided from f near the point, and only where that is a proof:
- a positive and a negative eigenvalue: a saddle, whatever the zero ones;
- along some line through the point, f − f(p) starts with an odd power of t, or starts positive
  along one line and negative along another: a saddle (x⁴ − y⁴, x³ + y³);
- one zero eigenvalue and the others of one sign σ: by the splitting lemma, f − f(p) restricted
  to the curve where its derivatives across the kernel vanish decides it; its first term c·t^k
  with k even and c of sign σ is a strict local extremum (x² − 2xy + y² + x⁴ at 0 is a minimum),
  and otherwise a saddle.
Anything else stays "degenerate"."""

from __future__ import annotations

from itertools import product

import sympy as sp

ORDER = 8  # terms up to t⁸ are looked at; a point whose first term is later stays degenerate
MAX_VARIABLES = 3


def kind_near(f, variables: tuple, point: dict, hessian, eigenvalues: tuple) -> str | None:
    """'local minimum', 'local maximum' or 'saddle', proved; None when undecided."""
    return decided(f, variables, point, hessian, eigenvalues)[0]


def decided(
    f, variables: tuple, point: dict, hessian, eigenvalues: tuple
) -> tuple[str | None, str]:
    """(the kind, proved, or None; what decided it, in words: --steps shows it)."""
    signs = {s for s in (sign(e) for e in eigenvalues) if s}
    if signs == {1, -1}:
        return "saddle", "the Hessian has a positive and a negative eigenvalue"
    if len(variables) > MAX_VARIABLES or any(
        not v.is_Rational and v.atoms(sp.Float, sp.CRootOf) for v in point.values()
    ):
        return None, (
            "not decided: the point is not exact, or f has too many variables for the tests near it"
        )
    t = sp.Dummy("t", real=True)
    kernel = [list(k) for k in sp.Matrix(hessian).nullspace()]
    seen, odd = along_lines(f, variables, point, kernel, t)
    if odd is not None:
        return "saddle", odd
    if 1 in seen and -1 in seen:
        (up, p1, c1), (down, p2, c2) = seen[1], seen[-1]
        return "saddle", (
            f"f − f(p) is {term(c1, p1)} along {up} and {term(c2, p2)} along {down}: both signs"
        )
    if len(variables) == 1 and len(seen) == 1:  # one variable: the line is the whole neighbourhood
        ((s, (_, power, coefficient)),) = seen.items()
        return ("local minimum" if s > 0 else "local maximum"), (
            f"f − f(p) starts with {term(coefficient, power)}, an even power"
        )
    if len(kernel) == 1 and len(signs) == 1:
        return on_the_ridge(f, variables, point, hessian, kernel[0], t, next(iter(signs)))
    return None, "not decided by the lines through the point calcli tries"


def along_lines(f, variables: tuple, point: dict, kernel: list, t) -> tuple[dict, str | None]:
    """f − f(p) along the Hessian's kernel and the lines p + t·d (d in {−1, 0, 1}^n): its first
    term's sign → (the line, the power, the coefficient), the first line found for each sign; or,
    where a first term has an odd power, the words saying so (a saddle)."""
    f0 = f.xreplace(point)
    seen: dict = {}
    for direction in [*kernel, *(d for d in product((0, 1, -1), repeat=len(variables)) if any(d))]:
        first = first_term(
            f.xreplace({v: point[v] + c * t for v, c in zip(variables, direction)}) - f0, t
        )
        if first is None:
            continue
        power, coefficient = first
        line = line_words(variables, direction)
        if power % 2:
            return seen, (
                f"along {line}, f − f(p) starts with {term(coefficient, power)}: an odd "
                f"power takes both signs"
            )
        seen.setdefault(sign(coefficient), (line, power, coefficient))
    return seen, None


def on_the_ridge(
    f, variables: tuple, point: dict, hessian, kernel: list, t, others: int
) -> tuple[str | None, str]:
    """One flat direction: f − f(p) on the curve where f's other derivatives vanish, against the
    sign `others` of the Hessian's other eigenvalues."""
    reduced = first_term(
        along_the_ridge(f, variables, point, hessian, kernel, t) - f.xreplace(point), t
    )
    if reduced is None:
        return None, "not decided: f − f(p) vanishes to order 8 along the ridge"
    power, coefficient = reduced
    ridge = (
        f"on the curve through p where f's other derivatives vanish, f − f(p) starts with "
        f"{term(coefficient, power)}"
    )
    if power % 2 == 0 and sign(coefficient) == others:
        return (
            "local minimum" if sign(coefficient) > 0 else "local maximum"
        ), ridge + ", of the sign of the Hessian's other eigenvalues"
    return "saddle", ridge + ", against the sign of the Hessian's other eigenvalues"


def term(coefficient, power: int) -> str:
    """c·t^k as a course writes it: t^4, −t^4, 3t^2."""
    text = {1: "", -1: "−"}.get(coefficient, sp.sstr(coefficient))
    return f"{text}t^{power}"


def line_words(variables: tuple, direction) -> str:
    """The direction of the line p + t·d, as the step from p: (t, −t), (0, t)."""
    return (
        "("
        + ", ".join(
            f"{'' if c == 1 else '−' if c == -1 else str(c)}t" if c else "0" for c in direction
        )
        + ")"
    )


def along_the_ridge(f, variables: tuple, point: dict, hessian, kernel: list, t):
    """f on the curve p + t·k + R·u(t) where the derivatives of f across the kernel (along R's
    columns, which span the Hessian's range) vanish: u(t) as a series by Newton's method with a
    constant matrix."""
    across = sp.Matrix.hstack(*sp.Matrix(hessian).columnspace())
    us = sp.symbols(f"u0:{across.cols}", real=True, cls=sp.Dummy)
    position = {
        v: point[v] + kernel[i] * t + sum(across[i, j] * us[j] for j in range(across.cols))
        for i, v in enumerate(variables)
    }
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
    """(k, c) for the first nonzero term c·t^k of expr about t = 0, up to t^ORDER; None when
    there is none."""
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

"""Whether a number sympy writes with i is real: decided by a 30-digit value, and rewritten without
i.

A cubic with three real roots has them written with i (casus irreducibilis), and sympy can neither
say they are real nor, sometimes, that complex roots are not (it calls x^4 + x + 1's roots real).
"""

from __future__ import annotations

import sympy as sp

CERTAIN_DIGITS = 30  # an imaginary part below 1e-20 at this precision is zero; one above it is not


def approximate(value) -> complex | None:
    """value to CERTAIN_DIGITS, or None when it has no numeric value."""
    try:
        return complex(sp.N(value, CERTAIN_DIGITS))
    except (TypeError, ValueError):
        return None


def not_real(approx: complex) -> bool:
    """The certificate: an imaginary part far above the error of a CERTAIN_DIGITS value."""
    return abs(approx.imag) > 1e-20 * (1 + abs(approx.real))


def real_value(value):
    """value when it is real, written without i where it can be; None when it is not real.

    A cubic with three real roots has them written with i (casus irreducibilis): sympy cannot say
    they are real, so a 30-digit value decides (an imaginary part of 0 to that precision, far below
    any real one's size), and the root is rewritten as a real root of its minimal polynomial."""
    if not value.has(sp.I):
        return value
    if value.free_symbols:  # a family: only sympy's word is available
        return value if value.is_real else None
    approx = approximate(value)
    if approx is None or not_real(approx):
        return None
    try:
        t = sp.Dummy("t")
        roots = sp.real_roots(sp.Poly(sp.minimal_polynomial(value, t), t))
        return next(
            r
            for r in roots
            if abs(complex(sp.N(r, CERTAIN_DIGITS)) - approx) < 1e-15 * (1 + abs(approx))
        )
    except (
        NotImplementedError,
        StopIteration,
        ValueError,
        ArithmeticError,
        sp.polys.polyerrors.BasePolynomialError,
    ):
        return sp.re(value)


def outside_domain(f, point: dict) -> str | None:
    """Why f is not defined over the reals at the point (ln needs x > 0, √ needs x − 2 ≥ 0, asin
    needs −1 ≤ x ≤ 1), or None. Decided exactly where sympy can, else by a 30-digit value."""
    if not point or not isinstance(f, sp.Basic):
        return None
    from calcli.printing import inline

    for node in sp.preorder_traversal(f):
        if isinstance(node, sp.log):
            if _sign(node.args[0], point) in (-1, 0):
                return f"log needs {inline(node.args[0])} > 0"
        elif (
            isinstance(node, sp.Pow)
            and node.exp.is_Rational
            and not node.exp.is_integer
            and node.exp.q % 2 == 0
        ):
            if _sign(node.base, point) == -1:
                root = "the square root" if node.exp.q == 2 else "an even root"
                return f"{root} needs {inline(node.base)} ≥ 0"
        elif isinstance(node, (sp.asin, sp.acos)):
            value = approximate(node.args[0].xreplace(point))
            if value is not None and not not_real(value) and abs(value.real) > 1:
                return f"{type(node).__name__} needs -1 ≤ {inline(node.args[0])} ≤ 1"
    return None


def _sign(expr, point: dict) -> int | None:
    value = approximate(expr.xreplace(point))
    if value is None or not_real(value) or expr.xreplace(point).free_symbols:
        return None
    exact = expr.xreplace(point)
    if exact == 0:
        return 0
    return -1 if value.real < 0 else 1


def real_logs(F):
    """ln|u| where sympy writes ln u: the antiderivative of u'/u on every interval where u ≠ 0,
    real on each (1/x gives ln|x|, tan x gives -ln|cos x|). A log of a positive u (x² + 1, eˣ) is
    left as it is."""
    return F.replace(
        lambda e: (
            isinstance(e, sp.log)
            and len(e.args) == 1
            and not e.args[0].is_positive
            and not isinstance(e.args[0], sp.Abs)
        ),
        lambda e: sp.log(sp.Abs(e.args[0])),
    )

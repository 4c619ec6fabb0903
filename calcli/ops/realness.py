"""Whether a number sympy writes with i is real: decided by a 30-digit value, and rewritten without i.

A cubic with three real roots has them written with i (casus irreducibilis), and sympy can neither say
they are real nor, sometimes, that complex roots are not (it calls x^4 + x + 1's roots real).
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
        return next(r for r in roots if abs(complex(sp.N(r, CERTAIN_DIGITS)) - approx) < 1e-15 * (1 + abs(approx)))
    except (NotImplementedError, StopIteration, ValueError, ArithmeticError, sp.polys.polyerrors.BasePolynomialError):
        return sp.re(value)

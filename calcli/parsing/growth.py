"""Bounds on what a program builds, not only on what one expression literally says.

The tokenizer and parser bound each literal (digits, nesting, one power); these
bound what assignments, products and substituted points build from them:
`a=2; a=a*a; ...` squares a number 40 times, `a=sin(a)` repeated nests past any
literal limit, and `factorial(x)` at x = 10^8 is a number of 750 million digits.
Each is refused at once (exit 2) instead of computed until the time limit.
"""

from __future__ import annotations

import math

import sympy as sp

from calcli.errors import InputError
from calcli.parsing.limits import (
    MAX_BUILT_DEPTH,
    MAX_BUILT_NODES,
    MAX_FACTORIAL_ARG,
    MAX_NUMBER_BITS,
)


def number_bits(value) -> int:
    """Bits of the largest number sympy multiplies when it combines `value` (its coefficients),
    shallowly."""
    if isinstance(value, sp.MatrixBase):
        return max((number_bits(v) for v in value), default=0)
    if isinstance(value, sp.Rational):
        return max(abs(value.p), abs(value.q)).bit_length()
    if isinstance(value, sp.Mul):
        return number_bits(value.args[0])
    if isinstance(value, sp.Add):
        return max(number_bits(a) for a in value.args)
    return 0


def power_bits(base, exponent) -> float:
    """About how many bits base^exponent takes when sympy computes it exactly (0 when it stays
    symbolic)."""
    if not (isinstance(exponent, sp.Basic) and exponent.is_Rational) or abs(exponent) <= 1:
        return 0
    numbers = base.atoms(sp.Rational) if isinstance(base, sp.Basic) else set()
    bits = max((max(abs(q.p), abs(q.q)).bit_length() - 1 for q in numbers), default=0)
    magnitude = abs(exponent)
    return bits * (float(magnitude) if magnitude < sp.Integer(10) ** 300 else math.inf)


def size_words(bits: float) -> str:
    digits = bits * math.log10(2)
    if not math.isfinite(digits):
        return "more digits than could ever be written"
    return (
        f"about 10^{int(math.log10(digits))} digits"
        if digits >= 1e6
        else f"about {int(digits)} digits"
    )


class Measure:
    """Size (nodes, counting repeats) and depth of built values; shared parts are measured once."""

    def __init__(self):
        self.known: dict = {}

    def __call__(self, value) -> tuple[int, int]:
        if not isinstance(value, (sp.Basic, sp.MatrixBase)):
            return 1, 1
        try:
            if value in self.known:
                return self.known[value]
        except TypeError:  # a mutable matrix is not hashable
            pass
        children = list(value) if isinstance(value, sp.MatrixBase) else value.args
        size, depth = 1, 1
        for child in children:
            s, d = self(child)
            size, depth = size + s, max(depth, d + 1)
        if size > MAX_BUILT_NODES:
            raise InputError(
                f"this program builds an expression of more than {MAX_BUILT_NODES:,} "
                f"parts; simplify it or split it up"
            )
        if depth > MAX_BUILT_DEPTH:
            raise InputError(
                f"this program builds an expression nested more than {MAX_BUILT_DEPTH} levels deep"
            )
        if not isinstance(value, sp.MatrixBase):
            self.known[value] = (size, depth)
        return size, depth


def check_point(value, point: dict) -> None:
    """Refuse a point at which `value` would build an enormous number (factorial(x) at x = 10^8,
    x^y at y = 10^9)."""
    if not point or not isinstance(value, (sp.Basic, sp.MatrixBase)):
        return
    seen: set = set()
    names = set(point)

    # children first: a node's arguments are checked before they are evaluated
    def visit(node) -> None:
        if node in seen or not (node.free_symbols & names):
            return
        seen.add(node)
        for child in node.args:
            visit(child)
        if isinstance(node, (sp.factorial, sp.gamma)):
            arg = node.args[0].xreplace(point)
            if arg.is_Number and abs(arg) > MAX_FACTORIAL_ARG:
                raise InputError(
                    f"{type(node).__name__} at this point needs an argument up to "
                    f"{MAX_FACTORIAL_ARG}, not about {float(arg):.3g}"
                )
        elif isinstance(node, sp.Pow):
            bits = power_bits(node.base.xreplace(point), node.exp.xreplace(point))
            if bits > MAX_NUMBER_BITS:
                raise InputError(
                    f"at this point a power would build a number of "
                    f"{size_words(bits)}; the limit is {MAX_NUMBER_BITS} bits"
                )

    for entry in list(value) if isinstance(value, sp.MatrixBase) else [value]:
        visit(entry)

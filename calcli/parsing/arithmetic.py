"""The parser's arithmetic: two values an operator combines, built at once with the checks that keep
them small (a number of at most MAX_NUMBER_BITS, a bounded matrix power) and the shapes that fit.
`fail(message, position, error class)` raises the parser's error there; `note(reading)` records a
reading that is not literally what was typed."""

from __future__ import annotations

from typing import Callable, NoReturn

import sympy as sp

from calcli.errors import ParseError, ShapeError
from calcli.parsing.functions import real_power, takes_real_root
from calcli.parsing.growth import number_bits, power_bits, size_words
from calcli.parsing.limits import MAX_MATRIX_POWER, MAX_NUMBER_BITS
from calcli.parsing.tokens import Token

Fail = Callable[..., NoReturn]


def binary(op: Token, a, b, fail: Fail, note: Callable[[str], None]):
    if isinstance(a, sp.Tuple) or isinstance(b, sp.Tuple):
        fail("a tuple cannot take part in arithmetic", op.pos, ShapeError)
    try:
        if op.text == "+":
            return a + b
        if op.text == "-":
            return a - b
        if op.text in ("*", "/"):
            check_product_size(a, b, op.pos, fail)
        if op.text == "*":
            if (
                isinstance(a, sp.Number)
                and a.is_finite
                and a not in (0, 1)
                and isinstance(b, sp.Symbol)
            ):
                # 3*x as sympy forms it, without its general flatten: ten times faster
                return sp.Mul._from_args((a, b))
            return a * b
        if op.text == "/":
            if isinstance(b, sp.MatrixBase):
                raise TypeError("cannot divide by a matrix (use inv)")
            return a / b
        return power_of(a, b, note)
    except (
        TypeError,
        ValueError,
        ArithmeticError,
        sp.ShapeError,
        sp.NonSquareMatrixError,
    ) as exc:
        fail(
            f"'{op.text}' cannot combine these operands: {shape_reason(exc, a, b)}",
            op.pos,
            ShapeError,
        )


def power_of(base, exponent, note: Callable[[str], None]):
    """x^(1/3) is the real cube root, cbrt(x), said in a note: the principal root sympy takes is
    complex for x < 0, where a student expects (-8)^(1/3) = -2."""
    if isinstance(base, sp.MatrixBase) or not takes_real_root(base, exponent):
        return base**exponent
    value = real_power(base, exponent)
    shown = (
        f"({sp.sstr(base)})"
        if not (base.is_Symbol or base.is_Integer and base >= 0)
        else sp.sstr(base)
    )
    note(
        f"{shown}^({exponent}) read as {sp.sstr(value).replace('**', '^')}: the "
        f"real root, so a negative base has a real value ((-8)^(1/3) = -2)"
    )
    return value


def check_power_size(base, exponent, pos: int, fail: Fail) -> None:
    """Refuse at once a power whose evaluation would build an enormous number."""
    if not (isinstance(exponent, sp.Basic) and exponent.is_Rational):
        return
    if isinstance(base, sp.MatrixBase) and abs(exponent) > MAX_MATRIX_POWER:
        fail(
            f"a matrix power above {MAX_MATRIX_POWER} is refused: its entries grow without bound",
            pos,
            ParseError,
        )
    size = power_bits(base, exponent)
    if size > MAX_NUMBER_BITS:
        fail(
            f"this power would build a number of {size_words(size)}; the limit is "
            f"{MAX_NUMBER_BITS} bits",
            pos,
            ParseError,
        )


def check_product_size(a, b, pos: int, fail: Fail) -> None:
    """A product multiplies the numbers in front: `a=2; a=a*a` forty times would square its way
    to 2^(2^40)."""
    size = number_bits(a) + number_bits(b)
    if size > MAX_NUMBER_BITS:
        fail(
            f"this product would build a number of {size_words(size)}; the limit is "
            f"{MAX_NUMBER_BITS} bits",
            pos,
            ParseError,
        )


def shape_reason(exc: Exception, a, b) -> str:
    def shape(v):
        return f"a {v.rows}x{v.cols} matrix" if isinstance(v, sp.MatrixBase) else "a scalar"

    if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
        return f"{shape(a)} and {shape(b)}"
    return str(exc).split("\n")[0][:120] or type(exc).__name__

"""Human one-line forms of values, and making echoed text safe for a terminal."""
from __future__ import annotations

import unicodedata

import sympy as sp
from sympy.printing.str import StrPrinter

SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def safe(text: str) -> str:
    """Control, format and bidi characters shown as \\uXXXX, so echoed text cannot steer the terminal."""
    return "".join(
        f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") and ch not in "\t\n" else ch
        for ch in text
    )


class InlinePrinter(StrPrinter):
    """sympy's str form with ^ for powers, ∂u/∂x for derivatives and [[..]] for matrices."""

    def _print_Pow(self, expr, rational=False):
        text = super()._print_Pow(expr, rational)
        return text.replace("**", "^")

    def _print_Derivative(self, expr):
        fn = expr.expr
        name = fn.func.__name__ if isinstance(fn, sp.core.function.AppliedUndef) else f"({self._print(fn)})"
        order = sum(n for _, n in expr.variable_count)
        top = "∂" if order == 1 else f"∂{str(order).translate(SUPERSCRIPT)}"
        bottom = "".join(f"∂{self._print(v)}" + (str(n).translate(SUPERSCRIPT) if n > 1 else "") for v, n in expr.variable_count)
        return f"{top}{name}/{bottom}"

    def _print_ImmutableDenseMatrix(self, expr):
        return "[" + ", ".join("[" + ", ".join(self._print(v) for v in expr.row(i)) + "]" for i in range(expr.rows)) + "]"

    _print_MutableDenseMatrix = _print_ImmutableDenseMatrix

    def _print_ImaginaryUnit(self, expr):
        return "i"

    def _print_Exp1(self, expr):
        return "e"

    def _print_Pi(self, expr):
        return "π"


_printer = InlinePrinter({"order": None})


def inline(value) -> str:
    if isinstance(value, (sp.Tuple, tuple, list)):
        return "(" + ", ".join(inline(v) for v in value) + ")"
    return _printer.doprint(value).replace("**", "^")


def point_text(point: dict) -> str:
    return ", ".join(f"{k.name} = {inline(v)}" for k, v in point.items())

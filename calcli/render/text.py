"""Human one-line forms of values, and making echoed text safe for a terminal."""
from __future__ import annotations

import sympy as sp
from sympy.printing.str import StrPrinter

from calcli.numbers import decimal
from calcli.render.safe import clip, safe  # noqa: F401 — re-exported for the renderers

SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


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
        if expr.cols == 1:  # a column vector reads as a list
            return "[" + ", ".join(self._print(v) for v in expr) + "]"
        return "[" + ", ".join("[" + ", ".join(self._print(v) for v in expr.row(i)) + "]" for i in range(expr.rows)) + "]"

    _print_MutableDenseMatrix = _print_ImmutableDenseMatrix

    def _print_ComplexInfinity(self, expr):
        return "undefined"

    def _print_NaN(self, expr):
        return "undefined"

    def _print_Float(self, expr):
        return f"{float(expr):.10g}"

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


def factor(value) -> str:
    """A value as one factor of a product: parenthesised when it is a sum or negative."""
    text = inline(value)
    needs = isinstance(value, sp.Basic) and (value.is_Add or (value.is_number and value.is_negative) or str(value).startswith("-"))
    return f"({text})" if needs else text


def chain_rule(output: str, step, times: str = "·", d: str = "∂") -> str:
    """∂f/∂q·∂q/∂x + ... for one backward step; the output's own adjoint is 1."""
    if not step.terms:
        return "the output" if step.node == output else "not used"
    return " + ".join(f"{d}{output}/{d}{t.via}{times}{d}{t.via}/{d}{step.node}" for t in step.terms)


BRIEF_CHARS = 24


def brief(value, number) -> str:
    """A short exact value as it is; a long one by its decimal, when there is one."""
    shown = inline(value)
    return shown if len(shown) <= BRIEF_CHARS or number is None else "≈" + decimal(number, 6)


def local_partials(step, d: str = "∂") -> str:
    """Each use's local derivative in node names: ∂q/∂x = 1; ∂v2/∂x = cos(x)."""
    return "; ".join(f"{d}{t.via}/{d}{step.node} = {inline(t.local)}" for t in step.terms)


def chain_values(step, times: str = "·", short: bool = False) -> str:
    """The same products with the upstream adjoints and local partials filled in."""
    if not step.terms:
        return brief(step.adjoint, step.numeric) if short else inline(step.adjoint)
    if short:
        return " + ".join(f"{_paren(brief(t.upstream, t.upstream_numeric))}{times}{_paren(brief(t.local_value, t.local_numeric))}" for t in step.terms)
    return " + ".join(f"{factor(t.upstream)}{times}{factor(t.local_value)}" for t in step.terms)


def _paren(text: str) -> str:
    return f"({text})" if text.startswith(("-", "≈-")) or " " in text else text


def verdict_sentence(check) -> str:
    if check.verdict == "equal":
        return f"✓ equal: the expected answer {inline(check.expected)} is right ({check.method})"
    if check.verdict == "different" and (check.missing or check.extra):
        parts = ([f"it lacks {', '.join(inline(v) for v in check.missing)}"] if check.missing else []) + \
                ([f"{', '.join(inline(v) for v in check.extra)} {'is' if len(check.extra) == 1 else 'are'} not a solution"] if check.extra else [])
        return f"✗ different: the expected answer {inline(check.expected)} is not the solution set: {'; '.join(parts)}"
    if check.verdict == "different":
        ce = check.counterexample
        if ce is None:
            return f"✗ different: the expected answer {inline(check.expected)} does not have the right shape"
        where = f"at {point_text(ce.at)} " if ce.at else ""
        return f"✗ different: {where}the expected answer gives {inline(ce.expected)}, the right value is {inline(ce.actual)}"
    return f"? unknown: could not decide whether {inline(check.expected)} is right ({check.method})"

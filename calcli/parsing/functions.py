"""The allow-list of functions and constants, each built directly as a sympy object."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sympy as sp

from calcli.errors import ParseError, ShapeError
from calcli.parsing.limits import MAX_FACTORIAL_ARG


@dataclass(frozen=True)
class FunctionSpec:
    build: Callable
    min_args: int
    max_args: int
    matrix: bool = False  # takes a matrix argument rather than scalars


class sigmoid(sp.Function):
    """The logistic function 1/(1 + e^(-x)), kept as one function so that steps and
    derivatives read as in a backpropagation course: sigmoid'(x) = sigmoid(x)(1 - sigmoid(x))."""

    @classmethod
    def eval(cls, x):
        if x.is_Number:
            return 1 / (1 + sp.exp(-x))

    def fdiff(self, argindex=1):
        return self * (1 - self)

    def _eval_rewrite_as_exp(self, x, **kwargs):
        return 1 / (1 + sp.exp(-x))

    def _eval_evalf(self, prec):
        return (1 / (1 + sp.exp(-self.args[0])))._eval_evalf(prec)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return self.args[0].is_real

    def _latex(self, printer):
        return rf"\sigma\left({printer._print(self.args[0])}\right)"


class RealRoot(sp.Function):
    """The real q-th root for odd q: RealRoot(-8, 3) = -2, as a student reads (-8)^(1/3) and
    cbrt(-8).

    sympy's x**(1/3) is the principal root, complex for x < 0, so grad, solve and diff-table
    would each treat a negative x differently. Written out where a value is certainly real, and
    printed cbrt(x) or root(x, 5): a function call, so that it reads back the same and never
    parenthesises wrongly."""

    nargs = 2

    @classmethod
    def eval(cls, x, q):
        if x.is_nonnegative:
            return x ** sp.Rational(1, q)
        if x.is_negative:
            return -((-x) ** sp.Rational(1, q))

    def fdiff(self, argindex=1):
        if argindex != 1:
            raise sp.ArgumentIndexError(self, argindex)
        x, q = self.args
        # from r^q = x; infinite at 0, as the root's tangent is vertical
        return 1 / (q * self.func(x, q) ** (q - 1))

    def _eval_rewrite_as_Abs(self, x, q, **kwargs):
        return sp.sign(x) * sp.Abs(x) ** sp.Rational(1, q)

    def _eval_evalf(self, prec):
        return self._eval_rewrite_as_Abs(*self.args)._eval_evalf(prec)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return self.args[0].is_positive

    def _eval_is_negative(self):
        return self.args[0].is_negative

    def _eval_is_zero(self):
        return self.args[0].is_zero

    def _sympystr(self, printer):
        x, q = self.args
        return f"cbrt({printer._print(x)})" if q == 3 else f"root({printer._print(x)}, {q})"

    def _latex(self, printer, exp=None):
        root = rf"\sqrt[{self.args[1]}]{{{printer._print(self.args[0])}}}"
        return root if exp is None else rf"\left({root}\right)^{{{exp}}}"


def takes_real_root(base, exponent) -> bool:
    """A rational exponent with an odd denominator, on a base that may be negative: the real root
    differs from sympy's principal one there. Even roots stay principal: sqrt of a negative is
    not real."""
    return (
        isinstance(exponent, sp.Rational)
        and exponent.q % 2 == 1
        and exponent.q > 1
        and not base.is_nonnegative
    )


def real_power(base, exponent):
    """base^exponent with the real root where takes_real_root: (-8)^(2/3) = 4 and x^(1/3) =
    cbrt(x)."""
    return (
        RealRoot(base, exponent.q) ** exponent.p
        if takes_real_root(base, exponent)
        else base**exponent
    )


def _root(x, n):
    if not (n.is_Integer and n > 0):
        raise ValueError("the root's order must be a positive whole number")
    return real_power(x, sp.Rational(1, n))


def elementary(value):
    """`value` with calcli's own functions written out, for numeric back ends (lambdify)."""
    return (
        value.replace(sigmoid, lambda x: 1 / (1 + sp.exp(-x)))
        if isinstance(value, sp.Basic)
        else value
    )


def _relu(x):
    return sp.Max(0, x)


def _log(x, base=None):
    return sp.log(x) if base is None else sp.log(x, base)


def _bounded(fn):
    """factorial(10**8) is refused at once rather than computed."""

    def build(x):
        if x.is_Number and abs(x) > MAX_FACTORIAL_ARG:
            raise ValueError(f"the argument is larger than {MAX_FACTORIAL_ARG}")
        return fn(x)

    return build


def _matrix_literal(rows):
    return (
        sp.ImmutableMatrix(rows) if isinstance(rows, sp.MatrixBase) else sp.ImmutableMatrix([rows])
    )


def _derivative(expr, *variables):
    if not all(isinstance(v, sp.Symbol) for v in variables):
        raise ValueError("Derivative takes an expression and then variables")
    return sp.Derivative(expr, *variables)


def _subs(expr, variables, values):
    """Subs(Derivative(u(x, 2), x), x, 1): sympy's spelling of a derivative at a point."""
    names = variables if isinstance(variables, sp.Tuple) else sp.Tuple(variables)
    if not all(isinstance(v, sp.Symbol) for v in names):
        raise ValueError("Subs takes an expression, variables and their values")
    return sp.Subs(expr, variables, values)


def _scalar(fn, n=1, m=None):
    return FunctionSpec(fn, n, m if m is not None else n)


def _matrix(fn):
    return FunctionSpec(fn, 1, 1, matrix=True)


FUNCTIONS: dict[str, FunctionSpec] = {
    **{
        name: _scalar(getattr(sp, name))
        for name in (
            "sin",
            "cos",
            "tan",
            "cot",
            "sec",
            "csc",
            "asin",
            "acos",
            "atan",
            "acot",
            "sinh",
            "cosh",
            "tanh",
            "asinh",
            "acosh",
            "atanh",
            "exp",
            "sqrt",
            "sign",
            "floor",
            "ceiling",
            "erf",
            "Heaviside",
            "re",
            "im",
            "conjugate",
        )
    },
    **{"arc" + name[1:]: _scalar(getattr(sp, name)) for name in ("asin", "acos", "atan")},
    "atan2": _scalar(sp.atan2, 2),
    "log": _scalar(_log, 1, 2),
    "ln": _scalar(sp.log),
    "log10": _scalar(lambda x: sp.log(x, 10)),
    "log2": _scalar(lambda x: sp.log(x, 2)),
    "cbrt": _scalar(lambda x: real_power(x, sp.Rational(1, 3))),
    "root": _scalar(_root, 2),
    "abs": _scalar(sp.Abs),
    "Abs": _scalar(sp.Abs),
    "ceil": _scalar(sp.ceiling),
    "heaviside": _scalar(sp.Heaviside),
    "factorial": _scalar(_bounded(sp.factorial)),
    "gamma": _scalar(_bounded(sp.gamma)),
    "min": _scalar(sp.Min, 1, 64),
    "max": _scalar(sp.Max, 1, 64),
    "Min": _scalar(sp.Min, 1, 64),
    "Max": _scalar(sp.Max, 1, 64),
    "sigmoid": _scalar(sigmoid),
    "relu": _scalar(_relu),
    "Derivative": _scalar(_derivative, 2, 16),
    "Subs": _scalar(_subs, 3),
    "expm": _matrix(lambda m: m.exp()),
    "det": _matrix(lambda m: m.det()),
    "trace": _matrix(lambda m: m.trace()),
    "inv": _matrix(lambda m: m.inv()),
    "transpose": _matrix(lambda m: m.T),
    "Matrix": FunctionSpec(_matrix_literal, 1, 1, matrix=True),
}

CONSTANTS = {"pi": sp.pi, "e": sp.E, "E": sp.E, "I": sp.I, "oo": sp.oo}


def apply_function(name: str, args: list, source: str, pos: int):
    spec = FUNCTIONS[name]
    if not spec.min_args <= len(args) <= spec.max_args:
        want = (
            spec.min_args
            if spec.min_args == spec.max_args
            else (f"{spec.min_args} to {spec.max_args}")
        )
        raise ParseError(
            f"{name} takes {want} argument{'s' if want != 1 else ''}, not {len(args)}",
            source=source,
            position=pos,
        )
    is_matrix = [isinstance(a, sp.MatrixBase) for a in args]
    if spec.matrix and name != "Matrix" and not all(is_matrix):
        raise ShapeError(f"{name} needs a matrix argument", source=source, position=pos)
    if not spec.matrix and any(is_matrix):
        raise ShapeError(
            f"{name} takes scalar arguments, not a matrix", source=source, position=pos
        )
    try:
        return spec.build(*args)
    except (
        ValueError,
        TypeError,
        ArithmeticError,
        sp.matrices.exceptions.NonSquareMatrixError,
    ) as exc:
        raise ShapeError(
            f"{name} cannot be applied here: {_first_sentence(exc)}", source=source, position=pos
        ) from None


def _first_sentence(exc: Exception) -> str:
    text = str(exc).strip().split("\n")[0] or type(exc).__name__
    return text[:160].rstrip(".")

"""Numeric evaluation of sympy trees, without generating or running any code.

sympy.lambdify prints an expression as Python source and exec's it with the
builtins in scope, so an undefined function a user named `eval` would become a
call of Python's eval. Here nothing is printed or exec'd: each node type is
looked up in an explicit table of numpy functions (NUMPY below), the tree is
turned into nested closures once, and a node outside the table is refused.
Undefined functions have no numeric value and are refused with a sentence.

Values are real floats (sqrt of a negative number is NaN, "undefined"), unless
the expression has the imaginary unit in it: then they are complex, and the
real-valued wrappers turn a value with an imaginary part into NaN.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from calcli.errors import InputError, Unsolved
from calcli.parsing.functions import RealRoot, elementary

IMAGINARY_NOISE = 1e-12  # relative: an imaginary part this small is round-off


def _real_only(fn: Callable) -> Callable:
    """A function of real arguments only: NaN wherever an argument is not real."""

    def apply(*args):
        arrays = np.broadcast_arrays(*(np.asarray(a, dtype=complex) for a in args))
        real = np.logical_and.reduce([a.imag == 0 for a in arrays])
        return np.where(real, fn(*(a.real for a in arrays)), np.nan)

    return apply


def _acot(z):
    return np.where(z == 0, np.pi / 2, np.arctan(1 / np.where(z == 0, 1, z)))


def _dirac(x):
    """0 away from 0; undefined (NaN) at 0, where it is infinite."""
    return np.where(x == 0, np.nan, 0.0)


def _variadic(fn: Callable) -> Callable:
    def apply(*args):
        out = args[0]
        for a in args[1:]:
            out = fn(out, a)
        return out

    return apply


def _special(name: str) -> Callable:
    """scipy.special functions, imported only when an expression needs them."""

    def apply(*args):
        import scipy.special

        return getattr(scipy.special, name)(*args)

    return apply


def _polygamma(n, x):
    import scipy.special

    return scipy.special.polygamma(n.astype(int), x) if np.all(n == np.round(n)) else np.nan * x


NUMPY: dict[type, Callable] = {
    sp.sin: np.sin,
    sp.cos: np.cos,
    sp.tan: np.tan,
    sp.cot: lambda z: 1 / np.tan(z),
    sp.sec: lambda z: 1 / np.cos(z),
    sp.csc: lambda z: 1 / np.sin(z),
    sp.asin: np.arcsin,
    sp.acos: np.arccos,
    sp.atan: np.arctan,
    sp.acot: _acot,
    sp.sinh: np.sinh,
    sp.cosh: np.cosh,
    sp.tanh: np.tanh,
    sp.asinh: np.arcsinh,
    sp.acosh: np.arccosh,
    sp.atanh: np.arctanh,
    sp.exp: np.exp,
    sp.log: np.log,
    sp.Abs: np.abs,
    sp.re: np.real,
    sp.im: np.imag,
    sp.conjugate: np.conj,
    sp.sign: _real_only(np.sign),
    sp.floor: _real_only(np.floor),
    sp.ceiling: _real_only(np.ceil),
    sp.Heaviside: _real_only(lambda x, *h: np.heaviside(x, 0.5)),
    sp.DiracDelta: _real_only(_dirac),
    sp.atan2: _real_only(np.arctan2),
    sp.Min: _real_only(_variadic(np.minimum)),
    sp.Max: _real_only(_variadic(np.maximum)),
    sp.erf: _special("erf"),
    sp.gamma: _special("gamma"),
    sp.factorial: lambda z: _special("gamma")(z + 1),
    sp.polygamma: _real_only(_polygamma),
    RealRoot: _real_only(lambda x, q: np.sign(x) * np.abs(x) ** (1 / q)),
}


def _constant(node) -> complex:
    """The value of a number or a constant such as pi; NaN for undefined (zoo, nan)."""
    if node.has(sp.zoo, sp.nan):
        return complex(np.nan)
    try:
        return complex(node.evalf(17))
    except OverflowError:
        return complex(np.inf)
    except (TypeError, ValueError):
        raise _no_value(node) from None


def _no_value(node) -> Exception:
    undefined = sorted({f.func.__name__ for f in node.atoms(AppliedUndef)})
    if undefined:
        return InputError(
            f"the undefined function {undefined[0]} has no numeric value, so this cannot be "
            f"computed numerically",
            hint="give it a formula instead of naming it in --functions",
        )
    return Unsolved(f"{type(node).__name__} cannot be evaluated numerically")


class _Builder:
    """Turns a tree into closures of the argument list; shared subtrees are built once."""

    def __init__(self, variables: Sequence[sp.Symbol], dtype: type, table: dict):
        self.index = {v: i for i, v in enumerate(variables)}
        self.dtype = dtype
        self.table = table
        self.built: dict = {}

    def __call__(self, node) -> Callable:
        if node not in self.built:
            self.built[node] = self.build(node)
        return self.built[node]

    def build(self, node) -> Callable:
        if node in self.index:
            i = self.index[node]
            return lambda args: args[i]
        if isinstance(node, sp.Symbol):
            raise InputError(f"{node.name} has no value here (give it one with --at)")
        if node.is_Atom:
            value = _constant(node)
            value = value.real if self.dtype is float and value.imag == 0 else value
            return lambda args: value
        # in the order sympy prints (and lambdify summed): the same round-off
        if isinstance(node, sp.Add):
            parts = [self(a) for a in node.as_ordered_terms()]
            return lambda args: sum(p(args) for p in parts)
        parts = [self(a) for a in node.args]
        if isinstance(node, sp.Mul):
            return lambda args: _product(p(args) for p in parts)
        if isinstance(node, sp.Pow):
            base, exponent = parts
            return lambda args: base(args) ** exponent(args)
        fn = self.table.get(node.func)
        if fn is None:
            raise _no_value(node)
        return lambda args: fn(*(p(args) for p in parts))


def _product(values):
    out = 1
    for v in values:
        out = out * v
    return out


# In a derivative, sign(x) and Heaviside(x) come from |x|, max, relu: at 0 they stand for a kink or
# a jump, where the derivative does not exist (grad says "undefined" there too), not for sympy's
# sign(0) = 0.
KINKS = {
    sp.sign: _real_only(lambda x: np.where(x == 0, np.nan, np.sign(x))),
    sp.Heaviside: _real_only(lambda x, *h: np.where(x == 0, np.nan, np.heaviside(x, 0.5))),
}


def compile_numeric(
    expr, variables: Sequence[sp.Symbol], derivative: bool = False
) -> Callable[[Sequence], np.ndarray]:
    """f(values) for values, one number or array per variable: the complex value of expr.
    `derivative`: expr is a derivative, so sign and Heaviside are undefined at 0 (KINKS)."""
    if expr.atoms(AppliedUndef):
        raise _no_value(expr)
    dtype = complex if expr.has(sp.I) else float
    closure = _Builder(variables, dtype, {**NUMPY, **KINKS} if derivative else NUMPY)(
        elementary(expr)
    )

    def evaluate(values):
        with np.errstate(all="ignore"):
            return np.asarray(closure([np.asarray(v, dtype=dtype) for v in values]), dtype=complex)

    return evaluate


def real_part(values) -> np.ndarray:
    """Real values, NaN where the imaginary part is more than round-off."""
    values = np.asarray(values, dtype=complex)
    with np.errstate(all="ignore"):
        real = np.abs(values.imag) <= IMAGINARY_NOISE * np.maximum(1, np.abs(values.real))
    return np.where(real, values.real, np.nan)


def real_function(
    expr, x: sp.Symbol, derivative: bool = False
) -> Callable[[np.ndarray], np.ndarray]:
    """A numpy function of one variable on arrays; NaN where the value is not a finite real
    (1/x at 0 is undefined, not infinite; exp(1000) is too large for a float)."""
    compiled = compile_numeric(expr, [x], derivative)

    def f(points):
        points = np.asarray(points, dtype=float)
        values = real_part(np.broadcast_to(compiled([points]), points.shape))
        return np.where(np.isfinite(values), values, np.nan)

    return f


def scalar_function(expr, variables: Sequence[sp.Symbol]) -> Callable[[Sequence[float]], float]:
    """f(point) -> float for optimisers; NaN where the value is not real."""
    compiled = compile_numeric(expr, variables)
    return lambda point: float(real_part(compiled(list(point))))


def vector_function(
    exprs: Sequence, variables: Sequence[sp.Symbol]
) -> Callable[[Sequence[float]], np.ndarray]:
    """f(point) -> the real values of several expressions as one array (NaN where not real)."""
    compiled = [compile_numeric(e, variables) for e in exprs]
    return lambda point: np.array([float(real_part(c(list(point)))) for c in compiled])

"""Simplification bounded by the expression, never by a clock: the inputs that ran for minutes
answer, with values checked against mpmath's numeric derivatives (benchmarks/corpus.py measures
the time)."""

import mpmath
import sympy as sp

import calcli
from calcli.ops.simplify import bounded_simplify, is_large_for_trig, tidy
from tests.conftest import x, y

mpmath.mp.dps = 30


def numeric_partial(f, point, orders):
    return mpmath.diff(f, point, orders)


def test_the_laplacian_that_took_84_s():
    def f(a, b):
        return (
            mpmath.cos(-3 * a * b**3) + mpmath.cos(3 * a - b + 3) + mpmath.tanh(-2 * a + 3 * b - 3)
        )

    point = (mpmath.mpf(1) / 2, mpmath.mpf(3) / 2)
    expected = numeric_partial(f, point, (2, 0)) + numeric_partial(f, point, (0, 2))
    got = calcli.laplacian(
        "cos(-3x*y^3) + cos(3x - y + 3) + tanh(-2x + 3y - 3)", wrt="x,y", at="x=1/2,y=3/2"
    )
    assert abs(complex(sp.N(got.value, 30)) - complex(expected)) < 1e-15


def test_the_hessians_that_did_not_finish():
    f = lambda a, b: mpmath.cos((2 * a + b) ** 3)  # noqa: E731
    result = calcli.gradient("cos((2x+y)^3)", wrt="x,y", hessian=True)
    point = {x: sp.Rational(1, 5), y: sp.Rational(-1, 7)}
    for i in range(2):
        for j in range(2):
            orders = (int(i == 0) + int(j == 0), int(i == 1) + int(j == 1))
            expected = numeric_partial(f, (mpmath.mpf(1) / 5, mpmath.mpf(-1) / 7), orders)
            assert (
                abs(complex(sp.N(result.hessian[i, j].xreplace(point), 30)) - complex(expected))
                < 1e-12
            )
    g = lambda a, b: mpmath.cos((-2 * a - b) ** 3)  # noqa: E731
    at = calcli.gradient("cos((-2x - y)^3)", at="x=1,y=-1", wrt="x,y", hessian=True)
    assert (
        abs(
            complex(sp.N(at.hessian_value[0, 0], 30)) - complex(numeric_partial(g, (1, -1), (2, 0)))
        )
        < 1e-12
    )


def test_second_derivatives_of_short_expressions_answer():
    for text, f in [
        ("sin(x^2)*cos(x^3)", lambda a: mpmath.sin(a**2) * mpmath.cos(a**3)),
        ("tan(x*exp(x))", lambda a: mpmath.tan(a * mpmath.exp(a))),
    ]:
        d = calcli.derivative(text, order=2, wrt="x").derivative
        assert (
            abs(
                complex(sp.N(d.xreplace({x: sp.Rational(1, 3)}), 30))
                - complex(mpmath.diff(f, mpmath.mpf(1) / 3, 2))
            )
            < 1e-12
        )


def test_the_cheap_rewrites_keep_what_simplify_was_for():
    r, t = sp.Symbol("r", real=True), sp.Symbol("theta", real=True)
    # sin² + cos² of any argument
    assert bounded_simplify(r * sp.sin(x * y) ** 2 + r * sp.cos(x * y) ** 2) == r
    assert bounded_simplify(sp.cosh(x * y) ** 2 - sp.sinh(x * y) ** 2) == 1
    assert (
        sp.simplify(
            bounded_simplify((sp.cos(x * y) * x - sp.sin(x * y)) / x**2 + sp.sin(x * y) / x**2)
            - sp.cos(x * y) / x
        )
        == 0
    )
    # simplify() itself, where its cost is bounded
    assert tidy(r * sp.sin(t) ** 2 + r * sp.cos(t) ** 2) == r


def test_which_path_runs_depends_on_the_expression_only():
    assert not is_large_for_trig(sp.sin(x) + sp.cos(2 * x) + sp.tan(x / 3) + sp.sin(sp.pi / 5))
    assert (
        is_large_for_trig(sp.sin(x * y))
        and is_large_for_trig(sp.cos((2 * x + y) ** 3))
        and is_large_for_trig(sp.tanh(x + 1))
    )

"""Differential tests: each command against an independent second method (numpy, scipy,
sampling), on random problems of bounded size with fixed seeds. A larger slice:
CALCLI_DIFF_EXAMPLES=2000 python -m pytest tests/test_differential.py."""

import os

import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calcli import minimize_constrained, solve
from tests.conftest import x

EXAMPLES = int(os.environ.get("CALCLI_DIFF_EXAMPLES", "40"))
SETTINGS = settings(
    max_examples=EXAMPLES, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck)
)
small = st.integers(-6, 6)


# a quartic in radicals costs up to 2 s to solve and check
@settings(SETTINGS, max_examples=max(1, EXAMPLES // 4))
@given(st.lists(small, min_size=2, max_size=5).filter(lambda c: c[0] != 0))
def test_real_roots_match_numpy(coefficients):
    """Every real root numpy finds is among solve's solutions, and every solution satisfies the
    equation."""
    polynomial = sum(c * x**k for k, c in enumerate(reversed(coefficients)))
    result = solve(f"{polynomial} = 0".replace("**", "^"))
    if result.status != "solved":
        return  # no closed form: nothing to compare
    found = sorted(float(sp.re(sp.N(s[x], 30))) for s in result.solutions)
    for value in found:
        assert abs(complex(sp.N(polynomial.subs(x, value), 20))) < 1e-6 * (1 + abs(value)) ** len(
            coefficients
        )
    expected = sorted(r.real for r in np.roots(coefficients) if abs(r.imag) < 1e-7)
    for root in expected:
        assert min(abs(root - v) for v in found) < 1e-5 * (1 + abs(root)), (
            polynomial,
            found,
            expected,
        )


@SETTINGS
@given(small.filter(bool), small, small, st.sampled_from(["<", "<=", ">", ">="]))
def test_quadratic_inequalities_match_sampling(a, b, c, op):
    """Membership in solve's set agrees with evaluating the inequality at sample points."""
    result = solve(f"{a}x^2 + {b}x + {c} {op} 0")
    check = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}[op]
    for t in np.linspace(-7.3, 7.3, 59):
        value = a * t * t + b * t + c
        if abs(value) < 1e-9:
            continue  # on the boundary: floating point cannot tell
        assert bool(result.solution_set.contains(sp.Rational(str(round(t, 6))))) == bool(
            check(value, 0)
        ), (a, b, c, op, t)


@SETTINGS
@given(st.integers(1, 5), st.integers(1, 5), st.integers(-2, 2), small, small, small, small)
def test_box_quadratics_match_scipy_multistart(p, q, r, d, e, lo, hi):
    """A convex quadratic on a box: calcli's optimum value equals scipy's best over a grid of
    starts."""
    from scipy.optimize import minimize

    if r * r >= p * q * 4 or lo >= hi:
        return  # keep it convex, and the box non-empty

    def f(v):
        return p * v[0] ** 2 + q * v[1] ** 2 + r * v[0] * v[1] + d * v[0] + e * v[1]

    text = f"{p}x^2 + {q}y^2 + {r}x*y + {d}x + {e}y"
    result = minimize_constrained(
        text, subject_to=[f"x >= {lo}", f"x <= {hi}", f"y >= {lo}", f"y <= {hi}"]
    )
    best = min(
        minimize(f, [sx, sy], bounds=[(lo, hi)] * 2, method="L-BFGS-B").fun
        for sx in np.linspace(lo, hi, 3)
        for sy in np.linspace(lo, hi, 3)
    )
    assert result.optimum.numeric["objective"] == pytest.approx(best, abs=1e-6)


def test_complex_roots_sympy_calls_real_are_not_solutions():
    """Found by test_real_roots_match_numpy: x^4 + x + 1 > 0 everywhere, yet sympy's roots passed
    as real."""
    assert solve("x^4 + x + 1 = 0").status == "no_solution"
    # three real roots, written with i
    roots = sorted(float(s[x]) for s in solve("x^3 - 3x + 1 = 0").solutions)
    assert roots == pytest.approx(sorted(np.roots([1, 0, -3, 1]).real))


# --- grad, div, curl, laplacian, jacobian against central differences ---------------------------
# Each random expression is built twice, as text for calcli and as a sympy tree built directly (not
# parsed), and the derivatives calcli gives at a point are compared with central differences of the
# tree at 40 digits.

X, Y, Z = sp.symbols("x y z", real=True)
LEAVES = st.sampled_from([("x", X), ("y", Y), ("z", Z)]) | st.integers(-3, 3).map(
    lambda n: (f"({n})", sp.Integer(n))
)
UNARY = {"sin": sp.sin, "cos": sp.cos, "atan": sp.atan, "exp": lambda u: sp.exp(u / 4)}
BINARY = {"+": sp.Add, "-": lambda a, b: a - b, "*": sp.Mul}


def _apply_unary(name, arg):
    text, tree = arg
    if name == "exp":
        return f"exp(({text})/4)", UNARY[name](tree)
    if name == "sq":
        return f"({text})^2", tree**2
    if name == "root":
        return f"sqrt(1 + ({text})^2)", sp.sqrt(1 + tree**2)
    return f"{name}({text})", UNARY[name](tree)


def _expressions():
    return st.recursive(
        LEAVES,
        lambda inner: st.one_of(
            st.tuples(st.sampled_from([*UNARY, "sq", "root"]), inner).map(
                lambda p: _apply_unary(*p)
            ),
            st.tuples(inner, st.sampled_from(sorted(BINARY)), inner).map(
                lambda p: (f"({p[0][0]}) {p[1]} ({p[2][0]})", BINARY[p[1]](p[0][1], p[2][1]))
            ),
        ),
        max_leaves=8,
    )


POINTS = st.tuples(*[st.integers(-9, 9).map(lambda n: sp.Rational(n, 4))] * 3)
H = sp.Rational(1, 10**12)


def _partial(tree, v, point, order=1):
    """Central difference of the tree at 40 digits: f' ≈ (f(v+h) - f(v-h)) / 2h, f'' ≈ (f(v+h) -
    2f + f(v-h)) / h²."""
    at = dict(zip((X, Y, Z), point))

    def f(shift):
        return sp.N(tree.xreplace({**at, v: at[v] + shift}), 40)

    return (f(H) - f(-H)) / (2 * H) if order == 1 else (f(H) - 2 * f(0) + f(-H)) / H**2


def _close(exact, approx, scale=1):
    return abs(complex(sp.N(exact, 30)) - complex(approx)) < 1e-6 * (scale + abs(complex(approx)))


def _at(point):
    return {"x": point[0], "y": point[1], "z": point[2]}


@SETTINGS
@given(_expressions(), POINTS)
def test_gradients_match_central_differences(expression, point):
    from calcli import gradient

    text, tree = expression
    result = gradient(text, wrt="x,y,z", at=_at(point))
    for v, value in zip((X, Y, Z), result.value):
        assert _close(value, _partial(tree, v, point)), (text, point, v)


@SETTINGS
@given(st.tuples(_expressions(), _expressions(), _expressions()), POINTS)
def test_field_operators_match_central_differences(field, point):
    from calcli import curl, divergence, jacobian

    texts, trees = [t for t, _ in field], [tree for _, tree in field]
    source = "[" + ", ".join(texts) + "]"
    d = [[_partial(tree, v, point) for v in (X, Y, Z)] for tree in trees]  # d[i][j] = ∂F_i/∂x_j
    assert _close(
        divergence(source, wrt="x,y,z", at=_at(point)).value, d[0][0] + d[1][1] + d[2][2], 3
    ), (source, point)
    expected_curl = (d[2][1] - d[1][2], d[0][2] - d[2][0], d[1][0] - d[0][1])
    for got, want in zip(curl(source, wrt="x,y,z", at=_at(point)).value, expected_curl):
        assert _close(got, want, 3), (source, point)
    matrix = jacobian(source, wrt="x,y,z", at=_at(point)).value
    for i in range(3):
        for j in range(3):
            assert _close(matrix[i, j], d[i][j]), (source, point, i, j)


@SETTINGS
@given(_expressions(), POINTS)
def test_laplacians_match_second_differences(expression, point):
    from calcli import laplacian

    text, tree = expression
    expected = sum(_partial(tree, v, point, order=2) for v in (X, Y, Z))
    assert _close(laplacian(text, wrt="x,y,z", at=_at(point)).value, expected, 10), (text, point)


@SETTINGS
@given(st.lists(_expressions(), min_size=1, max_size=6))
def test_term_by_term_derivatives_equal_sympys(terms):
    """calcli differentiates a sum only in the terms that hold the variable (linear time); sympy's
    diff is the reference."""
    from calcli.ops.simplify import differentiate

    total = sp.Add(*(tree for _, tree in terms))
    for v in (X, Y, Z):
        assert sp.expand(differentiate(total, v) - sp.diff(total, v)) == 0


# --- the calculus commands against numeric references (mpmath at 30 digits) -----------------------
# One variable: leaves x and small integers, the same unary and binary steps. Each slice is a fixed
# seed; CALCLI_DIFF_EXAMPLES=N runs N of each.

import mpmath  # noqa: E402

ONE_LEAF = st.just(("x", X)) | st.integers(-3, 3).map(lambda n: (f"({n})", sp.Integer(n)))


def _one_variable(max_leaves: int = 6):
    return st.recursive(
        ONE_LEAF,
        lambda inner: st.one_of(
            st.tuples(st.sampled_from([*UNARY, "sq", "root"]), inner).map(
                lambda p: _apply_unary(*p)
            ),
            st.tuples(inner, st.sampled_from(sorted(BINARY)), inner).map(
                lambda p: (f"({p[0][0]}) {p[1]} ({p[2][0]})", BINARY[p[1]](p[0][1], p[2][1]))
            ),
        ),
        max_leaves=max_leaves,
    ).filter(lambda e: X in e[1].free_symbols)


def _mp(tree):
    return sp.lambdify(X, tree, "mpmath")


# never a "nice" point
ONE_POINT = st.integers(-12, 12).map(lambda n: mpmath.mpf(n) / 5 + mpmath.mpf(1) / 7)


@SETTINGS
@given(_one_variable(), ONE_POINT)
def test_derivatives_match_numeric_differentiation(expression, at):
    from calcli import derivative

    text, tree = expression
    d = derivative(text).derivative
    assert abs(_mp(d)(at) - mpmath.diff(_mp(tree), at)) < 1e-12 * (
        1 + abs(mpmath.diff(_mp(tree), at))
    ), text


# Integrands calcli (sympy) integrates in closed form: a polynomial times exp, sin or cos of a
# multiple of x.
INTEGRANDS = st.tuples(
    st.lists(st.integers(-3, 3), min_size=1, max_size=3),
    st.sampled_from(["exp", "sin", "cos", "1"]),
    st.integers(1, 3),
).map(
    lambda p: (
        f"({' + '.join(f'({c})*x^{k}' for k, c in enumerate(p[0]))})"
        + (f"*{p[1]}({p[2]}*x)" if p[1] != "1" else ""),
        sp.Add(*(c * X**k for k, c in enumerate(p[0])))
        * ({"exp": sp.exp, "sin": sp.sin, "cos": sp.cos}[p[1]](p[2] * X) if p[1] != "1" else 1),
    )
)


@SETTINGS
@given(INTEGRANDS, ONE_POINT, ONE_POINT)
def test_antiderivatives_differentiate_back_and_definite_integrals_match_quadrature(
    integrand, a, b
):
    from calcli import integrate

    text, tree = integrand
    F = integrate(text).integral
    assert abs(mpmath.diff(_mp(F), a) - _mp(tree)(a)) < 1e-10 * (1 + abs(_mp(tree)(a))), text
    definite = integrate(text, lower=str(sp.nsimplify(float(a))), upper=str(sp.nsimplify(float(b))))
    reference = mpmath.quad(_mp(tree), [sp.nsimplify(float(a)), sp.nsimplify(float(b))])
    assert abs(float(definite.numeric) - float(reference)) < 1e-9 * (1 + abs(float(reference))), (
        text
    )


@SETTINGS
@given(
    st.lists(st.integers(-4, 4), min_size=2, max_size=4),
    st.lists(st.integers(-4, 4), min_size=2, max_size=4),
    st.integers(-2, 2),
)
def test_limits_of_rational_functions_match_a_numeric_approach(top, bottom, a):
    from calcli import limit

    p, q = sp.Poly(top, X).as_expr(), sp.Poly(bottom, X).as_expr()
    if q == 0:
        return
    text = f"({sp.sstr(p)})/({sp.sstr(q)})"
    result = limit(text, at=f"x={a}")
    g = _mp(p / q)
    with mpmath.workdps(60):  # 1e-15 from the point, without losing the difference to cancellation
        near = [g(a + s * mpmath.mpf("1e-15")) for s in (1, -1)]
    if result.status == "exists":  # both sides close to the value
        assert all(abs(v - _mp(result.limit)(0)) < 1e-6 * (1 + abs(v)) for v in near), text
    elif result.status == "infinite":  # both sides huge, with the sign of the limit
        assert all(
            abs(v) > 1e6 and mpmath.sign(v) == (1 if result.limit == sp.oo else -1) for v in near
        ), text
    else:  # does not exist: the sides head to different infinities
        assert (
            result.status == "does_not_exist"
            and mpmath.sign(near[0]) != mpmath.sign(near[1])
            and min(abs(v) for v in near) > 1e6
        ), text


@SETTINGS
@given(_one_variable(max_leaves=4), st.integers(2, 5))
def test_series_coefficients_match_numeric_taylor_coefficients(expression, order):
    from calcli import series

    text, tree = expression
    result = series(text, at="x=0", order=order)
    polynomial = sp.Poly(result.polynomial, X)
    for k in range(order):
        numeric_coefficient = mpmath.diff(_mp(tree), 0, k) / mpmath.factorial(k)
        assert abs(float(polynomial.coeff_monomial(X**k)) - numeric_coefficient) < 1e-9 * (
            1 + abs(numeric_coefficient)
        ), (text, k)


CUBIC_TERMS = [X**i * Y**j for i in range(4) for j in range(4) if 1 <= i + j <= 3]


@settings(SETTINGS, max_examples=max(1, EXAMPLES // 2))
@given(st.lists(st.integers(-3, 3), min_size=len(CUBIC_TERMS), max_size=len(CUBIC_TERMS)))
def test_critical_points_of_cubics_have_zero_gradient_and_their_sampled_kind(coefficients):
    from calcli import critical_points

    f = sp.Add(*(c * t for c, t in zip(coefficients, CUBIC_TERMS)))
    if not {X, Y} <= f.free_symbols:
        return
    result = critical_points(sp.sstr(f))
    for p in result.points:
        if any(v.free_symbols for v in p.point.values()):
            continue  # a line of stationary points
        at = {v: sp.N(p.point[v], 30) for v in (X, Y)}
        assert all(abs(sp.diff(f, v).subs(at)) < 1e-20 for v in (X, Y)), (f, p.point)
        # the kind against the eigenvalues of a numeric Hessian (mpmath.diff)
        if p.test != "inconclusive":
            g = sp.lambdify((X, Y), f, "mpmath")
            point = (mpmath.mpf(str(at[X])), mpmath.mpf(str(at[Y])))
            h = mpmath.matrix(
                [
                    [
                        mpmath.diff(g, point, tuple(int(k == a) + int(k == b) for k in range(2)))
                        for b in range(2)
                    ]
                    for a in range(2)
                ]
            )
            signs = {int(mpmath.sign(e)) for e in mpmath.eigsy(h)[0]}
            want = {"local minimum": {1}, "local maximum": {-1}, "saddle": {1, -1}}[
                p.classification
            ]
            assert signs == want, (f, p.point, p.classification, signs)

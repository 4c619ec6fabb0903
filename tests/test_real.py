"""Real-calculus answers: variables are real, so a point outside the real domain is undefined, a limit from a
side where the function is not real does not exist, antiderivatives are real on each interval (ln|x|) and
checked before they are shown, a pole inside the interval makes an integral divergent, and step functions
integrate piece by piece. Each value is checked against mpmath (numeric derivatives, quadrature), never
against calcli's own output."""

import math

import mpmath
import pytest
import sympy as sp

import calcli
from tests.conftest import x

mpmath.mp.dps = 30


# --- outside the real domain -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, why", [(lambda: calcli.derivative("ln(x)", at="x=-1"), "log needs x > 0"), (lambda: calcli.derivative("asin(x)", at="x=2"), "asin needs")]
)
def test_a_derivative_at_a_point_outside_the_domain_is_undefined(call, why):
    result = call()
    assert result.value is sp.nan and any(why in n for n in result.readings)


def test_a_gradient_at_a_point_outside_the_domain_is_undefined():
    result = calcli.gradient("sqrt(x)", at="x=-4")
    assert result.value == (sp.nan,) and any("square root needs x ≥ 0" in n for n in result.readings)
    assert calcli.gradient("sqrt(x)", at="x=4").value == (sp.Rational(1, 4),)  # 1/(2√4), by hand


@pytest.mark.parametrize(
    "expression, at, direction",
    [
        ("sqrt(x-2)", "x=1", "+-"),
        ("ln(x)", "x=0", "-"),
        ("sqrt(x^2 - 1)", "x=0", "+-"),
        ("asin(x)", "x=2", "+-"),
        ("log(x - 2)", "x=0", "+-"),
        ("sqrt(-1 - x^2)", "x=0", "+-"),
    ],
)
def test_a_limit_where_the_function_is_not_real_does_not_exist(expression, at, direction):
    result = calcli.limit(expression, at=at, direction=direction)
    assert result.status == "does_not_exist" and result.limit is None and any("over the reals" in n for n in result.readings)


def test_a_limit_defined_on_one_side_only_is_that_sides():
    result = calcli.limit("sqrt(x)", at="x=0")
    assert (result.status, result.limit, result.direction) == ("exists", 0, "+")
    assert any("not defined for x < 0" in n for n in result.readings)
    assert calcli.limit("ln(x)", at="x=0").limit == -sp.oo  # from the right: ln x → -∞


# --- antiderivatives real on each interval, checked before they are shown --------------------------------


def derivative_matches(F, f, points) -> bool:
    g = sp.lambdify(x, F, "mpmath")  # test side only: the expression is calcli's own result, not user text
    h = sp.lambdify(x, f, "mpmath")
    return all(abs(mpmath.diff(g, mpmath.mpf(p)) - h(mpmath.mpf(p))) < 1e-15 for p in points)


@pytest.mark.parametrize(
    "integrand, points",
    [
        ("1/x", [-3, -0.5, 0.5, 3]),
        ("sec(x)", [-1, 0.5, 2, 4]),  # intervals between the poles at ±π/2, 3π/2
        ("tan(x)", [-1, 0.5, 2, 4]),
        ("cot(x)", [-2, -0.5, 0.5, 2]),
        ("1/(x^2 - 1)", [-3, 0.5, 3]),
        ("1/(x - 2)", [0, 5]),
    ],
)
def test_an_antiderivative_is_real_and_right_on_every_interval(integrand, points):
    result = calcli.integrate(integrand)
    F, f = result.integral, result.expression
    assert result.status == "solved" and not F.has(sp.I)
    assert all(sp.N(F.xreplace({x: sp.Float(p)})).is_real for p in points)
    assert derivative_matches(F, f, points)


def test_ln_abs_x_is_the_antiderivative_of_one_over_x():
    assert calcli.integrate("1/x").integral == sp.log(sp.Abs(x))


@pytest.mark.parametrize("integrand", ["1/(x*sqrt(x^2 + 1))", "1/(x*sqrt(1 - x^2))"])
def test_a_wrong_antiderivative_from_the_engine_is_not_shown(integrand):
    """sympy's -|x|·asinh(1/|x|)/x has derivative +1.248 at x = -2/3, where 1/(x√(x²+1)) is -1.248."""
    result = calcli.integrate(integrand)
    if result.status == "solved":  # a later sympy may get it right: then it must be right everywhere
        assert derivative_matches(result.integral, result.expression, [-0.9, -0.4, 0.4, 0.9])
    else:
        assert result.integral is None and any("not shown" in n for n in result.readings)


# --- divergence named, steps integrated -------------------------------------------------------------------


@pytest.mark.parametrize(
    "integrand, low, high, pole", [("1/x", "-1", "1", "x = 0"), ("tan(x)", "0", "pi", "x = pi/2"), ("1/(x-1)", "0", "2", "x = 1"), ("1/x", "0", "1", "x = 0")]
)
def test_a_pole_inside_the_interval_makes_the_integral_divergent(integrand, low, high, pole):
    result = calcli.integrate(integrand, lower=low, upper=high)
    assert result.status == "divergent" and (any(pole in n for n in result.readings) or result.integral in (sp.oo, -sp.oo))
    assert calcli.integrate(integrand, lower=low, upper=high, numeric_fallback=True).status == "divergent"


def test_an_integrable_singularity_keeps_its_value():
    value = calcli.integrate("1/sqrt(abs(x))", lower="-1", upper="1").numeric
    assert math.isclose(value, float(mpmath.quad(lambda t: 1 / mpmath.sqrt(abs(t)), [-1, 0, 1])), rel_tol=1e-9)


@pytest.mark.parametrize(
    "integrand, low, high, reference",
    [
        ("floor(x)", "0", "3", lambda t: mpmath.floor(t)),
        ("ceiling(x/2)", "0", "5", lambda t: mpmath.ceil(t / 2)),
        ("x*floor(x)", "0", "2", lambda t: t * mpmath.floor(t)),
        ("floor(2x) - x", "0", "1.5", lambda t: mpmath.floor(2 * t) - t),
    ],
)
def test_a_step_function_is_integrated_piece_by_piece(integrand, low, high, reference):
    result = calcli.integrate(integrand, lower=low, upper=high)
    a, b = float(sp.Rational(low)), float(sp.Rational(high))
    breaks = sorted({a, b, *[k / 2 for k in range(int(2 * a), int(2 * b) + 1) if a <= k / 2 <= b]})
    assert result.status == "solved" and math.isclose(float(result.integral), float(mpmath.quad(reference, breaks)), rel_tol=1e-12)


# --- critical points on a line ----------------------------------------------------------------------------


@pytest.mark.parametrize("expression", ["x^2 y", "x^2 y^2", "x y^2 + x^2 y^2"])
def test_a_line_of_stationary_points_is_a_family_not_an_engine_failure(expression):
    result = calcli.critical_points(expression)
    family = [p for p in result.points if any(v.free_symbols for v in p.point.values())]
    assert family and all("family" in p.classification for p in family)
    f = sp.sympify(result.expression)
    for p in family:  # the gradient vanishes all along the family, by differentiation
        assert all(sp.simplify(sp.diff(f, v).xreplace(p.point)) == 0 for v in result.variables)


# --- an unknown no equation holds is free -----------------------------------------------------------------


def test_an_unknown_of_a_system_that_no_equation_holds_is_free():
    result = calcli.solve(["2*y = -4", "2*y = -4"], unknowns="x,y")
    assert result.status == "solved" and len(result.solutions) == 1
    (solution,) = result.solutions
    assert solution[sp.Symbol("y", real=True)] == -2 and solution[x] == x  # x free: {(x, -2) | x ∈ ℝ}, by hand
    with pytest.raises(Exception, match="does not occur"):
        calcli.solve("x^2 = 4", unknowns="z")  # none of the named unknowns occurs: a mistake


def test_a_gradient_that_never_vanishes_has_no_stationary_point():
    result = calcli.critical_points("3*y - x^3")  # ∂f/∂y = 3 ≠ 0 everywhere, by hand
    assert result.points == () and "no stationary point" in result.min_note

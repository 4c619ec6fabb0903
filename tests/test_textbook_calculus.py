"""Sixty-five textbook exercises for diff, integrate, limit, series and critical-points, in the
style of Stewart's Calculus (8th ed., §§2.2-2.6, 3.1-3.6, 4.4, 5.5, 7.1-7.4, 7.8, 11.10, 14.7)
and OpenStax Calculus 1-3. Each answer is worked by hand in the comment beside it; the tests
compare calcli's answer with it as mathematics (exact difference 0, or equal sets), and check the
hand answer numerically too (a numeric derivative, quadrature, values near the point), so a slip
in a comment fails as well."""

import math

import mpmath
import pytest
import sympy as sp

import calcli
from tests.conftest import x

mpmath.mp.dps = 30
y = sp.Symbol("y", real=True)


def as_sympy(text: str):
    return sp.sympify(text, locals={"x": x, "y": y, "e": sp.E, "ln": sp.log})


def parsed(text: str):
    """The exercise as calcli reads it (2x, ln, ^): the same expression the hand answer is for."""
    return calcli.parse(text).value


def mp(expression):
    return sp.lambdify(x, expression, "mpmath")


# --- derivatives: (f, d/dx by hand, a point to check it numerically) ------------------------------
DERIVATIVES = [
    ("x^3 - 4x + 7", "3*x**2 - 4", 1.5),  # power rule
    ("sqrt(x) + 1/x", "1/(2*sqrt(x)) - 1/x**2", 2.0),  # x^(1/2), x^(-1)
    ("x^2*sin(x)", "2*x*sin(x) + x**2*cos(x)", 0.7),  # product rule
    # quotient rule: (x² − 2x − 1)/(x − 1)²
    ("(x^2 + 1)/(x - 1)", "((2*x)*(x - 1) - (x**2 + 1))/(x - 1)**2", 3.0),
    ("sin(3x)^2", "6*sin(3*x)*cos(3*x)", 0.4),  # chain rule twice: 2 sin 3x · cos 3x · 3
    ("exp(-x^2)", "-2*x*exp(-x**2)", 0.5),
    ("ln(x^2 + 1)", "2*x/(x**2 + 1)", 1.2),
    ("ln(sin(x))", "cos(x)/sin(x)", 1.0),  # cot x
    ("atan(2x)", "2/(1 + 4*x**2)", 0.3),
    ("asin(x/2)", "1/sqrt(4 - x**2)", 1.0),  # (1/2)/√(1 − x²/4)
    ("x^x", "x**x*(log(x) + 1)", 1.5),  # logarithmic differentiation
    ("tan(x)", "1/cos(x)**2", 0.6),  # sec² x
    ("sec(x)", "sin(x)/cos(x)**2", 0.6),  # sec x tan x
    ("cosh(2x)", "2*sinh(2*x)", 0.8),
    ("2^x", "2**x*log(2)", 1.1),  # a^x ln a
]


@pytest.mark.parametrize("f, by_hand, at", DERIVATIVES)
def test_textbook_derivatives(f, by_hand, at):
    derivative = calcli.derivative(f).derivative
    assert sp.simplify(derivative - as_sympy(by_hand)) == 0
    assert float(mpmath.diff(mp(parsed(f)), at)) == pytest.approx(
        float(as_sympy(by_hand).subs(x, at)), rel=1e-12
    )


# --- antiderivatives: (f, F by hand); calcli's F is checked by differentiating it on each interval
ANTIDERIVATIVES = [
    ("1/x", "log(Abs(x))", (-2.0, 3.0)),  # ln|x| on both sides of 0
    ("tan(x)", "-log(Abs(cos(x)))", (0.5, 2.0)),  # −ln|cos x|, on (−π/2, π/2) and (π/2, 3π/2)
    ("x*exp(x)", "(x - 1)*exp(x)", (0.5, -1.0)),  # by parts
    ("x*cos(x)", "x*sin(x) + cos(x)", (1.0, -2.0)),  # by parts
    ("1/(x^2 - 1)", "log(Abs(x - 1))/2 - log(Abs(x + 1))/2", (0.0, 3.0)),  # partial fractions
    ("2x/(x^2 + 1)", "log(x**2 + 1)", (0.5, -1.5)),  # u = x² + 1
    ("sin(x)^2", "x/2 - sin(2*x)/4", (0.3, 2.0)),  # half angle
    ("1/(1 + x^2)", "atan(x)", (0.3, -4.0)),
    ("x^2*ln(x)", "x**3*log(x)/3 - x**3/9", (0.5, 2.0)),  # by parts
    ("sec(x)^2", "tan(x)", (0.2, 2.0)),
]


@pytest.mark.parametrize("f, by_hand, points", ANTIDERIVATIVES)
def test_textbook_antiderivatives(f, by_hand, points):
    F = calcli.integrate(f).integral
    integrand = parsed(f)
    # F' = f at a point of each interval of the domain, and F − F_hand is constant there
    for at in points:
        assert float(mpmath.diff(mp(F), at)) == pytest.approx(
            float(integrand.subs(x, at)), rel=1e-9
        )
        assert float(mpmath.diff(mp(as_sympy(by_hand)), at)) == pytest.approx(
            float(integrand.subs(x, at)), rel=1e-9
        )


# --- definite and improper integrals: (f, a, b, value by hand, or "divergent") --------------------
DEFINITE = [
    ("x^2", "0", "3", "9"),  # x³/3
    ("sin(x)", "0", "pi", "2"),  # −cos π + cos 0
    ("1/x", "1", "e", "1"),  # ln e
    ("x*exp(-x)", "0", "oo", "1"),  # Γ(2)
    ("1/x^2", "1", "oo", "1"),  # p = 2 > 1
    ("1/sqrt(x)", "0", "1", "2"),  # 2√x, improper at 0 but convergent
    ("exp(-x^2)", "-oo", "oo", "sqrt(pi)"),  # Gaussian
    ("1/(1 + x^2)", "-oo", "oo", "pi"),  # atan
    # (1/2) ln|(x − 1)/(x + 1)| from 2 to 3: (ln(1/2) − ln(1/3))/2
    ("1/(x^2 - 1)", "2", "3", "log(3/2)/2"),
    ("abs(x)", "-1", "2", "5/2"),  # 1/2 + 2
    ("floor(x)", "0", "3", "3"),  # 0 + 1 + 2
    ("1/x", "1", "oo", "divergent"),  # ln x → ∞
    ("1/x", "-1", "1", "divergent"),  # pole at 0 inside
    ("1/x^2", "-1", "1", "divergent"),
    ("tan(x)", "0", "pi", "divergent"),  # pole at π/2
    ("1/(x - 1)", "0", "2", "divergent"),
]


@pytest.mark.parametrize("f, a, b, by_hand", DEFINITE)
def test_textbook_definite_integrals(f, a, b, by_hand):
    result = calcli.integrate(f, lower=a, upper=b)
    if by_hand == "divergent":
        assert result.status == "divergent"
        return
    assert result.status == "solved" and sp.simplify(result.integral - as_sympy(by_hand)) == 0
    ends = [
        mpmath.inf if e == "oo" else -mpmath.inf if e == "-oo" else mpmath.mpf(float(as_sympy(e)))
        for e in (a, b)
    ]
    g = mp(parsed(f))
    breaks = [ends[0], *([0, 1, 2] if f in ("abs(x)", "floor(x)") else []), ends[1]]
    assert float(mpmath.quad(g, [p for p in breaks if ends[0] <= p <= ends[1]])) == pytest.approx(
        float(as_sympy(by_hand)), rel=1e-9
    )


# --- limits: (f, point, direction, value by hand: a number, oo, -oo, or "DNE") --------------------
LIMITS = [
    ("sin(x)/x", "x=0", "both", "1"),
    ("(1 - cos(x))/x^2", "x=0", "both", "1/2"),  # 2 sin²(x/2)/x²
    ("(x^2 - 4)/(x - 2)", "x=2", "both", "4"),  # x + 2
    ("(1 + 1/x)^x", "x=oo", "both", "E"),
    ("x*ln(x)", "x=0", "+", "0"),  # ln x/(1/x), L'Hôpital: −x → 0
    ("(3x^2 + 1)/(5x^2 - x)", "x=oo", "both", "3/5"),
    ("(sqrt(x + 4) - 2)/x", "x=0", "both", "1/4"),  # rationalise: 1/(√(x+4) + 2)
    ("abs(x)/x", "x=0", "+", "1"),
    ("abs(x)/x", "x=0", "-", "-1"),
    ("abs(x)/x", "x=0", "both", "DNE"),  # one-sided limits differ
    ("1/x", "x=0", "+", "oo"),
    ("1/x", "x=0", "both", "DNE"),  # +∞ and −∞
    ("1/x^2", "x=0", "both", "oo"),
    ("sin(1/x)", "x=0", "both", "DNE"),  # oscillates
    ("sqrt(x - 2)", "x=1", "both", "DNE"),  # not real near 1
    ("exp(-x)*x^3", "x=oo", "both", "0"),
]


@pytest.mark.parametrize("f, at, direction, by_hand", LIMITS)
def test_textbook_limits(f, at, direction, by_hand):
    result = calcli.limit(f, at=at, direction=direction)
    if by_hand == "DNE":
        assert result.status == "does_not_exist"
        return
    assert result.limit == as_sympy(by_hand) or sp.simplify(result.limit - as_sympy(by_hand)) == 0
    point = at.split("=")[1]
    # approach numerically from the side(s) asked
    if point != "oo" and by_hand not in ("oo", "-oo"):
        g, a = mp(parsed(f)), float(as_sympy(point))
        for side in {"both": (1, -1), "+": (1,), "-": (-1,)}[direction]:
            assert float(g(a + side * mpmath.mpf("1e-12"))) == pytest.approx(
                float(as_sympy(by_hand)), abs=1e-5
            )


# --- Taylor series: (f, point, order, polynomial by hand) -----------------------------------------
SERIES = [
    ("exp(x)", "x=0", 5, "1 + x + x**2/2 + x**3/6 + x**4/24"),
    ("cos(x)", "x=0", 6, "1 - x**2/2 + x**4/24"),
    ("ln(1 + x)", "x=0", 4, "x - x**2/2 + x**3/3"),
    ("1/(1 - x)", "x=0", 4, "1 + x + x**2 + x**3"),  # geometric
    ("sqrt(x)", "x=4", 3, "2 + (x - 4)/4 - (x - 4)**2/64"),  # f(4) = 2, f' = 1/4, f''/2 = −1/64
    ("ln(x)", "x=1", 4, "(x - 1) - (x - 1)**2/2 + (x - 1)**3/3"),
    ("sin(x)", "x=pi/2", 4, "1 - (x - pi/2)**2/2"),  # cos(x − π/2)... sin(π/2 + h) = cos h
    ("atan(x)", "x=0", 6, "x - x**3/3 + x**5/5"),
]


@pytest.mark.parametrize("f, at, order, by_hand", SERIES)
def test_textbook_series(f, at, order, by_hand):
    result = calcli.series(f, at=at, order=order)
    assert sp.expand(result.polynomial - as_sympy(by_hand)) == 0
    a = float(as_sympy(at.split("=")[1]))
    g, hand = mp(parsed(f)), as_sympy(by_hand)
    for k in range(order):  # each coefficient against f⁽ᵏ⁾(a)/k!, numerically
        coefficient = float(sp.diff(hand, x, k).subs(x, a)) / math.factorial(k)
        assert float(mpmath.diff(g, a, k)) / math.factorial(k) == pytest.approx(
            coefficient, abs=1e-10
        )


# --- critical points: (f, {point: kind} by hand) --------------------------------------------------
CRITICAL = [
    ("x^3 - 3x", {(-1,): "local maximum", (1,): "local minimum"}),  # f' = 3(x² − 1)
    ("x^2 + y^2 - 2x + 4y", {(1, -2): "local minimum"}),  # (x − 1)² + (y + 2)² − 5
    ("x^3 - 3x + y^2", {(-1, 0): "saddle", (1, 0): "local minimum"}),  # f_xx = 6x, f_yy = 2
    ("x*y", {(0, 0): "saddle"}),  # D = −1
    # y = x³, x⁹ = x
    ("x^4 + y^4 - 4x*y", {(-1, -1): "local minimum", (0, 0): "saddle", (1, 1): "local minimum"}),
    # Stewart 14.7
    (
        "2x^3 + x*y^2 + 5x^2 + y^2",
        {
            (0, 0): "local minimum",
            (-5 / 3, 0): "local maximum",
            (-1, 2): "saddle",
            (-1, -2): "saddle",
        },
    ),
    ("x^4 - y^4", {(0, 0): "saddle"}),  # degenerate: +t⁴ along x, −t⁴ along y
    ("x^2 - 2x*y + y^2 + x^4", {(0, 0): "local minimum"}),  # (x − y)² + x⁴
    ("x^3", {(0,): "neither (f rises on one side and falls on the other)"}),
    ("exp(x) - x", {(0,): "local minimum"}),
]


@pytest.mark.parametrize("f, by_hand", CRITICAL)
def test_textbook_critical_points(f, by_hand):
    result = calcli.critical_points(f)
    found = {
        tuple(round(float(p.point[v]), 12) for v in result.variables): p.classification
        for p in result.points
    }
    assert found == {
        tuple(round(float(c), 12) for c in point): kind for point, kind in by_hand.items()
    }
    g = parsed(f)
    for point in by_hand:  # the gradient is 0 there, numerically
        values = dict(zip(result.variables, point))
        for v in result.variables:
            assert abs(float(sp.diff(g, v).subs(values))) < 1e-12


def test_the_set_has_at_least_sixty_exercises():
    assert (
        len(DERIVATIVES)
        + len(ANTIDERIVATIVES)
        + len(DEFINITE)
        + len(LIMITS)
        + len(SERIES)
        + len(CRITICAL)
        >= 60
    )

"""Real-calculus answers: variables are real, so a point outside the real domain is undefined, a
limit from a side where the function is not real does not exist, antiderivatives are real on each
interval (ln|x|) and checked before they are shown, a pole inside the interval makes an integral
divergent, and step functions integrate piece by piece. Each value is checked against mpmath
(numeric derivatives, quadrature), never against calcli's own output."""

import math

import mpmath
import pytest
import sympy as sp

import calcli
from tests.conftest import x

mpmath.mp.dps = 30


# --- outside the real domain ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, why",
    [
        (lambda: calcli.derivative("ln(x)", at="x=-1"), "log needs x > 0"),
        (lambda: calcli.derivative("asin(x)", at="x=2"), "asin needs"),
    ],
)
def test_a_derivative_at_a_point_outside_the_domain_is_undefined(call, why):
    result = call()
    assert result.value is sp.nan and any(why in n for n in result.readings)


def test_a_gradient_at_a_point_outside_the_domain_is_undefined():
    result = calcli.gradient("sqrt(x)", at="x=-4")
    assert result.value == (sp.nan,) and any(
        "square root needs x ≥ 0" in n for n in result.readings
    )
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
    assert (
        result.status == "does_not_exist"
        and result.limit is None
        and any("over the reals" in n for n in result.readings)
    )


def test_a_limit_defined_on_one_side_only_is_that_sides():
    result = calcli.limit("sqrt(x)", at="x=0")
    assert (result.status, result.limit, result.direction) == ("exists", 0, "+")
    assert any("not defined for x < 0" in n for n in result.readings)
    assert calcli.limit("ln(x)", at="x=0").limit == -sp.oo  # from the right: ln x → -∞


# --- antiderivatives real on each interval, checked before they are shown -------------------------


def derivative_matches(F, f, points) -> bool:
    # test side only: the expression is calcli's own result, not user text
    g = sp.lambdify(x, F, "mpmath")
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
    """sympy's -|x|·asinh(1/|x|)/x has derivative +1.248 at x = -2/3, where 1/(x√(x²+1)) is
    -1.248."""
    result = calcli.integrate(integrand)
    # a later sympy may get it right: then it must be right everywhere
    if result.status == "solved":
        assert derivative_matches(result.integral, result.expression, [-0.9, -0.4, 0.4, 0.9])
    else:
        assert result.integral is None and any("not shown" in n for n in result.readings)


# --- divergence named, steps integrated -----------------------------------------------------------


@pytest.mark.parametrize(
    "integrand, low, high, pole",
    [
        ("1/x", "-1", "1", "x = 0"),
        ("tan(x)", "0", "pi", "x = pi/2"),
        ("1/(x-1)", "0", "2", "x = 1"),
        ("1/x", "0", "1", "x = 0"),
    ],
)
def test_a_pole_inside_the_interval_makes_the_integral_divergent(integrand, low, high, pole):
    result = calcli.integrate(integrand, lower=low, upper=high)
    assert result.status == "divergent" and (
        any(pole in n for n in result.readings) or result.integral in (sp.oo, -sp.oo)
    )
    assert (
        calcli.integrate(integrand, lower=low, upper=high, numeric_fallback=True).status
        == "divergent"
    )


def test_an_integrable_singularity_keeps_its_value():
    value = calcli.integrate("1/sqrt(abs(x))", lower="-1", upper="1").numeric
    assert math.isclose(
        value, float(mpmath.quad(lambda t: 1 / mpmath.sqrt(abs(t)), [-1, 0, 1])), rel_tol=1e-9
    )


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
    assert result.status == "solved" and math.isclose(
        float(result.integral), float(mpmath.quad(reference, breaks)), rel_tol=1e-12
    )


# --- critical points on a line --------------------------------------------------------------------


@pytest.mark.parametrize("expression", ["x^2 y", "x^2 y^2", "x y^2 + x^2 y^2"])
def test_a_line_of_stationary_points_is_a_family_not_an_engine_failure(expression):
    result = calcli.critical_points(expression)
    family = [p for p in result.points if any(v.free_symbols for v in p.point.values())]
    assert family and all("family" in p.classification for p in family)
    f = sp.sympify(result.expression)
    for p in family:  # the gradient vanishes all along the family, by differentiation
        assert all(sp.simplify(sp.diff(f, v).xreplace(p.point)) == 0 for v in result.variables)


# --- an unknown no equation holds is free ---------------------------------------------------------


def test_an_unknown_of_a_system_that_no_equation_holds_is_free():
    result = calcli.solve(["2*y = -4", "2*y = -4"], unknowns="x,y")
    assert result.status == "solved" and len(result.solutions) == 1
    (solution,) = result.solutions
    # x free: {(x, -2) | x ∈ ℝ}, by hand
    assert solution[sp.Symbol("y", real=True)] == -2 and solution[x] == x
    with pytest.raises(Exception, match="does not occur"):
        calcli.solve("x^2 = 4", unknowns="z")  # none of the named unknowns occurs: a mistake


def test_a_gradient_that_never_vanishes_has_no_stationary_point():
    result = calcli.critical_points("3*y - x^3")  # ∂f/∂y = 3 ≠ 0 everywhere, by hand
    assert result.points == () and "no stationary point" in result.min_note


# --- results written as a course writes them ------------------------------------------------------


@pytest.mark.parametrize(
    "expression, at, order, written, coefficients",
    [
        # 1/(2√4), −1/(8·4^(3/2))/2! by hand
        ("sqrt(x)", "x=4", 3, "2 + (x - 4)/4 - (x - 4)**2/64", [2, 1 / 4, -1 / 64]),
        ("ln(x)", "x=1", 4, "(x - 1) - (x - 1)**2/2 + (x - 1)**3/3", [0, 1, -1 / 2, 1 / 3]),
        (
            "exp(x)",
            "x=2",
            3,
            "exp(2) + (x - 2)*exp(2) + (x - 2)**2*exp(2)/2",
            [math.e**2, math.e**2, math.e**2 / 2],
        ),
        ("1/x", "x=-1", 3, "-1 - (x + 1) - (x + 1)**2", [-1, -1, -1]),
    ],
)
def test_a_series_about_a_is_a_polynomial_in_x_minus_a(
    expression, at, order, written, coefficients
):
    data = calcli.series(expression, at=at, order=order).to_dict()
    assert data["polynomial"] == written
    a = float(sp.sympify(at.split("=")[1]))
    f = sp.lambdify(x, sp.sympify(expression.replace("ln", "log")), "mpmath")
    # each coefficient against a numeric Taylor coefficient, f⁽ᵏ⁾(a)/k!
    for k, c in enumerate(coefficients):
        assert float(mpmath.diff(f, a, k) / math.factorial(k)) == pytest.approx(c, abs=1e-12)
    assert (
        sp.expand(
            sp.sympify(written, locals={"x": x})
            - calcli.series(expression, at=at, order=order).polynomial
        )
        == 0
    )


def test_a_series_in_several_variables_is_in_powers_of_each_shift():
    data = calcli.series("x*y", at="x=1,y=2").to_dict()
    # xy = (1 + u)(2 + v), by hand
    assert data["polynomial"] == "2 + 2*(x - 1) + (y - 2) + (x - 1)*(y - 2)"


@pytest.mark.parametrize(
    "call, written",
    [
        (lambda: calcli.derivative("ln(sin(x))").derivative, "cot(x)"),
        (lambda: calcli.derivative("1/tan(x)^2 + x").derivative, None),
        (lambda: calcli.gradient("x^y").gradient[0], "x**(y - 1)*y"),
        (lambda: calcli.integrate("1/(x^2-1)", lower="2", upper="3").integral, "log(3/2)/2"),
        (lambda: calcli.integrate("1/(x*(x+1))", lower="1", upper="2").integral, "log(4/3)"),
    ],
)
def test_results_are_in_the_form_a_course_writes(call, written):
    value = call()
    if written is not None:
        assert str(value) == written
    assert not value.has(sp.tan) or not any(
        p.exp.is_negative for p in value.atoms(sp.Pow) if isinstance(p.base, sp.tan)
    )


def test_the_course_forms_have_the_values_they_replace():
    assert float(sp.log(sp.Rational(3, 2)) / 2) == pytest.approx(
        float(mpmath.quad(lambda t: 1 / (t**2 - 1), [2, 3]))
    )
    assert float(sp.log(sp.Rational(4, 3))) == pytest.approx(
        float(mpmath.quad(lambda t: 1 / (t * (t + 1)), [1, 2]))
    )
    assert float(mpmath.diff(lambda t: mpmath.log(mpmath.sin(t)), 1)) == pytest.approx(
        float(sp.cot(1))
    )


# --- diff-table -----------------------------------------------------------------------------------


def table_of(*args):
    result = calcli.diff_table(*args[:1], **args[1])
    return result.table.whole()


@pytest.mark.parametrize("start, stop, step", [("-1", "1", "0.5"), ("-0.75", "0.75", "0.5")])
def test_a_stencil_across_a_pole_gives_no_estimate(start, stop, step):
    rows = table_of("1/x", {"start": start, "stop": stop, "step": step})
    for row in rows:
        x0, estimates = row[0], {"forward": row[3], "backward": row[4], "central": row[5]}
        spans = {
            "forward": (x0, x0 + 0.5),
            "backward": (x0 - 0.5, x0),
            "central": (x0 - 0.5, x0 + 0.5),
        }
        for scheme, (low, high) in spans.items():
            assert math.isnan(estimates[scheme]) == (low <= 0 <= high), (x0, scheme)


def test_grid_points_are_the_decimals_typed():
    from calcli.render.plain import table_pieces

    result = calcli.diff_table("sin(x)", start="0", stop="1", step="0.1")
    text = "".join(table_pieces(result, ","))
    xs = [line.split(",")[0] for line in text.splitlines()[1:]]
    assert xs == ["0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1"]
    assert [float(v) for v in xs] == [k / 10 for k in range(11)]  # the double nearest each decimal


# --- whole periodic families ----------------------------------------------------------------------


PERIODIC = [  # (inequality, the family a course writes, checked by hand on one period)
    ("sin(x) > 0", "(2πn, 2πn + π), n ∈ ℤ"),
    ("sin(x) >= 1/2", "[2πn + π/6, 2πn + 5π/6], n ∈ ℤ"),
    ("tan(x) >= 1", "[πn + π/4, πn + π/2), n ∈ ℤ"),
    ("cos(x) < -1/2", "(2πn + 2π/3, 2πn + 4π/3), n ∈ ℤ"),
    ("cos(x) >= 1/2", "[2πn - π/3, 2πn + π/3], n ∈ ℤ"),  # one piece, not [0, π/3] ∪ [5π/3, 2π)
    ("cos(x) >= 1", "{2πn}, n ∈ ℤ"),
]


@pytest.mark.parametrize("inequality, written", PERIODIC)
def test_a_periodic_inequality_is_solved_over_every_period(inequality, written):
    result = calcli.solve(inequality)
    data = result.to_dict()
    assert result.status == "solved" and data["solution_set_text"] == written
    assert not any("one period" in note for note in result.readings)
    # a script expands the structured family, and each member agrees with the inequality at sample
    # points
    family = data["family"]
    base, period = sp.sympify(family["base"], locals={"x": x}), sp.sympify(family["period"])
    base = sp.FiniteSet(*base) if isinstance(base, set) else base  # {0}: a set of points
    relation = sp.sympify(inequality.replace(">=", ">=").replace("<=", "<="), locals={"x": x})
    for k in range(-40, 41):
        t = sp.Rational(k, 7)  # points all over [-6, 6], about one in 0.14
        inside = any(base.contains(t - period * n) is sp.true for n in range(-3, 4))
        assert bool(relation.subs(x, sp.Float(t, 30))) == inside, t


@pytest.mark.parametrize(
    "inequality, answer, verdict",
    [
        ("sin(x) > 0", "(2pi n, pi + 2 pi n)", "equal"),
        ("sin(x) > 0", "2 pi n < x < pi + 2 pi n", "equal"),
        ("sin(x) > 0", "(2kπ, (2k+1)π)", "equal"),
        ("sin(x) > 0", "(0, pi)", "different"),  # one period only
        ("sin(x) > 0", "(pi n, pi + pi n)", "different"),
        ("sin(x) > 0", "[2 pi n, pi + 2 pi n)", "different"),
        ("cos(x) >= 1/2", "[2 pi n, pi/3 + 2 pi n] U [5pi/3 + 2 pi n, 2 pi + 2 pi n]", "equal"),
        ("cos(x) >= 1/2", "[-pi/3 + pi n, pi/3 + pi n]", "different"),
        ("cos(x) >= 1", "x = 2 pi n", "equal"),
        ("cos(x) >= 1", "x = pi n", "different"),
        ("tan(x) >= 1", "[pi/4 + 2 pi n, pi/2 + 2pi n) U [5pi/4 + 2pi n, 3pi/2 + 2 pi n)", "equal"),
        ("sin(x)^2 < 1/4", "(-pi/6 + pi n, pi/6 + pi n)", "equal"),
    ],
)
def test_answers_to_a_periodic_inequality_are_compared_as_families(inequality, answer, verdict):
    check = calcli.solve(inequality, expect=answer).check
    assert check.verdict == verdict
    # the counterexample is a number on which the answer and the inequality disagree
    if verdict == "different":
        (value,) = check.counterexample.at.values()
        holds = bool(sp.sympify(inequality, locals={"x": x}).subs(x, sp.Float(value, 30)))
        assert holds == (check.counterexample.actual == "a solution")


def test_an_infinite_solution_set_is_written_in_csv():
    from calcli.render.csv_rows import solve_rows

    rows = list(solve_rows(calcli.solve("sin(x) = 0")))
    assert rows[0] == ["solution_set"] and "n ∈ ℤ" in rows[1][0]
    # no solution: the header only
    assert list(solve_rows(calcli.solve("x^2 = -1"))) == [["x", "x_numeric"]]


@pytest.mark.parametrize(
    "equation, window, expected",
    [
        ("sin(x) = 1/2", "0..6.3", [math.pi / 6, 5 * math.pi / 6]),
        ("sin(x) = 1/2", "0..2pi", [math.pi / 6, 5 * math.pi / 6]),
        ("cos(x) = 0", "-4..4", [-math.pi / 2, math.pi / 2]),  # ±3π/2 ≈ ±4.71 lie outside
        ("cos(x) = 0", "-5..5", [-math.pi / 2, math.pi / 2, -3 * math.pi / 2, 3 * math.pi / 2]),
        ("x^2 = 4", "0..5", [2]),
    ],
)
def test_in_restricts_the_exact_solutions(equation, window, expected):
    result = calcli.solve(equation, interval=window)
    values = sorted(float(s[x]) for s in result.solutions)
    assert values == pytest.approx(sorted(expected))
    lhs, rhs = equation.split("=")
    for v in values:  # each is a root, by substitution
        assert float(
            sp.sympify(lhs, locals={"x": x}).subs(x, v) - sp.sympify(rhs)
        ) == pytest.approx(0, abs=1e-12)


def test_in_cuts_a_periodic_inequality_to_its_pieces():
    result = calcli.solve("sin(x) >= 1/2", interval="-7..7")
    assert result.period is None
    assert result.solution_set == sp.Union(
        sp.Interval(-11 * sp.pi / 6, -7 * sp.pi / 6),
        sp.Interval(sp.pi / 6, 5 * sp.pi / 6),
        sp.Interval(13 * sp.pi / 6, 7),
    )


def test_an_answer_spanning_too_many_periods_is_undecided_not_an_engine_failure():
    check = calcli.solve("sin(x) > 0", expect="(0, 100000)").check  # about 16,000 periods of 2π
    assert check.verdict == "unknown" and "too many periods" in check.method

"""diff, integrate and limit, each against a second method: derivatives against 40-digit central
differences, definite integrals against scipy's quad, antiderivatives by differentiating them
back, limits by evaluating the expression ever closer to the point; then textbook exercises with
their published answers, honest statuses on the hard cases, and the command line."""

import json
import math

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from calcli import critical_points, derivative, integrate, limit, series
from calcli.errors import InputError, ShapeError
from tests.conftest import same
from tests.test_differential import POINTS, SETTINGS, X, Y, Z, _at, _close, _expressions, _partial

# --- diff -----------------------------------------------------------------------------------------


def near(tree, point, v) -> dict:
    """The point's values of the variables that are there (the expression's and the one
    differentiated by)."""
    return {
        k: value
        for k, value in _at(point).items()
        if sp.Symbol(k, real=True) in tree.free_symbols | {v}
    }


@SETTINGS
@given(_expressions(), POINTS, st.sampled_from([X, Y, Z]))
def test_derivatives_match_central_differences(expression, point, v):
    text, tree = expression
    result = derivative(text, wrt=v.name, at=near(tree, point, v))
    assert _close(result.value, _partial(tree, v, point)), (text, point, v)


@SETTINGS
@given(_expressions(), POINTS)
def test_second_derivatives_match_second_differences(expression, point):
    text, tree = expression
    result = derivative(text, wrt="x", order=2, at=near(tree, point, X))
    assert _close(result.value, _partial(tree, X, point, order=2), 10), (text, point)


@SETTINGS
@given(_expressions())
def test_mixed_partials_are_equal_in_either_order(expression):
    """Schwarz: ∂²f/∂y∂x = ∂²f/∂x∂y for these smooth expressions; each also equals sympy's own."""
    text, tree = expression
    xy = derivative(text, wrt="x,y,z").derivative
    assert sp.simplify(xy - derivative(text, wrt="z,y,x").derivative) == 0
    assert sp.simplify(xy - sp.diff(tree, X, Y, Z)) == 0


def test_implicit_derivatives_agree_with_the_explicit_branch():
    """The upper half of the circle, y = sqrt(25 - x²): y' = -x/y and y'' = -25/y³ (by hand)."""
    upper = sp.sqrt(25 - X**2)
    first = derivative("x^2 + y^2 = 25", implicit="y", wrt="x").derivative
    second = derivative("x^2 + y^2 = 25", implicit="y", wrt="x", order=2).derivative
    for x0 in (sp.Rational(-3), sp.Rational(1, 2), sp.Integer(4)):
        at = {X: x0, Y: upper.subs(X, x0)}
        assert sp.simplify(first.subs(at) - sp.diff(upper, X).subs(X, x0)) == 0
        assert sp.simplify(second.subs(at) - sp.diff(upper, X, 2).subs(X, x0)) == 0


@pytest.mark.parametrize(
    "expression, rules",
    [
        ("x^3*sin(x)", ["product rule", "power rule", "sin(u)"]),
        ("sin(x^2)/(1 + x)", ["quotient rule", "chain rule", "power rule", "sum rule"]),
        ("5exp(3x)", ["constant multiple", "eᵘ", "chain rule"]),
        ("x^x", ["logarithmic differentiation"]),
        ("2^x", ["exponential rule"]),
    ],
)
def test_the_working_names_the_rules_and_ends_at_the_answer(expression, rules):
    result = derivative(expression, steps=True)
    top = result.steps.steps[0]
    assert sp.simplify(top.result - result.derivative) == 0 and top.depth == 0
    words = " ".join(step.rule for step in result.steps.steps)
    assert all(rule in words for rule in rules), words
    # each step's derivative against a central difference at x = 7/10
    for step in result.steps.steps:
        h, at = sp.Rational(1, 10**12), sp.Rational(7, 10)
        slope = (step.expression.subs(X, at + h) - step.expression.subs(X, at - h)) / (2 * h)
        assert abs(sp.N(step.result.subs(X, at) - slope, 40)) < 1e-9, step.rule
    # and grad's view of it: the backward pass through the computation graph ends at the same
    # derivative
    (adjoint,) = [b.adjoint for b in result.graph.backward if b.node == "x"]
    assert sp.simplify(adjoint - result.derivative) == 0
    assert result.to_dict()["graph"]["output"] == "f"


def test_a_kink_has_no_derivative():
    assert derivative("|x|", at="x=0").value is sp.nan


# --- integrate ------------------------------------------------------------------------------------


# integrands of the kinds a course integrates (by parts, substitution, partial fractions), with
# random coefficients: sympy's integrate may take many seconds on an arbitrary random tree
INTEGRANDS = st.builds(
    lambda n, a, b, g, c: (
        f"x^{n}*{g}(({a})*x + ({b})) + 1/(x^2 + {c})",
        X**n * getattr(sp, g)(a * X + b) + 1 / (X**2 + c),
    ),
    st.integers(0, 3),
    st.integers(-3, 3).filter(bool),
    st.integers(-2, 2),
    st.sampled_from(["sin", "cos", "exp"]),
    st.integers(1, 4),
)


@SETTINGS
@given(INTEGRANDS)
def test_antiderivatives_differentiate_back_to_the_integrand(integrand):
    text, tree = integrand
    result = integrate(text)
    assert result.status == "solved", text
    back = sp.diff(result.integral, X) - tree
    for x0 in (sp.Rational(-7, 4), sp.Rational(1, 3), sp.Integer(2)):
        assert abs(complex(sp.N(back.subs(X, x0), 30))) < 1e-12, (text, result.integral)


@SETTINGS
@given(
    st.integers(-3, 3), st.integers(-3, 3), st.integers(0, 3), st.integers(-2, 2), st.integers(1, 3)
)
def test_definite_integrals_match_scipy_quad(a, b, c, lower, width):
    from scipy.integrate import quad

    text = f"({a})*x^{c} + ({b})*sin(x) + exp(x/3)*cos(x)"
    f = lambda t: a * t**c + b * math.sin(t) + math.exp(t / 3) * math.cos(t)  # noqa: E731
    result = integrate(text, lower=str(lower), upper=str(lower + width), numeric_fallback=True)
    expected, _ = quad(f, lower, lower + width)
    assert result.status in ("solved", "numeric") and abs(result.numeric - expected) < 1e-8 * (
        1 + abs(expected)
    ), (text, result)


@pytest.mark.parametrize(
    "expression, lower, upper, value",
    [
        ("exp(-x^2)", "-oo", "oo", sp.sqrt(sp.pi)),  # the Gaussian integral
        ("1/x^2", "1", "oo", 1),
        ("1/sqrt(x)", "0", "1", 2),  # improper at 0
        ("1/(1 + x^2)", "-oo", "oo", sp.pi),
        ("x*exp(-x)", "0", "oo", 1),  # Γ(2)
        ("log(x)", "0", "1", -1),
    ],
)
def test_improper_integrals_that_converge(expression, lower, upper, value):
    result = integrate(expression, lower=lower, upper=upper)
    assert result.status == "solved" and sp.simplify(result.integral - value) == 0


@pytest.mark.parametrize(
    "expression, lower, upper",
    [("1/x", "1", "oo"), ("1/x^2", "-1", "1"), ("exp(x)", "0", "oo"), ("1/sqrt(x)", "1", "oo")],
)
def test_divergent_integrals_are_said_to_diverge(expression, lower, upper):
    assert integrate(expression, lower=lower, upper=upper).status == "divergent"


def test_no_closed_form_is_unsolved_and_numeric_is_labelled():
    exact = integrate("exp(sin(x))", lower="0", upper="1")
    assert (
        exact.status == "unsolved"
        and exact.integral is None
        and any("--numeric" in n for n in exact.readings)
    )
    numeric = integrate("exp(sin(x))", lower="0", upper="1", numeric_fallback=True)
    assert (
        numeric.status == "numeric" and numeric.integral is None and numeric.error_estimate < 1e-9
    )
    assert abs(numeric.numeric - 1.631869608418051348) < 1e-9  # mpmath.quad at 30 digits


def test_a_principal_value_is_not_passed_off_as_the_integral():
    """∫_{-1}^{1} dx/x diverges at 0 (its principal value 0 is not the integral): never a number."""
    for numeric_fallback in (False, True):
        result = integrate("1/x", lower="-1", upper="1", numeric_fallback=numeric_fallback)
        assert result.status in ("unsolved", "divergent") and result.numeric is None


def test_special_functions_are_named():
    erf = integrate("exp(-x^2)")
    si = integrate("sin(x)/x")
    assert erf.special == ("erf",) and any("error function" in n for n in erf.readings)
    assert si.special == ("Si",) and sp.diff(si.integral, X) == sp.sin(X) / X


def test_multiple_integrals_with_bounds_that_name_the_outer_variable():
    # ∫_0^1 ∫_0^x xy dy dx = ∫_0^1 x³/2 dx = 1/8; the area of the unit disk's upper half by x first
    assert integrate("x*y", wrt="y,x", lower="0,0", upper="x,1").integral == sp.Rational(1, 8)
    assert integrate("1", wrt="y,x", lower="0,-1", upper="sqrt(1-x^2),1").integral == sp.pi / 2
    with pytest.raises(InputError):
        integrate("x*y", wrt="y,x", lower="0,0", upper="y,1")  # an inner variable in its own bound


@pytest.mark.parametrize(
    "expression",
    [
        "x*sin(x)",
        "2x*cos(x^2)",
        "1/(x^2 - 1)",
        "exp(x)*sin(x)",
        "x^2*exp(x)",
        "log(x)",
        "sqrt(1 - x^2)",
        "x/(1 + x^2)",
    ],
)
def test_each_step_of_the_working_differentiates_back_to_its_integrand(expression):
    result = integrate(expression, steps=True)
    assert result.steps.complete and result.steps.steps[0].depth == 0
    # the working's answer is the answer
    assert sp.simplify(sp.diff(result.steps.steps[0].result - result.integral, X)) == 0
    for step in result.steps.steps:
        if step.result is not None:
            back = sp.diff(step.result, step.variable) - step.integrand
            for t in (sp.Rational(1, 3), sp.Rational(3, 5)):
                assert abs(complex(sp.N(back.subs(step.variable, t), 30))) < 1e-20, (
                    expression,
                    step.rule,
                )
    rules = " ".join(step.rule for step in result.steps.steps)
    expected = {
        "x*sin(x)": "by parts",
        "2x*cos(x^2)": "substitution",
        "1/(x^2 - 1)": "partial fractions",
    }.get(expression, "")
    assert expected in rules


def test_no_textbook_rule_is_said_not_invented():
    result = integrate("x^x", steps=True)
    assert (
        result.status == "unsolved"
        and not result.steps.complete
        and "general algorithm" in result.steps.steps[0].rule
    )


def test_an_antiderivative_is_right_up_to_a_constant():
    assert integrate("2x", expect="x^2 + 7").check.verdict == "equal"
    assert integrate("2x", expect="x^2 + x").check.verdict == "different"
    assert integrate("x^2", lower="0", upper="3", expect="9").check.verdict == "equal"
    # 0.1 % for decimals
    assert integrate("x^2", lower="0", upper="3", expect="9.001").check.verdict == "equal"
    with pytest.raises(ShapeError):
        integrate("x", expect="(1, 2)")


# --- limit ----------------------------------------------------------------------------------------


def approached(text_tree, a, side: int):
    """f at a ± 10^-k for k = 8, 10: the second method (40 digits)."""
    return [sp.N(text_tree.subs(X, a + side * sp.Rational(1, 10**k)), 40) for k in (8, 10)]


@pytest.mark.parametrize(
    "expression, point, expected",
    [
        ("sin(x)/x", 0, 1),
        ("(1 - cos(x))/x^2", 0, sp.Rational(1, 2)),
        ("(exp(x) - 1)/x", 0, 1),
        ("(x^2 - 4)/(x - 2)", 2, 4),
        ("x*log(x)", 0, 0),
        ("tan(x)/x", 0, 1),
        ("(sqrt(1 + x) - 1)/x", 0, sp.Rational(1, 2)),
    ],
)
def test_limits_match_evaluation_near_the_point(expression, point, expected):
    result = limit(expression, at=f"x={point}", direction="+" if "log" in expression else "both")
    assert result.status == "exists" and result.limit == expected
    # the parsed tree (sympy's object, not text): evaluated near the point
    tree = sp.sympify(result.expression)
    for side in (1,) if "log" in expression else (1, -1):
        for value in approached(tree, point, side):
            assert abs(value - expected) < 1e-6


def test_one_sided_limits_that_differ_mean_none():
    result = limit("|x|/x", at="x=0")
    assert result.status == "does_not_exist" and result.limit is None and result.sides == (-1, 1)
    assert limit("|x|/x", at="x=0", direction="+").limit == 1
    assert limit("1/x", at="x=0", direction="-").limit == -sp.oo


def test_infinite_limits_and_limits_at_infinity():
    assert limit("1/x^2", at="x=0").status == "infinite"
    assert limit("(1 + 1/x)^x", at="x=oo").limit == sp.E
    assert limit("sqrt(x^2 + x) - x", at="x=oo").limit == sp.Rational(1, 2)
    assert limit("x^2/exp(x)", at="x=oo").limit == 0


def test_an_oscillation_has_no_limit():
    result = limit("sin(1/x)", at="x=0")
    assert result.status == "does_not_exist" and any("oscillates" in n for n in result.readings)


@pytest.mark.parametrize(
    "expression, point, form",
    [
        ("sin(x)/x", "0", "0/0"),
        ("exp(x)/x^3", "oo", "∞/∞"),
        ("x*log(x)", "0", "0·∞"),
        ("(1 + 1/x)^x", "oo", "1^∞"),
        ("sqrt(x^2 + x) - x", "oo", "∞−∞"),
    ],
)
def test_indeterminate_forms_are_named(expression, point, form):
    assert limit(expression, at=f"x={point}", direction="+").form == form


@pytest.mark.parametrize(  # Stewart §4.4 (L'Hospital's rule), Examples 1-4, counted by hand
    "expression, point, applications, value",
    [
        ("sin(x)/x", "0", 1, 1),
        ("(1 - cos(x))/x^2", "0", 2, sp.Rational(1, 2)),
        ("x^2/exp(x)", "oo", 2, 0),
        ("log(x)/x", "oo", 1, 0),
    ],
)
def test_lhopital_working(expression, point, applications, value):
    result = limit(expression, at=f"x={point}", steps=True)
    rows = result.steps.steps
    assert len(rows) == applications and rows[-1][3] == value == result.limit
    assert all(form in ("0/0", "∞/∞") for _, _, form, _ in rows[:-1]) and rows[-1][2] is None


def test_limit_answers_are_checked():
    assert limit("sin(x)/x", at="x=0", expect="1").check.verdict == "equal"
    assert limit("1/x^2", at="x=0", expect="oo").check.verdict == "equal"
    assert limit("|x|/x", at="x=0", expect="1").check.verdict == "different"


# --- series ---------------------------------------------------------------------------------------


@SETTINGS
@given(_expressions(), st.integers(-4, 4).map(lambda n: sp.Rational(n, 4)), st.integers(2, 5))
def test_a_series_leaves_an_error_of_its_order(expression, a, order):
    """f - (its series to order n) is O(h^n): halving h divides the error by about 2^n (or it is
    0)."""
    text, tree = expression
    tree = tree.subs({Y: 1, Z: -1})
    text = text.replace("y", "(1)").replace("z", "(-1)")
    result = series(text, at=f"x={a}", order=order)
    errors = [
        abs(sp.N((tree - result.polynomial).subs(X, a + h), 50))
        for h in (sp.Rational(1, 10**3), sp.Rational(1, 2 * 10**3))
    ]
    if errors[0] < sp.Float(10) ** -40:
        return  # exact to this order (a polynomial of lower degree)
    assert 2 ** (order - 0.5) < errors[0] / errors[1] < 2 ** (order + 3.5), (text, a, order, errors)


SERIES = [  # Stewart §11.10, the table of important Maclaurin series, and §11.10 exercises
    ("exp(x)", "0", 5, "1 + x + x^2/2 + x^3/6 + x^4/24"),
    ("sin(x)", "0", 8, "x - x^3/6 + x^5/120 - x^7/5040"),
    ("cos(x)", "0", 7, "1 - x^2/2 + x^4/24 - x^6/720"),
    ("1/(1 - x)", "0", 5, "1 + x + x^2 + x^3 + x^4"),
    ("log(1 + x)", "0", 5, "x - x^2/2 + x^3/3 - x^4/4"),
    ("atan(x)", "0", 6, "x - x^3/3 + x^5/5"),
    ("sqrt(1 + x)", "0", 4, "1 + x/2 - x^2/8 + x^3/16"),
    ("exp(-x^2)", "0", 7, "1 - x^2 + x^4/2 - x^6/6"),
    ("tan(x)", "0", 6, "x + x^3/3 + 2x^5/15"),
    ("log(x)", "1", 4, "(x - 1) - (x - 1)^2/2 + (x - 1)^3/3"),
    ("exp(x)", "2", 3, "exp(2)*(1 + (x - 2) + (x - 2)^2/2)"),
    ("1/x", "1", 4, "1 - (x - 1) + (x - 1)^2 - (x - 1)^3"),
    ("sinh(x)", "0", 6, "x + x^3/6 + x^5/120"),
    ("cosh(x)", "0", 5, "1 + x^2/2 + x^4/24"),
    ("1/(1 + x)", "0", 5, "1 - x + x^2 - x^3 + x^4"),
    ("1/(1 - x)^2", "0", 4, "1 + 2x + 3x^2 + 4x^3"),
    ("exp(2x)", "0", 4, "1 + 2x + 2x^2 + 4x^3/3"),
    ("sin(2x)", "0", 6, "2x - 4x^3/3 + 4x^5/15"),
    ("x*exp(x)", "0", 4, "x + x^2 + x^3/2"),
    ("log(1 - x)", "0", 4, "-x - x^2/2 - x^3/3"),
    ("cos(x^2)", "0", 9, "1 - x^4/2 + x^8/24"),
    ("sqrt(x)", "1", 3, "1 + (x - 1)/2 - (x - 1)^2/8"),
    ("sin(x)", "pi/2", 5, "1 - (x - pi/2)^2/2 + (x - pi/2)^4/24"),
    ("cos(x)", "pi", 4, "-1 + (x - pi)^2/2"),
    ("exp(x)*sin(x)", "0", 4, "x + x^2 + x^3/3"),
    ("1/(1 + x^2)", "0", 7, "1 - x^2 + x^4 - x^6"),
    ("asin(x)", "0", 6, "x + x^3/6 + 3x^5/40"),
    ("log(x)", "2", 3, "log(2) + (x - 2)/2 - (x - 2)^2/8"),
    ("(1 + x)^(1/3)", "0", 3, "1 + x/3 - x^2/9"),
    ("x^3 - 2x + 1", "1", 4, "(x - 1) + 3(x - 1)^2 + (x - 1)^3"),
    ("tanh(x)", "0", 6, "x - x^3/3 + 2x^5/15"),
    ("exp(x)", "-1", 3, "exp(-1)*(1 + (x + 1) + (x + 1)^2/2)"),
    ("sec(x)", "0", 5, "1 + x^2/2 + 5x^4/24"),
    ("atan(x)", "1", 2, "pi/4 + (x - 1)/2"),
    ("x/(1 - x)", "0", 5, "x + x^2 + x^3 + x^4"),
    ("1/x", "2", 3, "1/2 - (x - 2)/4 + (x - 2)^2/8"),
    ("sin(x)^2", "0", 6, "x^2 - x^4/3"),
    ("sqrt(1 - x)", "0", 3, "1 - x/2 - x^2/8"),
    ("exp(-x)", "0", 5, "1 - x + x^2/2 - x^3/6 + x^4/24"),
    ("log(cos(x))", "0", 6, "-x^2/2 - x^4/12"),
]


@pytest.mark.parametrize("expression, point, order, answer", SERIES)
def test_textbook_series(expression, point, order, answer):
    assert series(expression, at=f"x={point}", order=order, expect=answer).check.verdict == "equal"


def test_laurent_and_puiseux_series_are_labelled_and_higher_terms_are_ignored():
    assert series("1/sin(x)", at="x=0", order=4).kind == "Laurent"
    assert series("sqrt(x)*exp(x)", at="x=0", order=3).kind == "Puiseux"
    # x^4 is past order 4
    assert series("cos(x)", at="x=0", order=4, expect="1 - x^2/2 + x^4/24").check.verdict == "equal"
    assert series("cos(x)", at="x=0", order=6, expect="1 - x^2/2").check.verdict == "different"


# Several variables: the Taylor polynomial of total degree below the order. By hand: eˣ·sin y = (1 +
# x + x²/2 + …)(y - y³/6 + …), whose terms of degree below 3 are y + xy, and below 4 add x²y/2 -
# y³/6; a polynomial of degree 3 is its own expansion of order 4 about any point.
SEVERAL = [
    ("exp(x)*sin(y)", "x=0,y=0", 3, "y + x*y"),
    ("exp(x)*sin(y)", "x=0,y=0", 4, "y + x*y + x^2*y/2 - y^3/6"),
    ("x^2*y + 3", "x=1,y=-1", 4, "x^2*y + 3"),
    # the geometric series in x + y
    ("1/(1 - x - y)", "x=0,y=0", 3, "1 + x + y + x^2 + 2x*y + y^2"),
    ("cos(x + 2y)", "x=0,y=0", 4, "1 - (x + 2y)^2/2"),
    ("sqrt(1 + x)*exp(y)", "x=0,y=0", 3, "1 + x/2 + y - x^2/8 + x*y/2 + y^2/2"),
    ("log(x*y)", "x=1,y=1", 3, "(x - 1) + (y - 1) - (x - 1)^2/2 - (y - 1)^2/2"),  # log x + log y
    ("x*y*z", "x=1,y=1,z=1", 4, "x*y*z"),
]


@pytest.mark.parametrize("expression, at, order, answer", SEVERAL)
def test_series_in_several_variables(expression, at, order, answer):
    """The polynomial equals the hand answer, and a second method: f minus it, at distance h from
    the centre along a fixed direction, shrinks like h^order (the ratio of the errors at h and
    h/10 is near 10^order)."""
    r = series(expression, at=at, order=order)
    assert same(r.polynomial, answer) and r.kind == "Taylor" and r.order == order
    centre = dict(r.centre)
    direction = [sp.Rational(k, 7) for k in (3, -2, 5)][: len(centre)]

    def error(h):
        at_h = {v: a + h * d for (v, a), d in zip(r.centre, direction)}
        return abs(sp.N((r.expression - r.polynomial).subs(at_h), 60))

    small = [error(sp.Rational(1, 10**k)) for k in (3, 4)]
    if small[0] > 1e-40:  # not a polynomial reproduced exactly
        assert 10 ** (order - 0.3) < small[0] / small[1] < 10 ** (order + 1.3)
    assert set(centre) == {v for v, _ in r.about}


def test_series_in_several_variables_is_checked_to_the_total_order_and_refused_where_not_smooth():
    # x³ is past order 3
    assert (
        series("exp(x)*sin(y)", at="x=0,y=0", order=3, expect="y + x*y + x^3").check.verdict
        == "equal"
    )
    assert (
        series("exp(x)*sin(y)", at="x=0,y=0", order=3, expect="y + x*y + x^2").check.verdict
        == "different"
    )
    with pytest.raises(InputError, match="not smooth"):
        series("1/(x + y)", at="x=0,y=0")
    with pytest.raises(InputError, match="finite point"):
        series("exp(x)*y", at="x=oo,y=0")
    d = series("exp(x)*sin(y)", at="x=1,y=2", order=2).to_dict()
    assert (
        d["variables"] == ["x", "y"]
        and d["at"] == {"x": "1", "y": "2"}
        and d["series"].endswith(" + O((x - 1)**2 + (y - 2)**2)")
    )


# --- critical points ------------------------------------------------------------------------------

MIN, MAX, SADDLE = "local minimum", "local maximum", "saddle"
# Forty exercises: "find the local maximum and minimum values and saddle points". [S] is J. Stewart,
# Calculus: Early Transcendentals, 8th ed., §14.7 (Examples 1-3 and exercises 5-18) and §4.1-4.3 for
# one variable; the rest are the standard drill of the same sections. Each is worked by hand in its
# comment: the gradient's zeros, then the Hessian (D = fxx*fyy - fxy^2 in two variables; leading
# minors in three).
CRITICAL = [
    ("x^2 + y^2 - 2x - 6y + 14", {("1", "3"): MIN}),  # [S] Ex. 1: (2x - 2, 2y - 6) = 0; H = 2I
    ("y^2 - x^2", {("0", "0"): SADDLE}),  # [S] Ex. 2: H = diag(-2, 2)
    # [S] Ex. 3: x^9 = x; D = 144x²y² - 16
    ("x^4 + y^4 - 4x*y + 1", {("0", "0"): SADDLE, ("1", "1"): MIN, ("-1", "-1"): MIN}),
    # 3x² = 3y, 3y² = 3x; D(1,1) = 36 - 9
    ("x^3 + y^3 - 3x*y", {("0", "0"): SADDLE, ("1", "1"): MIN}),
    # [S] 6: y - 2x - 2 = 0 = x - 2y - 2; D = 3, fxx = -2
    ("x*y - x^2 - y^2 - 2x - 2y + 4", {("-2", "-2"): MAX}),
    ("x^2 + x*y + y^2 + y", {("1/3", "-2/3"): MIN}),  # [S] 5: 2x + y = 0, x + 2y + 1 = 0; D = 3
    # [S] 7: fx + fy = y² - x², so y = x and x² = 1; D = -4
    ("(x - y)*(1 - x*y)", {("1", "1"): SADDLE, ("-1", "-1"): SADDLE}),
    ("y*(e^x - 1)", {("0", "0"): SADDLE}),  # [S] 8: y·eˣ = 0, eˣ = 1; H = [[0, 1], [1, 0]]
    # [S] 9: 2x(1 + y) = 0, 2y + x² = 0
    (
        "x^2 + y^2 + x^2*y + 4",
        {("0", "0"): MIN, ("sqrt(2)", "-1"): SADDLE, ("-sqrt(2)", "-1"): SADDLE},
    ),
    # [S] 10: 4x(1 - x²) = 0; fxx = 4 - 12x²
    ("2 - x^4 + 2x^2 - y^2", {("1", "0"): MAX, ("-1", "0"): MAX, ("0", "0"): SADDLE}),
    # [S] 11: H = [[6x, 6y], [6y, 6x]]
    (
        "x^3 - 3x + 3x*y^2",
        {("1", "0"): MIN, ("-1", "0"): MAX, ("0", "1"): SADDLE, ("0", "-1"): SADDLE},
    ),
    # [S] 12: 3x² - 6x - 9 = 0 (x = 3, -1), 3y² - 6y = 0 (y = 0, 2); H = diag(6x - 6, 6y - 6)
    (
        "x^3 + y^3 - 3x^2 - 3y^2 - 9x",
        {("3", "0"): SADDLE, ("3", "2"): MIN, ("-1", "0"): MAX, ("-1", "2"): SADDLE},
    ),
    # [S] 13: 4x³ - 4x = 0, 3y² - 3 = 0; H = diag(12x² - 4, 6y)
    (
        "x^4 - 2x^2 + y^3 - 3y",
        {
            ("0", "1"): SADDLE,
            ("0", "-1"): MAX,
            ("1", "1"): MIN,
            ("-1", "1"): MIN,
            ("1", "-1"): SADDLE,
            ("-1", "-1"): SADDLE,
        },
    ),
    ("e^x*cos(y)", {}),  # [S] 15: eˣ > 0, and cos y and sin y are never zero together
    # [S] 16: (1 - x²)·y·g = 0 and (1 - y²)·x·g = 0 with g = e^(-(x²+y²)/2) > 0; f(1, 1) = 1/e
    (
        "x*y*exp(-(x^2 + y^2)/2)",
        {
            ("0", "0"): SADDLE,
            ("1", "1"): MAX,
            ("-1", "-1"): MAX,
            ("1", "-1"): MIN,
            ("-1", "1"): MIN,
        },
    ),
    # [S] 18: y = 0, x(2 - x) = 0; fxx(2, 0) = -2e⁻², fyy = 2e⁻²
    ("(x^2 + y^2)*e^(-x)", {("0", "0"): MIN, ("2", "0"): SADDLE}),
    ("x^2 + y^2", {("0", "0"): MIN}),  # H = 2I
    ("4 - x^2 - y^2", {("0", "0"): MAX}),  # H = -2I
    ("x^2 - 4x*y + y^2", {("0", "0"): SADDLE}),  # D = 4 - 16
    ("3x^2 - 2x*y + y^2 - 8y", {("2", "6"): MIN}),  # y = 3x, -2x + 2y = 8; D = 12 - 4
    # y = x²/4, x = 2y²: x = 0 or x³ = 8; D = 288xy - 144
    ("x^3 - 12x*y + 8y^3", {("0", "0"): SADDLE, ("2", "1"): MIN}),
    # y(2x + y + 1) = 0, x(x + 2y + 1) = 0; H = [[2y, 2x + 2y + 1], [2x + 2y + 1, 2x]]; f(-1/3,
    # -1/3) = 1/27
    (
        "x^2*y + x*y^2 + x*y",
        {("0", "0"): SADDLE, ("-1", "0"): SADDLE, ("0", "-1"): SADDLE, ("-1/3", "-1/3"): MAX},
    ),
    # y = 0, x² + 2x = 0; fxx(-2, 0) = -2e⁻², fyy = -2e⁻²
    ("e^x*(x^2 - y^2)", {("0", "0"): SADDLE, ("-2", "0"): MAX}),
    # x⁴y² = 1 and x²y⁴ = 1, so x² = y² = 1; H(1, 1) = [[8, 4], [4, 8]], f = 3 at all four
    (
        "x^2 + y^2 + 1/(x^2*y^2)",
        {("1", "1"): MIN, ("1", "-1"): MIN, ("-1", "1"): MIN, ("-1", "-1"): MIN},
    ),
    # y = x²/2, x = y²/2: x = 0 or 2; D = 36xy - 36
    ("x^3 - 6x*y + y^3", {("0", "0"): SADDLE, ("2", "2"): MIN}),
    ("2x^2 + y^2 - 4x + 6y", {("1", "-3"): MIN}),  # 4x - 4 = 0, 2y + 6 = 0
    ("x^2 - y^2 - 2x - 4y", {("1", "-2"): SADDLE}),  # 2x - 2 = 0, -2y - 4 = 0; D = -4
    # y = 3x², x = 3y²; D(1/3, 1/3) = 4 - 1, fxx = -2
    ("x*y - x^3 - y^3", {("0", "0"): SADDLE, ("1/3", "1/3"): MAX}),
    ("x^2 - 2x*y + 2y^2", {("0", "0"): MIN}),  # D = 8 - 4
    # as x³ + y³ - 3xy, raised by 4
    ("4 + x^3 + y^3 - 3x*y", {("0", "0"): SADDLE, ("1", "1"): MIN}),
    ("-2x^2 - y^2 + 4x*y", {("0", "0"): SADDLE}),  # -4x + 4y = 0, 4x - 2y = 0; D = 8 - 16
    # one variable ([S] §4.1-4.3, the second-derivative test)
    ("x^3 - 3x", {("-1",): MAX, ("1",): MIN}),  # f' = 3x² - 3, f'' = 6x
    ("x^4 - 2x^2", {("-1",): MIN, ("0",): MAX, ("1",): MIN}),  # f' = 4x(x² - 1), f'' = 12x² - 4
    ("x*e^(-x)", {("1",): MAX}),  # f' = (1 - x)e⁻ˣ, f''(1) = -1/e
    ("x^2*e^x", {("0",): MIN, ("-2",): MAX}),  # f' = x(x + 2)eˣ, f'' = (x² + 4x + 2)eˣ
    ("x + 1/x", {("1",): MIN, ("-1",): MAX}),  # f' = 1 - 1/x², f'' = 2/x³
    # three variables: the leading minors of the Hessian
    # 2x - y + 1 = 0, 2y - x = 0, 2z - 2 = 0; minors 2, 3, 6
    ("x^2 + y^2 + z^2 - x*y + x - 2z", {("-2/3", "-1/3", "1"): MIN}),
    ("x^2 + y^2 - z^2", {("0", "0", "0"): SADDLE}),  # H = diag(2, 2, -2)
    ("x^2 + 2y^2 + 3z^2 - 2x*y - 2y*z", {("0", "0", "0"): MIN}),  # minors 2, 4, 16
    # 3x² = 3, 3y² = 3, 3z² = 3: eight points; H = diag(6x, 6y, 6z)
    (
        "x^3 + y^3 + z^3 - 3x - 3y - 3z",
        {
            (a, b, c): MIN
            if (a, b, c) == ("1", "1", "1")
            else MAX
            if (a, b, c) == ("-1", "-1", "-1")
            else SADDLE
            for a in ("1", "-1")
            for b in ("1", "-1")
            for c in ("1", "-1")
        },
    ),
]


def test_there_are_forty_critical_point_exercises():
    assert len(CRITICAL) == 40


@pytest.mark.parametrize("expression, expected", CRITICAL, ids=[e for e, _ in CRITICAL])
def test_textbook_critical_points(expression, expected):
    result = critical_points(expression)
    found = {tuple(p.point[v] for v in result.variables): p.classification for p in result.points}
    assert found == {tuple(sp.S(c) for c in point): kind for point, kind in expected.items()}


@pytest.mark.parametrize(
    "expression, expected",
    [c for c in CRITICAL if c[1]],
    ids=[e for e, points in CRITICAL if points],
)
def test_critical_points_against_sampling_around_them(expression, expected):
    """A second method: the gradient vanishes there (central differences), and f near the point
    is above it (minimum), below it (maximum), or both (saddle), in every direction of the cube
    {-1, 0, 1}ⁿ."""
    import itertools

    result = critical_points(expression)
    f, variables = result.expression, result.variables
    h, r = sp.Rational(1, 10**8), sp.Rational(1, 1000)
    for p in result.points:
        at = {v: p.point[v] for v in variables}
        for v in variables:
            slope = (f.subs({**at, v: at[v] + h}) - f.subs({**at, v: at[v] - h})) / (2 * h)
            assert abs(sp.N(slope, 30)) < 1e-6
        steps = [d for d in itertools.product((-1, 0, 1), repeat=len(variables)) if any(d)]
        around = [
            sp.N(f.subs({v: at[v] + r * d for v, d in zip(variables, step)}) - p.value, 30)
            for step in steps
        ]
        kind = MIN if min(around) > 0 else MAX if max(around) < 0 else SADDLE
        assert kind == p.classification, (expression, p.point)


def test_a_singular_hessian_is_inconclusive_and_said_so():
    result = critical_points("x^4 + y^4")
    (origin,) = result.points
    assert (
        origin.test == "inconclusive"
        and origin.classification == "local minimum"
        and origin.eigenvalues == (0, 0)
    )
    assert (
        any("inconclusive" in n for n in result.readings)
        and result.global_min == ({X: 0, Y: 0},)
        and result.global_max is None
    )


def test_global_optima_and_claimed_points():
    result = critical_points("x*y*exp(-x^2 - y^2)")
    half = sp.sqrt(2) / 2
    assert set(tuple(p.values()) for p in result.global_max) == {(half, half), (-half, -half)}
    none = critical_points("exp(x) + x")  # f' = e^x + 1 is never 0
    assert none.points == () and none.global_min is None and "no stationary point" in none.min_note
    partly = critical_points("x^3 + y^3 - 3x*y", expect="{(1, 1)}").check
    assert partly.verdict == "different" and partly.credit == 0.5 and partly.missing


# --- textbook exercises ---------------------------------------------------------------------------
# Forty standard exercises per command (diff, integrate, limit, series; critical points above), with
# the answers as the textbooks print them: J. Stewart, Calculus: Early Transcendentals, 8th ed.
# (§2.3 limit laws, §2.6 limits at infinity, §3.2-3.6 differentiation rules, §3.5 implicit
# differentiation, §4.4 L'Hospital, §5.5 substitution, §7.1 parts, §7.8 improper integrals); G.
# Strang, Calculus (MIT OpenCourseWare, §2-§5, §7). Each row: the exercise, its answer.

DERIVATIVES = [
    ("x^5", "x", "5x^4"),
    ("sqrt(x)", "x", "1/(2sqrt(x))"),
    ("x^2*exp(x)", "x", "(x^2 + 2x)exp(x)"),
    ("(x^2 + 1)/(x - 1)", "x", "(x^2 - 2x - 1)/(x - 1)^2"),
    ("sin(x)*cos(x)", "x", "cos(x)^2 - sin(x)^2"),
    ("tan(x)", "x", "sec(x)^2"),
    ("(1 + x^2)^10", "x", "20x*(1 + x^2)^9"),
    ("sin(x^2)", "x", "2x cos(x^2)"),
    ("exp(-3x)*cos(2x)", "x", "-exp(-3x)(3cos(2x) + 2sin(2x))"),
    ("log(x^2 + 1)", "x", "2x/(x^2 + 1)"),
    ("atan(x)", "x", "1/(1 + x^2)"),
    ("asin(x)", "x", "1/sqrt(1 - x^2)"),
    ("x*log(x) - x", "x", "log(x)"),
    ("exp(sin(x))", "x", "cos(x) exp(sin(x))"),
    ("sqrt(1 + sqrt(x))", "x", "1/(4 sqrt(x) sqrt(1 + sqrt(x)))"),
    ("x^x", "x", "x^x*(log(x) + 1)"),
    ("3x^4 - 2x^2 + 7", "x", "12x^3 - 4x"),
    ("1/x^3", "x", "-3/x^4"),
    ("x^(2/3)", "x", "2/(3x^(1/3))"),
    ("(3x - 1)^5", "x", "15(3x - 1)^4"),
    ("x*sin(x)", "x", "sin(x) + x*cos(x)"),
    ("cos(3x)", "x", "-3sin(3x)"),
    ("sec(x)", "x", "sec(x)*tan(x)"),
    ("cot(x)", "x", "-csc(x)^2"),
    ("exp(x)/x", "x", "exp(x)*(x - 1)/x^2"),
    ("log(sin(x))", "x", "cot(x)"),
    ("sqrt(x^2 + 1)", "x", "x/sqrt(x^2 + 1)"),
    ("x^2*log(x)", "x", "2x*log(x) + x"),
    ("sin(x)^3", "x", "3sin(x)^2*cos(x)"),
    ("tan(x^2)", "x", "2x*sec(x^2)^2"),
    ("atan(2x)", "x", "2/(1 + 4x^2)"),
    ("2^x", "x", "2^x*log(2)"),
    ("log(x, 10)", "x", "1/(x*log(10))"),
    ("x/(x^2 + 1)", "x", "(1 - x^2)/(x^2 + 1)^2"),
    ("exp(x^2)", "x", "2x*exp(x^2)"),
    ("cos(x)^2 - sin(x)^2", "x", "-2sin(2x)"),
    ("sinh(x)", "x", "cosh(x)"),
    ("x*exp(-x)", "x", "(1 - x)exp(-x)"),
    ("(x + 1)/(x - 1)", "x", "-2/(x - 1)^2"),
    ("sqrt(1 - x^2)", "x", "-x/sqrt(1 - x^2)"),
]

INTEGRALS = [
    ("x^3", None, "x^4/4"),
    ("1/x", None, "log(x)"),
    ("x*exp(x)", None, "(x - 1)exp(x)"),
    ("x*cos(x)", None, "x sin(x) + cos(x)"),
    ("log(x)", None, "x log(x) - x"),
    ("2x/(1 + x^2)", None, "log(1 + x^2)"),
    ("sin(x)^2", None, "x/2 - sin(2x)/4"),
    ("1/(x^2 - 1)", None, "log(x - 1)/2 - log(x + 1)/2"),
    ("x*sqrt(x^2 + 1)", None, "(x^2 + 1)^(3/2)/3"),
    ("exp(x)*sin(x)", None, "exp(x)(sin(x) - cos(x))/2"),
    ("x^2", ("0", "1"), "1/3"),
    ("sin(x)", ("0", "pi"), "2"),
    ("exp(x)", ("0", "1"), "e - 1"),
    ("1/(1 + x^2)", ("0", "1"), "pi/4"),
    ("x*exp(-x^2)", ("0", "oo"), "1/2"),
    ("1/x^3", ("1", "oo"), "1/2"),
    ("5", None, "5x"),
    ("x^4 - 3x^2 + 2", None, "x^5/5 - x^3 + 2x"),
    ("1/sqrt(x)", None, "2sqrt(x)"),
    ("cos(3x)", None, "sin(3x)/3"),
    ("exp(2x)", None, "exp(2x)/2"),
    ("sec(x)^2", None, "tan(x)"),
    ("1/(1 + x^2)", None, "atan(x)"),
    ("1/sqrt(1 - x^2)", None, "asin(x)"),
    ("x^2*exp(x)", None, "(x^2 - 2x + 2)exp(x)"),
    ("x*log(x)", None, "x^2*log(x)/2 - x^2/4"),
    ("sin(x)*cos(x)", None, "sin(x)^2/2"),
    ("tan(x)", None, "-log(cos(x))"),
    ("x/(x + 1)", None, "x - log(x + 1)"),
    ("(2x + 3)/(x^2 + 3x + 5)", None, "log(x^2 + 3x + 5)"),
    ("x*(x^2 + 1)^5", None, "(x^2 + 1)^6/12"),
    ("x^3", ("-1", "2"), "15/4"),
    ("1/x", ("1", "e"), "1"),
    ("cos(x)", ("0", "pi/2"), "1"),
    ("x*exp(x)", ("0", "1"), "1"),
    ("sqrt(x)", ("0", "4"), "16/3"),
    ("exp(-x)", ("0", "oo"), "1"),
    ("1/(x^2 + 1)", ("0", "oo"), "pi/2"),
    ("1/(1 + x)^2", ("0", "oo"), "1"),
    ("x*sin(x)", ("0", "pi"), "pi"),
]

LIMITS = [
    ("(x^2 - 9)/(x - 3)", "3", "6"),
    ("(x^3 - 1)/(x - 1)", "1", "3"),
    ("sin(3x)/x", "0", "3"),
    ("(1 - cos(x))/x", "0", "0"),
    ("(3x^2 + 2)/(x^2 - 5)", "oo", "3"),
    ("(2x + 1)/sqrt(x^2 + 1)", "oo", "2"),
    ("x/exp(x)", "oo", "0"),
    ("log(x)/x", "oo", "0"),
    ("(1 + 2/x)^x", "oo", "exp(2)"),
    ("(exp(x) - 1 - x)/x^2", "0", "1/2"),
    ("(tan(x) - x)/x^3", "0", "1/3"),
    ("x^(1/x)", "oo", "1"),
    ("3x + 2", "1", "5"),
    ("(x^2 + x - 6)/(x - 2)", "2", "5"),
    ("(sqrt(x) - 2)/(x - 4)", "4", "1/4"),
    ("(sqrt(x + 1) - 1)/x", "0", "1/2"),
    ("(1/x - 1/3)/(x - 3)", "3", "-1/9"),
    ("x*sin(1/x)", "oo", "1"),
    ("sin(x)/x", "oo", "0"),
    ("(5x^3 - x)/(2x^3 + 7)", "oo", "5/2"),
    ("(x^2 + 1)/(x + 1)", "oo", "oo"),
    ("exp(-x)*x^5", "oo", "0"),
    ("(1 - 1/x)^x", "oo", "exp(-1)"),
    ("x*tan(1/x)", "oo", "1"),
    ("(2^x - 1)/x", "0", "log(2)"),
    ("log(1 + x)/x", "0", "1"),
    ("(sin(x) - x)/x^3", "0", "-1/6"),
    ("x^2*log(x)", "0", "0"),
    ("sin(5x)/sin(2x)", "0", "5/2"),
    ("(x - sin(x))/(x - tan(x))", "0", "-1/2"),
    ("sqrt(x^2 + 4x) - x", "oo", "2"),
    ("(1 + 3/x)^(2x)", "oo", "exp(6)"),
    ("atan(x)", "oo", "pi/2"),
    ("(cos(x) - 1)/sin(x)", "0", "0"),
    ("x/sqrt(x^2 + 9)", "-oo", "-1"),
    ("(exp(3x) - 1)/tan(x)", "0", "3"),
    ("(x^3 - 8)/(x^2 - 4)", "2", "3"),
    ("(1 + x)^(1/x)", "0", "E"),
    ("x*log(1 + 1/x)", "oo", "1"),
    ("(tan(2x))/x", "0", "2"),
]


@pytest.mark.parametrize("expression, wrt, answer", DERIVATIVES)
def test_textbook_derivatives(expression, wrt, answer):
    assert derivative(expression, wrt=wrt, expect=answer).check.verdict == "equal", expression


@pytest.mark.parametrize("expression, bounds, answer", INTEGRALS)
def test_textbook_integrals(expression, bounds, answer):
    kwargs = {"lower": bounds[0], "upper": bounds[1]} if bounds else {}
    assert integrate(expression, expect=answer, **kwargs).check.verdict == "equal", expression


@pytest.mark.parametrize("expression, point, answer", LIMITS)
def test_textbook_limits(expression, point, answer):
    assert limit(expression, at=f"x={point}", expect=answer).check.verdict == "equal", expression


# --- the command line -----------------------------------------------------------------------------


def test_the_commands_speak_json_and_exit_as_the_contract_says(calcli_call):
    d = calcli_call("diff", "x^2 + y^2 = 25", "--implicit", "y", "--wrt", "x", "--json")
    assert d.returncode == 0 and json.loads(d.stdout)["derivative"] == "-x/y"
    unsolved = calcli_call("integrate", "exp(sin(x))", "--from", "0", "--to", "1", "--json")
    body = json.loads(unsolved.stdout)
    assert (
        unsolved.returncode == 3
        and body["status"] == "unsolved"
        and body["integral"] is None
        and "--numeric" in unsolved.stderr
    )
    none = calcli_call("limit", "|x|/x", "--at", "x=0", "--json")
    body = json.loads(none.stdout)
    assert (
        none.returncode == 0
        and body["status"] == "does_not_exist"
        and (body["left"], body["right"]) == ("-1", "1")
    )
    wrong = calcli_call("integrate", "2x", "--expect", "x^2 + x", "--format", "plain")
    assert wrong.returncode == 1 and "check.verdict\tdifferent" in wrong.stdout


def test_an_integral_that_runs_long_ends_honestly_with_a_hint(calcli_call):
    slow = calcli_call(
        "integrate", "cos(x^3)*exp(x)", "--from", "0", "--to", "1", "--timeout", "0.5"
    )
    assert (
        slow.returncode == 3
        and "time limit" in slow.stderr
        and "--numeric" in slow.stderr
        and not slow.stdout
    )

"""Gradients checked against hand calculations and central differences."""

import json
import math

import pytest
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from calcli import gradient
from calcli.errors import InputError, ShapeError
from calcli.formats import Format
from calcli.parsing.functions import elementary
from tests.conftest import same, x, y, z


def test_backprop_example_by_hand():
    r = gradient("(x+y)*z", at={"x": 4, "y": -3, "z": 5})
    assert r.variables == (x, y, z)
    assert [same(d, e) for d, e in zip(r.gradient, [z, z, x + y])] == [True] * 3
    assert r.value == (5, 5, 1)
    assert r.numeric == (5.0, 5.0, 1.0)


def test_program_gives_the_same_gradient():
    r = gradient("q = x + y; f = q*z", at="x=4,y=-3,z=5")
    assert r.value == (5, 5, 1)
    assert [name for name, _ in r.assignments] == ["q", "f"]


def test_polynomial_is_not_mangled():
    r = gradient("x^3+x^2+7")
    assert str(r.gradient[0]) == "3*x**2 + 2*x"


def test_quotient_is_simplified():
    r = gradient("x/(x+1)")
    assert r.gradient[0] == (x + 1) ** -2


def test_sigmoid_derivative_is_sigma_times_one_minus_sigma():
    s = 1 / (1 + sp.exp(-x))
    r = gradient("sigmoid(x)", at="x=0")
    assert same(elementary(r.gradient[0]), sp.diff(s, x))
    assert r.value[0] == sp.Rational(1, 4)


def test_relu_and_abs():
    assert gradient("relu(x)").gradient[0] == sp.Heaviside(x)
    assert gradient("abs(x)").gradient[0] == sp.sign(x)


def test_wrt_order_and_partial_point():
    r = gradient("x^2*y", wrt="y,x", at="x=3")
    assert r.variables == (y, x)
    assert r.value == (9, 6 * y)
    assert r.numeric == (9.0, None)


def test_natural_order():
    r = gradient("x10 + x2 + x1")
    assert [v.name for v in r.variables] == ["x1", "x2", "x10"]


def test_complex_values():
    for text in ["2*I*x", "2j*x"]:
        r = gradient(text, at="x=1.234")
        assert r.gradient[0] == 2 * sp.I
        assert r.numeric[0] == 2j


def test_matrix_exponential_derivative():
    r = gradient("H = [[0,1],[1,0]]; expm(I*x*H)", wrt="x", at="x=2")
    H = sp.Matrix([[0, 1], [1, 0]])
    expected = sp.I * H * (sp.I * x * H).exp()
    assert (sp.Matrix(r.gradient[0]) - expected).applyfunc(
        lambda e: sp.simplify(e.rewrite(sp.exp))
    ) == sp.zeros(2)
    got = r.numeric[0]
    want = [[-math.sin(2), 1j * math.cos(2)], [1j * math.cos(2), -math.sin(2)]]
    assert all(abs(complex(got[i][j]) - want[i][j]) < 1e-12 for i in range(2) for j in range(2))


def test_vector_expression():
    r = gradient("[x*y, x + y]", wrt="x,y")
    assert r.gradient[0] == sp.ImmutableMatrix([y, 1])
    assert r.gradient[1] == sp.ImmutableMatrix([x, 1])


def test_hessian_by_hand():
    r = gradient("x^2*y + y^3", hessian=True, at="x=1,y=2")
    assert r.hessian == sp.ImmutableMatrix([[2 * y, 2 * x], [2 * x, 6 * y]])
    assert r.hessian_value == sp.ImmutableMatrix([[4, 2], [2, 12]])
    assert r.hessian_numeric == [[4.0, 2.0], [2.0, 12.0]]


def test_hessian_needs_a_scalar():
    with pytest.raises(ShapeError):
        gradient("[x, y]", hessian=True)


def test_undefined_function_stays_symbolic():
    u = sp.Function("u", real=True)
    r = gradient("u(x, y)*x", functions=["u"], wrt="x")
    assert r.gradient[0] == u(x, y) + x * sp.Derivative(u(x, y), x)


def test_errors():
    with pytest.raises(InputError):
        gradient("3")
    with pytest.raises(InputError):
        gradient("x*y", at="w=1")
    with pytest.raises(InputError):
        gradient("x*y", at="x=1,x=2")


def test_json_dict_shape():
    d = gradient("(x+y)*z", at="x=4,y=-3,z=5", hessian=True).to_dict()
    assert d["variables"] == ["x", "y", "z"]
    assert d["gradient"] == {"x": "z", "y": "z", "z": "x + y"}
    assert d["value"] == {"x": "5", "y": "5", "z": "1"}
    assert d["numeric"] == {"x": 5.0, "y": 5.0, "z": 1.0}
    assert d["hessian"] == [["0", "0", "1"], ["0", "0", "1"], ["1", "1", "0"]]


# --- a second method: central differences at random points ---------------------

atoms = st.sampled_from(["x", "y", "2", "3", "0.5"])
unary = st.sampled_from(["sin", "cos", "exp", "sigmoid", "atan"])


@st.composite
def expressions(draw, depth=3):
    if depth == 0 or draw(st.booleans()):
        return draw(atoms)
    kind = draw(st.sampled_from(["+", "-", "*", "call", "square"]))
    if kind == "call":
        return f"{draw(unary)}({draw(expressions(depth=depth - 1))})"
    if kind == "square":
        return f"({draw(expressions(depth=depth - 1))})^2"
    return f"({draw(expressions(depth=depth - 1))}){kind}({draw(expressions(depth=depth - 1))})"


@settings(max_examples=40, deadline=None, derandomize=True)
@given(expressions(), st.floats(-2, 2), st.floats(-2, 2))
def test_gradient_agrees_with_central_differences(text, px, py):
    r = gradient(text, wrt="x,y", at={"x": px, "y": py})
    f = sp.lambdify((x, y), elementary(r.expression), "math")
    h = 1e-5
    try:
        estimates = [
            (f(px + h, py) - f(px - h, py)) / (2 * h),
            (f(px, py + h) - f(px, py - h)) / (2 * h),
        ]
    # exp(exp(9)) is beyond a float: the reference cannot be computed, nothing to compare
    except OverflowError:
        assume(False)
    for i, estimate in enumerate(estimates):
        assert r.numeric[i] == pytest.approx(estimate, rel=1e-5, abs=1e-5)


def test_no_derivative_at_a_kink():
    for text in ["abs(x)", "relu(x)", "max(x, 0)"]:
        r = gradient(text, at="x=0")
        assert r.value[0] is sp.nan and r.numeric == (None,) and r.to_dict()["value"] == {"x": None}
    assert gradient("abs(x)", at="x=2").value == (1,)
    assert gradient("relu(x)", at="x=-1").value == (0,)


def test_odd_roots_are_real_at_negative_points():
    r = gradient("x^(1/3)", at="x=-8")  # by hand: (1/3)·x^(-2/3) = 1/(3·4) at x = -8
    assert r.value[0] == sp.Rational(1, 12) and "cbrt(x)" in r.readings[0]
    r = gradient("x^(2/3)*y", at="x=-8,y=1")  # (2/3)·x^(-1/3)·y = (2/3)/(-2); and x^(2/3) = 4
    assert list(r.value) == [sp.Rational(-1, 3), 4]
    # a nonnegative base: nothing to say
    assert "cbrt" not in " ".join(gradient("(x^2 + 1)^(1/3)").readings)


def test_a_wide_gradient_is_linear_in_its_terms_and_left_as_derived():
    """∂/∂x5 of Σ sin(xᵢ)·xᵢ₊₁² is cos(x5)·x6² + 2·sin(x4)·x5: no identity joins sines of
    different arguments, so nothing is simplified (simplify() on each of 100 such components took
    seconds)."""
    from calcli.parsing import Options, parse_program

    text = " + ".join(f"sin(x{i})*x{i + 1}^2" for i in range(40))
    r = gradient(parse_program(text, Options()))
    names = [v.name for v in r.variables]
    x4, x5, x6 = (sp.Symbol(n, real=True) for n in ("x4", "x5", "x6"))
    assert r.gradient[names.index("x5")] == sp.cos(x5) * x6**2 + 2 * sp.sin(x4) * x5
    # one argument: still simplified
    assert gradient("r*sin(t)^2 + r*cos(t)^2", wrt="r,t").gradient == (1, 0)


# --- the backward pass (ops/reverse.py) against sympy's diff --------------------------------------

more_unary = st.sampled_from(["sin", "cos", "exp", "sigmoid", "atan", "log", "sqrt", "tanh", "abs"])


@st.composite
def wide_expressions(draw, depth=3):
    """Shared subexpressions, powers with variables in the exponent, and several variables."""
    if depth == 0 or draw(st.booleans()):
        return draw(st.sampled_from(["x", "y", "z", "2", "3", "1/2"]))
    kind = draw(st.sampled_from(["+", "-", "*", "/", "^", "call"]))
    if kind == "call":
        return f"{draw(more_unary)}({draw(wide_expressions(depth=depth - 1))})"
    left, right = draw(wide_expressions(depth=depth - 1)), draw(wide_expressions(depth=depth - 1))
    return f"({left}){kind}({right})"


@settings(max_examples=60, deadline=None, derandomize=True)
@given(wide_expressions())
def test_the_backward_pass_agrees_with_sympys_diff(text):
    from calcli.ops.reverse import reverse_gradient
    from calcli.parsing import Options, parse_program

    try:
        f = parse_program(text, Options()).value
    except InputError:  # (x - x)/(x - x) and the like: refused as undefined
        assume(False)
    assume(isinstance(f, sp.Expr) and not f.has(sp.zoo, sp.nan))
    variables = [x, y, z]
    backward = reverse_gradient(f, variables)
    if backward is None:  # a node it does not take (sympy differentiates those): nothing to compare
        return
    for got, v in zip(backward, variables):
        difference = got - sp.diff(f, v)
        if difference == 0:
            continue
        # equal as functions, in forms that need not match (u^(x-1) against u^x/u): at two points,
        # numerically (evalf with subs: exact towers of powers would not fit in memory)
        for point in (
            {x: sp.Rational(7, 10), y: sp.Rational(13, 10), z: sp.Rational(3, 10)},
            {x: sp.Rational(3, 2), y: sp.Rational(1, 3), z: sp.Rational(9, 10)},
        ):
            value, size = (
                sp.Abs(difference.evalf(30, subs=point)),
                sp.Abs(got.evalf(30, subs=point)),
            )
            if value.is_finite and size.is_finite:  # not where either is undefined
                assert bool(value <= sp.Float(1e-9) * (1 + size)), (text, v, point)


def test_a_large_gradient_and_hessian_take_the_linear_paths_and_match_sympy():
    """Σ sin(xᵢ)·xᵢ₊₁² with 150 terms is past the size where the backward pass and the sparse
    Hessian take over; their results are sympy's, entry for entry (the Hessian compared on a
    corner, 10,000 entries whole would be sympy's quadratic cost again)."""
    from calcli.numbers import LARGE, node_count
    from calcli.parsing.limits import FromStdin

    text = " + ".join(f"sin(x{i})*x{i + 1}^2" for i in range(150))
    r = gradient(FromStdin(text), hessian=True)
    assert node_count(r.expression) >= LARGE
    for v, partial in list(zip(r.variables, r.gradient))[:20]:
        assert sp.expand(partial - sp.diff(r.expression, v)) == 0
    corner = r.variables[:6]
    assert r.hessian[:6, :6] == sp.hessian(r.expression, corner)
    # the whole diagonal, and each neighbour pair twice
    assert sum(1 for entry in r.hessian if entry != 0) == 151 + 2 * 150


@pytest.mark.parametrize(
    "text, terms",
    [
        ("(x+1)*(y+1)*(z+1)", 8),
        ("(x+y)^3", 8),
        ("1/(x+1)^2", 4),
        ("sin(x+y)*(x+y)", 2),
        ("x^2*y + 1/x", 2),
        ("sqrt(x+1)", 1),
    ],
)
def test_expanded_terms_are_counted_by_hand(text, terms):
    from calcli.ops.simplify import expanded_terms
    from calcli.parsing import parse_program

    assert expanded_terms(parse_program(text).value) == terms


def test_a_product_of_sums_with_fractions_is_not_simplified_and_its_gradient_is_sympys():
    """∂/∂x0 of (x0 + 1/x0)···(x11 + 1/x11) has 37 operations, but simplify() cancels it by
    multiplying out 4,096 terms (minutes; ten factors take 8 s): it is bounded by the expanded
    size, and left as computed."""
    from calcli.ops.simplify import worth_simplifying

    text = "*".join(f"(x{i}+1/x{i})" for i in range(12))
    r = gradient(text, wrt="x0")
    x0 = r.variables[0]
    assert (
        not worth_simplifying(r.gradient[0])
        and sp.expand(r.gradient[0] - sp.diff(r.expression, x0)) == 0
    )
    assert r.readings == ()  # small enough to read as it is: no note


def test_a_large_value_left_as_computed_says_so():
    from calcli.ops.simplify import SIZE_NOTE

    wide = gradient("*".join(f"(x{i}+1/x{i})" for i in range(25)), wrt="x0,x1")
    assert SIZE_NOTE in wide.readings and SIZE_NOTE == (
        "a value of more than 60 operations is "
        "shown as computed, not simplified; it is "
        "exact all the same"
    )
    assert SIZE_NOTE not in gradient("x/(x+1)").readings


def test_the_parts_of_a_large_result_are_printed_in_sympys_own_order():
    """Sorting the terms of 1,000 components for print cost a quarter of the call: a large
    expression's gradient and Hessian are written in sympy's order of their terms (deterministic,
    and read back as the same values)."""
    from calcli.numbers import flat
    from calcli.parsing import parse_program
    from calcli.parsing.limits import FromStdin
    from calcli.render import render

    wide = gradient(
        FromStdin(" + ".join(f"sin(x{i})*x{i + 1}^2" for i in range(150))), hessian=True
    )
    assert wide.large and not gradient("sin(x0)*x1^2 + sin(x1)*x2^2").large
    component = wide.gradient[5]
    shown = json.loads(render(wide, Format.json))["gradient"]["x5"]
    assert (
        shown
        == sp.sstr(component, order="none")
        == "x6**2*cos(x5) + 2*x5*sin(x4)"
        != str(component)
    )
    assert f"gradient.x5\t{shown}\n" in render(wide, Format.plain)
    assert parse_program(shown.replace("**", "^")).value == component
    assert flat(wide.hessian, True) in render(wide, Format.plain)
    small = gradient("sin(x4)*x5^2 + sin(x5)*x6^2", wrt="x5")
    assert (
        json.loads(render(small, Format.json))["gradient"]["x5"]
        == str(small.gradient[0])
        == "2*x5*sin(x4) + x6**2*cos(x5)"
    )

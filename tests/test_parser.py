"""The expression language: what it accepts (compared as mathematics) and what it refuses."""

import os

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from calcli import parse
from calcli.errors import CalcliError, InputError, ParseError, ShapeError
from calcli.parsing import Options, parse_point, parse_program, parse_relation, symbol
from tests.conftest import x, y, z

ACCEPT = [
    ("(x+y)*z", (x + y) * z),
    ("2x", 2 * x),
    ("2 x", 2 * x),
    ("2(x+1)", 2 * x + 2),
    ("(x+1)(x-1)", x**2 - 1),
    ("x^2", x**2),
    ("x**2", x**2),
    ("-x^2", -(x**2)),
    ("2^-1", sp.Rational(1, 2)),
    ("x^2^3", x**8),
    ("x²³", x**23),  # superscripts make one exponent, never x^(2^3)
    ("x⁻¹", 1 / x),
    ("x²y³", x**2 * y**3),
    ("2x^2", 2 * x**2),
    ("1/2x", x / 2),
    ("0.2", sp.Rational(1, 5)),
    ("1.2x/0.2 + 1.1y/0.1", 6 * x + 11 * y),
    ("1e-3", sp.Rational(1, 1000)),
    ("2.5E2", 250),
    (".5", sp.Rational(1, 2)),
    ("2j", 2 * sp.I),
    ("2j*x", 2 * sp.I * x),
    ("I*I", -1),
    ("e", sp.E),
    ("e^x", sp.exp(x)),
    ("2e", 2 * sp.E),
    ("pi/2", sp.pi / 2),
    ("π", sp.pi),
    ("x²", x**2),
    ("x³", x**3),
    ("2²", 4),
    ("3²x", 9 * x),
    ("x − y", x - y),
    ("x × y", x * y),
    ("oo", sp.oo),
    ("ln(x)", sp.log(x)),
    ("log(8, 2)", 3),
    ("abs(x)", sp.Abs(x)),
    ("sqrt(4)", 2),
    ("atan2(1, 1)", sp.pi / 4),
    ("sigmoid(0)", sp.Rational(1, 2)),
    ("relu(x)", sp.Max(0, x)),
    ("max(1, 2, 3)", 3),
    ("floor(2.5)", 2),
    ("arcsin(1)", sp.pi / 2),
    ("q = x + y; f = q*z", (x + y) * z),
    ("q = x + y\nq^2", (x + y) ** 2),
    ("x1*x10*x2", symbol("x1") * symbol("x10") * symbol("x2")),
    ("det([[1,2],[3,4]])", -2),
    ("trace([[1,2],[3,4]])", 5),
]


@pytest.mark.parametrize("text, expected", ACCEPT)
def test_accepts(text, expected):
    value = parse(text).value
    assert value == expected or sp.simplify(value - expected) == 0


def test_matrices():
    h = parse("H = [[0,1],[1,0]]; H*H").value
    assert h == sp.eye(2)
    assert parse("inv([[2,0],[0,4]])").value == sp.ImmutableMatrix(
        [[sp.Rational(1, 2), 0], [0, sp.Rational(1, 4)]]
    )
    assert parse("transpose([[1,2]])").value.shape == (2, 1)
    assert parse("[x, y]").value.shape == (2, 1)


def test_tuple_and_program_names():
    program = parse("q = x + y; f = q*z")
    assert program.assignments == (("q", x + y), ("f", (x + y) * z))
    assert program.output_name == "f"
    assert parse("(z, z, x + y)").value == sp.Tuple(z, z, x + y)


def test_undefined_functions():
    u = sp.Function("u", real=True)
    value = parse("u(x, y)*x", functions=("u",)).value
    assert value == u(x, y) * x
    assert parse("Derivative(u(x), x)", functions=("u",)).value == sp.Derivative(u(x), x)


def test_decimal_comma():
    assert parse("x/0,2 * (0,2+1)", decimal_comma=True).value == 6 * x
    assert parse("0,5; 1,5", decimal_comma=True).value == sp.Tuple(
        sp.Rational(1, 2), sp.Rational(3, 2)
    )
    assert parse("max(1,5; 2)", decimal_comma=True).value == 2
    with pytest.raises(ParseError, match="';'"):
        parse("f(x, y)", decimal_comma=True)


def test_str_form_parses_back():
    """JSON exact values are sympy str() forms that calcli reads back."""
    for text in [
        "x**2*sin(x)/(1 + exp(-x))",
        "Matrix([[0, I*cos(x)], [1, -sin(x)]])",
        "Heaviside(x) + sign(y)",
        "sqrt(2)*pi*E",
    ]:
        value = parse(text).value
        assert parse(str(value)).value == value


REJECT = [
    # a chain of powers, each under the old 64 threshold
    ("(((1e1000)^64)^64)^64*x", ParseError, 10),
    ("a=2;" + "a=a*a;" * 40 + "a*x", ParseError, 103),  # a program squaring a number
    ("a=x;" + "a=sin(a);" * 1100 + "a", InputError, None),  # nesting built by assignments
    ("a=x;" + "a=a*a+a;" * 40 + "a", InputError, None),  # a tree that doubles with each line
    ("x⁻", ParseError, 1),
    ("x+", ParseError, 2),
    ("((x)", ParseError, 4),
    ("x)", ParseError, 1),
    ("", ParseError, 0),
    ("   ", ParseError, 0),
    ("xsin(x)", ParseError, 0),
    ("sin x", ParseError, 0),
    ("sin", ParseError, 0),
    ("x(x+1)", ParseError, 0),
    ("foo(x)", ParseError, 0),
    ("__import__('os').system('touch pwned')", ParseError, None),
    ("().__class__.__base__.__subclasses__()", ParseError, None),
    ("sin(\"__import__('os').system('ls')\")", ParseError, 4),
    ("lambda: 1", ParseError, 6),
    ("f'{x}'", ParseError, 1),
    ("x.real", ParseError, 1),
    ("x if y else z", ParseError, None),
    ("_x", ParseError, 0),
    ("x__y", ParseError, 0),
    ("\uff3f\uff3fimport\uff3f\uff3f", ParseError, 0),  # full-width underscores
    ("\\x5f\\x5fimport", ParseError, 0),
    ("х + 1", ParseError, 0),  # Cyrillic ha
    ("x\u200b+1", ParseError, 1),  # zero-width space
    ("x\u202e+1", ParseError, 1),  # right-to-left override
    ("x\x00", ParseError, 1),
    ("0x1F", ParseError, 0),
    ("1\u0663", ParseError, 1),  # an Arabic-Indic digit is not a digit of a number
    ("1e\u0663", ParseError, 2),
    ("1_000", ParseError, 1),
    ("9**9**9**9", ParseError, 4),
    ("2**10**10", ParseError, 1),
    ("1e999999999", ParseError, 0),
    ("(2x)^(10^10)", ParseError, 4),
    ("factorial(10**8)", ShapeError, 0),
    ("gamma(10^8)", ShapeError, 0),
    ("(" * 200 + "x" + ")" * 200, ParseError, None),
    ("-" * 500 + "x", ParseError, None),
    ("x" + "+x" * 6000, ParseError, None),
    ("1/0", InputError, None),
    ("[[1,2],[3]]", ShapeError, 0),
    ("[[1,2]] + 1", ShapeError, 8),
    ("det(x)", ShapeError, 0),
    ("sin([[1]])", ShapeError, 0),
    ("log()", ParseError, 0),
    ("atan2(1)", ParseError, 0),
    ("pi = 3", ParseError, 0),
    ("\\frac{1}{2}", ParseError, 0),
    ("x = ", ParseError, 4),
    ("x; ;", None, None),  # fine: empty statements are skipped
]


@pytest.mark.parametrize("text, error, position", REJECT)
def test_rejects(text, error, position):
    if error is None:
        parse(text)
        return
    with pytest.raises(error) as info:
        parse(text)
    assert info.value.message and "\n" not in info.value.message
    if position is not None:
        assert info.value.position == position


def test_injection_creates_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for text in ["__import__('os').system('touch pwned')", "open('pwned','w')", "exec('x=1')"]:
        with pytest.raises(CalcliError):
            parse(text)
    assert os.listdir(tmp_path) == []


def test_relation():
    assert parse_relation("6x + 11y = 26") == (6 * x + 11 * y, "=", 26)
    assert parse_relation("x^2 <= 4")[1] == "<="
    assert parse_relation("x^2 - 4") == (x**2 - 4, "=", 0)


def test_point():
    point = parse_point("x=pi/2, y=1/3", [x, y])
    assert point == {x: sp.pi / 2, y: sp.Rational(1, 3)}
    assert parse_point(["x=1", "y=2"], [x, y]) == {x: 1, y: 2}
    assert parse_point({"x": 0.2}, [x]) == {x: sp.Rational(1, 5)}
    assert parse_point("x=0,5; y=2", [x, y], Options(decimal_comma=True)) == {
        x: sp.Rational(1, 2),
        y: 2,
    }
    for bad in ["w=1", "x=1,x=2", "x=", "x", "x=y", "x=1/0", "x=oo", "x=9**9**9**9", "=3"]:
        with pytest.raises(CalcliError):
            parse_point(bad, [x, y])


def test_a_long_sum_is_added_at_once_and_means_the_same():
    from calcli import parse

    x, y, z = (sp.Symbol(n, real=True) for n in "xyz")
    assert parse("x - y + z - 2 + x").value == 2 * x - y + z - 2
    # matrices still add as matrices
    assert parse("[1, 2] + [x, y] - [1, 1]").value == sp.ImmutableMatrix([x, y + 1])
    assert parse(" + ".join(f"x{i}" for i in range(1000))).value == sp.Add(
        *(sp.Symbol(f"x{i}", real=True) for i in range(1000))
    )


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.one_of(
        st.integers(-(10**6), 10**6),
        st.fractions(max_denominator=1000),
        st.floats(-1e6, 1e6, allow_nan=False),
    ),
    st.sampled_from(["x", "y2", "alpha"]),
)
def test_a_number_times_a_name_is_sympys_product(number, name):
    """The parser builds c*x directly (a 100 x 100 system has 10,000 of them): the same value,
    form and hash."""
    from fractions import Fraction

    text = (
        f"({number.numerator}/{number.denominator})"
        if isinstance(number, Fraction)
        else f"({number!r})"
    )
    value = parse_program(f"{text}*{name}").value
    by_sympy = parse_program(text).value * symbol(name)
    assert (
        value == by_sympy
        and hash(value) == hash(by_sympy)
        and value.args == by_sympy.args
        and str(value) == str(by_sympy)
    )

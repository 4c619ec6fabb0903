"""Reading what students write, or refusing it out loud: each spelling of the reading issue, and
a property test that a random expression printed the way students print it is read as meant, or
read with a note, or refused, never read silently as something else."""

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import calcli
from calcli.errors import CalcliError, InputError, ParseError
from calcli.parsing import Options, parse_program
from tests.conftest import x, y, z


def read(text: str, **options):
    opts = Options(**options)
    return parse_program(text, opts).value, opts.readings


@pytest.mark.parametrize(
    "text, meant",
    [("sin2x", "sin(2x)"), ("cos2x", "cos(2x)"), ("tan3", "tan(3)"), ("exp2x", "exp(2x)")],
)
def test_a_function_run_into_its_argument_is_refused_with_the_spelling(text, meant):
    with pytest.raises(ParseError) as err:
        read(text)
    assert meant in err.value.message


@pytest.mark.parametrize(
    "text, value, note",
    [
        ("e^2x", sp.exp(2 * x), "e^(2x)"),
        ("e^-3x", sp.exp(-3 * x), "e^(-3x)"),
        ("x^2y", x**2 * y, "x^2·y"),
        ("x^1/2", x / 2, "(x^1)/2"),
        ("(x+1)^-1/2", 1 / (2 * (x + 1)), "/2"),
        ("1/2x", x / 2, "1/(2x)"),
        ("x2 + y2", sp.Symbol("x2", real=True) + sp.Symbol("y2", real=True), "for that write x^2"),
        ("f(x, y) = x^2 y", x**2 * y, "definition"),
        ("log_2(x)", sp.log(x) / sp.log(2), "base 2"),
        ("{x + 1}^2", (x + 1) ** 2, None),
    ],
)
def test_an_ambiguous_spelling_is_read_one_way_and_says_which(text, value, note):
    got, notes = read(text)
    assert sp.simplify(got - value) == 0
    if note is None:
        assert not notes
    else:
        assert any(note in n for n in notes), notes


def test_a_space_says_what_the_power_takes():
    assert read("x^2 y") == (x**2 * y, [])


@pytest.mark.parametrize("text", ["d/dx x^3", "d/dx (x^3)", "d/dy x^2y"])
def test_an_operator_in_front_is_refused(text):
    with pytest.raises(ParseError, match="write only the function"):
        read(text)


def test_an_inverse_power_of_a_function_names_both_readings():
    with pytest.raises(ParseError) as err:
        read("cos^-1(x)")
    assert "acos(x)" in err.value.message and "1/cos(x)" in err.value.message


def test_unit_vectors_in_a_field_are_refused():
    with pytest.raises(InputError, match="components"):
        calcli.divergence("x i + y j + z k")


def test_angle_brackets_hold_a_field():
    assert calcli.divergence("<x^2y, xyz, -yz^2>").result == sp.expand(
        2 * x * y + x * z - 2 * y * z
    )


def test_a_scalar_command_given_a_decimal_comma_list_is_refused_with_the_hint():
    with pytest.raises(CalcliError) as err:
        calcli.gradient("3,5x")
    assert "--decimal-comma" in err.value.hint
    assert calcli.gradient("3,5x", decimal_comma=True).gradient == (sp.Rational(7, 2),)


def test_a_decimal_comma_in_solve_is_refused_with_the_hint():
    with pytest.raises(ParseError) as err:
        calcli.solve("1,2x/0,2 + 1,1y/0,1 = 26", unknowns="x")
    assert "--decimal-comma" in (err.value.hint or "")


def test_a_trailing_dx_names_the_variable_of_integration():
    result = calcli.integrate("x^2 dx")
    assert result.integral == x**3 / 3 and any("dx dropped" in n for n in result.readings)


def test_a_side_written_into_the_point_points_to_dir():
    with pytest.raises(InputError, match="--dir \\+"):
        calcli.limit("1/x", at="x=0+")


@pytest.mark.parametrize(
    "text, message",
    [("(x + 1", "missing ')'"), ("[1, 2", "missing ']'"), ("{x + 1", "missing '}'")],
)
def test_a_missing_bracket_is_named_with_the_caret_at_the_end(text, message):
    with pytest.raises(ParseError) as err:
        read(text)
    assert err.value.message == message and err.value.position == len(text)


def test_a_semicolon_is_named_as_itself():
    with pytest.raises(ParseError, match="unexpected ';'"):
        read("x + ;")
    with pytest.raises(ParseError, match="found ';'"):
        read("(x;)")


# --- the property ---------------------------------------------------------------------------------

NAMES = [x, y, z]


@st.composite
def student_terms(draw):
    """(text as a student writes it, the expression meant)."""
    coefficient = draw(st.sampled_from([1, 2, 3, 5]))
    powers = [
        (v, draw(st.integers(0, 3)))
        for v in draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=2, unique=True))
    ]
    text = "" if coefficient == 1 else str(coefficient)
    meant = sp.Integer(coefficient)
    for v, n in powers:
        text += v.name if n in (0, 1) else f"{v.name}^{n}"
        meant *= v if n in (0, 1) else v**n
    wrap = draw(st.sampled_from([None, "sin", "cos", "exp", "e^"]))
    if wrap == "e^":
        return f"e^{text}", sp.exp(meant)
    if wrap:
        return f"{wrap}({text})", getattr(sp, wrap)(meant)
    return text, meant


@settings(max_examples=300, deadline=None)
@given(st.lists(student_terms(), min_size=1, max_size=3))
def test_a_student_spelling_is_read_as_meant_or_noted_or_refused(terms):
    text = " + ".join(t for t, _ in terms)
    meant = sp.Add(*(m for _, m in terms))
    try:
        got, notes = read(text)
    except CalcliError:
        return  # refused out loud
    assert sp.simplify(got - meant) == 0 or notes, f"{text} was read as {got} with no note"


def test_with_decimal_commas_the_output_speaks_them_too():
    from calcli.formats import Format
    from calcli.render import Screen, render

    result = calcli.solve("1,2x/0,2 + 1,1y/0,1 = 26", unknowns="x", decimal_comma=True)
    table = render(result, Format.table, Screen(width=100, decimal_comma=True))
    assert "4,333333333 - 1,833333333*y" in table and "4.333" not in table
    assert "4.333" in render(result, Format.table, Screen(width=100))  # without the flag, points
    # JSON is for scripts
    assert render(result, Format.json, Screen(decimal_comma=True)) == render(
        result, Format.json, Screen()
    )

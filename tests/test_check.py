"""--expect: proofs, counterexamples where both sides are defined and differ, and honest
unknowns."""

import pytest
import sympy as sp

from calcli import gradient
from calcli.errors import ShapeError
from calcli.ops.check import compare
from tests.conftest import x


def test_the_counterexample_is_where_the_answers_differ():
    check = gradient("x^3+x^2+7", wrt="x", expect="3x^2+2^x").check
    assert check.verdict == "different"
    ce = check.counterexample
    assert ce.at[x] not in (1, 2)  # 3x^2 + 2^x and 3x^2 + 2x agree at x = 1 and x = 2
    assert ce.expected != ce.actual


def test_a_right_answer_is_proved():
    check = gradient("x^3+x^2+7", wrt="x", expect="3x^2+2x").check
    assert (check.verdict, check.method) == ("equal", "symbolic")


def test_tuple_in_wrt_order():
    assert gradient("(x+y)*z", expect="(z, z, x + y)").check.verdict == "equal"
    assert gradient("(x+y)*z", wrt="z,y,x", expect="(x + y, z, z)").check.verdict == "equal"
    assert gradient("(x+y)*z", expect="(z, z, x - y)").check.verdict == "different"


def test_values_at_a_point():
    assert gradient("(x+y)*z", at="x=4,y=-3,z=5", expect="(5, 5, 1)").check.verdict == "equal"
    check = gradient("(x+y)*z", at="x=4,y=-3,z=5", expect="(5, 5, 2)").check
    assert check.verdict == "different" and check.counterexample.at[sp.Symbol("x", real=True)] == 4


def test_wrong_length_is_a_shape_error():
    with pytest.raises(ShapeError, match="3"):
        gradient("(x+y)*z", expect="(z, z)")


def test_points_where_a_side_is_undefined_are_skipped():
    # log(x) is undefined at 0 and 1/x is undefined at 0: 0 must not be the counterexample
    check = compare(sp.log(x**2) / 2, sp.log(sp.Abs(x)), [x])
    assert check.verdict == "equal"
    check = compare(1 / x + 1, 1 / x, [x])
    assert check.verdict == "different" and check.counterexample.at[x] != 0


def test_numeric_equality_is_labelled_as_such():
    # sympy cannot prove this identity symbolically in its budget, numeric probing agrees everywhere
    a = sp.sqrt(x**2 + 2 * x + 1)
    b = sp.Abs(x + 1)
    check = compare(a, b, [x])
    # said to be numeric, not proved
    assert check.verdict == "equal" and check.method.startswith("numerically at ")
    assert compare(x + x, 2 * x, [x]).method == "symbolic"  # and a proof is labelled as one


def test_unknown_when_nothing_can_be_evaluated():
    u = sp.Function("u", real=True)
    check = compare(
        sp.Derivative(u(x), x) * 2, sp.Derivative(u(x), x) + sp.Derivative(u(x), x) ** 2, [x]
    )
    assert check.verdict == "unknown"

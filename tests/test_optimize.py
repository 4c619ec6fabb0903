"""minimize-constrained: candidates checked by hand, feasibility, KKT signs, numeric vs exact."""

import math

import pytest
import sympy as sp

from calcli.errors import InputError, Unsolved
from calcli.ops.optimize import minimize_constrained as optimize
from tests.conftest import same, x, y, z


def test_closest_point_on_a_line_with_the_documented_multiplier():
    r = optimize("sqrt((x-4.085)^2 + (y-0.17)^2)", subject_to=["1.2*x/0.2 + 1.1*y/0.1 = 26"])
    o = r.optimum
    assert o.point == {x: sp.Rational(127813, 31400), y: sp.Rational(2251, 15700)}
    assert same(o.multipliers["lambda1"], -1 / sp.sqrt(157))
    assert o.classification == "minimum" and r.method == "lagrange"
    # second method: the distance from a point to a line
    assert o.numeric["objective"] == pytest.approx(abs(6 * 4.085 + 11 * 0.17 - 26) / math.sqrt(157))


def test_stationarity_holds_in_the_stated_convention():
    r = optimize("x^2 + 2y^2", subject_to=["x + y = 3"])
    o = r.optimum
    lam = o.multipliers["lambda1"]
    assert 2 * o.point[x] == lam and 4 * o.point[y] == lam  # grad f = lambda * grad(x + y - 3)


def test_circle_with_four_candidates():
    r = optimize("x*y", subject_to=["x^2 + y^2 = 1"])
    assert len(r.candidates) == 4
    kinds = sorted(c.classification for c in r.candidates)
    assert kinds == ["maximum", "maximum", "minimum", "minimum"]
    assert r.optimum.objective == sp.Rational(-1, 2)
    r = optimize("x*y", subject_to=["x^2 + y^2 = 1"], maximize=True)
    assert r.optimum.objective == sp.Rational(1, 2) and r.sense == "max"


def test_three_variables_two_constraints():
    r = optimize("x^2 + y^2 + z^2", subject_to=["x + y + z = 1", "x - y = 0"])
    assert r.optimum.point == {x: sp.Rational(1, 3), y: sp.Rational(1, 3), z: sp.Rational(1, 3)}
    assert r.optimum.classification == "minimum"


def test_active_and_inactive_inequalities():
    r = optimize("x^2 + y^2", subject_to=["x + y >= 1"])
    o = r.optimum
    assert o.point == {x: sp.Rational(1, 2), y: sp.Rational(1, 2)} and o.active == ("lambda1",)
    assert o.multipliers["lambda1"] == 1  # >= constraint of a minimum: lambda >= 0
    r = optimize("x^2 + y^2", subject_to=["x + y <= 1"])
    assert (
        r.optimum.point == {x: 0, y: 0}
        and r.optimum.active == ()
        and r.optimum.multipliers["lambda1"] == 0
    )


def test_infeasible_and_unbounded_say_so():
    with pytest.raises(Unsolved, match="infeasible"):
        optimize("x^2", subject_to=["x >= 1", "x <= 0"])
    with pytest.raises(Unsolved, match="unbounded"):
        optimize("x - y", subject_to=["x + y = 1"])
    r = optimize("x^3 - 3x")  # a local minimum and maximum, listed; no global minimum
    assert r.optimum is None and "unbounded below" in r.note and len(r.candidates) == 2


def test_l1_deviation_exactly():
    r = optimize("abs(x-4.085) + abs(y-0.17)", subject_to=["6x + 11y = 26"])
    o = r.optimum
    assert o.point == {x: sp.Rational(817, 200), y: sp.Rational(149, 1100)}
    assert o.objective == sp.Rational(19, 550)
    assert r.method == "pieces"
    (other,) = [c for c in r.candidates if c is not o]
    assert (
        other.point == {x: sp.Rational(2413, 600), y: sp.Rational(17, 100)}
        and other.classification == "neither"
    )
    f = sp.Abs(x - sp.Rational(817, 200)) + sp.Abs(y - sp.Rational(17, 100))
    step = {x: sp.Rational(11, 10**4), y: sp.Rational(-6, 10**4)}  # along the line 6x + 11y = 26
    values = [f.subs({v: other.point[v] + k * step[v] for v in (x, y)}) for k in (-1, 0, 1)]
    assert values[0] > values[1] > values[2]  # f falls through it: no extremum there


def test_unconstrained_least_squares_fit():
    # fit y = a + b t to (0, 1), (1, 3), (2, 4): normal equations give a = 7/6, b = 3/2
    r = optimize("(a - 1)^2 + (a + b - 3)^2 + (a + 2b - 4)^2")
    assert r.optimum.point == {
        sp.Symbol("a", real=True): sp.Rational(7, 6),
        sp.Symbol("b", real=True): sp.Rational(3, 2),
    }
    assert r.optimum.classification == "minimum" and r.optimum.multipliers == {}


def test_numeric_fallback_agrees_with_the_exact_answer():
    exact = optimize("sqrt((x-4.085)^2 + (y-0.17)^2)", subject_to=["6x + 11y = 26"]).optimum
    numeric = optimize(
        "sqrt((x-4.085)^2 + (y-0.17)^2)", subject_to=["6x + 11y = 26"], method="numeric"
    )
    assert numeric.numeric_only and numeric.method == "numeric"
    for name in ("x", "y", "lambda1", "objective"):
        assert numeric.optimum.numeric[name] == pytest.approx(
            exact.numeric[name], rel=1e-6, abs=1e-9
        )


def test_expect_with_tolerance():
    r = optimize("x^2 + y^2", subject_to=["x + y >= 1"], expect="(0.5, 0.5)")
    assert r.check.verdict == "equal"
    # within the default 0.1 %
    r = optimize("x^2 + y^2", subject_to=["x + y >= 1"], expect="(0.5001, 0.5)")
    assert r.check.verdict == "equal" and "0.1 %" in r.check.method
    r = optimize("x^2 + y^2", subject_to=["x + y >= 1"], expect="(0.51, 0.5)")
    assert r.check.verdict == "different"
    r = optimize("x^2 + y^2", subject_to=["x + y >= 1"], expect="(0.5001, 0.5)", tol=1e-5)
    assert r.check.verdict == "different"
    # exact: proved exactly
    r = optimize("x^2 + y^2", subject_to=["x + y >= 1"], expect="(5001/10000, 1/2)")
    assert r.check.verdict == "different"


def test_bad_input():
    for kwargs in [dict(subject_to=["x > 1"]), dict(subject_to=["x + 1"]), dict(method="simplex")]:
        with pytest.raises(InputError):
            optimize("x^2", **kwargs)
    with pytest.raises(InputError):
        optimize("x^2", subject_to=["x <= 1"], method="lagrange")


def test_no_global_optimum_still_lists_the_candidates():
    """x^3 - 3x + y^2: a local minimum at (1, 0) and a saddle, but no global minimum (x → -∞)."""
    r = optimize("x^3 - 3x + y^2")
    assert r.optimum is None and "no global minimum" in r.note
    assert sorted((c.point[x], c.classification) for c in r.candidates) == [
        (-1, "saddle"),
        (1, "minimum"),
    ]


def test_a_minimum_is_never_a_maximum_or_a_saddle():
    # (1/2, 1/2) is the maximum on that line; x*y has no minimum there
    r = optimize("x*y", subject_to=["x + y = 1"])
    assert r.optimum is None and [c.classification for c in r.candidates] == ["maximum"]
    assert optimize("x^2 + 4x*y + y^2").optimum is None  # only a saddle


def test_real_roots_written_with_i_are_kept():
    """x^4 - 3x^2 + x: the cubic 4x^3 - 6x + 1 has three real roots (casus irreducibilis); the
    minimum is -3.5139 at x = -1.3008 (checked against numpy.roots and a scan)."""
    import numpy as np

    r = optimize("x^4 - 3x^2 + x")
    roots = sorted(np.roots([4, 0, -6, 1]).real)
    assert sorted(float(c.point[x]) for c in r.candidates) == pytest.approx(roots)
    assert float(r.optimum.point[x]) == pytest.approx(-1.300839566) and r.optimum.numeric[
        "objective"
    ] == pytest.approx(-3.513905, abs=1e-6)
    grid = np.linspace(-3, 3, 600001)
    assert r.optimum.numeric["objective"] == pytest.approx(
        float(np.min(grid**4 - 3 * grid**2 + grid)), abs=1e-9
    )


def test_auxiliary_names_never_collide_with_the_users():
    r = optimize("x^2 + lambda1^2", subject_to=["x + lambda1 = 1"])
    lam = sp.Symbol("lambda1", real=True)
    assert r.optimum.point == {
        x: sp.Rational(1, 2),
        lam: sp.Rational(1, 2),
    } and r.optimum.multipliers == {"λ1": 1}


def test_an_engine_failure_falls_back_to_the_labelled_numeric_route():
    # sympy's solve fails inside
    r = optimize("sin(x) + sin(y)", subject_to=["x + y = 1"], maximize=True)
    assert r.optimum.numeric["x"] == pytest.approx(0.5, abs=1e-6) and r.optimum.numeric[
        "objective"
    ] == pytest.approx(2 * math.sin(0.5))


def test_numeric_search_starts_across_the_box():
    """sin(x)·sin(y) on 0.1 ≤ x, y ≤ 6.2: the minimum is -1 (at (π/2, 3π/2) and (3π/2, π/2)), not
    the corner."""
    box = ["x >= 0.1", "x <= 6.2", "y >= 0.1", "y <= 6.2"]
    r = optimize("sin(x)*sin(y)", subject_to=box, method="numeric")
    assert (
        r.optimum.numeric["objective"] == pytest.approx(-1, abs=1e-8)
        and "best of 25 starts" in r.note
    )
    assert r.optimum.classification == "unknown"  # numeric: never called a minimum unless verified


def test_no_minimum_on_a_line_where_the_only_candidate_is_the_maximum():
    r = optimize("x*y", subject_to=["x + y = 1"])
    assert r.optimum is None and "no global minimum" in r.note


def test_corners_and_faces_are_labelled_by_proof_not_by_the_sense():
    """x·y·z on x + 2y + 2z <= 12, x, y, z >= 0, maximised: 16 at (4, 2, 2) (by hand: AM-GM).
    Every other candidate lies on a face where x·y·z = 0 <= x·y·z anywhere feasible: each is a
    minimum, never a saddle."""
    box = ["x + 2y + 2z <= 12", "x >= 0", "y >= 0", "z >= 0"]
    r = optimize("x*y*z", subject_to=box, maximize=True)
    assert r.optimum.point == {x: 4, y: 2, z: 2} and r.optimum.objective == 16
    others = [c for c in r.candidates if c is not r.optimum]
    assert {x: 0, y: 0, z: 0} in [c.point for c in others] and {x: 12, y: 0, z: 0} in [
        c.point for c in others
    ]
    assert all(c.objective == 0 and c.classification == "minimum" for c in others)
    r = optimize("x*y*z", subject_to=box)  # the minimum 0 is reached on whole faces
    assert r.optimum.objective == 0 and "free" in r.note
    # no sign proof for a point inside: the Hessian decides
    r = optimize("x - y", subject_to=["x >= 0", "x <= 1", "y >= 0", "y <= 1"])
    assert r.optimum.point == {x: 0, y: 1} and r.optimum.objective == -1


def test_points_without_a_derivative_are_candidates():
    # the distance to the origin, plus 1: at least 1, and 1 only at (0, 0)
    r = optimize("sqrt(x^2 + y^2) + 1")
    assert (
        r.optimum.point == {x: 0, y: 0}
        and r.optimum.objective == 1
        and r.optimum.classification == "minimum"
    )
    r = optimize("x^(2/3) + 1")  # a cusp: cbrt(x)^2 >= 0
    assert r.optimum.point == {x: 0} and r.optimum.classification == "minimum"


def test_points_where_a_constraints_gradient_vanishes_are_candidates():
    # the feasible set is {0}; no multiplier exists there
    r = optimize("x", subject_to=["x^2 <= 0"])
    assert (
        r.optimum.point == {x: 0}
        and r.optimum.numeric["lambda1"] is None
        and "no multiplier" in r.note
    )
    # the textbook case Lagrange's method misses: x >= 1 on the curve
    r = optimize("x^2 + y^2", subject_to=["(x-1)^3 = y^2"])
    assert r.optimum.point == {x: 1, y: 0} and r.optimum.objective == 1


def test_an_infimum_that_is_not_attained_is_not_an_optimum():
    with pytest.raises(Unsolved, match="no minimum was found") as caught:
        # > 0 everywhere, -> 0 as x -> -oo: bounded, no minimum
        optimize("exp(x) + y", subject_to=["y >= 0"])
    assert "unbounded" not in caught.value.message
    r = optimize("exp(x) + x^2")  # a minimum that is attained: 2x = -exp(x) at x ≈ -0.3517
    assert r.optimum.numeric["x"] == pytest.approx(-0.351733711, abs=1e-6)


def test_a_boundary_point_curved_the_wrong_way_is_a_saddle():
    """2x² + 3y² on x² + y² <= 3, maximised: at (√3, 0) f falls going inward and rises along the
    circle (6 + y² there), so it is neither a local minimum nor a local maximum of f on the disc."""
    r = optimize("2x^2 + 3y^2", subject_to=["x^2 + y^2 <= 3"], maximize=True)
    kinds = {(c.point[x], c.point[y]): c.classification for c in r.candidates}
    assert (
        kinds[(sp.sqrt(3), 0)] == kinds[(-sp.sqrt(3), 0)] == "saddle" and kinds[(0, 0)] == "minimum"
    )
    assert r.optimum.objective == 9

"""Sixty textbook exercises: Lagrange multipliers and KKT, local extrema, systems, equations and
inequalities.

Sources (the kind of exercise, and where it is set):
  [S]  J. Stewart, Calculus: Early Transcendentals, 8th ed., §14.7 (maximum and minimum values)
       and §14.8 (Lagrange multipliers).
  [O3] G. Strang, E. Herman et al., Calculus Volume 3, OpenStax 2016, §4.7 and §4.8.
  [PD] P. Dawkins, Paul's Online Notes, Calculus III, "Lagrange Multipliers"
       (tutorial.math.lamar.edu).
  [CA] J. Abramson et al., College Algebra 2e, OpenStax 2021, §2.7 (inequalities), §6 (exponential
       and logarithmic equations), §7.1-7.3 (systems).
  [NW] J. Nocedal, S. Wright, Numerical Optimization, 2nd ed., §12 (a point where the constraint
       qualification fails, so Lagrange's method misses the minimum).
Each answer is worked by hand in the comment beside it, so that it can be checked without the book;
the tests compare as mathematics (exact values and sets), never as printed text.
"""

import math

import pytest
import sympy as sp

from calcli import minimize_constrained, solve
from calcli.errors import Unsolved
from tests.conftest import x, y, z

r2, r3, r6 = sp.sqrt(2), sp.sqrt(3), sp.sqrt(6)

# (objective, constraints, maximize, optimum point, optimum value)
CONSTRAINED = [
    # [PD] ∇f = (5, -3) = 2λ(x, y): y = -3x/5, x² = 100; f(10, -6) = 68
    ("5x - 3y", ["x^2 + y^2 = 136"], True, {x: 10, y: -6}, 68),
    ("5x - 3y", ["x^2 + y^2 = 136"], False, {x: -10, y: 6}, -68),
    # (3, 4) is the unit direction of ∇f times 5
    ("3x + 4y", ["x^2 + y^2 = 25"], True, {x: 3, y: 4}, 25),
    ("3x + 4y", ["x^2 + y^2 = 25"], False, {x: -3, y: -4}, -25),
    # [O3 §4.8] 2x - 2 = λ, 8y + 8 = 2λ: y = (x - 3)/2, x + 2y = 7 gives (5, 1); f = 25 + 4 - 10 + 8
    # = 27
    ("x^2 + 4y^2 - 2x + 8y", ["x + 2y = 7"], False, {x: 5, y: 1}, 27),
    # y = 10 - x: x(10 - x) is largest at x = 5
    ("x*y", ["x + y = 10"], True, {x: 5, y: 5}, 25),
    # the closest point of the line x + y = 1 to the origin
    ("x^2 + y^2", ["x + y = 1"], False, {x: sp.S.Half, y: sp.S.Half}, sp.S.Half),
    # [S §14.8] 2xy = 2λx, x² = 2λy: x² = 2y², 3y² = 3, y = 1 at the maximum: f = 2·1 = 2 (also at
    # -√2)
    ("x^2*y", ["x^2 + y^2 = 3"], True, {x: -r2, y: 1}, 2),
    # [S §14.8] the box of greatest volume with surface 64: a cube of side √(32/3) = 4√6/3, volume
    # 128√6/9
    (
        "x*y*z",
        ["2x*y + 2y*z + 2x*z = 64", "x >= 0", "y >= 0", "z >= 0"],
        True,
        {x: 4 * r6 / 3, y: 4 * r6 / 3, z: 4 * r6 / 3},
        128 * r6 / 9,
    ),
    # [S §14.8] the box in the first octant under x + 2y + 2z = 12: AM-GM on x, 2y, 2z gives x = 2y
    # = 2z = 4
    ("x*y*z", ["x + 2y + 2z <= 12", "x >= 0", "y >= 0", "z >= 0"], True, {x: 4, y: 2, z: 2}, 16),
    # the closest point of the plane x + 2y + 3z = 14 to the origin: t·(1, 2, 3) with 14t = 14
    ("x^2 + y^2 + z^2", ["x + 2y + 3z = 14"], False, {x: 1, y: 2, z: 3}, 14),
    # x + y + z on the unit sphere: the unit direction (1, 1, 1)/√3
    ("x + y + z", ["x^2 + y^2 + z^2 = 1"], True, {x: 1 / r3, y: 1 / r3, z: 1 / r3}, r3),
    # the ellipse x² + xy + y² = 3: on y = -x, x² = 3 and f = 6; on y = x, x² = 1 and f = 2
    ("x^2 + y^2", ["x^2 + x*y + y^2 = 3"], True, {x: -r3, y: r3}, 6),
    ("x^2 + y^2", ["x^2 + x*y + y^2 = 3"], False, {x: -1, y: -1}, 2),
    # [S §14.8] a disc: the linear f is smallest on the boundary, at -√5·(2, 1)/√5
    ("2x + y", ["x^2 + y^2 <= 5"], False, {x: -2, y: -1}, -5),
    # 2x² + 3y² on the disc x² + y² <= 3: 0 inside at the origin; on the boundary 6 + y², largest at
    # y² = 3
    ("2x^2 + 3y^2", ["x^2 + y^2 <= 3"], True, {x: 0, y: -r3}, 9),
    ("2x^2 + 3y^2", ["x^2 + y^2 <= 3"], False, {x: 0, y: 0}, 0),
    # AM-GM: 2x + 3y >= 2√(6xy) = 12, with equality at 2x = 3y = 6
    ("2x + 3y", ["x*y = 6", "x >= 0", "y >= 0"], False, {x: 3, y: 2}, 12),
    # the closest point of the unit disc to (3, 4): (3, 4)/5, at distance 5 - 1 = 4
    (
        "(x-3)^2 + (y-4)^2",
        ["x^2 + y^2 <= 1"],
        False,
        {x: sp.Rational(3, 5), y: sp.Rational(4, 5)},
        16,
    ),
    # [NW §12] on (x - 1)³ = y², x >= 1, so x² + y² >= 1: the minimum is at (1, 0), where ∇g = 0
    ("x^2 + y^2", ["(x-1)^3 = y^2"], False, {x: 1, y: 0}, 1),
    # y = 2 - x: 4 - x² - (2 - x)² is largest at x = 1
    ("4 - x^2 - y^2", ["x + y = 2"], True, {x: 1, y: 1}, 2),
]


@pytest.mark.parametrize("objective, constraints, maximize, point, value", CONSTRAINED)
def test_constrained_optima(objective, constraints, maximize, point, value):
    r = minimize_constrained(objective, subject_to=constraints, maximize=maximize)
    best = r.optimum
    assert sp.simplify(best.objective - value) == 0, (objective, best.objective)
    optimal = [
        c.point
        for c in r.candidates
        if c.numeric["objective"] is not None
        and math.isclose(c.numeric["objective"], float(value), abs_tol=1e-9)
    ]
    assert point in optimal, (objective, optimal)
    no_multiplier = any(v is None for k, v in best.numeric.items() if k.startswith("lambda"))
    assert (
        best.classification == ("maximum" if maximize else "minimum")
        or no_multiplier
        and best.classification == "unknown"
    )


# [S §14.7], [O3 §4.7]: find and classify the critical points. (objective, {point: kind}, the global
# minimum or None)
LOCAL = [
    # 45x² = 3y, 45y² = 3x: y = 15x², x = 15y² gives (0, 0) and (1/15, 1/15); D = 8100xy - 9
    (
        "15x^3 - 3x*y + 15y^3",
        {(0, 0): "saddle", (sp.Rational(1, 15), sp.Rational(1, 15)): "minimum"},
        None,
    ),
    # the Hessian [[2, 4], [4, 2]] has determinant -12
    ("x^2 + 4x*y + y^2", {(0, 0): "saddle"}, None),
    # y·eˣ = 0 and eˣ = eʸ: (0, 0), where the Hessian [[0, 1], [1, -1]] has determinant -1
    ("y*e^x - e^y", {(0, 0): "saddle"}, None),
    # completing the square: (x - 1)² + (y - 3)² + 4
    ("x^2 + y^2 - 2x - 6y + 14", {(1, 3): "minimum"}, 4),
    # 3x² = 3, 2y = 0; fₓₓ = 6x decides
    ("x^3 - 3x + y^2", {(1, 0): "minimum", (-1, 0): "saddle"}, None),
    # [S §14.7] 4x³ = 4y, 4y³ = 4x: x⁹ = x; D = 144x²y² - 16
    ("x^4 + y^4 - 4x*y + 1", {(0, 0): "saddle", (1, 1): "minimum", (-1, -1): "minimum"}, -1),
    # [S §14.7] y(2x + 2) = 0 and 6x² + y² + 10x = 0
    (
        "2x^3 + x*y^2 + 5x^2 + y^2",
        {
            (0, 0): "minimum",
            (sp.Rational(-5, 3), 0): "maximum",
            (-1, 2): "saddle",
            (-1, -2): "saddle",
        },
        None,
    ),
    # x² + x*y + y² + y: 2x + y = 0, x + 2y + 1 = 0; f = -1/3 and it is convex
    (
        "x^2 + x*y + y^2 + y",
        {(sp.Rational(1, 3), sp.Rational(-2, 3)): "minimum"},
        sp.Rational(-1, 3),
    ),
    # y - 2 = 0, x - 1 = 0; the Hessian [[0, 1], [1, 0]]
    ("x*y - 2x - y", {(1, 2): "saddle"}, None),
    # 3x² = 3y, 3y² = 3x: (0, 0) and (1, 1), f(1, 1) = -1
    ("x^3 + y^3 - 3x*y", {(0, 0): "saddle", (1, 1): "minimum"}, None),
    # the second-order test fails at (0, 0), but x⁴ + y⁴ >= 0 = f(0, 0)
    ("x^4 + y^4", {(0, 0): "minimum"}, 0),
    # D = -4 < 0
    ("x^2 - y^2", {(0, 0): "saddle"}, None),
    # [S §14.7] y(1 - 2x - y) = 0, x(1 - x - 2y) = 0: three saddles and a maximum of 1/27 at (1/3,
    # 1/3)
    (
        "x*y*(1 - x - y)",
        {
            (0, 0): "saddle",
            (1, 0): "saddle",
            (0, 1): "saddle",
            (sp.Rational(1, 3), sp.Rational(1, 3)): "maximum",
        },
        None,
    ),
    # a bowl: x² + 2y² + 1 has its minimum 1 at the origin
    ("x^2 + 2y^2 + 1", {(0, 0): "minimum"}, 1),
]


@pytest.mark.parametrize("objective, expected, global_minimum", LOCAL)
def test_local_extrema_are_listed_and_classified(objective, expected, global_minimum):
    r = minimize_constrained(objective)
    found = {(c.point[x], c.point[y]): c.classification for c in r.candidates}
    assert found == {tuple(sp.S(v) for v in p): kind for p, kind in expected.items()}
    # a cubic, or a saddle only: unbounded below, said so and never an optimum
    if global_minimum is None:
        assert r.optimum is None and "no global minimum" in r.note
    else:
        assert r.optimum.objective == global_minimum


def test_no_minimum_where_the_infimum_is_not_reached():
    # [S §14.7] eˣ + y >= 0 on y >= 0, and never 0
    with pytest.raises(Unsolved, match="no minimum"):
        minimize_constrained("exp(x) + y", subject_to=["y >= 0"])


# [CA §7.1-7.3] systems: (equations, unknowns, the solution set as tuples)
SYSTEMS = [
    # y = x - 1: 6x + 11x - 11 = 26
    (["6x + 11y = 26", "x - y = 1"], {(sp.Rational(37, 17), sp.Rational(20, 17))}),
    (["x + y = 5", "x - y = 1"], {(3, 2)}),
    # y = 4x: 14x = 7
    (["2x + 3y = 7", "4x - y = 0"], {(sp.S.Half, 2)}),
    # y = 7 - x: x² - 7x + 12 = 0
    (["x^2 + y^2 = 25", "x + y = 7"], {(3, 4), (4, 3)}),
    # x² = y + 2: y² + y - 2 = 0, y = 1 or -2
    (["x^2 + y^2 = 4", "y = x^2 - 2"], {(0, -2), (r3, 1), (-r3, 1)}),
    # the roots of t² - 5t + 6
    (["x*y = 6", "x + y = 5"], {(2, 3), (3, 2)}),
    # subtracting the first two: 2y = 4; then x + z = 4 and 2x - z = -1
    (["x + y + z = 6", "x - y + z = 2", "2x + y - z = 1"], {(1, 2, 3)}),
    # x² = x + 2
    (["y = x^2", "y = x + 2"], {(-1, 1), (2, 4)}),
    # 2(x + y) = 2 ≠ 3: inconsistent
    (["x + y = 1", "2x + 2y = 3"], set()),
    # x² - 4/x² = 3: x⁴ - 3x² - 4 = 0, x² = 4
    (["x^2 - y^2 = 3", "x*y = 2"], {(2, 1), (-2, -1)}),
    # [CA §6] eˣ = 2
    (["exp(x) = y", "y = 2"], {(sp.log(2), 2)}),
]


@pytest.mark.parametrize("equations, expected", SYSTEMS)
def test_systems(equations, expected):
    unknowns = "x,y,z" if len(next(iter(expected), (0, 0))) == 3 else "x,y"
    r = solve(equations, unknowns=unknowns)
    got = {tuple(s[v] for v in r.unknowns) for s in r.solutions}
    assert got == {tuple(sp.S(v) for v in t) for t in expected}
    assert r.status == ("solved" if expected else "no_solution")


def test_a_dependent_system_is_a_family():
    # [CA §7.1] one line twice: (1 - y, y) for every y
    r = solve(["x + y = 1", "2x + 2y = 2"], unknowns="x,y")
    (s,) = r.solutions
    assert s == {x: 1 - y, y: y}


# [CA §2.7], [CA §6]: one unknown (equation or inequality, the solution set)
ONE_UNKNOWN = [
    ("x^2 - 5x + 6 < 0", sp.Interval.open(2, 3)),  # (x - 2)(x - 3) < 0
    ("x^2 >= 4", sp.Union(sp.Interval(-sp.oo, -2), sp.Interval(2, sp.oo))),
    # -2 is a pole
    ("(x-1)/(x+2) >= 0", sp.Union(sp.Interval.open(-sp.oo, -2), sp.Interval(1, sp.oo))),
    ("|x - 3| < 2", sp.Interval.open(1, 5)),
    # x(x - 1)(x + 1)
    ("x^3 - x > 0", sp.Union(sp.Interval.open(-1, 0), sp.Interval.open(1, sp.oo))),
    ("2x + 3 <= 7", sp.Interval(-sp.oo, 2)),
    # x² - 2x - 3 = 0, and -1 is outside log's domain
    ("log(x) + log(x - 2) = log(3)", sp.FiniteSet(3)),
    ("sqrt(x + 3) = x + 1", sp.FiniteSet(1)),  # squaring gives x = -2 too, where √1 ≠ -1
    ("2^x = 8", sp.FiniteSet(3)),
    ("x^4 - 5x^2 + 4 = 0", sp.FiniteSet(-2, -1, 1, 2)),  # (x² - 1)(x² - 4)
    ("x/(x-1) = 1/(x-1)", sp.S.EmptySet),  # x = 1 only, where both sides are undefined
    ("e^(2x) - 3e^x + 2 = 0", sp.FiniteSet(0, sp.log(2))),  # (eˣ - 1)(eˣ - 2)
    ("x^(1/3) = -2", sp.FiniteSet(-8)),  # the real cube root
]


@pytest.mark.parametrize("equation, expected", ONE_UNKNOWN)
def test_equations_and_inequalities(equation, expected):
    got = solve(equation).solution_set
    assert got.symmetric_difference(expected) == sp.S.EmptySet, (equation, got)


def test_a_periodic_equation_is_every_period():
    r = solve("cos(x) = 1/2")  # [CA] ±π/3 + 2πn
    for n in (-2, 0, 1):
        for value in (sp.pi / 3 + 2 * sp.pi * n, -sp.pi / 3 + 2 * sp.pi * n):
            assert r.solution_set.contains(value) == sp.true
    assert r.solution_set.contains(sp.pi / 2) == sp.false


def test_there_are_sixty():
    assert len(CONSTRAINED) + len(LOCAL) + 1 + len(SYSTEMS) + 1 + len(ONE_UNKNOWN) + 1 >= 60

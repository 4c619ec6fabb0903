"""Differential tests: each command against an independent second method (numpy, scipy, sampling), on
random problems of bounded size with fixed seeds. A larger slice: CALCLI_DIFF_EXAMPLES=2000 python -m pytest
tests/test_differential.py."""
import os

import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calcli import minimize_constrained, solve
from tests.conftest import x

EXAMPLES = int(os.environ.get("CALCLI_DIFF_EXAMPLES", "40"))
SETTINGS = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
small = st.integers(-6, 6)


@SETTINGS
@given(st.lists(small, min_size=2, max_size=5).filter(lambda c: c[0] != 0))
def test_real_roots_match_numpy(coefficients):
    """Every real root numpy finds is among solve's solutions, and every solution satisfies the equation."""
    polynomial = sum(c * x**k for k, c in enumerate(reversed(coefficients)))
    result = solve(f"{polynomial} = 0".replace("**", "^"))
    if result.status != "solved":
        return  # no closed form: nothing to compare
    found = sorted(float(sp.re(sp.N(s[x], 30))) for s in result.solutions)
    for value in found:
        assert abs(complex(sp.N(polynomial.subs(x, value), 20))) < 1e-6 * (1 + abs(value)) ** len(coefficients)
    expected = sorted(r.real for r in np.roots(coefficients) if abs(r.imag) < 1e-7)
    for root in expected:
        assert min(abs(root - v) for v in found) < 1e-5 * (1 + abs(root)), (polynomial, found, expected)


@SETTINGS
@given(small.filter(bool), small, small, st.sampled_from(["<", "<=", ">", ">="]))
def test_quadratic_inequalities_match_sampling(a, b, c, op):
    """Membership in solve's set agrees with evaluating the inequality at sample points."""
    result = solve(f"{a}x^2 + {b}x + {c} {op} 0")
    check = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}[op]
    for t in np.linspace(-7.3, 7.3, 59):
        value = a * t * t + b * t + c
        if abs(value) < 1e-9:
            continue  # on the boundary: floating point cannot tell
        assert bool(result.solution_set.contains(sp.Rational(str(round(t, 6))))) == bool(check(value, 0)), (a, b, c, op, t)


@SETTINGS
@given(st.integers(1, 5), st.integers(1, 5), st.integers(-2, 2), small, small, small, small)
def test_box_quadratics_match_scipy_multistart(p, q, r, d, e, lo, hi):
    """A convex quadratic on a box: calcli's optimum value equals scipy's best over a grid of starts."""
    from scipy.optimize import minimize

    if r * r >= p * q * 4 or lo >= hi:
        return  # keep it convex, and the box non-empty
    f = lambda v: p * v[0] ** 2 + q * v[1] ** 2 + r * v[0] * v[1] + d * v[0] + e * v[1]  # noqa: E731
    text = f"{p}x^2 + {q}y^2 + {r}x*y + {d}x + {e}y"
    result = minimize_constrained(text, subject_to=[f"x >= {lo}", f"x <= {hi}", f"y >= {lo}", f"y <= {hi}"])
    best = min(minimize(f, [sx, sy], bounds=[(lo, hi)] * 2, method="L-BFGS-B").fun
               for sx in np.linspace(lo, hi, 3) for sy in np.linspace(lo, hi, 3))
    assert result.optimum.numeric["objective"] == pytest.approx(best, abs=1e-6)


def test_complex_roots_sympy_calls_real_are_not_solutions():
    """Found by test_real_roots_match_numpy: x^4 + x + 1 > 0 everywhere, yet sympy's roots passed as real."""
    assert solve("x^4 + x + 1 = 0").status == "no_solution"
    roots = sorted(float(s[x]) for s in solve("x^3 - 3x + 1 = 0").solutions)  # three real roots, written with i
    assert roots == pytest.approx(sorted(np.roots([1, 0, -3, 1]).real))

"""Property-based checks per command: each result agrees with a second method, and random
text never escapes the error family."""

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from calcli.cli.app import app
from calcli.ops.difftable import diff_table
from calcli.ops.optimize import minimize_constrained
from calcli.ops.vector import divergence
from tests.conftest import x, y, z

small = st.integers(-5, 5)
terms = st.sampled_from(
    ["x", "y", "z", "x*y", "y*z", "x^2", "z^2", "x*z^2", "sin(x)", "exp(y/3)", "1"]
)


@st.composite
def component(draw):
    parts = draw(st.lists(st.tuples(small, terms), min_size=1, max_size=3))
    return " + ".join(f"({c})*{t}" for c, t in parts)


@settings(max_examples=25, deadline=None)
@given(st.lists(component(), min_size=3, max_size=3), st.tuples(*[st.floats(-2, 2)] * 3))
def test_divergence_agrees_with_central_differences(field, point):
    r = divergence(", ".join(field))
    fs = [sp.lambdify((x, y, z), c, "math") for c in r.field]
    h = 1e-5
    estimate = 0.0
    for i, f in enumerate(fs):
        up, down = list(point), list(point)
        up[i] += h
        down[i] -= h
        estimate += (f(*up) - f(*down)) / (2 * h)
    exact = float(r.result.subs(dict(zip((x, y, z), point))))
    assert exact == pytest.approx(estimate, rel=1e-5, abs=1e-6)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(1, 5),
    st.integers(1, 5),
    st.integers(-3, 3),
    st.integers(-3, 3),
    st.integers(1, 4),
    st.integers(-4, 4),
    st.integers(-6, 6),
)
def test_a_reported_minimum_is_feasible_and_no_neighbour_is_lower(a, b, p, q, u, v, c):
    objective = f"{a}*(x - ({p}))^2 + {b}*(y - ({q}))^2"
    r = minimize_constrained(objective, subject_to=[f"{u}x + ({v})y = {c}"])
    o = r.optimum
    px, py = float(o.point[x]), float(o.point[y])
    assert abs(u * px + v * py - c) < 1e-9
    f = lambda s, t: a * (s - p) ** 2 + b * (t - q) ** 2  # noqa: E731
    for step in (1e-3, -1e-3, 0.5, -0.5):  # along the constraint line, direction (-v, u)
        assert f(px - v * step, py + u * step) >= f(px, py) - 1e-12
    assert o.classification == "minimum"


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(-4, 4), min_size=4, max_size=4), st.sampled_from([0.5, 0.25, 0.1]))
def test_central_difference_error_of_a_cubic_is_h2_f3_over_6(coefficients, h):
    c0, c1, c2, c3 = coefficients
    r = diff_table(f"{c3}x^3 + {c2}x^2 + {c1}x + {c0}", points="-1,0,2", h=str(h))
    errors = r.rows[:, r.columns.index("central_error")]
    assert all(e == pytest.approx(h * h * 6 * c3 / 6, abs=1e-9) for e in errors)


runner = CliRunner()


@settings(
    max_examples=int(__import__("os").environ.get("CALCLI_FUZZ_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.sampled_from(
        ["grad", "div", "solve", "minimize-constrained", "diff-table", "curl", "laplacian"]
    ),
    st.text(alphabet="xyz0123456789.+-*/^()[],;= eEIjpisnqrtlogab_<>", min_size=1, max_size=25),
)
def test_random_text_never_escapes_the_error_family(command, text):
    args = [command, text] + (["--points", "1"] if command == "diff-table" else [])
    result = runner.invoke(app, [*args, "--timeout", "5"])
    assert result.exit_code in (0, 1, 2, 3), (result.stdout, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stderr
    if result.exit_code >= 2:
        assert result.stderr.startswith("calcli: error: ") or result.stderr.startswith("Usage:")

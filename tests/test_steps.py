"""grad --steps: the graph, the forward pass and the chain rule, checked against the gradient."""

import math

import mpmath
import pytest
import sympy as sp

import calcli
from calcli import gradient
from calcli.parsing.functions import elementary


def adjoints(r):
    return {b.node: b.adjoint for b in r.steps.backward}


def test_backprop_example_names_the_users_nodes():
    r = gradient("q = x + y; f = q*z", at="x=4,y=-3,z=5", steps=True)
    s = r.steps
    assert s.output == "f"
    nodes = {n.name: n for n in s.nodes}
    assert nodes["q"].operation == "add" and set(nodes["q"].inputs) == {"x", "y"}
    assert nodes["f"].operation == "multiply" and set(nodes["f"].inputs) == {"q", "z"}
    assert {f.node: f.value for f in s.forward} == {"q": 1, "f": 5}
    a = adjoints(r)
    assert (a["f"], a["q"], a["x"], a["y"], a["z"]) == (1, 5, 5, 5, 1)
    x_step = next(b for b in s.backward if b.node == "x")
    assert [(t.via, t.upstream, t.local_value) for t in x_step.terms] == [("q", 5, 1)]


def test_a_node_used_twice_sums_over_its_uses():
    r = gradient("x*y + sin(x)", at="x=0,y=2", steps=True)
    x_step = next(b for b in r.steps.backward if b.node == "x")
    assert len(x_step.terms) == 2
    # y + cos(0)
    assert sum(t.upstream * t.local_value for t in x_step.terms) == x_step.adjoint == 3


def test_symbolic_steps_without_a_point():
    r = gradient("q = x + y; f = q*z", steps=True)
    a = adjoints(r)
    x, y, z = r.variables
    assert a["x"] == z and a["z"] == x + y
    assert r.steps.symbolic


def test_shared_subexpression_is_one_node():
    r = gradient("sin(x*y) + cos(x*y)", steps=True)
    products = [n for n in r.steps.nodes if n.operation == "multiply"]
    assert len(products) == 1
    uses = [n for n in r.steps.nodes if products[0].name in n.inputs]
    assert len(uses) == 2


def test_backward_pass_equals_the_gradient():
    r = gradient("exp(x*y)/(1 + x^2) + log(y)", at="x=1,y=2", steps=True)
    a = adjoints(r)
    for v, value in zip(r.variables, r.value):
        assert sp.simplify(a[v.name] - value) == 0


def xor_program():
    rows = [(0, 0, 0), (0, 1, 1), (1, 0, 1), (1, 1, 0)]
    lines = []
    for k, (a, b, _) in enumerate(rows, 1):
        lines += [
            f"h{k} = sigmoid(w1*{a} + w2*{b} + b1)",
            f"g{k} = sigmoid(w3*{a} + w4*{b} + b2)",
            f"o{k} = sigmoid(w5*h{k} + w6*g{k} + b3)",
        ]
    lines.append("L = " + " + ".join(f"(o{k} - {y})^2" for k, (_, _, y) in enumerate(rows, 1)))
    return "; ".join(lines)


def test_xor_network_gradients_match_central_differences():
    weights = {
        "w1": 0.5,
        "w2": -0.3,
        "w3": 0.8,
        "w4": 0.2,
        "w5": 1.0,
        "w6": -1.0,
        "b1": 0.1,
        "b2": -0.1,
        "b3": 0.0,
    }
    r = gradient(xor_program(), wrt=list(weights), at=weights, steps=True)
    names = {n.name for n in r.steps.nodes}
    assert {"h1", "g4", "o3", "L"} <= names and r.steps.output == "L"
    loss = sp.lambdify([v for v in r.variables], elementary(r.expression), "math")
    h = 1e-6
    a = adjoints(r)
    for i, name in enumerate(weights):
        up, down = list(weights.values()), list(weights.values())
        up[i] += h
        down[i] -= h
        estimate = (loss(*up) - loss(*down)) / (2 * h)
        assert math.isclose(r.numeric[i], estimate, rel_tol=1e-6, abs_tol=1e-9)
        assert math.isclose(float(a[name]), r.numeric[i], rel_tol=1e-12, abs_tol=1e-15)


# --- series --steps: the derivatives at the point and the coefficients ----------------------------


@pytest.mark.parametrize(
    "expression, at, order",
    [
        ("sqrt(x)", "x=4", 4),
        ("exp(2x)*cos(x)", "x=0", 5),
        ("ln(x)", "x=1", 4),
        ("atan(x)", "x=1", 3),
    ],
)
def test_series_steps_are_the_derivatives_and_their_coefficients(expression, at, order):
    result = calcli.series(expression, at=at, order=order, steps=True)
    rows, x, a = result.steps.rows, result.variable, result.point
    f = calcli.parse(expression).value
    assert [k for k, *_ in rows] == list(range(order)) and sp.simplify(rows[0][1] - f) == 0
    g = sp.lambdify(x, f, "mpmath")
    for (k, derivative, value, coefficient), after in zip(rows, [*rows[1:], None]):
        if after is not None:  # each line is the derivative of the one before, as mathematics
            assert sp.simplify(sp.diff(derivative, x) - after[1]) == 0
        # numeric f⁽ᵏ⁾(a)
        assert float(mpmath.diff(g, float(a), k)) == pytest.approx(
            float(value), rel=1e-9, abs=1e-12
        )
        assert sp.simplify(coefficient * math.factorial(k) - value) == 0
    # the last line is the result
    assert sp.expand(sum(c * (x - a) ** k for k, _, _, c in rows) - result.polynomial) == 0


def test_series_steps_with_expect_show_the_working_and_the_verdict():
    from calcli.formats import Format
    from calcli.render.writers import writer

    result = calcli.series("sqrt(x)", at="x=4", order=3, steps=True, expect="2 + (x-4)/4")
    lines = dict(writer(result, Format.plain)(result))
    assert lines["steps.2.coefficient"] == "-1/64" and result.check.verdict == "different"


def test_series_steps_say_why_there_is_no_working_for_a_laurent_series():
    result = calcli.series("1/sin(x)", order=3, steps=True)
    assert result.steps is None and any("no working shown" in n for n in result.readings)


# --- critical-points --steps: ∇f = 0, how it was solved, what decided each kind -------------------


@pytest.mark.parametrize(
    "expression", ["x^3 - 3x + y^2", "x^4 + y^4 - 4x*y", "sin(x)*cos(y)", "x^4 - y^4"]
)
def test_critical_steps_are_the_gradient_its_solutions_and_each_verdict(expression):
    result = calcli.critical_points(expression, steps=True)
    f = calcli.parse(expression).value
    steps = result.steps
    # the equations are ∇f, as mathematics
    for v, equation in zip(result.variables, steps.equations):
        assert sp.simplify(equation - sp.diff(f, v)) == 0
    for p in result.points:  # every point listed solves every equation written
        assert all(sp.simplify(e.subs(p.point)) == 0 for e in steps.equations)
    assert "every" in steps.method and len(steps.decided) == len(result.points)
    for p, words in zip(result.points, steps.decided):
        # the leading minors, computed here independently
        h = sp.hessian(f, result.variables).subs(p.point)
        assert all(
            f"D{k} = {sp.sstr(sp.simplify(h[:k, :k].det()))}" in words for k in range(1, h.rows + 1)
        )


def test_critical_steps_name_the_lines_that_decide_a_degenerate_point():
    (words,) = calcli.critical_points("x^4 - y^4", steps=True).steps.decided
    assert "t^4 along (t, 0)" in words and "−t^4 along (0, t)" in words
    f = lambda a, b: a**4 - b**4  # noqa: E731
    assert f(0.01, 0) == pytest.approx(0.01**4) and f(0, 0.01) == pytest.approx(-(0.01**4))


# --- solve --steps: one polynomial equation -------------------------------------------------------


def solved_with_steps(equation: str) -> tuple:
    """calcli's result with its working, the unknown, and both sides of the equation as read
    here."""
    result = calcli.solve(equation, steps=True)
    return (result, result.unknowns[0], *(calcli.parse(side).value for side in equation.split("=")))


@pytest.mark.parametrize(
    "equation",
    [
        "x^3 - 2x^2 = 3x",
        "x^2/2 - x/3 = 1",
        "x^2 + 1 = 0",
        "(x - 1)^2 = 0",
        "x^5 - x + 1 = 0",
        "2x + 3 = 7",
        "x^4 = 16",
    ],
)
def test_solve_steps_follow_from_each_other_and_end_at_the_answer(equation):
    result, x, lhs, rhs = solved_with_steps(equation)
    rows = result.steps.rows
    first = rows[0][1]
    # everything on one side, as written
    assert sp.expand(first.lhs - (lhs - rhs)) == 0 and first.rhs == 0
    polynomial = first.lhs
    for words, value in rows[1:-1]:
        if words.startswith("clear the fractions"):
            factor = int(words.split()[-1])
            assert sp.expand(value.lhs - factor * polynomial) == 0
            polynomial = value.lhs
        elif words == "factor":
            assert sp.expand(value.lhs - polynomial) == 0  # the product is the polynomial
        # a factor's roots: each is a root of the factor, and the factor divides the polynomial
        else:
            factor = sp.sympify(words.split(" = 0")[0], locals={"x": x})
            assert sp.rem(sp.Poly(polynomial, x), sp.Poly(factor, x)).is_zero
            assert all(abs(complex(sp.N(factor.subs(x, r), 30))) < 1e-20 for r in value)
    found = [r for words, value in rows[1:-1] if " = 0: " in words for r in value]
    assert rows[-1][1] == sp.FiniteSet(*found) == sp.FiniteSet(*(s[x] for s in result.solutions))


def test_solve_steps_say_when_there_is_no_working():
    result = calcli.solve("sin(x) + cos(x) = 1", steps=True)
    assert result.steps is None and any("no working shown" in n for n in result.readings)


def stage_solutions(system, unknowns):
    equations = list(system) if isinstance(system, sp.Tuple) else [system]
    return sp.linsolve([e.lhs - e.rhs for e in equations], list(unknowns))


@pytest.mark.parametrize(
    "equations",
    [
        ["x + y = 3", "x - y = 1"],
        ["x+y+z=6", "x-y=0", "2x+z=5"],
        ["x+y+z=1", "x-y=2"],
        ["2x + 4y = 6", "x + 2y = 3"],
        ["2x - y + z = 3", "x + y = 4", "y - z = -1"],
    ],
)
def test_linear_system_steps_keep_the_solution_set_row_by_row(equations):
    """Each row operation gives an equivalent system (the same solutions, by sympy's linsolve
    here), and the last row is the answer."""
    result = calcli.solve(equations, steps=True)
    rows = result.steps.rows
    first = stage_solutions(rows[0][1], result.unknowns)
    assert first == sp.linsolve(
        [calcli.parse(e.split("=")[0] + "-(" + e.split("=")[1] + ")").value for e in equations],
        list(result.unknowns),
    )
    for words, system in rows[1:-1]:
        assert stage_solutions(system, result.unknowns) == first, words
    if first == sp.S.EmptySet:
        assert rows[-1][1] == sp.S.EmptySet and result.status == "no_solution"
    else:
        (point,) = first
        final = dict(
            (e.lhs, e.rhs)
            for e in (rows[-1][1] if isinstance(rows[-1][1], sp.Tuple) else [rows[-1][1]])
        )
        assert all(
            sp.expand(final[u] - v) == 0 for u, v in zip(result.unknowns, point) if u in final
        )


def test_the_seed_decimal_equation_is_read_collected_and_isolated():
    result = calcli.solve("1.2x/0.2 + 1.1y/0.1 = 26", steps=True)
    (x,) = result.unknowns
    (y,) = result.equations[0].lhs.free_symbols - {x}
    words = [w for w, _ in result.steps.rows]
    assert (
        words[0].startswith("the equations read exactly (decimals as fractions)")
        and words[1].startswith("collect")
        and words[2] == "divide by 6"
    )
    assert [
        sp.expand(v.lhs - v.rhs).subs({x: sp.Rational(13, 3) - sp.Rational(11, 6) * y})
        for _, v in result.steps.rows
    ] == [0] * 4


@pytest.mark.parametrize(
    "inequality",
    [
        "x^2 - 4 > 0",
        "(x-1)/(x+2) <= 0",
        "x^3 >= x",
        "x^2 + 1 < 0",
        "x^2 - 2 <= 0",
        "1/x > 2",
        "(x^2 - 1)/(x - 3) >= 0",
    ],
)
def test_inequality_steps_are_a_sign_chart_that_ends_at_the_answer(inequality):
    """Critical points are zeros of the numerator and denominator; each interval's sign at its
    test point is the expression's there; the union is the answer, and it agrees with the
    inequality at sample points."""
    result = calcli.solve(inequality, steps=True)
    x = result.unknowns[0]
    (relation,) = result.equations
    f = sp.lambdify(x, relation.lhs - relation.rhs)
    top, bottom = sp.fraction(sp.together(relation.lhs - relation.rhs))
    for words, value in result.steps.rows[1:-1]:
        if words.startswith("critical points"):
            assert all(top.subs(x, p) == 0 for p in value)
        elif words.startswith("and the denominator"):
            assert all(bottom.subs(x, p) == 0 for p in value)
        elif words.startswith("on "):
            t = sp.Rational(words.split(f"at {x.name} = ")[1].split(" it is")[0])
            assert t in value and (f(float(t)) > 0) == ("positive" in words)
    union = result.steps.rows[-1][1]
    assert union == result.solution_set
    holds = {
        "<": lambda v: v < 0,
        "<=": lambda v: v <= 0,
        ">": lambda v: v > 0,
        ">=": lambda v: v >= 0,
    }[relation.op]
    for t in [sp.Rational(k, 7) for k in range(-40, 41)]:
        if bottom.subs(x, t) != 0:
            assert (union.contains(t) == sp.true) == holds(
                float((relation.lhs - relation.rhs).subs(x, t))
            )


@pytest.mark.parametrize(
    "equation",
    [
        "sqrt(x+5) = x - 1",
        "sqrt(x+5) - sqrt(x) = 1",
        "x + sqrt(x) = 6",
        "sqrt(x) = -1",
        "sqrt(2x+3) = x",
    ],
)
def test_radical_steps_check_every_candidate_and_drop_the_extraneous(equation):
    result, x, lhs, rhs = solved_with_steps(equation)
    rows = result.steps.rows
    original = sp.Eq(lhs, rhs)
    raised = [v for w, v in rows if w.startswith("raise")][-1]
    candidates = next(v for w, v in rows if w.endswith("candidates"))
    # the polynomial's roots
    assert candidates == sp.FiniteSet(
        *[r for r in sp.real_roots(sp.Poly(raised.lhs - raised.rhs, x))]
    )
    checks = [w for w, _ in rows if w.startswith("check")]
    assert len(checks) == len(candidates)  # every candidate of the stage before is checked
    for c in candidates:
        holds = abs(complex(sp.N((original.lhs - original.rhs).subs(x, c)))) < 1e-12
        assert any(
            w.startswith(f"check x = {c}:") and ("extraneous" not in w) == holds for w in checks
        )
    assert rows[-1][1] == sp.FiniteSet(*(s[x] for s in result.solutions))


@pytest.mark.parametrize(
    "equation",
    [
        "log(x) + log(x-2) = log(3)",
        "log(2x+1) = 3",
        "2^(x+1) = 8",
        "exp(2x) = 5",
        "3*exp(x) + 2 = 0",
        "log(x) = log(2x - 1)",
    ],
)
def test_log_and_exp_steps_end_at_values_that_solve_the_equation(equation):
    result, x, lhs, rhs = solved_with_steps(equation)
    rows = result.steps.rows
    for words, value in rows:
        if words.startswith("the domain"):
            # every solution is in the domain
            assert all(value.contains(c) == sp.true for c in rows[-1][1])
    for c in rows[-1][1]:
        assert abs(complex(sp.N((lhs - rhs).subs(x, c), 30))) < 1e-20
    dropped = [w for w, _ in rows if "dropped" in w]
    for words in dropped:  # outside the domain: an argument of a logarithm is not positive there
        c = sp.Rational(words.split(" = ")[1].split(" is")[0])
        assert any(a.args[0].subs(x, c) <= 0 for a in lhs.atoms(sp.log) | rhs.atoms(sp.log))


@pytest.mark.parametrize(
    "equation",
    [
        "sin(x) = 1/2",
        "cos(2x) = 0",
        "tan(x) = 1",
        "2sin(x) + 1 = 0",
        "cos(x) = -1",
        "sin(3x - pi/4) = sqrt(2)/2",
        "sin(x) = 2",
    ],
)
def test_trig_steps_give_the_principal_solutions_and_every_period(equation):
    result, x, lhs, rhs = solved_with_steps(equation)
    rows = result.steps.rows
    isolated = rows[0][1]
    if rows[-1][1] == sp.S.EmptySet:
        assert abs(isolated.rhs) > 1 and result.status == "no_solution"
        return
    # each principal angle solves it
    assert all(sp.simplify(isolated.lhs.func(a) - isolated.rhs) == 0 for a in rows[1][1])
    family = rows[-1][1]
    for part in family.args if isinstance(family, sp.Union) else (family,):
        (n,) = part.lamda.variables
        for k in range(-3, 4):  # every member solves the equation as written
            assert abs(complex(sp.N((lhs - rhs).subs(x, part.lamda.expr.subs(n, k)), 30))) < 1e-20
    # and every solution in [0, 2π) is a member: sign changes
    grid = [2 * math.pi * k / 4000 for k in range(4000)]
    g = sp.lambdify(x, lhs - rhs)
    roots = [a for a, b in zip(grid, grid[1:]) if g(a) == 0 or g(a) * g(b) < 0 and abs(g(a)) < 0.1]
    members = sorted(
        float(part.lamda.expr.subs(part.lamda.variables[0], k))
        for part in (family.args if isinstance(family, sp.Union) else (family,))
        for k in range(-2, 8)
    )
    assert all(any(abs(r - m) < 2e-3 for m in members) for r in roots)


# --- minimize-constrained --steps: the Lagrangian and its system ----------------------------------


@pytest.mark.parametrize(
    "objective, constraints, maximize",
    [
        ("x*y", ["x^2 + y^2 = 1"], True),
        ("x^2 + y^2", ["x + y = 2"], False),
        ("x*y*z", ["x + y + z = 12", "x >= 0"], True),
        ("x^2 + 2y^2", [], False),
    ],
)
def test_every_candidate_solves_the_system_the_steps_write(objective, constraints, maximize):
    result = calcli.minimize_constrained(
        objective, subject_to=constraints, maximize=maximize, steps=True
    )
    steps = result.steps
    f = calcli.parse(objective).value
    lams = {lam.name: lam for lam in steps.multipliers}
    g = [calcli.parse(c.replace(">=", "-(").replace("=", "-(") + ")").value for c in constraints]
    # L = f − Σ λᵢ gᵢ
    assert (
        sp.expand(
            steps.lagrangian - (f - sum(lams[f"lambda{i}"] * gi for i, gi in enumerate(g, 1)))
        )
        == 0
    )
    for label, equation in steps.equations:
        if label.startswith("∂L/∂"):
            v = next(s for s in result.variables if s.name == label[4:].split(" ")[0])
            assert sp.expand(equation - sp.diff(steps.lagrangian, v)) == 0
    for c in result.candidates:  # a candidate and its multipliers make every equation 0
        values = {**c.point, **{lams[name]: m for name, m in c.multipliers.items()}}
        if any(v.free_symbols for v in c.point.values()):
            continue  # a family: its parameter stays
        assert all(sp.simplify(equation.subs(values)) == 0 for _, equation in steps.equations)


CLASSIFIED = [  # (objective, constraints, maximize, the classifications worked by hand)
    ("x*y", ["x^2 + y^2 = 1"], True, {"maximum": 2, "minimum": 2}),  # xy = ±1/2 at the diagonals
    ("x^2 + y^2", ["x + y >= 2"], False, {"minimum": 1}),  # (1, 1), λ = 2 ≥ 0
    # ±(1, 1, 1)/√3: two minors each
    ("x + y + z", ["x^2 + y^2 + z^2 = 1"], False, {"minimum": 1, "maximum": 1}),
    # m = 2, n = 3: one minor of order 5
    ("x^2 + y^2 + z^2", ["x + y + z = 1", "x - y = 0"], False, {"minimum": 1}),
    # inside: the Hessian's minors 2, 4
    ("(x - 1)^2 + (y - 2)^2", ["x + y <= 10"], False, {"minimum": 1}),
]


def leading_minors(matrix, orders):
    return [matrix[:k, :k].det() for k in orders]


@pytest.mark.parametrize("objective, constraints, maximize, kinds", CLASSIFIED)
def test_each_candidate_is_classified_by_its_bordered_hessian(
    objective, constraints, maximize, kinds
):
    """The bordered Hessian [[0, ∇g], [∇gᵀ, ∇²L]] is rebuilt here from f and the constraints; its
    last n − m leading minors decide the kind the table gives, and every inequality meets
    complementary slackness with λ of the right sign."""
    result = calcli.minimize_constrained(
        objective, subject_to=constraints, maximize=maximize, steps=True
    )
    f = calcli.parse(objective).value
    g = {
        f"lambda{i}": calcli.parse(
            c.replace(">=", "-(").replace("<=", "-(").replace("=", "-(") + ")"
        ).value
        for i, c in enumerate(constraints, 1)
    }
    variables = result.variables
    assert {k: sum(c.classification == k for c in result.candidates) for k in kinds} == kinds
    for c, w in zip(result.candidates, result.steps.candidates, strict=True):
        active = [name for name in g if name in w.active]
        assert set(active) == {
            f"lambda{i}"
            for i, text in enumerate(constraints, 1)
            if "=" in text and "<" not in text and ">" not in text
        } | set(c.active)
        lagrangian = f - sum(c.multipliers[name] * g[name] for name in active)
        border = sp.Matrix([[sp.diff(g[name], v) for v in variables] for name in active])
        m, n = len(active), len(variables)
        bordered = (
            sp.Matrix(
                sp.BlockMatrix(
                    [[sp.zeros(m, m), border], [border.T, sp.hessian(lagrangian, variables)]]
                ).as_explicit()
            )
            if m
            else sp.hessian(lagrangian, variables)
        )
        bordered = bordered.subs(c.point)
        assert sp.simplify(bordered - w.bordered) == sp.zeros(m + n, m + n)
        minors = leading_minors(bordered, range(2 * m + 1, m + n + 1))
        assert [sp.simplify(a - b) for a, (_, b) in zip(minors, w.minors)] == [0] * (n - m)
        if all(sp.sign(v) == (-1) ** m for v in minors):
            assert c.classification == "minimum" and "minimum" in w.test
        elif all(
            sp.sign(v) == (-1) ** (k - m) for k, v in zip(range(2 * m + 1, m + n + 1), minors)
        ):
            assert c.classification == "maximum" and "maximum" in w.test
        for k in w.kkt:  # complementary slackness, and the sign the optimum asked for
            assert sp.simplify(k.multiplier * k.g) == 0 and k.sign_ok


def test_minimize_steps_with_expect_show_the_classification_and_the_verdict():
    from calcli.formats import Format
    from calcli.render import Screen, render

    result = calcli.minimize_constrained(
        "x^2 + y^2", subject_to=["x + y >= 2"], steps=True, expect="(2, 0)"
    )
    table = render(result, Format.table, Screen(width=80))
    assert (
        "bordered Hessian" in table
        and "(constraint 1)" in table
        and "a local" in table
        and "different" in table
    )
    assert max(len(line) for line in table.splitlines()) <= 80
    plain = dict(line.split("\t", 1) for line in render(result, Format.plain).splitlines())
    assert plain["steps.candidate.1.minor.3"] == "-4" and plain["check.verdict"] == "different"
    assert result.to_dict()["steps"]["classification"][0]["kkt"][0]["slackness"] == "0"


def test_minimize_steps_say_when_there_is_no_working():
    result = calcli.minimize_constrained(
        "(x-1)^2 + y^2", subject_to=["x + y = 3"], method="numeric", steps=True
    )
    assert result.steps is None and any("no working shown" in n for n in result.readings)


@pytest.mark.parametrize(
    "objective, constraints",
    [
        ("abs(x-1) + abs(y)", ["x + y = 3"]),
        ("max(x, y)", ["x + y = 2"]),
        ("abs(x) + 2abs(y - 1)", ["x + y >= 4"]),
    ],
)
def test_a_split_objectives_steps_are_its_pieces_and_why_each_candidate_is_one(
    objective, constraints
):
    """Each piece is f wherever its conditions hold (checked at sample points), and a candidate
    said to be a KKT point of a piece lies in that piece's region."""
    result = calcli.minimize_constrained(objective, subject_to=constraints, steps=True)
    f = calcli.parse(objective).value
    x, y = result.variables
    steps = result.steps
    kinks = len(f.atoms(sp.Abs, sp.Max, sp.Min))
    assert len(steps.regions) == 2**kinks
    for conditions, piece in steps.regions:
        for a in range(-6, 7):
            for b in range(-6, 7):
                at = {x: sp.Rational(a, 2), y: sp.Rational(b, 3)}
                if all(c.subs(at) >= 0 for c in conditions):
                    assert f.subs(at) == piece.subs(at)
    assert len(steps.reasons) == len(result.candidates)
    for c, reason in zip(result.candidates, steps.reasons):
        if reason.startswith("a KKT point of piece"):
            named = [
                int(k)
                for k in reason.split(";")[0]
                .replace("and", ",")
                .split("piece")[-1]
                .strip(" s")
                .split(",")
                if k.strip()
            ]
            for k in named:
                conditions, piece = steps.regions[k - 1]
                assert (
                    all(cond.subs(c.point) >= 0 for cond in conditions)
                    and sp.simplify(f.subs(c.point) - piece.subs(c.point)) == 0
                )


# div, curl and laplacian: the scale factors below are written independently of calcli's (a
# textbook's table)
R, THETA, PHI, Z = sp.symbols("r theta phi z")
X, Y = sp.symbols("x y")
SCALE = {
    "cartesian": lambda u: (1, 1, 1),
    "cylindrical": lambda u: (1, u[0], 1),
    "spherical": lambda u: (1, u[0], u[0] * sp.sin(u[1])),
}
FIELD_CASES = [  # (command, input, coordinates, the result worked by hand)
    ("div", "r^2, 0, 0", "spherical", 4 * R),  # (1/r²)·∂(r⁴)/∂r
    ("div", "r, 0, z", "cylindrical", 3),  # (1/r)·∂(r²)/∂r + ∂z/∂z
    ("div", "0, sin(theta), 0", "spherical", 2 * sp.cos(THETA) / R),  # (1/(r sin θ))·∂(sin²θ)/∂θ
    ("div", "x^2*y, -x*y^2, x*y*z", "cartesian", 2 * X * Y - 2 * X * Y + X * Y),
    ("curl", "-y, x, 0", "cartesian", sp.Tuple(0, 0, 2)),
    ("curl", "0, r, 0", "cylindrical", sp.Tuple(0, 0, 2)),  # (1/r)·∂(r·r)/∂r
    # (1/(r sin θ))·∂(sin θ·r sin θ)/∂θ = 2 cos θ; (1/r)·(0 − ∂(r·r sin θ)/∂r) = −2 sin θ; 0
    ("curl", "0, 0, r*sin(theta)", "spherical", sp.Tuple(2 * sp.cos(THETA), -2 * sp.sin(THETA), 0)),
    ("curl", "-y, x", "cartesian", 2),
    ("laplacian", "1/r", "spherical", 0),
    ("laplacian", "r^2*cos(theta)", "cylindrical", 3 * sp.cos(THETA)),  # 4 cos θ − cos θ
    ("laplacian", "x^2*y + z^3", "cartesian", 2 * Y + 6 * sp.Symbol("z")),
]


def zero(e) -> bool:
    e = sp.simplify(sp.sympify(e))
    return all(entry == 0 for entry in e) if isinstance(e, sp.MatrixBase) else e == 0


@pytest.mark.parametrize("command, field, coords, expected", FIELD_CASES)
def test_field_steps_follow_the_formula_and_end_at_the_result(command, field, coords, expected):
    compute = {"div": calcli.divergence, "curl": calcli.curl, "laplacian": calcli.laplacian}[
        command
    ]
    r = compute(field, coords=coords, steps=True)
    variables = r.variables
    h = SCALE[coords](variables)[: len(variables)]
    assert all(zero(a - b) for a, b in zip(r.steps.scale_factors, h))
    big_h = sp.Mul(*h)
    for row in r.steps.rows:
        for of, wrt, value in row.derivatives:  # each line's equation holds
            assert zero(sp.diff(of, wrt) - value)
        assert zero(row.numerator / row.denominator - row.term)
    rows = r.steps.rows
    if command == "div":  # what is differentiated is (H/hᵢ)·Fᵢ, divided by H
        for row, c, hi, u in zip(rows, r.field, h, variables):
            ((of, wrt, _),) = row.derivatives
            assert wrt == u and zero(of - big_h / hi * c) and zero(row.denominator - big_h)
    if command == "laplacian":  # ∂f/∂uᵢ, then (H/hᵢ²) times it is the next stage's input
        for row, hi, u in zip(rows, h, variables):
            (f, u1, df), (outer, u2, _) = row.derivatives
            assert f == r.field[0] and u1 == u2 == u and zero(outer - big_h / hi**2 * df)
    if command == "curl" and len(variables) == 3:  # (hₖFₖ)/∂uⱼ − ∂(hⱼFⱼ)/∂uₖ over hⱼhₖ
        for i, row in enumerate(rows):
            j, k = (i + 1) % 3, (i + 2) % 3
            (a, ua, _), (b, ub, _) = row.derivatives
            assert (
                (ua, ub) == (variables[j], variables[k])
                and zero(a - h[k] * r.field[k])
                and zero(b - h[j] * r.field[j])
            )
            assert row.signs == (1, -1) and zero(row.denominator - h[j] * h[k])
    terms = [row.term for row in rows]
    result = sp.Tuple(*terms) if command == "curl" and len(variables) == 3 else sp.Add(*terms)
    expected = sp.sympify(expected).subs(
        {
            s: v
            for s, v in zip((R, THETA, PHI) if coords == "spherical" else (R, THETA, Z), variables)
        }
    )
    expected = expected.subs({sp.Symbol(v.name): v for v in variables})
    assert (
        zero(sp.Matrix(result) - sp.Matrix(r.result))
        if isinstance(result, sp.Tuple)
        else zero(result - r.result)
    )
    assert (
        zero(sp.Matrix(r.result) - sp.Matrix(expected))
        if isinstance(expected, sp.Tuple)
        else zero(r.result - expected)
    )


def test_field_steps_with_expect_show_the_working_and_the_verdict_in_every_format():
    from calcli.formats import Format
    from calcli.render import Screen, render

    r = calcli.divergence("r^2, 0, 0", coords="spherical", steps=True, expect="2r")
    table = render(r, Format.table, Screen(width=80))
    assert (
        "scale factors: h_r = 1, h_θ = r, h_φ = r*sin(theta)" in table
        and "∂(r^4*sin(theta))/∂r" in table
    )
    assert (
        max(len(line) for line in table.splitlines()) <= 80
        and "different" in table.splitlines()[-1] + table
    )
    plain = dict(line.split("\t", 1) for line in render(r, Format.plain).splitlines())
    assert (
        plain["steps.r.1.value"] == "4*r**3*sin(theta)"
        and plain["steps.r.term"] == "4*r"
        and plain["check.verdict"] == "different"
    )
    assert r.to_dict()["steps"]["terms"][0]["denominator"] == "r**2*sin(theta)"
    assert (
        r"\frac{\partial}{\partial r}\left(r^{4} \sin{\left(\theta \right)}\right) &= 4 r^{3} "
        r"\sin{\left(\theta \right)}"
    ) in render(r, Format.latex)


@pytest.mark.parametrize(
    "field, wrt, determinant",
    [
        ("r*cos(theta), r*sin(theta)", "r,theta", lambda r, t, p: r),  # polar: dx dy = r dr dθ
        # spherical
        (
            "r*sin(theta)*cos(phi), r*sin(theta)*sin(phi), r*cos(theta)",
            "r,theta,phi",
            lambda r, t, p: r**2 * sp.sin(t),
        ),
        ("x*y, x + y", None, lambda x, y, _: y - x),
        ("x*y, x + y, x^2", None, None),  # 3 × 2: the entries only
    ],
)
def test_jacobian_steps_are_its_entries_and_the_expansion_of_its_determinant(
    field, wrt, determinant
):
    result = calcli.jacobian(field, wrt=wrt, steps=True)
    v = result.variables
    for i, u, value in result.steps.entries:
        assert sp.simplify(sp.diff(result.field[i - 1], u) - value) == 0
    if determinant is None:
        assert result.steps.expansion == () and result.steps.determinant is None
        return
    matrix = sp.Matrix([[sp.diff(c, u) for u in v] for c in result.field])
    for j, (sign, entry, minor) in enumerate(result.steps.expansion):
        assert (
            sign == (-1) ** j
            and entry == matrix[0, j]
            and sp.simplify(minor - matrix.minor_submatrix(0, j).det(method="berkowitz")) == 0
        )
    total = sum(s * a * m for s, a, m in result.steps.expansion)
    assert (
        sp.simplify(total - result.steps.determinant)
        == 0
        == sp.simplify(total - determinant(*v, *([None] * (3 - len(v)))))
    )


@pytest.mark.parametrize(
    "equation",
    ["1/x + 1/(x-1) = 1", "x/(x-2) = 2/(x-2) + 3", "(x^2-1)/(x-1) = 0", "1/x = 0", "2/(x+1) = x"],
)
def test_rational_steps_multiply_out_and_drop_the_excluded_values(equation):
    result, x, lhs, rhs = solved_with_steps(equation)
    rows = result.steps.rows
    excluded = rows[0][1]
    assert all(
        any(sp.fraction(sp.together(t))[1].subs(x, e) == 0 for t in sp.Add.make_args(lhs - rhs))
        for e in excluded
    )
    multiplied = rows[1][1].lhs  # (lhs − rhs) times the common denominator, a polynomial
    assert (
        sp.simplify(multiplied / (lhs - rhs)).is_polynomial(x)
        and sp.Poly(sp.simplify(multiplied / (lhs - rhs)), x).degree() >= 0
    )
    for words, value in rows[2:-1]:
        if words.endswith("candidates"):
            assert all(sp.expand(multiplied.subs(x, c)) == 0 for c in value)
        if "excluded: dropped" in words:
            assert value.is_subset(excluded)
    for c in rows[-1][1]:  # what is left solves the equation as written
        assert c not in excluded and sp.simplify((lhs - rhs).subs(x, c)) == 0
    assert rows[-1][1] == result.solution_set or rows[-1][1] == sp.FiniteSet(
        *(s[x] for s in result.solutions or ())
    )


@pytest.mark.parametrize("order", [1, 2, 3])
def test_difference_steps_are_the_quotients_the_table_computes(order):
    """Each scheme's weights, applied to f at a grid point with the table's h, give that scheme's
    column; the exact derivative is f's; and the weights make an exact derivative of x^k (a
    quotient's defining property)."""
    result = calcli.diff_table(
        "sin(x) + x^4",
        start="0.5",
        stop="1.5",
        step="0.5",
        h="0.01",
        order=order,
        schemes="forward,backward,central,richardson",
        steps=True,
    )
    x = result.variable
    f = sp.sin(x) + x**4
    assert sp.simplify(result.steps.derivative - sp.diff(f, x, order)) == 0
    h = sp.Rational(1, 100)
    for row in result.rows.tolist():
        at = sp.Rational(row[0]).limit_denominator(1000)
        for formula in result.steps.formulas:
            estimate = sum(w * f.subs(x, at + o * h) for o, w in formula.weights) / h**order
            assert float(estimate) == pytest.approx(
                row[result.columns.index(formula.scheme)], rel=1e-7, abs=1e-7
            )
    for formula in result.steps.formulas:  # exact on x^order: Σ w·(o)^order = order!
        assert sum(w * o**order for o, w in formula.weights) == math.factorial(order)
        assert all(sum(w * o**j for o, w in formula.weights) == 0 for j in range(order))

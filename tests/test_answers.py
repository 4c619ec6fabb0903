"""The answer language and the verdicts on it: a mutation corpus of right answers rewritten and
wrong ones perturbed, for every command that checks answers (each right answer worked by hand in
its comment), and a property test that rewrites calcli's own results (right) and perturbs them
(wrong).

Every case runs through the Python API's --expect; tests/test_grade.py and tests/test_batch.py
run the same checker through grade and batch."""

import pytest
import sympy as sp

import calcli
from calcli.errors import InputError

# (API function, keyword arguments, right answers, wrong answers)
CORPUS = [
    # d/dx x³ = 3x², 12 at x = 2; 6x is 12 at x = 2 but not the derivative
    (
        "derivative",
        {"expression": "x^3", "at": "x=2"},
        ["12", "3*2^2", "12.0", "f'(2) = 12", "3x^2", "dy/dx = 3x^2"],
        ["6x", "-12", "24", "3x^2 + 1", "11.9"],
    ),
    # d/dx sin²x = 2 sin x cos x = sin 2x
    (
        "derivative",
        {"expression": "sin(x)^2"},
        ["2sin(x)cos(x)", "sin(2x)", "dy/dx = sin(2x)", "2cos(x)sin(x)"],
        ["2sin(x)", "cos(2x)", "-sin(2x)", "sin(x)cos(x)"],
    ),
    # x² + y² = 25: y' = -x/y
    (
        "derivative",
        {"expression": "x^2 + y^2 = 25", "implicit": "y", "wrt": "x"},
        ["-x/y", "dy/dx = -x/y", "-(x/y)", "x/(-y)"],
        ["x/y", "-y/x", "-2x/y", "-x"],
    ),
    # y'' = -(x² + y²)/y³ = -25/y³ on the curve
    (
        "derivative",
        {"expression": "x^2 + y^2 = 25", "implicit": "y", "wrt": "x", "order": 2},
        ["-25/y^3", "-(x^2+y^2)/y^3", "-(y^2 + x^2)/y^3", "d2y/dx2 = -25/y^3"],
        ["25/y^3", "-25/y^2", "-1/y", "-x/y"],
    ),
    # (e^{2x})' = 2e^{2x}, 2 at 0
    (
        "derivative",
        {"expression": "exp(2x)", "at": "x=0"},
        ["2", "2.0", "2e^0", "2e^{2x}"],
        ["1", "2x", "e^2", "-2"],
    ),
    # ∇(x²y) = (2xy, x²), (4, 1) at (1, 2); (2x + 2, x) is (4, 1) there but wrong elsewhere
    (
        "gradient",
        {"expression": "x^2y", "at": "x=1,y=2"},
        ["(4, 1)", "<4, 1>", "[4,1]", "(2xy, x^2)"],
        ["(2x+2, x)", "(4, 2)", "(1, 4)", "(-4, 1)"],
    ),
    # ∇(x²y³) = (2xy³, 3x²y²)
    (
        "gradient",
        {"expression": "x^2*y^3"},
        ["(2xy^3, 3x^2y^2)", "(2*x*y**3, 3*x**2*y**2)", "<2xy³, 3x²y²>", "∇f = (2xy^3, 3x^2y^2)"],
        ["(2xy^3, 3x^2y)", "(xy^3, 3x^2y^2)", "(2xy^2, 3x^2y^2)", "(3x^2y^2, 2xy^3)"],
    ),
    # ∫_{-1}^{1} 1/x² diverges (to ∞): -2 is the classic misuse of the fundamental theorem
    (
        "integrate",
        {"expression": "1/x^2", "lower": "-1", "upper": "1"},
        ["oo", "∞", "diverges", "DNE"],
        ["-2", "0", "2", "-oo"],
    ),
    # ∫ x eˣ dx = (x - 1)eˣ + C
    (
        "integrate",
        {"expression": "x*exp(x)"},
        ["x e^x - e^x + C", "(x-1)e^x", "e^x(x - 1) + 5", "xe^x - e^x"],
        ["x e^x + e^x", "x^2 e^x/2", "e^x", "(x+1)e^x"],
    ),
    # ∫_0^3 x² dx = 9
    (
        "integrate",
        {"expression": "x^2", "lower": "0", "upper": "3"},
        ["9", "9.0", "27/3", "9.001"],
        ["8", "27", "-9", "9.1"],
    ),
    # 1/x at 0: -∞ from the left, ∞ from the right: no limit
    (
        "limit",
        {"expression": "1/x", "at": "x=0"},
        ["DNE", "does not exist", "undefined", "none"],
        ["oo", "0", "-oo", "1"],
    ),
    # sin 3x / x → 3
    (
        "limit",
        {"expression": "sin(3x)/x", "at": "x=0"},
        ["3", "3.0", "6/2", "L = 3"],
        ["1", "0", "3.1", "DNE"],
    ),
    # 1/x² → ∞ from both sides
    (
        "limit",
        {"expression": "1/x^2", "at": "x=0"},
        ["oo", "∞", "infinity", "DNE"],
        ["-oo", "0", "1", "2"],
    ),
    # x² < 4: (-2, 2)
    (
        "solve",
        {"equations": ["x^2 < 4"]},
        ["(-2, 2)", "-2 < x < 2", "(−2, 2)", "2 > x > -2"],
        ["[-2, 2]", "(-2, 2]", "(-oo, 2)", "(-4, 4)"],
    ),
    # x² = 2: ±√2
    (
        "solve",
        {"equations": ["x^2 = 2"]},
        [
            "+-sqrt(2)",
            "±√2",
            "{sqrt(2), -sqrt(2)}",
            "x = sqrt(2) or x = -sqrt(2)",
            "1.41421, -1.41421",
        ],
        ["sqrt(2)", "2, -2", "1.4, -1.4", "{sqrt(2), -sqrt(2), 2}"],
    ),
    # sin x = 0: x = nπ
    (
        "solve",
        {"equations": ["sin(x) = 0"]},
        ["x = n*pi", "{pi*n | n ∈ ℤ}", "n*pi, n in Z", "k*pi"],
        ["2n*pi", "pi/2 + n*pi", "0", "n*pi/2"],
    ),
    # x² ≥ 1: (-∞, -1] ∪ [1, ∞)
    (
        "solve",
        {"equations": ["x^2 >= 1"]},
        ["(-oo, -1] U [1, oo)", "x <= -1 or x >= 1", "(−∞, -1] ∪ [1, ∞)", "(-inf, -1] U [1, inf)"],
        ["[-1, 1]", "(-oo, -1) U (1, oo)", "[1, oo)", "R"],
    ),
    # x² - 5x + 6 = (x - 2)(x - 3)
    (
        "solve",
        {"equations": ["x^2 - 5x + 6 = 0"]},
        ["2, 3", "{3, 2}", "2 or 3", "{2, 2, 3}"],
        ["2", "{2, 3, 4}", "-2, -3", "{1, 6}"],
    ),
    # ∇(x³ - 3x + y²) = (3x² - 3, 2y) = 0 at (±1, 0)
    (
        "critical_points",
        {"expression": "x^3 - 3x + y^2"},
        ["(1, 0), (-1, 0)", "{(-1,0),(1,0)}", "x = 1, y = 0, x = -1, y = 0", "[(1, 0), (-1, 0)]"],
        ["(1, 0)", "(1,0),(-1,0),(0,0)", "(1, 1), (-1, 0)", "(0,0)"],
    ),
    # sin x: cos x = 0 at π/2 + nπ; one period holds π/2 and 3π/2 ≡ -π/2
    (
        "critical_points",
        {"expression": "sin(x)"},
        ["{-pi/2, pi/2}", "pi/2, 3pi/2", "x = pi/2, x = -pi/2", "{pi/2, 3pi/2}"],
        ["{0, pi}", "pi/2", "{pi/2, pi}", "{pi/4, 3pi/4}"],
    ),
    # x² + y² on x + y = 2: (1, 1)
    (
        "minimize_constrained",
        {"objective": "x^2+y^2", "subject_to": ["x+y=2"]},
        ["(1,1)", "x = 1, y = 1", "<1, 1>", "(1.0, 1.0)"],
        ["(2, 0)", "(0,2)", "(1,2)", "(-1,-1)"],
    ),
    # div (x²y, xyz, -yz²) = 2xy + xz - 2yz: -5 at (1, 2, 3); x - 6 is -5 there but wrong elsewhere
    (
        "divergence",
        {"field": "x^2y, xyz, -yz^2", "at": "x=1,y=2,z=3"},
        ["-5", "-5.0", "2xy + xz - 2yz", "div F = -5"],
        ["x - 6", "5", "2xy + xz", "-4"],
    ),
    # curl (yz, xz, xy) = 0 (a gradient field)
    (
        "curl",
        {"field": "yz, xz, xy"},
        ["0", "(0,0,0)", "<0,0,0>", "curl F = 0"],
        ["(1,0,0)", "(0,0,1)", "(0,0,2z)", "(z, 0, 0)"],
    ),
    # J of (x²y, 5x + sin y) = [[2xy, x²], [5, cos y]]
    (
        "jacobian",
        {"field": "x^2y, 5x + sin(y)"},
        [
            "((2xy, x^2),(5, cos(y)))",
            "[[2xy, x^2],[5, cos(y)]]",
            "(2xy, x^2, 5, cos(y))",
            "2xy cos(y) - 5x^2",
        ],
        [
            "((2xy, x^2),(5, -cos(y)))",
            "((x^2, 2xy),(5, cos(y)))",
            "((2xy, x^2),(cos(y), 5))",
            "2xy cos(y) + 5x^2",
        ],
    ),
    # ∇²(x² + y² + z²) = 6
    (
        "laplacian",
        {"expression": "x^2 + y^2 + z^2"},
        ["6", "6.0", "12/2", "∇²f = 6"],
        ["2", "3", "0", "2x+2y+2z"],
    ),
    # sin x = x - x³/6 + O(x⁴)
    (
        "series",
        {"expression": "sin(x)", "order": 4},
        ["x - x^3/6", "x - x^3/6 + O(x^4)", "x - x^3/3!", "x - x^3/6 + ..."],
        ["x + x^3/6", "x - x^3/3", "x", "1 - x^2/2"],
    ),
    # e^x about 0 to order 3: 1 + x + x²/2
    (
        "series",
        {"expression": "exp(x)", "order": 3},
        ["1 + x + x^2/2", "1 + x + x^2/2!", "1 + x + 0.5x^2", "1 + x + x^2/2 + O(x^3)"],
        ["1 + x + x^2", "1 + x", "x + x^2/2", "1 - x + x^2/2"],
    ),
]


def verdict(function: str, kwargs: dict, answer: str) -> str:
    return getattr(calcli, function)(**kwargs, expect=answer).check.verdict


@pytest.mark.parametrize(
    "function, kwargs, answer",
    [(f, k, a) for f, k, rights, _ in CORPUS for a in rights],
    ids=lambda v: str(v)[:30],
)
def test_a_right_answer_in_any_form_a_course_accepts_is_equal(function, kwargs, answer):
    assert verdict(function, kwargs, answer) == "equal"


@pytest.mark.parametrize(
    "function, kwargs, answer",
    [(f, k, a) for f, k, _, wrongs in CORPUS for a in wrongs],
    ids=lambda v: str(v)[:30],
)
def test_a_wrong_answer_is_different(function, kwargs, answer):
    assert verdict(function, kwargs, answer) == "different"


def test_the_corpus_covers_every_command_that_checks_answers():
    from calcli.registry import COMMANDS

    api = {c.api for c in COMMANDS.values() if c.checker}
    assert api <= {f for f, *_ in CORPUS}
    assert all(len(rights) >= 4 and len(wrongs) >= 4 for _, _, rights, wrongs in CORPUS)


# --- what a verdict says --------------------------------------------------------------------------


def test_a_counterexample_to_an_implicit_derivative_is_a_point_of_the_curve():
    check = calcli.derivative(
        "x^2 + y^2 = 25", implicit="y", wrt="x", order=2, expect="-25/y^2"
    ).check
    at = {k.name: v for k, v in check.counterexample.at.items()}
    assert check.verdict == "different" and at["x"] ** 2 + at["y"] ** 2 == 25


def test_a_formula_where_a_value_was_asked_says_it_was_compared_as_a_formula():
    check = calcli.derivative("x^3", at="x=2", expect="3x^2").check
    assert check.verdict == "equal" and "as a formula" in check.method
    wrong = calcli.derivative("x^3", at="x=2", expect="6x").check
    assert wrong.verdict == "different" and wrong.counterexample.at  # a point where 6x is not 3x²


def test_a_decimal_answer_is_right_within_the_tolerance_and_says_so():
    assert (
        "within 0.1 %" in calcli.integrate("x^2", lower="0", upper="3", expect="9.001").check.method
    )
    assert (
        calcli.integrate("x^2", lower="0", upper="3", expect="8").check.method
        == "exact values, which differ"
    )


def test_an_answer_in_names_the_problem_does_not_have_is_unreadable_naming_them():
    with pytest.raises(InputError, match="uses a, which is not in the problem"):
        calcli.gradient("x^2y", expect="(2xy, a)")
    with pytest.raises(InputError, match="not in the problem"):
        calcli.integrate("x*exp(x)", expect="integral of x e^x")


def test_readings_of_an_answer_are_noted():
    result = calcli.solve("x^2 = 2", expect="±√2")
    assert any("both signs" in n for n in result.readings)
    result = calcli.integrate("x*exp(x)", expect="(x-1)e^x + C")
    assert any("+ C" in n for n in result.readings)


# --- a property: calcli's own results rewritten are right, perturbed are wrong --------------------

EXPRESSIONS = [
    "x^3*sin(x)",
    "exp(x)/(1 + x^2)",
    "log(1 + x^2)*cos(x)",
    "(x^2 - 1)/(x + 2)",
    "sqrt(1 + x^2)*x",
    "tan(x)^2",
]
REWRITES = [sp.expand, sp.factor, sp.together, lambda e: sp.trigsimp(e)]
PERTURBATIONS = [
    lambda e: e + 1,
    lambda e: 2 * e,
    lambda e: -e,
    lambda e: e.subs(sp.Symbol("x", real=True), sp.Symbol("x", real=True) + 1),
]


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_calclis_own_derivative_rewritten_is_right_and_perturbed_is_wrong(expression):
    d = calcli.derivative(expression).derivative
    for rewrite in REWRITES:
        assert calcli.derivative(expression, expect=str(rewrite(d))).check.verdict == "equal", (
            rewrite
        )
    for perturb in PERTURBATIONS:
        assert calcli.derivative(expression, expect=str(perturb(d))).check.verdict == "different", (
            perturb
        )


# the ones with an elementary antiderivative (e^x/(1+x²) and ln(1+x²)cos x have none)
INTEGRABLE = ["x^3*sin(x)", "(x^2 - 1)/(x + 2)", "sqrt(1 + x^2)*x", "tan(x)^2"]


@pytest.mark.parametrize("expression", INTEGRABLE)
def test_calclis_own_antiderivative_plus_a_constant_is_right(expression):
    """Checked as grade checks answers, against the integral computed once (the checker gives
    --expect's verdict: tests/test_registry.py)."""
    from calcli.parsing import Options
    from calcli.registry import checker
    from calcli.request import DEFAULT_TOL

    result = calcli.integrate(expression)
    assert result.integral is not None, result.status

    def verdict(answer) -> str:
        return checker("integrate")(
            result, str(answer), Options((), False, ()), DEFAULT_TOL
        ).verdict

    for rewrite in (sp.expand, lambda e: e + 7, lambda e: sp.together(e) + sp.Rational(1, 3)):
        assert verdict(rewrite(result.integral)) == "equal"
    assert verdict(2 * result.integral) == "different"
    assert calcli.integrate(expression, expect=str(result.integral + 1)).check.verdict == "equal"


# --- the same answers through batch --answers and grade -------------------------------------------

PROBLEMS = [
    ('diff "x^3" --at x=2', "3x^2", "6x"),
    ('diff "x^2 + y^2 = 25" --implicit y --wrt x --order 2', "-25/y^3", "-25/y^2"),
    ('limit "1/x" --at x=0', "DNE", "oo"),
    ('integrate "1/x^2" --from -1 --to 1', "diverges", "-2"),
    ('solve "x^2 < 4"', "(-2, 2)", "[-2, 2]"),
    ('solve "sin(x) = 0"', "x = n*pi", "x = 2n*pi"),
    ('solve "x^2 = 2"', "+-sqrt(2)", "sqrt(2)"),
    ('critical-points "x^3 - 3x + y^2"', "(1, 0), (-1, 0)", "(1, 0)"),
    ('curl "yz, xz, xy"', "0", "(0, 0, 1)"),
    ('series "sin(x)" --order 4', "x - x^3/6 + O(x^4)", "x + x^3/6"),
]


def test_grade_gives_the_right_forms_full_marks_and_the_wrong_ones_none(tmp_path, capsys):
    import json

    from tests.test_grade import grade

    problems = tmp_path / "problems.txt"
    problems.write_text("".join(line + "\n" for line, _, _ in PROBLEMS))
    answers = tmp_path / "answers"
    answers.mkdir()
    (answers / "right.txt").write_text("".join(r + "\n" for _, r, _ in PROBLEMS))
    (answers / "wrong.txt").write_text("".join(w + "\n" for _, _, w in PROBLEMS))
    code, out, _ = grade(capsys, problems, [answers])
    assert code == 0
    book = {s["name"]: [c["outcome"] for c in s["cells"]] for s in json.loads(out)["students"]}
    assert book["right"] == ["right"] * len(PROBLEMS)
    assert book["wrong"] == ["wrong"] * len(PROBLEMS)


def test_batch_answers_are_read_by_the_same_reader(tmp_path):
    import json

    from tests.calling import call

    lines = tmp_path / "lines.txt"
    lines.write_text("".join(line + "\n" for line, _, _ in PROBLEMS))
    key = tmp_path / "key.txt"
    key.write_text("".join(r + "\n" for _, r, _ in PROBLEMS))
    p = call("batch", str(lines), "--answers", str(key), "--json")
    assert p.returncode == 0, p.stdout
    assert [json.loads(line)["outcome"] for line in p.stdout.splitlines()] == ["passed"] * len(
        PROBLEMS
    )

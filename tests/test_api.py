"""The Python API: every command as a function, without typer or rich."""

import subprocess
import sys

CODE = """
import sys
import calcli
assert calcli.gradient("(x+y)*z", at={"x": 4, "y": -3, "z": 5}).value == (5, 5, 1)
assert str(calcli.divergence("r^2, 0, 0", coords="spherical").result) == "4*r"
assert tuple(calcli.curl("-y, x, 0").result) == (0, 0, 2)
assert str(calcli.laplacian("x^2 + y^2").result) == "4"
assert calcli.jacobian("x*y, x + y").result.shape == (2, 2)
solved = calcli.solve(["x + y = 3", "x - y = 1"])
assert [str(v) for v in solved.solutions[0].values()] == ["2", "1"]
optimum = calcli.minimize_constrained("x^2 + y^2", subject_to=["x + y >= 1"]).optimum
assert optimum.numeric["x"] == 0.5
assert calcli.diff_table("x^3+x^2+7", start="1", stop="5").rows.shape == (5, 9)
assert str(calcli.parse("q = x + y; f = q*z").value) == "z*(x + y)"
try:
    calcli.gradient("xsin(x)")
except calcli.ParseError as err:
    assert err.position == 0 and err.exit_code == 2
print("typer" in sys.modules, "rich" in sys.modules)
"""


def test_api_without_typer_or_rich():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False False"


import math  # noqa: E402

import pytest  # noqa: E402

import calcli  # noqa: E402

MISTAKES = [
    (lambda: calcli.gradient(None), "expression must be a string"),
    (lambda: calcli.gradient(42), "expression must be a string"),
    (lambda: calcli.gradient("x^2", at={"x": float("nan")}), "finite"),
    (lambda: calcli.gradient("x^2", at={"x": math.inf}), "finite"),
    (lambda: calcli.gradient("x^2", at={"x": object()}), "number"),
    (lambda: calcli.gradient("x^2", wrt=5), "wrt must be"),
    (lambda: calcli.gradient("x^2", hessian="yes"), "hessian must be True or False"),
    (lambda: calcli.gradient("x^2", nonsense=1), "unexpected keyword"),
    (lambda: calcli.diff_table("x^2", points="1", order=1.0), "order must be an integer"),
    (lambda: calcli.diff_table("x^2", points="1", order=True), "order must be an integer"),
    (lambda: calcli.diff_table("x^2", start=float("nan"), stop=2), "start must be a finite number"),
    (lambda: calcli.minimize_constrained("x^2", tol="small"), "tol is a relative tolerance"),
    (lambda: calcli.gradient("x^2", tol=0), "tol is a relative tolerance"),
    (lambda: calcli.minimize_constrained("x^2", subject_to=[1]), "subject_to must be"),
    (lambda: calcli.solve(["x = 1", None]), "equations must be"),
    (lambda: calcli.divergence("x, y", functions=[1]), "functions must be"),
    (lambda: calcli.parse(None), "text must be a string"),
]


@pytest.mark.parametrize("call, message", MISTAKES, ids=[m for _, m in MISTAKES])
def test_a_mistake_is_one_calcli_error_naming_the_argument(call, message):
    with pytest.raises(calcli.InputError, match=message):
        call()


def test_a_string_is_one_item_not_its_characters():
    result = calcli.minimize_constrained("(x-3)^2", subject_to="x <= 1")
    assert len(result.constraints) == 1 and result.optimum.numeric["x"] == 1.0
    assert (
        calcli.gradient("uv(x)", functions="uv")
        .gradient[0]
        .has(calcli.parse("uv(x)", functions="uv").value)
    )
    assert calcli.diff_table("x^2", points=[1, 2.5]).rows[:, 0].tolist() == [1.0, 2.5]

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
assert [str(v) for v in calcli.solve(["x + y = 3", "x - y = 1"]).solutions[0].values()] == ["2", "1"]
assert calcli.minimize_constrained("x^2 + y^2", subject_to=["x + y >= 1"]).optimum.numeric["x"] == 0.5
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

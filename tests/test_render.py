"""Golden outputs: what a person and a script see, at a fixed width and without colour."""

from calcli import gradient
from calcli.formats import Format
from calcli.render import Screen, render

SCREEN = Screen(width=80, color=False)

GRAD_TABLE = """\
Gradient of (x+y)*z at x = 4, y = -3, z = 5
╭─────────┬────────────┬──────────────┬─────────╮
│ partial │ derivative │ at the point │ decimal │
├─────────┼────────────┼──────────────┼─────────┤
│ ∂f/∂x   │ z          │ 5            │ 5       │
│ ∂f/∂y   │ z          │ 5            │ 5       │
│ ∂f/∂z   │ x + y      │ 1            │ 1       │
╰─────────┴────────────┴──────────────┴─────────╯
variables x, y, z: the expression's, in natural order (choose them with --wrt)
"""

GRAD_PLAIN = """\
expression\tz*(x + y)
variables\tx,y,z
gradient.x\tz
gradient.y\tz
gradient.z\tx + y
at.x\t4
at.y\t-3
at.z\t5
value.x\t5
value.y\t5
value.z\t1
numeric.x\t5.0
numeric.y\t5.0
numeric.z\t1.0
"""

GRAD_LATEX = r"""\begin{align*}
f &= x^{2} y \\
\frac{\partial f}{\partial x} &= 2 x y = 4 \\
\frac{\partial f}{\partial y} &= x^{2} = 1 \\
&\text{at } x = 1, y = 2 \\
H &= \left[\begin{matrix}2 y & 2 x\\2 x & 0\end{matrix}\right] = \left[\begin{matrix}4 & 2\\2 & 0\end{matrix}\right]
\end{align*}
"""


def test_grad_table():
    assert render(gradient("(x+y)*z", at="x=4,y=-3,z=5"), Format.table, SCREEN) == GRAD_TABLE


def test_grad_plain():
    assert render(gradient("(x+y)*z", at="x=4,y=-3,z=5"), Format.plain, SCREEN) == GRAD_PLAIN


def test_grad_latex():
    assert render(gradient("x^2*y", at="x=1,y=2", hessian=True), Format.latex, SCREEN) == GRAD_LATEX


def test_grad_json_is_one_line_with_envelope():
    out = render(gradient("x*x", at="x=1"), Format.json, SCREEN)
    assert out.count("\n") == 1
    assert out.startswith('{"calcli": 1, "command": "grad", "ok": true, ')


def test_table_shows_derivatives_of_undefined_functions_as_partials():
    out = render(gradient("u(x,y)^2", functions=["u"], wrt="x"), Format.table, SCREEN)
    assert "∂u/∂x" in out

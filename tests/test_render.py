"""Golden outputs: what a person and a script see, at a fixed width and without colour."""

import re
import shutil
from pathlib import Path

import pytest

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

GRAD_LATEX = (
    r"""\begin{align*}
f &= x^{2} y \\
\frac{\partial f}{\partial x} &= 2 x y = 4 \\
\frac{\partial f}{\partial y} &= x^{2} = 1 \\
&\text{at } x = 1, y = 2 \\
H &= \left[\begin{matrix}2 y & 2 x\\2 x & 0\end{matrix}\right] = """
    + r"""\left[\begin{matrix}4 & 2\\2 & 0\end{matrix}\right]
\end{align*}
"""
)


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


@pytest.mark.parametrize(
    "args, header, rows",
    [
        (
            ["grad", "(x+y)*z", "--at", "x=4,y=-3,z=5"],
            ["variable", "derivative", "value", "numeric"],
            [["x", "z", "5", "5.0"], ["y", "z", "5", "5.0"], ["z", "x + y", "1", "1.0"]],
        ),
        (
            ["div", "2x, 4y, 6z"],
            ["variable", "term"],
            [["x", "2"], ["y", "4"], ["z", "6"], ["div", "12"]],
        ),
        (["jacobian", "x*y, x + y"], ["component", "x", "y"], [["F1", "y", "x"], ["F2", "1", "1"]]),
        (["solve", "x^2 = 4"], ["x", "x_numeric"], [["-2", "-2.0"], ["2", "2.0"]]),
    ],
)
def test_csv_for_the_table_shaped_results_round_trips(args, header, rows, calcli_call):
    """--format csv: a header, one row per item, RFC 4180 (CRLF), read back by Python's csv
    module as written."""
    import csv
    import io

    done = calcli_call(*args, "--format", "csv")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert list(csv.reader(io.StringIO(out, newline=""))) == [header, *rows]


def test_csv_marks_every_optimal_point_of_a_tie():
    import csv
    import io

    from calcli import minimize_constrained
    from calcli.render import Format, render

    rows = list(
        csv.reader(
            io.StringIO(
                render(minimize_constrained("x*y", subject_to=["x^2 + y^2 = 1"]), Format.csv)
            )
        )
    )
    marked = [row[:2] for row in rows[1:] if row[rows[0].index("optimum")] == "yes"]
    # an exact value that begins with - is text to a spreadsheet ('), as every CSV cell that is not
    # a number
    assert sorted(marked) == sorted([["'-sqrt(2)/2", "sqrt(2)/2"], ["sqrt(2)/2", "'-sqrt(2)/2"]])


def test_long_latex_rows_are_broken_at_top_level_signs_to_fit_a_page():
    from calcli import derivative

    out = render(
        derivative(
            "x^14 + 3x^13 + 5x^12 + 7x^11 + 9x^10 + 11x^9 + 13x^8 + 15x^7 + "
            "17x^6 + 19x^5 + 21x^4 + 23x^3",
            wrt="x",
        ),
        Format.latex,
    )
    lines = out.splitlines()
    assert lines[0] == r"\begin{align*}" and lines[-1] == r"\end{align*}"
    body = [line.removesuffix(r" \\") for line in lines[1:-1]]
    assert len(body) > 2 and all(len(line) <= 100 for line in body)
    assert all(
        line.count("{") == line.count("}") and line.count(r"\left") == line.count(r"\right")
        for line in body
    )
    # aligned continuation lines
    continued = [line for line in body if line.startswith(r"&\quad + ")]
    assert len(continued) == 2 and all(
        line.startswith(r"&\quad + ") or "&= " in line for line in body
    )


def test_standalone_latex_is_a_whole_document(calcli_call):
    document = calcli_call("integrate", "x*sin(x)", "--format", "latex", "--standalone").stdout
    assert (
        document.startswith("\\documentclass{article}\n")
        and "\\usepackage{amsmath,amssymb}" in document
    )
    assert (
        document.index("\\begin{document}")
        < document.index("\\begin{align*}")
        < document.index("\\end{align*}")
        < document.index("\\end{document}")
    )


# --- every docs example at 60, 80 and 120 columns -------------------------------------------------

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"
TABLE_EXAMPLES = [
    line
    for path in sorted(EXAMPLES.glob("*.txt"))
    for line in path.read_text().splitlines()
    # their tables have their own tests
    if "--format table" in line and line.split()[0] not in ("batch", "grade")
]
NUMBER = re.compile(r"-?\d[\d.]*(?:e[-+]?\d+)?")


@pytest.mark.parametrize("line", TABLE_EXAMPLES)
def test_tables_fit_60_80_and_120_columns_without_cutting_a_number(line, monkeypatch):
    """Computed once, then drawn at each width: no line is wider than the screen, and every
    number (every run of digits) and every ellipsis is one that a screen wide enough for
    everything shows too: nothing was cut to fit. Where the columns cannot fit, the table is
    stacked, one `column: value` per line."""
    import shlex

    from rich.cells import cell_len
    from typer.testing import CliRunner

    from calcli.cli.app import app

    computed = []
    # the result is computed once, here, and drawn below; the command itself prints nothing
    monkeypatch.setattr(
        "calcli.limits.run_limited",
        lambda job, *args, **kwargs: computed.append(job.compute()) or ("", 0, (), None, None),
    )
    monkeypatch.chdir(EXAMPLES.parent.parent)
    CliRunner().invoke(app, shlex.split(line))
    (result,) = computed
    whole = render(result, Format.table, Screen(width=400, color=False))
    for width in (60, 80, 120):
        shown = render(result, Format.table, Screen(width=width, color=False))
        assert max(cell_len(row) for row in shown.splitlines()) <= width, shown
        assert set(NUMBER.findall(shown)) <= set(NUMBER.findall(whole)), shown
        assert shown.count("…") <= whole.count("…"), shown


def test_a_table_too_wide_for_its_words_is_stacked():
    from calcli import diff_table

    result = diff_table("x^3+x^2+7", start="1", stop="3")
    narrow = render(result, Format.table, Screen(width=40, color=False))
    assert "x: 1\nf: 9\n" in narrow and "│" not in narrow and "\n\nx: 2\n" in narrow


LATEX_ENGINES = [
    name for name in ("pdflatex", "lualatex", "xelatex", "tectonic") if shutil.which(name)
]
LATEX_EXAMPLES = [
    line
    for path in sorted(EXAMPLES.glob("*.txt"))
    for line in path.read_text().splitlines()
    if "--format latex" in line
]


@pytest.mark.skipif(
    not LATEX_ENGINES,
    reason="no LaTeX engine (pdflatex, lualatex, xelatex or tectonic) on this machine",
)
@pytest.mark.parametrize("line", LATEX_EXAMPLES)
def test_every_latex_example_compiles_and_fits_the_page(line, tmp_path, monkeypatch):
    """Each docs example with --format latex, as --standalone prints it, compiled by a real
    engine: no error, and no line past the margin (an overfull box)."""
    import shlex
    import subprocess

    from typer.testing import CliRunner

    from calcli.cli.app import app

    monkeypatch.chdir(EXAMPLES.parent.parent)
    document = CliRunner().invoke(app, [*shlex.split(line), "--standalone"]).stdout
    (tmp_path / "example.tex").write_text(document)
    engine = LATEX_ENGINES[0]
    command = (
        [engine, "example.tex"]
        if engine == "tectonic"
        else [engine, "-interaction=nonstopmode", "-halt-on-error", "example.tex"]
    )
    compiled = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    log = (
        (tmp_path / "example.log").read_text(errors="replace")
        if (tmp_path / "example.log").exists()
        else compiled.stdout + compiled.stderr
    )
    assert compiled.returncode == 0, log[-2000:]
    assert "Overfull \\hbox" not in log, log[-2000:]


def test_there_are_latex_examples_to_compile():
    assert len(LATEX_EXAMPLES) >= 5


def test_the_lagrange_picture_is_drawn_the_same_every_time(tmp_path):
    """minimize-constrained --plot: a file written once, byte for byte the same on a second run
    (no date or software name in its metadata, a fixed style), with each constraint in its
    legend; two variables only."""
    pytest.importorskip("matplotlib")
    from calcli import minimize_constrained
    from calcli.errors import InputError
    from calcli.render.plot import plot_lagrange

    result = minimize_constrained("x^2 + y^2", subject_to=["x + y >= 1", "x <= 2"])
    svg = plot_lagrange(result, "lagrange.svg")
    assert svg == plot_lagrange(result, "lagrange.svg") and plot_lagrange(
        result, "a.png"
    ) == plot_lagrange(result, "a.png")
    text = svg.decode()
    assert (
        "<dc:date>" not in text
        and "<dc:creator>" not in text
        and "x + y &gt;= 1" in text
        and "x &lt;= 2" in text
    )
    with pytest.raises(InputError, match="two variables"):
        plot_lagrange(
            minimize_constrained("x^2 + y^2 + z^2", subject_to=["x + y + z = 1"]), "a.png"
        )


PICTURES = [
    ("plot_gradient", lambda calcli: calcli.gradient("x^2 - y^2 + x*y", at="x=1,y=0.5")),
    ("plot_field", lambda calcli: calcli.divergence("x - y, x + y^2")),
    ("plot_field", lambda calcli: calcli.curl("-y, x")),
    ("plot_equation", lambda calcli: calcli.solve("x^3 = 2x + 1")),
]


@pytest.mark.parametrize(
    "plotter, compute", PICTURES, ids=[f"{p}-{i}" for i, (p, _) in enumerate(PICTURES)]
)
def test_each_picture_is_drawn_the_same_every_time(plotter, compute):
    pytest.importorskip("matplotlib")
    import calcli
    from calcli.render import plot

    result = compute(calcli)
    draw = getattr(plot, plotter)
    for name in ("picture.svg", "picture.png"):
        assert draw(result, name) == draw(result, name)


def test_a_picture_is_refused_where_it_has_no_meaning():
    pytest.importorskip("matplotlib")
    import calcli
    from calcli.errors import InputError
    from calcli.render.plot import plot_equation, plot_field, plot_gradient

    with pytest.raises(InputError, match="two variables"):
        plot_gradient(calcli.gradient("x*y*z"), "a.png")
    with pytest.raises(InputError, match="plane field"):
        plot_field(calcli.divergence("x, y, z"), "a.png")
    with pytest.raises(InputError, match="one equation in one unknown"):
        plot_equation(calcli.solve(["x + y = 1", "x - y = 0"]), "a.png")


def test_every_command_that_draws_says_so_in_its_help():
    from calcli.registry import COMMANDS

    drawing = {name for name, command in COMMANDS.items() if command.plot}
    assert drawing == {"grad", "div", "curl", "solve", "minimize-constrained", "diff-table"}
    for name in drawing:
        assert "--plot FILE" in (EXAMPLES.parent / "commands" / f"{name}.md").read_text()


def test_plot_dash_writes_a_new_temporary_png_and_says_where(tmp_path):
    """--plot -: nothing opened, a new PNG in the temporary directory, its path on stderr; never
    in a batch line."""
    pytest.importorskip("matplotlib")
    import os
    import subprocess
    import sys

    env = {**os.environ, "TMPDIR": str(tmp_path)}
    p = subprocess.run(
        [sys.executable, "-m", "calcli", "grad", "x*y", "--plot", "-"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    said = p.stderr.strip()
    assert (
        p.returncode == 0
        and said.startswith(f"calcli: wrote {tmp_path}/calcli-plot-")
        and said.endswith(" bytes)")
    ), p.stderr
    (written,) = tmp_path.glob("calcli-plot-*.png")
    assert written.read_bytes().startswith(b"\x89PNG") and p.stdout.startswith("expression\tx*y")
    batch = subprocess.run(
        [sys.executable, "-m", "calcli", "batch", "-", "--allow-files", str(tmp_path)],
        input='grad "x*y" --plot -\n',
        capture_output=True,
        text=True,
        env=env,
    )
    assert (
        "has no place in a batch line" in batch.stdout
        and len(list(tmp_path.glob("calcli-plot-*.png"))) == 1
    )

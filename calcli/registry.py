"""The one list of calcli's computing commands. Everything that needs to know the commands reads it:
the console script (which to fork a worker for), the limits (what to load before the memory cap),
the Python API (where each function lives), and the runner (which formats a command writes).
tests/test_registry.py walks it and fails when any piece of a command is missing.

Importing this module costs nothing: it names modules, it does not import them.
"""

from __future__ import annotations

from typing import NamedTuple

from calcli.formats import Format

TEXT_FORMATS = (Format.table, Format.plain, Format.json, Format.latex)
# results that are tables of rows (calcli/render/csv_rows.py)
TABLE_FORMATS = (*TEXT_FORMATS, Format.csv)


class Command(NamedTuple):
    name: str  # on the command line: calcli grad
    api: str  # in the Python API: calcli.gradient
    module: str  # where the API function lives
    result: str  # its result type in calcli.results (which carries `command = name`)
    numeric: tuple = ()  # libraries it computes with, loaded before the memory cap
    own: tuple = ()  # more of calcli's own modules it needs (loaded before the cap too)
    formats: tuple = TEXT_FORMATS
    # module:function checking an answer against a result computed before (calcli grade)
    checker: str | None = None
    # (module:function drawing a result to PNG or SVG bytes, what --plot's help says it draws)
    plot: tuple = ()
    # what --steps shows (its help): the command has --steps, declared once in common_options
    steps: str = ""


COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        Command(
            "grad",
            "gradient",
            "calcli.ops.gradient",
            "GradientResult",
            checker="calcli.ops.gradient:check_answer",
            formats=TABLE_FORMATS,
            plot=(
                "calcli.render.plot:plot_gradient",
                "the level curves of f with its gradient field, and the --at point (two variables)",
            ),
            steps="Show the computation graph and the chain rule node by node.",
        ),
        *(
            Command(
                name,
                api,
                "calcli.ops.vector",
                result,
                checker="calcli.ops.vector:check_answer",
                formats=TABLE_FORMATS,
                plot=(
                    "calcli.render.plot:plot_field",
                    f"the field's streamlines over its {words} as colour (a plane field)",
                ),
                steps=f"The working: the formula with the coordinates' scale factors, then each "
                f"{part}.",
            )
            for name, api, result, words, part in (
                ("div", "divergence", "DivergenceResult", "divergence", "term"),
                ("curl", "curl", "CurlResult", "curl", "component"),
            )
        ),
        Command(
            "laplacian",
            "laplacian",
            "calcli.ops.vector",
            "LaplacianResult",
            checker="calcli.ops.vector:check_answer",
            formats=TABLE_FORMATS,
            steps="The working: the formula with the coordinates' scale factors, then each term.",
        ),
        Command(
            "jacobian",
            "jacobian",
            "calcli.ops.vector",
            "JacobianResult",
            checker="calcli.ops.vector:check_answer",
            formats=TABLE_FORMATS,
            steps="The working: each entry ∂F_i/∂x_j, then the determinant expanded along the "
            "first row.",
        ),
        Command(
            "solve",
            "solve",
            "calcli.ops.solve",
            "SolveResult",
            own=("calcli.ops.solve_check",),
            checker="calcli.ops.solve_check:check_answer",
            formats=TABLE_FORMATS,
            plot=(
                "calcli.render.plot:plot_equation",
                "both sides of the equation, its real roots marked (one equation in one unknown)",
            ),
            steps="The working: a polynomial factored, a linear system by elimination, an "
            "inequality by its sign chart, roots squared and checked, logs and "
            "exponentials inverted, a sine, cosine or tangent by its principal solutions "
            "and period.",
        ),
        Command(
            "minimize-constrained",
            "minimize_constrained",
            "calcli.ops.optimize",
            "OptimizeResult",
            numeric=("numpy", "scipy.optimize"),
            own=("calcli.ops.numeric_opt",),
            formats=TABLE_FORMATS,
            checker="calcli.ops.optimize:check_answer",
            plot=(
                "calcli.render.plot:plot_lagrange",
                "the level curves, the constraints and the candidates (two variables)",
            ),
            steps="The working: the Lagrangian, the system ∇L = 0 and the constraints, and how "
            "it was solved.",
        ),
        Command(
            "diff",
            "derivative",
            "calcli.ops.derivative",
            "DerivativeResult",
            checker="calcli.ops.derivative:check_answer",
            steps="The working by rule name (sum, product, quotient, power, chain rule), then "
            "the computation graph as grad --steps shows it (a first derivative).",
        ),
        Command(
            "integrate",
            "integrate",
            "calcli.ops.integral",
            "IntegralResult",
            numeric=("numpy", "scipy.integrate"),
            own=("calcli.ops.numeric",),
            checker="calcli.ops.integral:check_answer",
            steps="The working, rule by rule: substitution, parts, partial fractions, ... (one "
            "variable).",
        ),
        Command(
            "limit",
            "limit",
            "calcli.ops.limit",
            "LimitResult",
            checker="calcli.ops.limit:check_answer",
            steps="L'Hôpital's rule, step by step, where the form is 0/0 or ∞/∞.",
        ),
        Command(
            "critical-points",
            "critical_points",
            "calcli.ops.critical",
            "CriticalResult",
            numeric=("numpy", "scipy.optimize"),
            own=("calcli.ops.optimize", "calcli.ops.numeric_opt"),
            formats=TABLE_FORMATS,
            checker="calcli.ops.critical:check_answer",
            steps="The working: ∇f = 0 written out, how it was solved, and what decided each kind.",
        ),
        Command(
            "series",
            "series",
            "calcli.ops.series",
            "SeriesResult",
            own=("calcli.ops.limit",),
            checker="calcli.ops.series:check_answer",
            steps="The working: each derivative, its value at the point, and the coefficient "
            "f⁽ᵏ⁾(a)/k!.",
        ),
        Command(
            "diff-table",
            "diff_table",
            "calcli.ops.difftable",
            "DiffTableResult",
            numeric=("numpy",),
            own=("calcli.ops.numeric",),
            formats=TABLE_FORMATS,
            plot=("calcli.render.plot:plot_errors", "the error curves"),
            steps="The working: the exact derivative, and each scheme's formula with its error "
            "(table, JSON, LaTeX; CSV and plain hold the rows).",
        ),
    )
}

# solve --numeric computes with scipy too: its libraries are loaded only when the flag is given
NUMERIC_SOLVE = ("numpy", "scipy.optimize", "calcli.ops.roots")

API = {c.api: c.module for c in COMMANDS.values()}


def checker(name: str):
    """The command's answer checker (calcli grade), loaded on first use."""
    import importlib

    module, function = str(COMMANDS[name].checker).split(":")
    return getattr(importlib.import_module(module), function)


def preload(name: str, numeric_flag: bool = False) -> tuple:
    """Modules a command's worker loads before the memory cap (under a small cap even compiling
    one can fail)."""
    command = COMMANDS.get(name)
    if command is None:
        return ()
    extra = NUMERIC_SOLVE if name == "solve" and numeric_flag else ()
    return command.numeric + extra + (command.module,) + command.own

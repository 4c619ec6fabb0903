"""calcli: symbolic calculus, library first.

    >>> import calcli
    >>> calcli.gradient("(x+y)*z", at={"x": 4, "y": -3, "z": 5}).value
    (5, 5, 1)

Each function parses calcli's expression language, computes with sympy and
returns a frozen result object (see calcli.results) with to_dict() for JSON.
They load sympy on first use, so importing calcli is cheap, and nothing here
imports typer or rich. Errors are CalcliError subclasses.
"""
from calcli.errors import CalcliError, ExitCode, InputError, LimitError, ParseError, ShapeError, Unsolved

__all__ = [
    "CalcliError", "ExitCode", "InputError", "LimitError", "ParseError", "ShapeError", "Unsolved",
    "curl", "diff_table", "divergence", "gradient", "jacobian", "laplacian", "minimize_constrained", "parse", "solve",
]
__version__ = "0.1.0"


def parse(text: str, *, functions=(), decimal_comma: bool = False):
    """Parse calcli's expression language into a Program (its `.value` is a sympy object)."""
    from calcli.parsing import Options, parse_program

    return parse_program(text, Options(tuple(functions), decimal_comma))


def gradient(expression, **options):
    """Partial derivatives; options: wrt, at, hessian, steps, expect, functions, decimal_comma."""
    from calcli.ops.gradient import gradient as run

    return run(expression, **options)


def divergence(field, **options):
    """∇·F; options: wrt, at, coords, jacobian, expect, functions, decimal_comma."""
    from calcli.ops.vector import divergence as run

    return run(field, **options)


def curl(field, **options):
    """∇×F; options as divergence (without jacobian)."""
    from calcli.ops.vector import curl as run

    return run(field, **options)


def laplacian(expression, **options):
    """∇²f; options as divergence (without jacobian)."""
    from calcli.ops.vector import laplacian as run

    return run(expression, **options)


def jacobian(field, **options):
    """∂F_i/∂x_j; options as divergence (without jacobian)."""
    from calcli.ops.vector import jacobian as run

    return run(field, **options)


def solve(equations, **options):
    """Solve equations; options: unknowns, domain, numeric_fallback, start, interval, at, expect, ..."""
    from calcli.ops.solve import solve as run

    return run(equations, **options)


def minimize_constrained(objective, **options):
    """Lagrange/KKT optimisation; options: subject_to, wrt, maximize, method, start, at, tol, expect, ..."""
    from calcli.ops.optimize import minimize_constrained as run

    return run(objective, **options)


def diff_table(expression=None, **options):
    """Finite differences beside the exact derivative; options: start, stop, step, points, h, order, schemes, data, convergence, ..."""
    from calcli.ops.difftable import diff_table as run

    return run(expression, **options)

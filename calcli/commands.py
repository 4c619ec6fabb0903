"""What each command computes, as plain functions of its options: the glue from a Request to an ops
function.

They run in the computing child process, so they are module-level (picklable)
and import neither typer nor rich.
"""

from __future__ import annotations

from calcli.errors import InputError
from calcli.files import TRUSTED, Beneath, FileOutput, FilePolicy, WithFiles
from calcli.request import Common


def text(argument: str | None) -> str | None:
    """The expression as given, or read from standard input when it is - (up to 1 MiB; a BOM and
    the last line break dropped)."""
    if argument != "-":
        return argument
    from calcli.files import decode, read_stdin
    from calcli.parsing.limits import MAX_FILE_CHARS, FromStdin

    data = read_stdin("the expression -", 4 * MAX_FILE_CHARS)
    expression = decode(data, "standard input").rstrip("\r\n")
    if not expression.strip():
        raise InputError("standard input holds no expression")
    return FromStdin(expression)


def shared(common: Common) -> dict:
    """The keyword arguments every ops function takes, from the common options."""
    from calcli.parsing.points import parse_names

    functions = parse_names(common.functions, "--functions") if common.functions else ()
    return {
        "at": common.at,
        "functions": functions,
        "decimal_comma": common.decimal_comma,
        "expect": common.expect,
        "tol": common.tol,
    }


def grad(expression: str, common: Common, *, hessian: bool = False, steps: bool = False):
    from calcli.ops.gradient import gradient

    return gradient(
        text(expression), wrt=common.wrt, hessian=hessian, steps=steps, **shared(common)
    )


def vector(name: str, field: str, common: Common, *, coords: str = "cartesian", **extra):
    """div, curl, laplacian and jacobian share their options (div has --jacobian too)."""
    import importlib

    from calcli.registry import COMMANDS

    compute = getattr(importlib.import_module(COMMANDS[name].module), COMMANDS[name].api)
    return compute(text(field), wrt=common.wrt, coords=coords, **shared(common), **extra)


def solve(
    equations: list[str],
    common: Common,
    *,
    unknowns: str | None,
    domain: str,
    numeric: bool,
    start: list[str] | None,
    interval: str | None,
    steps: bool = False,
):
    from calcli.ops.solve import solve as solve_equations

    if equations == ["-"]:  # one equation per line (a system from another program, up to 1 MiB)
        from calcli.parsing.limits import FromStdin

        equations = [
            FromStdin(line)
            for line in (text("-") or "").splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ]

    return solve_equations(
        equations,
        unknowns=unknowns if unknowns is not None else common.wrt,
        domain=domain,
        numeric_fallback=numeric,
        start=start,
        interval=interval,
        steps=steps,
        **shared(common),
    )


def diff_table(
    expression: str | None, common: Common, *, data, files: FilePolicy = TRUSTED, **grid
):
    """`grid`: diff-table's own options (start, stop, step, points, h, order, schemes,
    convergence), passed on as they are."""
    from calcli.ops.difftable import diff_table as table

    if data is not None:
        data = files.resolve(data, "--data")
    return table(text(expression), data=data, wrt=common.wrt, **grid, **shared(common))


def with_picture(compute, plot: str, force: bool, plotter: str, files: FilePolicy = TRUSTED):
    """compute()'s result, and the --plot file that `plotter` (module:function) draws of it. The
    file's name is checked first, before anything is computed."""
    import importlib

    from calcli.render.plot import image_format

    path: str | Beneath
    if plot == "-":  # a PNG in a new temporary file, whose name is said (calcli.files.FileOutput)
        if files.untrusted:
            raise InputError(
                "--plot - (a new temporary file) has no place in a batch line: name "
                "a file inside --allow-files"
            )
        path, drawn_as = "-", "plot.png"
    else:
        image_format(plot)
        path, drawn_as = files.resolve(plot, "--plot"), plot
    module, name = plotter.split(":")
    result = compute()
    return WithFiles(
        result,
        (
            FileOutput(
                path,
                getattr(importlib.import_module(module), name)(result, drawn_as),
                force,
                "--plot",
            ),
        ),
    )


def minimize(
    objective: str,
    common: Common,
    *,
    subject_to: list[str] | None,
    maximize: bool,
    method: str,
    start: list[str] | None,
    steps: bool = False,
):
    from calcli.ops.optimize import minimize_constrained

    return minimize_constrained(
        text(objective),
        subject_to=subject_to or (),
        wrt=common.wrt,
        maximize=maximize,
        method=method,
        start=start,
        steps=steps,
        **shared(common),
    )


def derivative(
    expression: str, common: Common, *, order: int, implicit: str | None, steps: bool = False
):
    from calcli.ops.derivative import derivative as compute

    return compute(
        text(expression),
        wrt=common.wrt,
        order=order,
        implicit=implicit,
        steps=steps,
        **shared(common),
    )


def integrate(
    expression: str,
    common: Common,
    *,
    lower: str | None,
    upper: str | None,
    numeric: bool,
    steps: bool = False,
):
    from calcli.ops.integral import integrate as compute

    return compute(
        text(expression),
        wrt=common.wrt,
        lower=lower,
        upper=upper,
        numeric_fallback=numeric,
        steps=steps,
        **shared(common),
    )


def limit(expression: str, common: Common, *, direction: str, steps: bool = False):
    from calcli.ops.limit import limit as compute

    return compute(text(expression), direction=direction, steps=steps, **shared(common))


def series(expression: str, common: Common, *, order: int, steps: bool = False):
    from calcli.ops.series import series as compute

    return compute(text(expression), order=order, steps=steps, **shared(common))


def critical_points(expression: str, common: Common, *, steps: bool = False):
    from calcli.ops.critical import critical_points as compute

    return compute(text(expression), wrt=common.wrt, steps=steps, **shared(common))

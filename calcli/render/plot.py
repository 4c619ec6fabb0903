"""--plot FILE.png|.svg: the error curves of a diff-table, and the Lagrange picture of a
minimize-constrained problem in two variables (matplotlib, the optional extra calcli[plot]).

The picture is drawn into memory in the computing child; the parent writes the
file (calcli.files: no links followed, nothing replaced without --force)."""

from __future__ import annotations

import io
import math
from functools import partial
from pathlib import Path

from calcli.errors import InputError


def image_format(path: str) -> str:
    """png or svg, from the file name; checked before any computing."""
    suffix = Path(path).suffix.lower()
    if suffix not in (".png", ".svg"):
        raise InputError(f"--plot writes a .png or .svg file, not '{path}'")
    return suffix[1:]


def pyplot():
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise InputError("--plot needs matplotlib: pip install 'calcli[plot]'") from None
    # a fixed style: the same file on every machine, whatever the user's matplotlibrc says
    plt.rcdefaults()
    plt.rcParams["svg.hashsalt"] = "calcli"
    return plt


def saved(plt, figure, fmt: str) -> bytes:
    """The figure's bytes, without the software name or date in the metadata: the same input, the
    same file."""
    buffer = io.BytesIO()
    try:
        figure.savefig(
            buffer,
            format=fmt,
            metadata={"Software": None} if fmt == "png" else {"Creator": None, "Date": None},
        )
    finally:
        plt.close(figure)
    return buffer.getvalue()


def plot_errors(result, path: str) -> bytes:
    """The picture of the error curves, in the format the file name asks for."""
    fmt = image_format(path)
    plt = pyplot()
    errors = [(i, c) for i, c in enumerate(result.columns) if c.endswith("_error")]
    if not errors:
        raise InputError("--plot draws error curves; this table has none (data mode)")
    x = result.rows[:, 0]
    figure, axes = plt.subplots(figsize=(7, 4.5))
    # convergence: log-log error against h (slopes are the orders); a grid: log error along x
    draw = axes.loglog if result.mode == "convergence" else axes.semilogy
    for i, name in errors:
        draw(x, abs(result.rows[:, i]), marker="o", label=name[: -len("_error")])
    axes.set(
        xlabel="h" if result.mode == "convergence" else result.variable.name,
        ylabel="|error|",
        title=f"Finite-difference error for {result.source}",
    )
    axes.grid(True, which="both", alpha=0.3)
    axes.legend()
    return saved(plt, figure, fmt)


GRID = 241  # points per side of the contour grid


def plot_lagrange(result, path: str) -> bytes:
    """The classic picture: filled level curves of f, each constraint's curve (an inequality's
    feasible side shaded), and every candidate marked by its kind, the optimum as a star. Two
    variables only."""
    import numpy as np

    from calcli.ops.optimize import optimal_candidates

    fmt = image_format(path)
    two_variables(result.variables, "a problem")
    plt = pyplot()
    x, y = result.variables
    (x0, x1), (y0, y1) = window(result)
    mesh: tuple = np.meshgrid(np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID))
    X, Y = mesh
    values = partial(grid_values, variables=(x, y), arrays=(X, Y))

    figure, axes = plt.subplots(figsize=(6.5, 5.5))
    F = values(result.objective)
    filled = axes.contourf(X, Y, F, levels=24, cmap="viridis", alpha=0.85)
    figure.colorbar(filled, ax=axes, label=f"f = {result.objective_source}")
    for number, constraint in enumerate(result.constraints):
        G = values(constraint.g)
        colour = f"C{(number + 1) % 10}"
        axes.contour(X, Y, G, levels=[0], colors=colour, linewidths=2)
        if constraint.op != "=":
            feasible = G <= 0 if constraint.op == "<=" else G >= 0
            axes.contourf(
                X, Y, feasible.astype(float), levels=[0.5, 1.5], colors=[colour], alpha=0.15
            )
        axes.plot([], [], color=colour, linewidth=2, label=str(constraint).replace("**", "^"))
    optimal = [c.point for c in optimal_candidates(result)] if result.optimum is not None else []
    for candidate in result.candidates:
        point = (float(candidate.numeric[x.name]), float(candidate.numeric[y.name]))
        best = candidate.point in optimal  # every point of a tie is starred
        axes.plot(
            *point,
            marker="*" if best else "o",
            markersize=16 if best else 8,
            color="red" if best else "white",
            markeredgecolor="black",
            linestyle="none",
        )
        axes.annotate(
            candidate.classification, point, textcoords="offset points", xytext=(8, 8), fontsize=9
        )
    axes.set(
        xlabel=x.name,
        ylabel=y.name,
        title=f"{'Maximise' if result.sense == 'max' else 'Minimise'} {result.objective_source}",
    )
    if result.constraints:
        axes.legend(loc="upper right", fontsize=9)
    return saved(plt, figure, fmt)


def window(result) -> tuple:
    """The box drawn: around every candidate with a margin, at least 4 wide; -2..2 when there are
    none."""
    xs = [float(c.numeric[result.variables[0].name]) for c in result.candidates] or [0.0]
    ys = [float(c.numeric[result.variables[1].name]) for c in result.candidates] or [0.0]

    def side(values):
        low, high = min(values), max(values)
        margin = max((high - low) * 0.6, 2.0)
        middle = (low + high) / 2
        return middle - (high - low) / 2 - margin, middle + (high - low) / 2 + margin

    return side(xs), side(ys)


def grid_values(expr, variables, arrays):
    """expr's real values on numpy arrays (NaN where it is not a finite real)."""
    import numpy as np

    from calcli.ops.numeric import compile_numeric, real_part

    values = real_part(
        np.broadcast_to(compile_numeric(expr, list(variables))(list(arrays)), arrays[0].shape)
    )
    return np.where(np.isfinite(values), values, np.nan)


def plane(centre: tuple = (0.0, 0.0), half: float = 2.0):
    """A square grid around a point: (X, Y) arrays of GRID x GRID points."""
    import numpy as np

    return np.meshgrid(
        np.linspace(centre[0] - half, centre[0] + half, GRID),
        np.linspace(centre[1] - half, centre[1] + half, GRID),
    )


def two_variables(variables, what: str) -> None:
    if len(variables) != 2:
        raise InputError(f"--plot draws {what} in two variables; this one has {len(variables)}")


def plot_gradient(result, path: str) -> bytes:
    """Filled level curves of f, its gradient as arrows across the plane (perpendicular to the
    level curves, pointing uphill), and the --at point with its gradient in red."""
    import sympy as sp

    fmt = image_format(path)
    if not isinstance(result.expression, sp.Expr) or isinstance(result.expression, sp.MatrixBase):
        raise InputError("--plot draws the gradient of a scalar expression")
    two_variables(result.variables, "a gradient")
    plt = pyplot()
    x, y = result.variables
    centre = (
        tuple(float(result.at[v]) for v in (x, y))
        if result.at and all(v in result.at for v in (x, y))
        else (0.0, 0.0)
    )
    X, Y = plane(centre)
    figure, axes = plt.subplots(figsize=(6.5, 5.5))
    filled = axes.contourf(
        X, Y, grid_values(result.expression, (x, y), (X, Y)), levels=24, cmap="viridis", alpha=0.85
    )
    figure.colorbar(filled, ax=axes, label=f"f = {result.source}")
    step = slice(None, None, GRID // 16)
    U, V = (grid_values(d, (x, y), (X[step, step], Y[step, step])) for d in result.gradient)
    axes.quiver(X[step, step], Y[step, step], U, V, color="white", alpha=0.9)
    if result.at and result.numeric is not None:
        gx, gy = (float(v) if isinstance(v, (int, float)) else float("nan") for v in result.numeric)
        axes.plot(
            *centre,
            marker="o",
            markersize=9,
            color="red",
            markeredgecolor="black",
            linestyle="none",
        )
        length = math.hypot(gx, gy) if math.isfinite(gx) and math.isfinite(gy) else 0.0
        # its direction, drawn at most 1.5 long so that it stays in view; its value in words
        if length:
            axes.quiver(
                *centre,
                gx,
                gy,
                angles="xy",
                scale_units="xy",
                scale=max(1.0, length / 1.5),
                color="red",
                width=0.008,
            )
        axes.annotate(
            f"∇f = ({gx:.4g}, {gy:.4g})",
            centre,
            textcoords="offset points",
            xytext=(8, -16),
            fontsize=9,
            color="black",
            backgroundcolor="white",
        )
    axes.set(xlabel=x.name, ylabel=y.name, title=f"Gradient of {result.source}")
    return saved(plt, figure, fmt)


def plot_field(result, path: str) -> bytes:
    """A plane field's streamlines over its divergence (or the z-component of its curl) as
    colour."""
    import sympy as sp

    fmt = image_format(path)
    if result.coordinates != "cartesian" or len(result.field) != 2:
        raise InputError("--plot draws a plane field: two components in Cartesian coordinates")
    two_variables(result.variables, "a field")
    plt = pyplot()
    x, y = result.variables
    X, Y = plane()
    scalar = sp.sympify(
        result.result[-1] if isinstance(result.result, (sp.Tuple, tuple)) else result.result
    )
    figure, axes = plt.subplots(figsize=(6.5, 5.5))
    colour = grid_values(scalar, (x, y), (X, Y))
    label = (
        f"{result.key}{'' if result.summed else ' (its z-component)'} = "
        f"{sp.sstr(scalar).replace('**', '^')}"
    )
    if scalar.free_symbols & {x, y}:
        figure.colorbar(
            axes.contourf(X, Y, colour, levels=24, cmap="coolwarm", alpha=0.8), ax=axes, label=label
        )
    else:  # the same everywhere: no colour scale to read, the value in words
        axes.text(
            0.02,
            0.02,
            f"{label} everywhere",
            transform=axes.transAxes,
            fontsize=10,
            backgroundcolor="white",
        )
    U, V = (grid_values(sp.sympify(c), (x, y), (X, Y)) for c in result.field)
    axes.streamplot(X, Y, U, V, color="black", density=1.1, linewidth=0.8, arrowsize=1.0)
    axes.set(xlabel=x.name, ylabel=y.name, title=f"F = ({result.source})")
    return saved(plt, figure, fmt)


def plot_equation(result, path: str) -> bytes:
    """Both sides of one equation in one unknown, and its real roots where the curves cross."""
    import numpy as np

    fmt = image_format(path)
    if len(result.equations) != 1 or len(result.unknowns) != 1 or result.equations[0].op != "=":
        raise InputError("--plot draws one equation in one unknown")
    plt = pyplot()
    (u,) = result.unknowns
    equation = result.equations[0]
    roots = [
        float(v)
        for row in (result.numeric or ())
        for v in row.values()
        if isinstance(v, float) and np.isfinite(v)
    ]
    low, high = (min(roots), max(roots)) if roots else (0.0, 0.0)
    margin = max((high - low) * 0.5, 3.0)
    xs = np.linspace(low - margin, high + margin, 2001)
    figure, axes = plt.subplots(figsize=(7, 4.5))
    axes.plot(
        xs, grid_values(equation.lhs, (u,), (xs,)), label=f"left: {equation.lhs}".replace("**", "^")
    )
    axes.plot(
        xs,
        grid_values(equation.rhs, (u,), (xs,)),
        label=f"right: {equation.rhs}".replace("**", "^"),
    )
    for i, root in enumerate(sorted(roots)):
        height = grid_values(equation.lhs, (u,), (np.array([root]),))[0]
        axes.axvline(root, color="grey", linestyle=":", linewidth=1)
        axes.plot(root, height, marker="o", color="red", markeredgecolor="black", linestyle="none")
        # labels alternate above and below, so that neighbouring roots do not write over each other
        axes.annotate(
            f"{u.name} = {root:.6g}",
            (root, height),
            textcoords="offset points",
            xytext=(6, 10 if i % 2 == 0 else -18),
            fontsize=9,
        )
    axes.set(xlabel=u.name, title=f"Solve {result.sources[0] if result.sources else equation}")
    axes.grid(True, alpha=0.3)
    axes.legend()
    return saved(plt, figure, fmt)

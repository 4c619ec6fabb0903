"""--plot FILE.png|.svg: the error curves of a diff-table, and the Lagrange picture of a minimize-constrained
problem in two variables (matplotlib, the optional extra calcli[plot]).

The picture is drawn into memory in the computing child; the parent writes the
file (calcli.files: no links followed, nothing replaced without --force)."""

from __future__ import annotations

import io
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
    plt.rcdefaults()  # a fixed style: the same file on every machine, whatever the user's matplotlibrc says
    plt.rcParams["svg.hashsalt"] = "calcli"
    return plt


def saved(plt, figure, fmt: str) -> bytes:
    """The figure's bytes, without the software name or date in the metadata: the same input, the same file."""
    buffer = io.BytesIO()
    try:
        figure.savefig(buffer, format=fmt, metadata={"Software": None} if fmt == "png" else {"Creator": None, "Date": None})
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
    axes.set_xlabel("h" if result.mode == "convergence" else result.variable.name)
    axes.set_ylabel("|error|")
    axes.set_title(f"Finite-difference error for {result.source}")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend()
    return saved(plt, figure, fmt)


GRID = 241  # points per side of the contour grid


def plot_lagrange(result, path: str) -> bytes:
    """The classic picture: filled level curves of f, each constraint's curve (an inequality's feasible side
    shaded), and every candidate marked by its kind, the optimum as a star. Two variables only."""
    import numpy as np

    from calcli.ops.numeric import compile_numeric, real_part
    from calcli.ops.optimize import optimal_candidates

    fmt = image_format(path)
    if len(result.variables) != 2:
        raise InputError(f"--plot draws problems in two variables; this one has {len(result.variables)}")
    plt = pyplot()
    x, y = result.variables
    (x0, x1), (y0, y1) = window(result)
    X, Y = np.meshgrid(np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID))

    def values(expr):
        return real_part(np.broadcast_to(compile_numeric(expr, [x, y])([X, Y]), X.shape))

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
            axes.contourf(X, Y, feasible.astype(float), levels=[0.5, 1.5], colors=[colour], alpha=0.15)
        axes.plot([], [], color=colour, linewidth=2, label=str(constraint).replace("**", "^"))
    optimal = [c.point for c in optimal_candidates(result)] if result.optimum is not None else []
    for candidate in result.candidates:
        point = (float(candidate.numeric[x.name]), float(candidate.numeric[y.name]))
        best = candidate.point in optimal  # every point of a tie is starred
        axes.plot(*point, marker="*" if best else "o", markersize=16 if best else 8, color="red" if best else "white", markeredgecolor="black", linestyle="none")
        axes.annotate(candidate.classification, point, textcoords="offset points", xytext=(8, 8), fontsize=9)
    axes.set_xlabel(x.name)
    axes.set_ylabel(y.name)
    axes.set_title(f"{'Maximise' if result.sense == 'max' else 'Minimise'} {result.objective_source}")
    if result.constraints:
        axes.legend(loc="upper right", fontsize=9)
    return saved(plt, figure, fmt)


def window(result) -> tuple:
    """The box drawn: around every candidate with a margin, at least 4 wide; -2..2 when there are none."""
    xs = [float(c.numeric[result.variables[0].name]) for c in result.candidates] or [0.0]
    ys = [float(c.numeric[result.variables[1].name]) for c in result.candidates] or [0.0]

    def side(values):
        low, high = min(values), max(values)
        margin = max((high - low) * 0.6, 2.0)
        middle = (low + high) / 2
        return middle - (high - low) / 2 - margin, middle + (high - low) / 2 + margin

    return side(xs), side(ys)

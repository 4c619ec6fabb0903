"""--plot FILE.png|.svg: the error curves of a diff-table (matplotlib, the optional extra calcli[plot])."""
from __future__ import annotations

from pathlib import Path

from calcli.errors import InputError


def plot_errors(result, path: str) -> None:
    suffix = Path(path).suffix.lower()
    if suffix not in (".png", ".svg"):
        raise InputError(f"--plot writes a .png or .svg file, not '{path}'")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise InputError("--plot needs matplotlib: pip install 'calcli[plot]'") from None
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
    try:
        figure.savefig(path)
    except OSError as exc:
        raise InputError(f"cannot write --plot {path}: {exc.strerror or exc}") from None
    finally:
        plt.close(figure)

"""--plot FILE.png|.svg: the error curves of a diff-table (matplotlib, the optional extra calcli[plot]).

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


def plot_errors(result, path: str) -> bytes:
    """The picture of the error curves, in the format the file name asks for."""
    fmt = image_format(path)
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
    buffer = io.BytesIO()
    try:
        figure.savefig(buffer, format=fmt, metadata={"Software": None} if fmt == "png" else {"Creator": None, "Date": None})
    finally:
        plt.close(figure)
    return buffer.getvalue()

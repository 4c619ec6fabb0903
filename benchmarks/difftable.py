"""diff-table at scale (issue targets): 10,000,001 rows to CSV within 2x a hand-written numpy
script, at a peak of at most 300 MB resident.

    .venv/bin/python benchmarks/difftable.py [ROWS]   # ROWS: 10000001 unless given (two minutes)

Both write the same columns (x, f, exact, forward, backward, central and their errors) at full
precision to a file; the ratio and each one's peak memory (its largest process) are printed, nothing
is asserted.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from timing import CALCLI, PY, report

NUMPY_SCRIPT = r"""
import sys
import numpy as np
x = np.linspace(-10, 10, int(sys.argv[2]))
h = x[1] - x[0]
f = lambda t: np.sin(t) * np.exp(-t * t / 50)
d = lambda t: np.cos(t) * np.exp(-t * t / 50) - t / 25 * np.sin(t) * np.exp(-t * t / 50)
exact = d(x)
fw = (f(x + h) - f(x)) / h
bw = (f(x) - f(x - h)) / h
ce = (f(x + h) - f(x - h)) / (2 * h)
rows = np.column_stack([x, f(x), exact, fw, bw, ce, fw - exact, bw - exact, ce - exact])
np.savetxt(sys.argv[1], rows, delimiter=",", fmt="%.17g", comments="",
           header="x,f,exact,forward,backward,central,forward_error,backward_error,central_error")
"""

MEASURE = r"""
import resource, subprocess, sys, time
start = time.perf_counter()
with open(sys.argv[1], "wb") as out:
    subprocess.run(sys.argv[2:], stdout=out, check=True)
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def measured(out: str, cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, peak resident MB of its largest process) of cmd writing to the file out."""
    line = subprocess.run(
        [PY, "-c", MEASURE, out, *cmd], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(line[0]), float(line[1])


def main(rows: int) -> None:
    step = 20 / (rows - 1)
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "table.csv")
        script = Path(tmp) / "by_hand.py"
        script.write_text(NUMPY_SCRIPT)
        by_hand, by_hand_mb = measured(out, [PY, str(script), out + ".numpy", str(rows)])
        cmd = [
            CALCLI,
            "diff-table",
            "sin(x)*exp(-x^2/50)",
            "--from",
            "-10",
            "--to",
            "10",
            "--step",
            repr(step),
            "--format",
            "csv",
            "--timeout",
            "3600",
        ]
        calcli, calcli_mb = measured(out, cmd)
        with open(out, "rb") as written:
            count = sum(1 for _ in written) - 1
    report(f"diff-table, {count:,} rows to CSV", calcli, by_hand, "numpy script", 2)
    print(
        f"peak resident memory: calcli {calcli_mb:.0f} MB (target <= 300), the numpy script "
        f"{by_hand_mb:.0f} MB"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_001)

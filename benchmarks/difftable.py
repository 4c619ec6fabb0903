"""diff-table speed (issue target): a 200,001-row table to CSV within 2x a hand-written numpy script.

    .venv/bin/python benchmarks/difftable.py

Both write the same columns (x, f, exact, forward, backward, central and their
errors) at full precision to a file; the ratio is printed, nothing is asserted.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from timing import CALCLI, PY, report, timed

NUMPY_SCRIPT = r"""
import sys
import numpy as np
x = np.linspace(-10, 10, 200001)
h = x[1] - x[0]
f = lambda t: np.sin(t) * np.exp(-t * t / 50)
d = lambda t: np.cos(t) * np.exp(-t * t / 50) - t / 25 * np.sin(t) * np.exp(-t * t / 50)
exact = d(x)
fw = (f(x + h) - f(x)) / h
bw = (f(x) - f(x - h)) / h
ce = (f(x + h) - f(x - h)) / (2 * h)
rows = np.column_stack([x, f(x), exact, fw, bw, ce, fw - exact, bw - exact, ce - exact])
np.savetxt(sys.argv[1], rows, delimiter=",", fmt="%.17g",
           header="x,f,exact,forward,backward,central,forward_error,backward_error,central_error", comments="")
"""


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "table.csv")
        script = Path(tmp) / "by_hand.py"
        script.write_text(NUMPY_SCRIPT)
        by_hand = timed([PY, str(script), out])
        calcli = timed(["sh", "-c", f'"{CALCLI}" diff-table "sin(x)*exp(-x^2/50)" --from -10 --to 10 --step 0.0001 --format csv > "{out}"'])
        rows = sum(1 for _ in open(out)) - 1
    report(f"diff-table, {rows} rows to CSV", calcli, by_hand, "numpy script", 2)


if __name__ == "__main__":
    main()

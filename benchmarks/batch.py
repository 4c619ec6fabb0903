"""batch speed (issue target): 300 mixed lines (100 grad, 100 div, 100 linear solve) within 3x one
single `calcli grad` call. Prints the ratio; asserts nothing.

    .venv/bin/python benchmarks/batch.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from timing import CALCLI, report, timed


def problems() -> str:
    lines = []
    for i in range(1, 101):
        lines.append(f'grad "x^{i % 7 + 2}*y + sin({i}*x*y)" --at x=1,y={i % 5}')
        lines.append(f'div "{i}x, x*y^2, z^{i % 4 + 1}" --at x=1,y=2,z=3')
        lines.append(f'solve "{i}x + {i + 1}y = {2 * i}" "x - y = {i % 9}"')
    return "\n".join(lines) + "\n"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "problems.txt"
        path.write_text(problems())
        single = timed([CALCLI, "grad", "(x+y)*z", "--at", "x=4,y=-3,z=5"])
        batch = timed([CALCLI, "batch", str(path), "--json"])
    report("calcli batch, 300 lines", batch, single, "one grad call", 3)


if __name__ == "__main__":
    main()

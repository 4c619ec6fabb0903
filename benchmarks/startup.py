"""Start-up ratios (issue targets): prints ratios, asserts nothing.

  .venv/bin/python benchmarks/startup.py

calcli --help          / python -c "import typer"   target <= 1.5
calcli grad --help     / python -c "import typer"   target <= 1.5
calcli grad (x+y)*z .. / python -c "import sympy"   target <= 1.15
calcli grad "x+"       / the answer above            target <= 1.1 (errors as fast as answers)
"""

from __future__ import annotations

import os

from timing import CALCLI, PY, report, timed

os.environ["CALCLI_SERVER"] = "off"  # cold calls: a running server must not answer them

RUNS = 9


def main() -> None:
    typer_floor = timed([PY, "-c", "import typer"], RUNS)
    sympy_floor = timed([PY, "-c", "import sympy"], RUNS)
    report("calcli --help", timed([CALCLI, "--help"], RUNS), typer_floor, "import typer", 1.5)
    report(
        "calcli grad --help",
        timed([CALCLI, "grad", "--help"], RUNS),
        typer_floor,
        "import typer",
        1.5,
    )
    answer = timed([CALCLI, "grad", "(x+y)*z", "--at", "x=4,y=-3,z=5"], RUNS)
    report('calcli grad "(x+y)*z" --at x=4,y=-3,z=5', answer, sympy_floor, "import sympy", 1.15)
    report(
        'calcli grad "x+" (an error)', timed([CALCLI, "grad", "x+"], RUNS), answer, "an answer", 1.1
    )


if __name__ == "__main__":
    main()

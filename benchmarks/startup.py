"""Start-up ratios (issue targets): prints ratios, asserts nothing.

    .venv/bin/python benchmarks/startup.py

  calcli --help          / python -c "import typer"   target <= 1.5
  calcli grad --help     / python -c "import typer"   target <= 1.5
  calcli grad (x+y)*z .. / python -c "import sympy"   target <= 1.15
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

PY = sys.executable
CALCLI = str(Path(PY).with_name("calcli"))
RUNS = 9


def timed(cmd: list[str]) -> float:
    """Median wall time of RUNS runs, after one warm-up run."""
    subprocess.run(cmd, capture_output=True, check=False)
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    typer_floor = timed([PY, "-c", "import typer"])
    sympy_floor = timed([PY, "-c", "import sympy"])
    rows = [
        ("calcli --help", timed([CALCLI, "--help"]), typer_floor, "import typer", 1.5),
        ("calcli grad --help", timed([CALCLI, "grad", "--help"]), typer_floor, "import typer", 1.5),
        ('calcli grad "(x+y)*z" --at x=4,y=-3,z=5', timed([CALCLI, "grad", "(x+y)*z", "--at", "x=4,y=-3,z=5"]), sympy_floor, "import sympy", 1.15),
    ]
    for name, seconds, floor, floor_name, target in rows:
        ratio = seconds / floor
        verdict = "ok" if ratio <= target else "OVER"
        print(f"{name:45s} {seconds * 1000:7.1f} ms / {floor_name} {floor * 1000:6.1f} ms = {ratio:5.2f}  (target {target}) {verdict}")


if __name__ == "__main__":
    main()

"""The linear fast path of solve (issue target: a linear equation must not take tens of
milliseconds). In one process, after sympy's first-use costs: the median time of calcli's
solve on linear input, against sympy's general solve() on the same input. Prints; asserts nothing.

    .venv/bin/python benchmarks/solve.py
"""

from __future__ import annotations

import statistics
import time

import sympy as sp

from calcli.ops.solve import solve

LINEAR = [
    ("1.2x/0.2 + 1.1y/0.1 = 26", "x"),
    (["x + y = 3", "x - y = 1"], None),
    (["x + 2y + 3z = 1", "y - z = 4", "x + z = 0"], None),
]


def median_ms(fn, runs: int = 30) -> float:
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    for equations, unknowns in LINEAR:
        ours = median_ms(lambda: solve(equations, unknowns=unknowns))
        r = solve(equations, unknowns=unknowns)
        general = median_ms(
            lambda: sp.solve([e.expr for e in r.equations], list(r.unknowns), dict=True)
        )
        print(
            f"{str(equations):55s} calcli {ours:6.2f} ms (engine {r.engine}) / sympy solve() "
            f"{general:6.2f} ms = {ours / general:4.2f}  (target: well under 10 ms) "
            f"{'ok' if ours < 10 else 'OVER'}"
        )


if __name__ == "__main__":
    main()

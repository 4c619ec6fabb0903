"""diff, integrate and limit on their textbook sets (tests/test_calculus.py) against grad on the
same derivatives: the median time per problem, in one warm process (sympy imported once). Prints
ratios.

  .venv/bin/python benchmarks/calculus.py

median per problem: diff / grad       target <= 1.5
                    integrate / grad  target <= 1.5
                    limit / grad      target <= 1.5
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.test_calculus import DERIVATIVES, INTEGRALS, LIMITS  # noqa: E402


def median_seconds(calls) -> float:
    from sympy.core.cache import clear_cache

    times = []
    for call in calls:
        clear_cache()  # as a fresh process would meet it
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    import calcli

    calcli.gradient("x*y")  # sympy imported and warm
    grad = median_seconds([lambda e=e: calcli.gradient(e, wrt="x") for e, _, _ in DERIVATIVES])
    rows = {
        "diff": median_seconds(
            [lambda e=e: calcli.derivative(e, wrt="x") for e, _, _ in DERIVATIVES]
        ),
        "integrate": median_seconds(
            [
                lambda e=e, b=b: calcli.integrate(
                    e, **({"lower": b[0], "upper": b[1]} if b else {})
                )
                for e, b, _ in INTEGRALS
            ]
        ),
        "limit": median_seconds(
            [lambda e=e, p=p: calcli.limit(e, at=f"x={p}") for e, p, _ in LIMITS]
        ),
    }
    for name, seconds in rows.items():
        ratio = seconds / grad
        print(
            f"{name:10s} median {seconds * 1000:7.1f} ms / grad {grad * 1000:6.1f} ms = "
            f"{ratio:5.2f}  (target 1.5) {'ok' if ratio <= 1.5 else 'OVER'}"
        )


if __name__ == "__main__":
    main()

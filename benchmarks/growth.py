"""How cost grows with the size of the problem (issue target: exponent <= 1.2 for grad in the number of terms).

  .venv/bin/python benchmarks/growth.py

For each command, the time at sizes n, 10n and 100n (in-process, after one warm-up call) and the exponent
of the fitted power law t ~ size^k. Prints only; asserts nothing.
"""

from __future__ import annotations

import math
import time

from calcli import gradient, jacobian, laplacian, solve
from calcli.parsing.limits import FromStdin


def chain(n: int) -> str:
    return FromStdin(" + ".join(f"sin(x{i})*x{i + 1}^2" for i in range(n)))


def linear_system(n: int) -> tuple[list[str], str]:
    equations = [" + ".join(f"{(3 * i + 5 * j) % 11 - 5}*x{j}" for j in range(n) if (i + j) % 3 == 0 or i == j) + f" = {i}" for i in range(n)]
    return equations, ",".join(f"x{j}" for j in range(n))


CASES = {  # (run, n): sizes n, 10n, 100n; the exponent is fitted between the two larger (the smallest is start-up)
    "grad (terms)": (lambda n: gradient(chain(n)), 20),
    "laplacian (terms)": (lambda n: laplacian(chain(n)), 20),
    "jacobian, no determinant (components)": (lambda n: jacobian(FromStdin("[" + ", ".join(f"x{i}*x{(i + 1) % n}" for i in range(n)) + ", x0]")), 2),
    "solve, sparse linear (unknowns)": (lambda n: solve(linear_system(n)[0], unknowns=linear_system(n)[1]), 1),
}


def seconds(run, n: int) -> float:
    start = time.perf_counter()
    run(n)
    return time.perf_counter() - start


def main() -> None:
    for name, (run, n) in CASES.items():
        run(n)  # warm-up: first-use imports
        sizes = [n, 10 * n, 100 * n]
        times = [seconds(run, size) for size in sizes]
        k = math.log(times[2] / times[1]) / math.log(sizes[2] / sizes[1])
        shown = ", ".join(f"n={s}: {t:.3f} s" for s, t in zip(sizes, times))
        print(f"{name:34s} {shown}  exponent {k:.2f}" + ("  (target <= 1.2)" if name.startswith("grad") else ""))


if __name__ == "__main__":
    main()

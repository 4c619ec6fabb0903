"""Small random compositions through the commands that simplify their results, in process: per
command the median and maximum time and how many take over 2 s, and the 95th percentile over all
(issue: bounded simplification). Fixed seed: the same 216 cases on every run.

    python benchmarks/corpus.py                      # the figures
    python benchmarks/corpus.py --save before.json   # also each case's value at a point
    python benchmarks/corpus.py --compare before.json  # ... and check them against a saved run

Each case runs in calcli's forked child under --timeout (default 20 s here), so a case that explodes
costs its limit and is counted, not waited for. Values are compared as numbers at a fixed point
(relative 1e-9), never as text: a different printed form of the same function is the same result.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FUNCTIONS = ["sin", "cos", "tan", "exp", "log", "sqrt", "tanh", "atan"]
POINT = {"x": "1/2", "y": "3/2", "z": "1/3", "r": "2", "theta": "1/3", "phi": "1/5"}


def polynomial(rng: random.Random, names: list[str]) -> str:
    terms = []
    for _ in range(rng.randint(1, 3)):
        coefficient = rng.choice([-3, -2, -1, 1, 2, 3])
        factors = [
            f"{v}^{rng.randint(1, 3)}" if rng.random() < 0.4 else v
            for v in rng.sample(names, rng.randint(0, len(names)))
        ]
        terms.append("*".join([str(coefficient), *factors]))
    return " + ".join(terms) + (f" + {rng.randint(-3, 3)}" if rng.random() < 0.5 else "")


def composition(rng: random.Random, names: list[str], depth: int) -> str:
    if depth == 0 or rng.random() < 0.25:
        return f"({polynomial(rng, names)})"
    kind = rng.random()
    if kind < 0.5:
        inner = composition(rng, names, depth - 1)
        name = rng.choice(FUNCTIONS)
        if name in ("log", "sqrt"):  # keep the argument positive at the point and near it
            inner = f"(1 + ({inner})^2)"
        return f"{name}({inner})"
    a, b = composition(rng, names, depth - 1), composition(rng, names, depth - 1)
    return f"({a}) {'*' if kind < 0.75 else '+'} ({b})"


def cases(seed: int = 28, count: int = 216) -> list[tuple[str, str, dict]]:
    """(label, API function, keyword arguments)."""
    rng = random.Random(seed)
    out = []
    for index in range(count):
        n = rng.randint(1, 3)
        names = ["x", "y", "z"][:n]
        depth = rng.randint(1, 4)
        kind = index % 6
        at = ",".join(f"{v}={POINT[v]}" for v in names)
        if kind == 0:
            out.append(
                (
                    "grad",
                    "gradient",
                    {
                        "expression": composition(rng, names, depth),
                        "wrt": ",".join(names),
                        "at": at,
                    },
                )
            )
        elif kind == 1:
            out.append(
                (
                    "grad --hessian",
                    "gradient",
                    {
                        "expression": composition(rng, names, depth),
                        "wrt": ",".join(names),
                        "hessian": True,
                    },
                )
            )
        elif kind == 2:
            out.append(
                (
                    "diff --order 2",
                    "derivative",
                    {"expression": composition(rng, names[:1], depth), "order": 2, "wrt": "x"},
                )
            )
        elif kind == 3:
            coords, variables = rng.choice(
                [
                    ("cartesian", ["x", "y", "z"]),
                    ("cylindrical", ["r", "theta", "z"]),
                    ("spherical", ["r", "theta", "phi"]),
                ]
            )
            out.append(
                (
                    f"laplacian ({coords})",
                    "laplacian",
                    {
                        "expression": composition(rng, variables[:2], depth),
                        "coords": coords,
                        "wrt": ",".join(variables),
                    },
                )
            )
        elif kind == 4:
            variables = ["x", "y", "z"]
            field = ", ".join(
                composition(rng, variables[: rng.randint(1, 3)], max(1, depth - 1))
                for _ in range(3)
            )
            out.append(("div", "divergence", {"field": field}))
        else:
            variables = ["x", "y", "z"]
            field = ", ".join(
                composition(rng, variables[: rng.randint(1, 3)], max(1, depth - 1))
                for _ in range(3)
            )
            out.append(("curl", "curl", {"field": field}))
    return out


def values(result) -> list:
    """The result's numbers at POINT (a function of the variables is evaluated there)."""
    import sympy as sp

    from calcli.parsing import symbol

    found = []
    for name in ("gradient", "hessian", "derivative", "result"):
        value = getattr(result, name, None)
        if value is None:
            continue
        items = (
            list(value) if isinstance(value, (sp.Tuple, sp.MatrixBase, tuple, list)) else [value]
        )
        for item in items:
            point = {symbol(k): sp.Rational(v) for k, v in POINT.items()}
            number = complex(sp.N(sp.sympify(item).xreplace(point), 30))
            found.append([number.real, number.imag])
    return found


def run_case(function: str, kwargs: dict):
    import calcli

    return values(getattr(calcli, function)(**kwargs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save")
    parser.add_argument("--compare")
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--count", type=int, default=216)
    options = parser.parse_args()

    from calcli.errors import CalcliError
    from calcli.limits import run_limited, warm_engine

    warm_engine()
    import calcli.ops.gradient  # noqa: F401 — loaded before the first case's clock starts
    import calcli.ops.vector  # noqa: F401

    times: dict[str, list[float]] = {}
    saved, failures = {}, []
    before = json.loads(Path(options.compare).read_text()) if options.compare else {}
    for index, (label, function, kwargs) in enumerate(cases(count=options.count)):
        started = time.perf_counter()
        try:
            got = run_limited(lambda f=function, k=kwargs: run_case(f, k), timeout=options.timeout)
        except CalcliError as err:
            got = f"{err.kind}: {err.message}"
        seconds = time.perf_counter() - started
        times.setdefault(label.split(" (")[0], []).append(seconds)
        saved[str(index)] = got
        old = before.get(str(index))
        if isinstance(old, list) and isinstance(got, list) and not same_numbers(old, got):
            failures.append((index, label, kwargs))
    every = sorted(t for ts in times.values() for t in ts)
    print(f"{'command':<16}{'cases':>6}{'median':>9}{'max':>9}{'> 2 s':>7}")
    for label, ts in sorted(times.items()):
        median, slow = statistics.median(ts), sum(t > 2 for t in ts)
        print(f"{label:<16}{len(ts):>6}{median:>8.2f}s{max(ts):>8.2f}s{slow:>7}")
    p95 = every[int(0.95 * (len(every) - 1))]
    print(
        f"all: {len(every)} cases, 95th percentile {p95:.2f} s, over 5 s: "
        f"{sum(t > 5 for t in every)}, at the time limit: "
        f"{sum(t >= options.timeout for t in every)}"
    )
    if options.compare:
        compared = sum(
            isinstance(before.get(k), list) and isinstance(v, list) for k, v in saved.items()
        )
        print(
            f"compared with {options.compare}: {compared} cases with values on both sides, "
            f"{len(failures)} different"
        )
        for failure in failures:
            print("  different:", failure)
    if options.save:
        Path(options.save).write_text(json.dumps(saved))


def same_numbers(a: list, b: list) -> bool:
    if len(a) != len(b):
        return False
    return all(
        abs(complex(*p) - complex(*q)) <= 1e-9 * max(1.0, abs(complex(*p))) for p, q in zip(a, b)
    )


if __name__ == "__main__":
    main()

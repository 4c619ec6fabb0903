"""Numeric roots when no closed form exists: labelled numeric, never passed off as exact.

One unknown: sign changes of f on a grid over --in a..b (default -10..10),
each refined by scipy's brentq, plus Newton's method from each --start guess.
A system: Newton's method (scipy's hybr, exact Jacobian) from each --start point
(default: a few standard guesses). Evaluation goes through calcli.ops.numeric,
never through generated code (sympy's nsolve and lambdify exec it).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from calcli.errors import InputError, Unsolved
from calcli.ops.numeric import real_function, vector_function
from calcli.parsing import Options, parse_number, parse_point

GRID_POINTS = 2001
DEFAULT_INTERVAL = (-10.0, 10.0)
SAME_ROOT = 1e-9


@dataclass(frozen=True)
class NumericRoots:
    solutions: tuple  # of {unknown: Float}
    method: str


def parse_interval(text: str, options: Options) -> tuple[float, float]:
    """`a..b` with a < b, each an expression (`-pi..pi`)."""
    if ".." not in text:
        raise InputError(f"--in takes a range a..b, not '{text}'")
    left, right = text.split("..", 1)
    a, b = (parse_number(part, "each end of --in", options) for part in (left, right))
    if not a < b:
        raise InputError(f"--in needs a < b, not {text}")
    return a, b


def exact_interval(text: str, options: Options) -> sp.Interval:
    """`a..b` as the closed interval [a, b], each end exact (0..2pi, 0..6.3 as [0, 63/10])."""
    from calcli.parsing import parse_program

    parse_interval(text, options)  # the same refusals as for the numeric search
    ends = [parse_program(part, options.quiet()).value for part in text.split("..", 1)]
    return sp.Interval(*(sp.Rational(str(e)) if isinstance(e, sp.Float) else e for e in ends))


def numeric_roots(
    exprs: list, unknowns: tuple, domain: str, start, interval: str | None, options: Options
) -> NumericRoots:
    starts = [
        parse_point(s, unknowns, options)
        for s in ([start] if isinstance(start, str) else list(start or []))
    ]
    if len(unknowns) == 1 and len(exprs) == 1:
        found, method = scanned(exprs, unknowns[0], starts, interval, options)
    else:
        guesses = [[s.get(u, 1) for u in unknowns] for s in starts] or [
            [g] * len(unknowns) for g in (1, -1, 0.5, 2, -2)
        ]
        found = [r for g in guesses for r in newton_from(exprs, unknowns, g)]
        method = "numeric: Newton from " + ("--start" if starts else "standard starting points")
    roots = distinct(found, domain)
    if domain in ("integers", "naturals"):
        roots = integer_roots(roots, exprs, unknowns, domain)
    if not roots:
        raise Unsolved(
            "no numeric root was found either", hint="try another --in range or --start guess"
        )
    return NumericRoots(tuple({u: v for u, v in zip(unknowns, r)} for r in roots), method)


def integer_roots(roots: list[tuple], exprs: list, unknowns: tuple, domain: str) -> list[tuple]:
    """A numeric root is an integer solution only when the integer solves exactly; none is an
    Unsolved."""
    kept = [r for r in (integer_root(r, exprs, unknowns) for r in roots) if r is not None]
    if not kept:
        raise Unsolved(
            f"no {domain[:-1]} root was found numerically (the roots found are not {domain})",
            hint="a numeric search cannot prove there is none; try another --in range",
        )
    return kept


def scanned(
    exprs: list, x, starts: list, interval: str | None, options: Options
) -> tuple[list, str]:
    """One equation in one unknown: the sign changes on --in's interval refined, and Newton from
    --start."""
    found = scan_roots(
        exprs[0], x, parse_interval(interval, options) if interval else DEFAULT_INTERVAL
    )
    found += [r for s in starts for r in newton_from(exprs, (x,), [s[x]] if x in s else [0])]
    return found, f"numeric: sign changes on {interval or '-10..10'} refined by brentq" + (
        ", and Newton from --start" if starts else ""
    )


def scan_roots(expr, x, bounds: tuple[float, float]) -> list[tuple]:
    import numpy as np
    from scipy.optimize import brentq

    f = real_function(expr, x)
    grid = np.linspace(bounds[0], bounds[1], GRID_POINTS)
    real = f(grid)
    roots = [(sp.Float(grid[i], 15),) for i in np.flatnonzero(real == 0)]
    for i in np.flatnonzero(np.sign(real[:-1]) * np.sign(real[1:]) < 0):
        g = lambda t: float(f(np.array([t]))[0])  # noqa: E731
        root = brentq(g, grid[i], grid[i + 1], xtol=1e-15, rtol=4 * np.finfo(float).eps)
        # a pole also changes sign
        if abs(g(root)) < 1e-6 * max(1.0, abs(real[i]), abs(real[i + 1])):
            roots.append((sp.Float(root, 15),))
    return roots


def newton_from(exprs, unknowns, guess) -> list[tuple]:
    """A real root near `guess` by scipy's hybrid Newton method with the exact Jacobian, if it
    converges."""
    import numpy as np
    from scipy.optimize import root

    residual = vector_function(exprs, unknowns)
    entries = vector_function([sp.diff(e, u) for e in exprs for u in unknowns], unknowns)
    square = len(exprs) == len(unknowns)
    shape = (len(exprs), len(unknowns))
    jacobian = (lambda p: entries(p).reshape(shape)) if square else None  # noqa: E731
    with np.errstate(all="ignore"):
        try:
            found = root(
                residual,
                np.asarray(guess, dtype=float),
                jac=jacobian,
                method="hybr" if square else "lm",
                tol=1e-14,
            )
        except (ValueError, ZeroDivisionError, TypeError, np.linalg.LinAlgError):
            return []
        values = residual(found.x)
    scale = 1 + float(np.max(np.abs(found.x)))
    if not np.all(np.isfinite(values)) or float(np.max(np.abs(values))) > 1e-9 * scale:
        return []
    return [tuple(sp.Float(float(v), 15) for v in found.x)]


def integer_root(root: tuple, exprs, unknowns) -> tuple | None:
    """The root rounded to integers, when those integers solve every equation exactly."""
    rounded = tuple(sp.Integer(round(float(sp.re(v)))) for v in root)
    if any(abs(complex(v) - complex(n)) > 1e-6 for v, n in zip(root, rounded)):
        return None
    point = dict(zip(unknowns, rounded))
    return rounded if all(sp.simplify(e.xreplace(point)) == 0 for e in exprs) else None


def distinct(roots: list[tuple], domain: str) -> list[tuple]:
    out: list[tuple] = []
    for root in sorted(roots, key=lambda r: [float(sp.re(v)) for v in r]):
        if domain != "complexes" and any(not v.is_real for v in root):
            continue
        if domain == "positive" and any(v <= 0 for v in root):
            continue
        if not any(
            all(
                abs(complex(a) - complex(b)) <= SAME_ROOT * max(1, abs(complex(a)))
                for a, b in zip(root, seen)
            )
            for seen in out
        ):
            out.append(root)
    return out

"""The numeric route of minimize-constrained (scipy's SLSQP), and the unboundedness probe."""

from __future__ import annotations

import itertools
import math

import sympy as sp

from calcli.errors import Unsolved
from calcli.ops.numeric import scalar_function
from calcli.parsing import Options, parse_point
from calcli.results import CONVENTION, Candidate, OptimizeResult

DIVERGED = 1e8  # a point this far out means the search ran away: unbounded
PROBE_STARTS = (10.0, -10.0, 100.0, -100.0)


def compiled(f, constraints, variables, sense):
    """Numpy callables: the objective to minimise (negated to maximise), and scipy constraint
    dicts."""
    sign = 1.0 if sense == "min" else -1.0
    fx = scalar_function(f, variables)
    objective = lambda x: sign * fx(x)  # noqa: E731
    cons = []
    for c in constraints:
        g = scalar_function(c.g, variables)
        if c.op == "=":
            cons.append({"type": "eq", "fun": g})
        else:
            direction = 1.0 if c.op == ">=" else -1.0
            cons.append({"type": "ineq", "fun": lambda x, g=g, d=direction: d * g(x)})
    return objective, cons


def search(f, constraints, variables, sense, x0):
    """One SLSQP run: (point as floats, objective as the user sees it) or None if it failed
    outright."""
    import numpy as np
    from scipy.optimize import minimize

    objective, cons = compiled(f, constraints, variables, sense)
    with np.errstate(all="ignore"):
        try:
            res = minimize(
                objective,
                np.asarray(x0, dtype=float),
                method="SLSQP",
                constraints=cons,
                options={"maxiter": 500, "ftol": 1e-12},
            )
        except (ValueError, OverflowError, ZeroDivisionError):
            return None
    point = {v: float(x) for v, x in zip(variables, res.x)}
    value = objective(res.x) * (1 if sense == "min" else -1)
    return point, value


def is_feasible(constraints, point: dict) -> bool:
    """No constraint is violated, and every equality could be evaluated (and holds)."""
    floats = {v: sp.Float(x) for v, x in point.items()}
    return all(
        c.satisfied(floats) is True if c.op == "=" else c.satisfied(floats) is not False
        for c in constraints
    )


def refuse_unfinished(
    f, constraints, variables, sense: str, guess, point: dict, value: float
) -> None:
    """An Unsolved when the best search ran away to infinity, or stopped while the objective
    still improves further along its way (it may only approach a bound it never reaches)."""
    word = "minimum" if sense == "min" else "maximum"
    if max(abs(x) for x in point.values()) > DIVERGED or abs(value) > DIVERGED**2:
        raise Unsolved(
            f"the numeric search ran away to infinity: it found no {word} at a finite "
            f"point (the objective may be unbounded {'below' if sense == 'min' else 'above'}, or "
            f"only approach its bound; not proved)"
        )
    if (
        beyond := still_improving(f, constraints, variables, sense, guess, point, value)
    ) is not None:
        where = ", ".join(f"{v.name} = {x:.4g}" for v, x in beyond[0].items())
        raise Unsolved(
            f"no {word} was found: the numeric search stopped at objective {value:.4g}, but "
            f"further along its way, at {where}, "
            f"the objective is {beyond[1]:.4g}, {'lower' if sense == 'min' else 'higher'} still "
            f"(it may only approach a bound "
            f"it never reaches)"
        )


def numeric_optimum(
    f, constraints, variables, sense, start, options: Options, labelled: bool
) -> OptimizeResult:
    """The best feasible SLSQP result over the starting points, with estimated multipliers."""
    starts = [
        parse_point(s, variables, options)
        for s in ([start] if isinstance(start, str) else list(start or []))
    ]
    guesses = [[float(s.get(v, 0)) for v in variables] for s in starts] or default_starts(
        constraints, variables
    )
    runs = [
        (g, r)
        for g in guesses
        if (r := search(f, constraints, variables, sense, g))
        and is_feasible(constraints, r[0])
        and math.isfinite(r[1])
    ]
    if not runs:
        raise Unsolved(
            "the numeric search found no feasible point",
            hint="give a starting point with --start x=...,y=...",
        )
    guess, (point, value) = (min if sense == "min" else max)(runs, key=lambda run: run[1][1])
    refuse_unfinished(f, constraints, variables, sense, guess, point, value)
    candidate = numeric_candidate(f, constraints, variables, point, value)
    note = (
        f"numeric: scipy SLSQP, best of {len(guesses)} start{'s' * (len(guesses) != 1)}, not "
        f"proved optimal"
        + (" (the exact route failed)" if labelled else "")
        + "; multipliers estimated by least squares"
    )
    return OptimizeResult(
        objective=f,
        constraints=tuple(constraints),
        variables=variables,
        sense=sense,
        method="numeric",
        convention=CONVENTION,
        candidates=(candidate,),
        optimum=candidate,
        numeric_only=True,
        note=note,
    )


MAX_STARTS = 64
STARTS_PER_BOUNDED_VARIABLE = 5


def default_starts(constraints, variables) -> list[list[float]]:
    """Fixed starting points: a grid over the box where the constraints bound each variable (x >=
    a, x <= b), so a non-convex objective is searched across it; else 0, 1 and -1. Deterministic,
    at most MAX_STARTS."""
    axes = []
    for v in variables:
        low = [
            float(c.rhs)
            for c in constraints
            if c.lhs == v and c.rhs.is_number and c.op in (">=", "=")
        ]
        high = [
            float(c.rhs)
            for c in constraints
            if c.lhs == v and c.rhs.is_number and c.op in ("<=", "=")
        ]
        if low and high and max(low) <= min(high):
            a, b = max(low), min(high)
            n = STARTS_PER_BOUNDED_VARIABLE
            axes.append([a + (b - a) * (k + 0.5) / n for k in range(n)])
        else:
            axes.append([0.0, 1.0, -1.0])
    grid = [list(p) for p in itertools.product(*axes)]
    step = max(1, math.ceil(len(grid) / MAX_STARTS))
    return grid[::step]


def still_improving(f, constraints, variables, sense, guess, point: dict, value: float):
    """A feasible point further along the way the search went (start -> stop) that is better
    still, at 1, 2 and 4 times the way again, each better than the last: the search stopped
    because the slope got too flat to see (exp(x) + y as x -> -oo), not at an optimum. (farthest
    point, its value), or None."""
    step = [x - g for x, g in zip(point.values(), guess)]
    if max(abs(d) for d in step) < 1.0:
        return None
    fx = scalar_function(f, variables)
    better = (lambda a, b: a < b) if sense == "min" else (lambda a, b: a > b)
    last, beyond = value, None
    for k in (1, 2, 4):
        further = {v: x + k * d for (v, x), d in zip(point.items(), step)}
        now = float(fx([further[v] for v in variables]))
        if not (math.isfinite(now) and is_feasible(constraints, further) and better(now, last)):
            return None
        last, beyond = now, (further, now)
    return beyond


def numeric_candidate(f, constraints, variables, point: dict, value: float) -> Candidate:
    """Multipliers by least squares on ∇f = Σ λ_i ∇g_i over the active constraints."""
    import numpy as np

    floats = {v: sp.Float(x, 15) for v, x in point.items()}
    active = [
        c
        for c in constraints
        if c.op == "="
        or abs(float(c.g.xreplace(floats))) < 1e-7 * (1 + abs(float(c.lhs.xreplace(floats))))
    ]
    grad = np.array(
        [
            float(sp.diff(f, v).xreplace(floats))
            if sp.diff(f, v).xreplace(floats).is_finite
            else 0.0
            for v in variables
        ]
    )
    lams = {c.name: sp.Float(0) for c in constraints}
    if active:
        jac = np.array(
            [[float(sp.diff(c.g, v).xreplace(floats)) for c in active] for v in variables]
        )
        solution = np.linalg.lstsq(jac, grad, rcond=None)[0]
        lams.update({c.name: sp.Float(x, 15) for c, x in zip(active, solution)})
    numbers = {v.name: x for v, x in point.items()}
    numbers.update({k: float(v) for k, v in lams.items()})
    numbers["objective"] = value
    return Candidate(
        point=floats,
        multipliers=lams,
        objective=sp.Float(value, 15),
        numeric=numbers,
        classification="unknown",
        active=tuple(c.name for c in active if c.op != "="),
    )


def unbounded_direction(f, constraints, variables, sense, optimum: Candidate) -> tuple | None:
    """A feasible point far away with a better value than the optimum found (a witness that no
    candidate is a global optimum: the objective looks unbounded), from searches that start far
    out; None when none is found."""
    best = optimum.numeric.get("objective")
    if not isinstance(best, float):
        return None
    better = (
        (lambda v: v < best - 1e-6 * (1 + abs(best)))
        if sense == "min"
        else (lambda v: v > best + 1e-6 * (1 + abs(best)))
    )
    for scale in PROBE_STARTS:
        for pattern in (
            [scale] * len(variables),
            [scale * (-1) ** i for i in range(len(variables))],
        ):
            found = search(f, constraints, variables, sense, pattern)
            if not found or not is_feasible(constraints, found[0]):
                continue
            point, value = found
            # nan where the point is finite: the search left f's domain (sqrt(x) at x < 0), which is
            # no witness
            if any(math.isnan(x) for x in point.values()):
                continue  # it started outside f's domain
            runaway = value == (-math.inf if sense == "min" else math.inf) or any(
                math.isinf(x) for x in point.values()
            )
            if runaway or (
                math.isfinite(value)
                and better(value)
                and (max(abs(x) for x in point.values()) > 1e4 or abs(value) > 1e8)
            ):
                return point, value
    return None


def least_violation(constraints, variables) -> float:
    """The smallest total squared violation found from a few starts (0 when feasible)."""
    import numpy as np
    from scipy.optimize import minimize

    parts = [(scalar_function(c.g, variables), c.op) for c in constraints]

    def violation(x):
        total = 0.0
        for g, op in parts:
            v = g(x)
            total += v * v if op == "=" else (min(v, 0.0) ** 2 if op == ">=" else max(v, 0.0) ** 2)
        return total

    best = math.inf
    for scale in (0.0, 1.0, -1.0, 10.0, -10.0):
        with np.errstate(all="ignore"):
            res = minimize(violation, np.full(len(variables), scale), method="BFGS")
        best = min(best, float(res.fun))
    return best

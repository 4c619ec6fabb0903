"""The smooth problem: the stationary points of the Lagrangian over each set of active
inequalities (KKT), each classified on the tangent space of the active constraints; a monotone
wrapper optimised through its smooth inside; abs, Max and Min split into smooth pieces, each with
its sign conditions."""

from __future__ import annotations

import functools
import itertools

import sympy as sp

from calcli.ops.constraints import MAX_ACTIVE_SETS, MAX_PIECES, Constraint
from calcli.ops.polysystem import all_real_solutions
from calcli.ops.realness import real_value

# --- the smooth problem -------------------------------------------------------


def smooth_inside(f: sp.Expr) -> sp.Expr:
    """q when f = c + k·q^p (k > 0, p > 0, q >= 0 where it is defined, e.g. 3 + sqrt of a sum of
    squares): f is increasing in q, so f and q have the same minimisers and maximisers, and q has
    no square root to differentiate (√((x − 1)² + y²) + 3 is least where (x − 1)² + y² is, at (1,
    0), with no gradient there)."""
    split = monotone_power(f)
    return split[1].base if split is not None else f


def monotone_power(f: sp.Expr) -> tuple | None:
    """(k, q^p) when f = c + k·q^p as smooth_inside says; else None."""
    if not f.free_symbols:
        return None
    _, rest = f.as_independent(*f.free_symbols, as_Add=True)
    k, power = rest.as_independent(*rest.free_symbols, as_Add=False)
    if (
        k.is_positive
        and isinstance(power, sp.Pow)
        and power.exp.is_positive
        and power.exp.is_Rational
        and power.base.is_nonnegative
    ):
        return k, power
    return None


@functools.lru_cache(maxsize=None)
def multiplier(name: str) -> sp.Dummy:
    """The unknown λ of a constraint while solving: a Dummy, so a variable the user named lambda1
    never collides."""
    return sp.Dummy(name, real=True)


def stationary_points(q: sp.Expr, active: list[Constraint], variables: tuple) -> list[dict]:
    """Solutions of ∇q = Σ λ_i ∇g_i, g_i = 0 (i active): {symbol: value} over variables and
    multipliers."""
    lams = [multiplier(c.name) for c in active]
    equations = [
        sp.diff(q, v) - sum(lam * sp.diff(c.g, v) for lam, c in zip(lams, active))
        for v in variables
    ]
    equations += [c.g for c in active]
    unknowns = list(variables) + lams
    if len(unknowns) == 1 and (roots := polynomial_roots(equations[0], unknowns[0])) is not None:
        return [{unknowns[0]: r} for r in roots]
    if not active and (every := all_real_solutions(tuple(equations), tuple(variables))) is not None:
        return [dict(point) for point in every]  # sympy's solve() can drop real solutions of these
    try:
        solutions = sp.solve(equations, unknowns, dict=True)
    # AttributeError, TypeError: sympy's own bugs
    except (NotImplementedError, AttributeError, TypeError, ValueError):
        raise ExactFailed("sympy cannot solve the Lagrange system") from None
    out = []
    for sol in solutions:
        values = {u: real_value(sol.get(u, u)) for u in unknowns}
        if any(v is None for v in values.values()):
            continue  # a complex stationary point is not a candidate
        out.append(values)
    return out


def polynomial_roots(expr, x) -> list | None:
    """The real roots of a polynomial in one unknown, exact (CRootOf where radicals would need
    i), each once; None when expr is not a polynomial. Much faster than solving and then deciding
    which roots are real."""
    try:
        poly = sp.Poly(expr, x)
    except sp.PolynomialError:
        return None
    if poly.is_zero or not poly.domain.is_Numerical:
        return None
    return list(dict.fromkeys(sp.real_roots(poly)))


class ExactFailed(Exception):
    pass


def classify(
    q: sp.Expr,
    active: list[Constraint],
    point: dict,
    multipliers: dict,
    variables: tuple,
    sense: str,
) -> str:
    """minimum / maximum / saddle / unknown from the Hessian of L on the active constraints'
    tangent space."""
    import numpy as np

    lagrangian = q - sum(multipliers.get(c.name, 0) * c.g for c in active)
    hessian = sp.hessian(lagrangian, variables).xreplace(point)
    jac = (
        sp.Matrix([[sp.diff(c.g, v) for v in variables] for c in active]).xreplace(point)
        if active
        else sp.zeros(0, len(variables))
    )
    try:
        h = np.array(hessian.evalf(), dtype=float)
        j = np.array(jac.evalf(), dtype=float).reshape(len(active), len(variables))
    except (TypeError, ValueError):
        return "unknown"
    basis = _null_space(j, len(variables))
    if basis.shape[1] == 0:
        return "minimum" if sense == "min" else "maximum"  # a vertex: the constraints fix the point
    eig = np.linalg.eigvalsh(basis.T @ h @ basis)
    scale = max(1.0, float(np.abs(eig).max()))
    if (eig > 1e-9 * scale).all():
        return "minimum"
    if (eig < -1e-9 * scale).all():
        return "maximum"
    if (eig > 1e-9 * scale).any() and (eig < -1e-9 * scale).any():
        return "saddle"
    return "unknown"


def _null_space(j, n):
    import numpy as np

    if j.shape[0] == 0:
        return np.eye(n)
    _, s, vt = np.linalg.svd(j)
    rank = int((s > 1e-10 * max(1.0, s.max() if s.size else 1.0)).sum())
    return vt[rank:].T


# --- candidates over active sets and pieces ---------------------------------------


def active_sets(constraints: list[Constraint]):
    inequalities = [c for c in constraints if c.op != "="]
    equalities = [c for c in constraints if c.op == "="]
    if 2 ** len(inequalities) > MAX_ACTIVE_SETS:
        raise ExactFailed(f"{len(inequalities)} inequalities are too many active sets to enumerate")
    for k in range(len(inequalities) + 1):
        for chosen in itertools.combinations(inequalities, k):
            yield equalities + list(chosen)


def kkt_candidates(q, constraints, variables, sense, piece_conditions=()) -> list[tuple]:
    """(point, multipliers, active names) of every KKT point of one smooth piece."""
    everything = constraints + list(piece_conditions)
    found = []
    for active in active_sets(everything):
        for sol in stationary_points(q, active, variables):
            point = {v: sol[v] for v in variables}
            if any(c.satisfied(point) is False for c in everything):
                continue
            lams = {c.name: sol[multiplier(c.name)] for c in active}
            if any(c.op != "=" and c.right_sign(lams[c.name], sense) is False for c in active):
                continue
            found.append((point, lams, active))
    return found


def pieces(f: sp.Expr):
    """(smooth piece of f, its conditions as >= 0 constraints) for every sign pattern of
    abs/Max/Min."""
    kinks = sorted(f.atoms(sp.Abs, sp.Max, sp.Min), key=sp.default_sort_key)
    if not kinks:
        yield f, []
        return
    choices = []
    for kink in kinks:
        if isinstance(kink, sp.Abs):
            u = kink.args[0]
            choices.append([(kink, u, [u]), (kink, -u, [-u])])
        else:
            options = []
            for a in kink.args:
                others = [b for b in kink.args if b != a]
                conds = [(a - b) if isinstance(kink, sp.Max) else (b - a) for b in others]
                options.append((kink, a, conds))
            choices.append(options)
    total = 1
    for c in choices:
        total *= len(c)
    if total > MAX_PIECES:
        raise ExactFailed(f"the objective has {total} smooth pieces, too many to enumerate")
    for combo in itertools.product(*choices):
        piece = f.xreplace({kink: value for kink, value, _ in combo})
        conditions = [
            Constraint(cond, ">=", sp.Integer(0), f"piece{i}")
            for i, (_, _, conds) in enumerate(combo)
            for cond in conds
        ]
        yield piece, conditions

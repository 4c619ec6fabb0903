"""The exact route's optimum: every candidate of every smooth piece (and the singular points),
classified, with families along a line; the best feasible one of the kind asked for is the
optimum."""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

import sympy as sp

from calcli.errors import Unsolved
from calcli.numbers import numeric
from calcli.ops.constraints import Constraint
from calcli.ops.lagrange import (
    ExactFailed,
    classify,
    kkt_candidates,
    monotone_power,
    pieces,
    smooth_inside,
)
from calcli.ops.sign_proof import proved_label
from calcli.ops.simplify import tidy
from calcli.ops.singular import singular_candidate, singular_points
from calcli.ops.unbounded import line_note, unbounded_note
from calcli.results import CONVENTION, Candidate, OptimizeResult


def exact_optimum(f, constraints, variables, sense) -> OptimizeResult:
    """Every candidate from every smooth piece, classified; the best feasible one is the optimum."""
    split = bool(f.atoms(sp.Abs, sp.Max, sp.Min))
    candidates = smooth_candidates(f, constraints, variables, sense, split)
    rough = [
        singular_candidate(f, p, constraints, variables)
        for p in singular_points(f, constraints, variables)
    ]
    candidates = dedupe(candidates + rough)
    if not candidates:
        if constraints and not feasible(constraints, variables):
            raise Unsolved("the constraints cannot all hold: the problem is infeasible")
        # no smooth stationary point: an optimum may still sit where f is not differentiable
        # (sqrt(x^2+y^2) at 0)
        raise ExactFailed("there is no stationary point where the objective is differentiable")
    optimum = best(candidates, sense)
    route = "pieces" if split else ("kkt" if any(c.op != "=" for c in constraints) else "lagrange")
    result = OptimizeResult(
        objective=f,
        constraints=tuple(constraints),
        variables=variables,
        sense=sense,
        method=route,
        convention=CONVENTION,
        candidates=tuple(candidates),
        optimum=optimum,
        note=optimum_note(optimum, any(c in rough for c in candidates), sense),
    )
    return unbounded_or(result, f, constraints, variables, sense)


def smooth_candidates(f, constraints, variables, sense, split: bool) -> list[Candidate]:
    """The KKT points of each smooth piece; for a split objective, each classified across the
    pieces (and along the feasible line, where that decides it)."""
    found = []  # (candidate, index of the piece it is a KKT point of)
    all_pieces = list(pieces(f))
    for index, (piece, conditions) in enumerate(all_pieces):
        q = smooth_inside(piece)
        for point, lams, active in kkt_candidates(q, constraints, variables, sense, conditions):
            found.append(
                (
                    make_candidate(f, piece, q, point, lams, active, constraints, variables, sense),
                    index,
                )
            )
    candidates = dedupe([c for c, _ in found])
    if split:
        candidates = [across_pieces(c, found, all_pieces) for c in candidates]
        candidates = along_a_line(f, constraints, variables, candidates)
    return candidates


def optimum_note(optimum: Candidate | None, rough: bool, sense: str) -> str:
    """What the table says under the optimum: none of the kind asked for, a candidate with no
    multiplier, a family of optimal points."""
    word = "minimum" if sense == "min" else "maximum"
    said = (
        []
        if optimum is not None
        else [
            f"no global {word}: none of the candidates is a {word} "
            f"(when a {word} exists it is among them), so there is none"
        ]
    )
    if rough:
        said.append(
            "a point where the objective has no derivative, or a constraint's gradient "
            "is 0, is a candidate with no multiplier"
        )
    free = sorted(
        {
            s.name
            for value in (optimum.point.values() if optimum else ())
            for s in value.free_symbols
        }
    )
    if free:
        said.append(
            f"the {word} is reached at every feasible point of the optimum's form "
            f"({', '.join(free)} free)"
        )
    return "; ".join(said)


def unbounded_or(result: OptimizeResult, f, constraints, variables, sense) -> OptimizeResult:
    """The result, or with no optimum when f is proved (or seen) unbounded beyond its best
    candidate."""
    from calcli.ops.numeric_opt import unbounded_direction

    optimum = result.optimum
    if (
        optimum is not None
        and not constraints
        and (proof := line_note(f, variables, sense)) is not None
    ):
        return replace(result, optimum=None, note=proof)
    witness = (
        unbounded_direction(f, constraints, variables, sense, optimum)
        if optimum is not None
        else None
    )
    if witness is not None:  # the candidates stay listed, classified; none of them is the optimum
        return replace(result, optimum=None, note=unbounded_note(witness, sense))
    return result


def make_candidate(f, piece, q, point, lams, active, constraints, variables, sense) -> Candidate:
    point = {v: tidy(value) for v, value in point.items()}
    scale = transform_scale(piece, q, point)
    multipliers = {c.name: tidy(scale * lams.get(c.name, sp.Integer(0))) for c in constraints}
    kind = (
        classify(q, active, point, lams, variables, sense)
        if not degenerate(point, lams, active, constraints)
        else "unknown"
    )
    if kind == OPPOSITE[sense] and any(c.op != "=" and lams.get(c.name, 0) != 0 for c in active):
        # curved the other way along the boundary, but pressed against it as for `sense`: neither
        kind = "saddle"
    value = tidy(f.xreplace(point))
    if kind == "unknown":
        kind = proved_label(f, value, constraints, variables) or kind
    numbers = {v.name: numeric(x) for v, x in point.items()}
    numbers.update({name: numeric(x) for name, x in multipliers.items()})
    numbers["objective"] = numeric(value)
    return Candidate(
        point=point,
        multipliers=multipliers,
        objective=value,
        numeric=numbers,
        classification=kind,
        active=tuple(c.name for c in constraints if c.op != "=" and c.binds(point)),
        holds_for=parameter_range(point, constraints),
    )


def parameter_range(point: dict, constraints) -> sp.Set | None:
    """The values of a family's one free parameter at which the inequality constraints hold (0 ≤
    z ≤ 12 for (0, 12 − z, z) with x, y, z ≥ 0); None for a single point."""
    free = {s for v in point.values() for s in v.free_symbols}
    if len(free) != 1 or not any(c.op != "=" for c in constraints):
        return None
    (t,) = free
    allowed = sp.S.Reals
    for c in constraints:
        if c.op != "=":
            relation = (sp.Ge if c.op == ">=" else sp.Le)(c.g.xreplace(point), 0)
            try:
                allowed = allowed.intersect(sp.solveset(relation, t, sp.S.Reals))
            except (NotImplementedError, ValueError, TypeError):
                return None
    return allowed


def degenerate(point, lams, active, constraints) -> bool:
    """A point where an inequality holds with equality but carries no multiplier (a corner such
    as (0, 0, 6) of x, y, z >= 0), or whose multipliers are not numbers: the Hessian on the
    active constraints' tangent space does not see the feasible directions there, so its label
    would be a guess (a minimum called a saddle)."""
    if any(not value.is_number for value in list(point.values()) + list(lams.values())):
        return True
    names = {c.name for c in active}
    for c in constraints:
        if c.op == "=":
            continue
        touching = c.g.xreplace(point) == 0
        if touching and (c.name not in names or lams.get(c.name, 0) == 0):
            return True
    return False


def transform_scale(piece, q, point):
    """d(piece)/dq at the point, when q^p was optimised in place of piece = q^p: the multipliers
    of the user's objective are those of q times it. (At q = 0, where q^p with p < 1 has no
    derivative, every multiplier of q is 0 and 0 is a valid subgradient certificate.)"""
    if piece == q:
        return sp.Integer(1)
    k, power = monotone_power(piece)
    p, inner = power.exp, q.xreplace(point)
    if inner == 0:
        return k if p == 1 else sp.Integer(0)
    return k * p * inner ** (p - 1)


def across_pieces(candidate: Candidate, found: list, all_pieces: list) -> Candidate:
    """A point on the border of several pieces is a local optimum of f only if it is a KKT point
    of every piece whose region holds it; otherwise f gets better on one side: neither min nor
    max."""
    here = {i for c, i in found if same_point(c, candidate)}
    holding = {
        i
        for i, (_, conditions) in enumerate(all_pieces)
        if all(k.satisfied(candidate.point) is not False for k in conditions)
    }
    return candidate if holding <= here else replace(candidate, classification="saddle")


def along_a_line(f, constraints, variables: tuple, candidates: list) -> list:
    """Where the feasible set is a line (linear equations leaving one direction d) and f is
    piecewise linear (|x − a| + |y − b|), f is linear between consecutive candidates, so f(p ±
    εd) with ε below half the distance to the next candidate decides each one exactly: a minimum,
    a maximum, or neither (f goes down through it on the line: the docs' (2413/600, 17/100) is no
    extremum)."""
    if any(c.op != "=" for c in constraints) or not is_piecewise_linear(f, variables):
        return candidates
    jacobian = (
        sp.Matrix([[sp.diff(c.g, v) for v in variables] for c in constraints])
        if constraints
        else sp.zeros(0, len(variables))
    )
    if (
        jacobian.free_symbols
        or len(directions := (jacobian.nullspace() if constraints else [])) != 1
    ):
        return candidates
    d = directions[0]
    where = [
        sum((c.point[v] * d[i] for i, v in enumerate(variables)), sp.Integer(0)) / d.dot(d)
        for c in candidates
    ]
    if any(w.free_symbols or not w.is_number for w in where):
        return candidates
    return [decided_on_the_line(f, variables, c, w, where, d) for c, w in zip(candidates, where)]


def decided_on_the_line(f, variables: tuple, c: Candidate, w, where: list, d) -> Candidate:
    """The candidate at w along d, classified by f a step either side (less than half-way to the
    next)."""
    gaps = [abs(w - other) for other in where if other != w]
    step = min(gaps) / 2 if gaps else sp.Integer(1)
    sides = [
        sp.sign(
            f.xreplace({v: c.point[v] + s * step * d[i] for i, v in enumerate(variables)})
            - c.objective
        )
        for s in (1, -1)
    ]
    if not all(x.is_number for x in sides):
        return c
    kinds: dict[tuple[int, ...], str] = {(1, 1): "minimum", (-1, -1): "maximum"}
    return replace(c, classification=kinds.get(tuple(int(x) for x in sides), "neither"))


def is_piecewise_linear(f, variables: tuple) -> bool:
    """A sum of constants, multiples of the variables and multiples of |linear| (no products or
    powers)."""
    for term in sp.Add.make_args(f):
        _, rest = term.as_independent(*variables, as_Add=False)
        inside = rest.args[0] if isinstance(rest, sp.Abs) else rest
        if inside != 1 and not (
            inside.is_polynomial(*variables) and sp.Poly(inside, *variables).total_degree() <= 1
        ):
            return False
    return True


def same_point(a: Candidate, b: Candidate) -> bool:
    return all(sp.simplify(a.point[v] - b.point[v]) == 0 for v in a.point)


def dedupe(candidates: list[Candidate]) -> list[Candidate]:
    out: list[Candidate] = []
    for c in candidates:
        if not any(same_point(c, o) for o in out):
            out.append(c)
    return out


OPPOSITE = {"min": "maximum", "max": "minimum"}
WRONG_KIND = {"min": ("maximum", "saddle"), "max": ("minimum", "saddle")}


def best(candidates: Sequence[Candidate], sense: str) -> Candidate | None:
    """The candidate with the best objective among those with a numeric value (ties: the first).
    A minimum is never a candidate classified maximum or saddle (nor a maximum one classified
    minimum)."""
    valued = [
        c
        for c in candidates
        if isinstance(c.numeric.get("objective"), float)
        and c.classification not in WRONG_KIND[sense]
    ]
    if not valued:
        return None
    pick = min if sense == "min" else max
    return pick(valued, key=lambda c: c.numeric["objective"])


def feasible(constraints: list[Constraint], variables: tuple) -> bool:
    """Whether some point satisfies every constraint: exactly for equalities alone, else by a
    numeric search for the least violation."""
    if all(c.op == "=" for c in constraints):
        try:
            return bool(sp.solve([c.g for c in constraints], list(variables), dict=True))
        except NotImplementedError:
            return True
    from calcli.ops.numeric_opt import least_violation

    return least_violation(constraints, variables) <= 1e-9

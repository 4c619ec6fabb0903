"""minimize-constrained: Lagrange multipliers and KKT, exact where possible, numeric where not.

Convention: L = f − Σ λ_i·(lhs_i − rhs_i), the same for every constraint
(equalities and inequalities, minimising or maximising), so that at an optimum
∇f = Σ λ_i ∇(lhs_i − rhs_i). With it, for a minimum an active `g <= c` has
λ ≤ 0 and an active `g >= c` has λ ≥ 0 (the opposite when maximising); an
inactive inequality has λ = 0.

Routes, tried in order by --method auto:
- smooth objectives: the stationary points of L over every active set of the
  inequalities (KKT with complementary slackness), each classified by the
  Hessian of L on the tangent space of the active constraints;
- monotone wrappers such as sqrt(sum of squares) are optimised through their
  smooth inside, and the user's objective and multipliers are reported;
- abs, Max and Min are split into smooth pieces, each a region where the
  signs are fixed (its sign conditions are extra inequalities);
- when the exact route fails or runs out of time: scipy's SLSQP, labelled numeric.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

import sympy as sp
from sympy.core.function import AppliedUndef

from calcli.errors import InputError, ShapeError, Unsolved
from calcli.ops.arguments import validated
from calcli.ops.check import ANSWER_TOL
from calcli.ops.constraints import parse_constraints
from calcli.ops.lagrange import ExactFailed, pieces, stationary_points
from calcli.ops.optimum import best, exact_optimum
from calcli.ops.unbounded import numeric_instead
from calcli.parsing import Options, declared, parse_point, parse_program, variables_for
from calcli.results import LagrangeSteps, OptimizeResult

# --- the entry point ------------------------------------------------------------------


@validated
def minimize_constrained(
    objective: str,
    *,
    subject_to: Iterable[str] = (),
    wrt=None,
    maximize: bool = False,
    method: str = "auto",
    start=None,
    at=None,
    tol: float = ANSWER_TOL,
    functions: Iterable[str] = (),
    decimal_comma: bool = False,
    expect: str | None = None,
    steps: bool = False,
) -> OptimizeResult:
    """Optimise `objective` subject to equality and inequality constraints."""
    if method not in ("auto", "lagrange", "kkt", "numeric"):
        raise InputError(f"unknown method '{method}' (auto, lagrange, kkt or numeric)")
    if not 0 < tol < 1:
        raise InputError(f"--tol is a relative tolerance between 0 and 1, not {tol}")
    options = Options(tuple(functions), decimal_comma, declared(wrt))
    program = parse_program(objective, options)
    texts = list(subject_to)
    f, constraints, variables, params = read_problem(program.value, texts, wrt, at, options)
    if method == "lagrange" and any(c.op != "=" for c in constraints):
        raise InputError(
            "--method lagrange takes equality constraints only; use kkt or auto for inequalities"
        )
    result = optimum_by(
        method, f, constraints, variables, "max" if maximize else "min", start, options
    )
    result = replace(
        result,
        objective_source=program.source,
        constraint_sources=tuple(texts),
        at=params,
        variables_assumed=not wrt,
    )
    if steps:
        result = replace(result, steps=lagrange_steps(f, constraints, variables, result, options))
    if expect is not None:
        result = replace(result, check=check_optimum(expect, result, options, tol))
    return replace(result, readings=tuple(options.readings))


def read_problem(f, texts: list[str], wrt, at, options: Options):
    """(f, the constraints, the variables, --at's values) with --at's values put in; refused when
    f is not a scalar, has no variables, or holds a function with no formula."""
    if isinstance(f, (sp.MatrixBase, sp.Tuple)):
        raise ShapeError("the objective must be a scalar expression")
    raw = parse_constraints(texts, options, {})
    free = f.free_symbols.union(*(c.g.free_symbols for c in raw))
    params = parse_point(at, free, options, within=[f, *(c.g for c in raw)])
    f = f.subs(params)
    constraints = parse_constraints(texts, options, params)
    variables = variables_for(sp.Tuple(f, *(c.g for c in constraints)), wrt)
    if not variables:
        raise InputError("the objective has no variables to optimise")
    # a variable named lambda1: the multipliers are λ1, ...
    if {c.name for c in constraints} & {v.name for v in variables}:
        constraints = [replace(c, name=c.name.replace("lambda", "λ")) for c in constraints]
    undefined = sorted(
        {g.func.__name__ for g in sp.Tuple(f, *(c.g for c in constraints)).atoms(AppliedUndef)}
    )
    if undefined:
        raise InputError(
            f"the undefined function {undefined[0]} has no values, so there is nothing to optimise",
            hint="give it a formula instead of naming it in --functions",
        )
    return f, constraints, variables, params


def optimum_by(
    method: str, f, constraints, variables, sense: str, start, options: Options
) -> OptimizeResult:
    """The exact route, then (--method auto) the numeric one where it fails or finds nothing of
    the kind asked."""
    from calcli.ops.numeric_opt import numeric_optimum

    if method == "numeric":
        return numeric_optimum(f, constraints, variables, sense, start, options, labelled=False)
    try:
        result = exact_optimum(f, constraints, variables, sense)
    except ExactFailed as exc:
        if method != "auto":
            raise Unsolved(
                f"the exact {method} route failed: {exc}", hint="try --method numeric"
            ) from None
        return numeric_optimum(f, constraints, variables, sense, start, options, labelled=True)
    # none of the right kind
    if result.optimum is None and method == "auto" and best(result.candidates, sense) is None:
        return numeric_instead(result, f, constraints, variables, sense, start, options)
    return result


def lagrange_steps(f, constraints, variables: tuple, result: OptimizeResult, options: Options):
    """--steps: the Lagrangian (the convention stated), the system its stationary points solve,
    and how the inequalities were handled; None, with a note, for the numeric route and split
    (|x|, max) objectives."""
    if result.numeric_only:
        options.note(
            "no working shown: --steps writes the Lagrange and KKT systems of a problem "
            "solved exactly"
        )
        return None
    if result.method == "pieces":
        from calcli.ops.lagrange_steps import pieces_working

        return pieces_working(
            list(pieces(f)), constraints, variables, result.candidates, stationary_points
        )
    lams = [sp.Symbol(c.name) for c in constraints]
    lagrangian = f - sum((lam * c.g for lam, c in zip(lams, constraints)), sp.Integer(0))
    equations = [(f"∂L/∂{v.name} = 0", sp.diff(lagrangian, v)) for v in variables]
    equations += [(f"constraint {i}", c.g) for i, c in enumerate(constraints, 1) if c.op == "="]
    inequalities = [c for c in constraints if c.op != "="]
    how = "solved exactly: each real solution, with its multipliers, is a candidate in the table"
    if inequalities:
        how = (
            f"for each of the {2 ** len(inequalities)} sets of active inequalities: an active "
            f"one is an equation, an inactive one has λ = 0; a candidate needs the other "
            f"constraints to hold and λ of the right sign"
        )
    from calcli.ops.lagrange_steps import candidate_working

    working = tuple(
        candidate_working(f, constraints, variables, c, result.sense) for c in result.candidates
    )
    return LagrangeSteps(
        lagrangian=lagrangian,
        equations=tuple(equations),
        method=how,
        multipliers=tuple(lams),
        candidates=working,
    )


def check_optimum(expect: str, result: OptimizeResult, options: Options, tol: float):
    """The claimed optimal point `(x, y)`, or a set `{(x1, y1), (x2, y2)}` of them, against every
    point where the optimum is reached: any optimal point is right (x*y on the unit circle has
    two minimisers)."""
    from calcli.ops.check import Check, Counterexample, compare, problem_names
    from calcli.parsing.answers import read_points

    claims = read_points(
        expect, options, result.variables, known=problem_names(result.objective, result.variables)
    )
    if not claims:
        raise ShapeError(f"--expect needs a point ({', '.join(v.name for v in result.variables)})")
    shown = sp.Tuple(*(sp.Tuple(*c) for c in claims)) if len(claims) > 1 else sp.Tuple(*claims[0])
    if result.optimum is None:
        return Check(shown, "unknown", "there is no optimum to compare with")
    optimal = [
        sp.Tuple(*(c.point[v] for v in result.variables)) for c in optimal_candidates(result)
    ]
    noise = 1e-6 if result.numeric_only else 1e-9  # SLSQP's points are accurate to about 1e-8
    how = set()
    for claim in claims:
        checks = [
            compare(sp.Tuple(*claim), point, result.variables, tol=noise, answer_tol=tol)
            for point in optimal
        ]
        if not any(c.verdict == "equal" for c in checks):
            verdict = "unknown" if any(c.verdict == "unknown" for c in checks) else "different"
            return Check(
                shown,
                verdict,
                "not an optimal point",
                Counterexample(
                    {}, sp.Tuple(*claim), optimal[0] if len(optimal) == 1 else sp.Tuple(*optimal)
                ),
            )
        how.add(next(c.method for c in checks if c.verdict == "equal"))
    method = (
        "an optimal point" if len(optimal) == 1 else (f"one of the {len(optimal)} optimal points")
    )
    method = method if len(claims) == 1 else f"each is one of the {len(optimal)} optimal points"
    return Check(shown, "equal", f"{method}; {', '.join(sorted(how))}")


def check_answer(result: OptimizeResult, expect: str, options: Options, tol: float = ANSWER_TOL):
    """An answer checked against an optimisation computed before (calcli grade)."""
    return check_optimum(expect, result, options, tol)


def optimal_candidates(result: OptimizeResult) -> list:
    """The candidates where the optimum's value is reached, as the optimum is classified (ties)."""
    best = result.optimum
    if best is None:
        return []
    same = [
        c
        for c in result.candidates
        if c.classification == best.classification and _same_value(c.objective, best.objective)
    ]
    return same or [best]


def _same_value(a, b) -> bool:
    try:
        return sp.simplify(a - b) == 0 or abs(complex(sp.N(a - b))) < 1e-9 * (
            1 + abs(complex(sp.N(b)))
        )
    except (TypeError, ValueError):
        return False

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

import functools
import itertools
import math
from dataclasses import dataclass, replace
from typing import Iterable, Sequence

import sympy as sp
from sympy.core.function import AppliedUndef

from calcli.errors import InputError, ShapeError, Unsolved
from calcli.numbers import numeric
from calcli.ops.arguments import validated
from calcli.ops.check import ANSWER_TOL
from calcli.ops.polysystem import all_real_solutions
from calcli.ops.realness import real_value
from calcli.ops.sign_proof import proved_label
from calcli.ops.simplify import tidy
from calcli.ops.singular import singular_candidate, singular_points
from calcli.parsing import Options, declared, parse_point, parse_program, parse_relation, variables_for
from calcli.results import CONVENTION, Candidate, LagrangeSteps, OptimizeResult

MAX_ACTIVE_SETS = 256
MAX_PIECES = 64
FEASIBILITY_TOL = 1e-9


@dataclass(frozen=True)
class Constraint:
    lhs: sp.Expr
    op: str  # =, <=, >=
    rhs: sp.Expr
    name: str  # lambda1, lambda2, ...

    @property
    def g(self) -> sp.Expr:
        return self.lhs - self.rhs

    def __str__(self) -> str:
        return f"{self.lhs} {self.op} {self.rhs}"

    def binds(self, point: dict) -> bool:
        """lhs = rhs exactly there: x ≥ 0 at (0, 0, 12); at a family (0, 12 − z, z), for every member."""
        return sp.expand(self.g.xreplace(point)) == 0

    def multiplier_sign(self, sense: str) -> int:
        """The sign an active inequality's multiplier has at an optimum, in calcli's convention L = f − Σ λ·g."""
        return 1 if (self.op == ">=") == (sense == "min") else -1

    def right_sign(self, lam, sense: str) -> bool | None:
        """Whether λ has that sign (to 1e-12); None when λ is not a real number."""
        value = numeric(lam)
        if value is None or isinstance(value, complex):
            return None
        return self.multiplier_sign(sense) * value >= -1e-12

    def satisfied(self, point: dict) -> bool | None:
        value = numeric(self.g.xreplace(point))
        if value is None or isinstance(value, complex):
            return None
        tol = FEASIBILITY_TOL * (1 + abs(value))
        return {"=": abs(value) <= tol, "<=": value <= tol, ">=": value >= -tol}[self.op]


def parse_constraints(texts: Iterable[str], options: Options, params: dict) -> list[Constraint]:
    out = []
    for i, text in enumerate(texts, 1):
        lhs, op, rhs = parse_relation(text, options)
        if op in ("<", ">"):
            raise InputError(f"constraint {i} uses '{op}': use <= or >= (a strict inequality has no closed optimum)")
        if any(isinstance(v, (sp.MatrixBase, sp.Tuple)) for v in (lhs, rhs)):
            raise ShapeError(f"constraint {i} is not scalar")
        if "=" not in text and "<" not in text and ">" not in text and "≤" not in text and "≥" not in text:
            raise InputError(f"constraint {i} needs =, <= or >= (e.g. 'x + y = 1')")
        out.append(Constraint(lhs.subs(params), op, rhs.subs(params), f"lambda{i}"))
    return out


# --- the smooth problem -------------------------------------------------------


def smooth_inside(f: sp.Expr) -> sp.Expr:
    """q when f = c + k·q^p (k > 0, p > 0, q >= 0 where it is defined, e.g. 3 + sqrt of a sum of squares):
    f is increasing in q, so f and q have the same minimisers and maximisers, and q has no square root to
    differentiate (√((x − 1)² + y²) + 3 is least where (x − 1)² + y² is, at (1, 0), with no gradient there)."""
    split = monotone_power(f)
    return split[1].base if split is not None else f


def monotone_power(f: sp.Expr) -> tuple | None:
    """(k, q^p) when f = c + k·q^p as smooth_inside says; else None."""
    if not f.free_symbols:
        return None
    _, rest = f.as_independent(*f.free_symbols, as_Add=True)
    k, power = rest.as_independent(*rest.free_symbols, as_Add=False)
    if k.is_positive and isinstance(power, sp.Pow) and power.exp.is_positive and power.exp.is_Rational and power.base.is_nonnegative:
        return k, power
    return None


@functools.lru_cache(maxsize=None)
def multiplier(name: str) -> sp.Dummy:
    """The unknown λ of a constraint while solving: a Dummy, so a variable the user named lambda1 never collides."""
    return sp.Dummy(name, real=True)


def stationary_points(q: sp.Expr, active: list[Constraint], variables: tuple) -> list[dict]:
    """Solutions of ∇q = Σ λ_i ∇g_i, g_i = 0 (i active): {symbol: value} over variables and multipliers."""
    lams = [multiplier(c.name) for c in active]
    equations = [sp.diff(q, v) - sum(lam * sp.diff(c.g, v) for lam, c in zip(lams, active)) for v in variables]
    equations += [c.g for c in active]
    unknowns = list(variables) + lams
    if len(unknowns) == 1 and (roots := polynomial_roots(equations[0], unknowns[0])) is not None:
        return [{unknowns[0]: r} for r in roots]
    if not active and (every := all_real_solutions(tuple(equations), tuple(variables))) is not None:
        return [dict(point) for point in every]  # sympy's solve() can drop real solutions of these
    try:
        solutions = sp.solve(equations, unknowns, dict=True)
    except (NotImplementedError, AttributeError, TypeError, ValueError):  # AttributeError, TypeError: sympy's own bugs
        raise _ExactFailed("sympy cannot solve the Lagrange system") from None
    out = []
    for sol in solutions:
        values = {u: real_value(sol.get(u, u)) for u in unknowns}
        if any(v is None for v in values.values()):
            continue  # a complex stationary point is not a candidate
        out.append(values)
    return out


def polynomial_roots(expr, x) -> list | None:
    """The real roots of a polynomial in one unknown, exact (CRootOf where radicals would need i), each once;
    None when expr is not a polynomial. Much faster than solving and then deciding which roots are real."""
    try:
        poly = sp.Poly(expr, x)
    except sp.PolynomialError:
        return None
    if poly.is_zero or not poly.domain.is_Numerical:
        return None
    return list(dict.fromkeys(sp.real_roots(poly)))


class _ExactFailed(Exception):
    pass


def classify(q: sp.Expr, active: list[Constraint], point: dict, multipliers: dict, variables: tuple, sense: str) -> str:
    """minimum / maximum / saddle / unknown from the Hessian of L on the active constraints' tangent space."""
    import numpy as np

    lagrangian = q - sum(multipliers.get(c.name, 0) * c.g for c in active)
    hessian = sp.hessian(lagrangian, variables).xreplace(point)
    jac = sp.Matrix([[sp.diff(c.g, v) for v in variables] for c in active]).xreplace(point) if active else sp.zeros(0, len(variables))
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
        raise _ExactFailed(f"{len(inequalities)} inequalities are too many active sets to enumerate")
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
    """(smooth piece of f, its conditions as >= 0 constraints) for every sign pattern of abs/Max/Min."""
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
        raise _ExactFailed(f"the objective has {total} smooth pieces, too many to enumerate")
    for combo in itertools.product(*choices):
        piece = f.xreplace({kink: value for kink, value, _ in combo})
        conditions = [Constraint(cond, ">=", sp.Integer(0), f"piece{i}") for i, (_, _, conds) in enumerate(combo) for cond in conds]
        yield piece, conditions


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
    f = program.value
    if isinstance(f, (sp.MatrixBase, sp.Tuple)):
        raise ShapeError("the objective must be a scalar expression")
    texts = list(subject_to)
    raw = parse_constraints(texts, options, {})
    free = f.free_symbols.union(*(c.g.free_symbols for c in raw))
    params = parse_point(at, free, options, within=[f, *(c.g for c in raw)])
    f = f.subs(params)
    constraints = parse_constraints(texts, options, params)
    variables = variables_for(sp.Tuple(f, *(c.g for c in constraints)), wrt)
    if not variables:
        raise InputError("the objective has no variables to optimise")
    if {c.name for c in constraints} & {v.name for v in variables}:  # a variable named lambda1: the multipliers are λ1, ...
        constraints = [replace(c, name=c.name.replace("lambda", "λ")) for c in constraints]
    undefined = sorted({g.func.__name__ for g in sp.Tuple(f, *(c.g for c in constraints)).atoms(AppliedUndef)})
    if undefined:
        raise InputError(
            f"the undefined function {undefined[0]} has no values, so there is nothing to optimise", hint="give it a formula instead of naming it in --functions"
        )
    sense = "max" if maximize else "min"
    if method == "lagrange" and any(c.op != "=" for c in constraints):
        raise InputError("--method lagrange takes equality constraints only; use kkt or auto for inequalities")
    result = None
    if method != "numeric":
        try:
            result = exact_optimum(f, constraints, variables, sense)
        except _ExactFailed as exc:
            if method != "auto":
                raise Unsolved(f"the exact {method} route failed: {exc}", hint="try --method numeric") from None
            result = None
    if result is None:
        from calcli.ops.numeric_opt import numeric_optimum

        result = numeric_optimum(f, constraints, variables, sense, start, options, labelled=method == "auto")
    elif result.optimum is None and method == "auto" and best(result.candidates, sense) is None:  # none of the right kind
        result = numeric_instead(result, f, constraints, variables, sense, start, options)
    result = replace(result, objective_source=program.source, constraint_sources=tuple(texts), at=params, variables_assumed=not wrt)
    if steps:
        result = replace(result, steps=lagrange_steps(f, constraints, variables, result, options))
    if expect is not None:
        result = replace(result, check=check_optimum(expect, result, options, tol))
    return replace(result, readings=tuple(options.readings))


def lagrange_steps(f, constraints, variables: tuple, result: OptimizeResult, options: Options):
    """--steps: the Lagrangian (the convention stated), the system its stationary points solve, and how the
    inequalities were handled; None, with a note, for the numeric route and split (|x|, max) objectives."""
    if result.numeric_only:
        options.note("no working shown: --steps writes the Lagrange and KKT systems of a problem solved exactly")
        return None
    if result.method == "pieces":
        from calcli.ops.lagrange_steps import pieces_working

        return pieces_working(list(pieces(f)), constraints, variables, result.candidates, stationary_points)
    lams = [sp.Symbol(c.name) for c in constraints]
    lagrangian = f - sum((lam * c.g for lam, c in zip(lams, constraints)), sp.Integer(0))
    equations = [(f"∂L/∂{v.name} = 0", sp.diff(lagrangian, v)) for v in variables]
    equations += [(f"constraint {i}", c.g) for i, c in enumerate(constraints, 1) if c.op == "="]
    inequalities = [c for c in constraints if c.op != "="]
    how = "solved exactly: each real solution, with its multipliers, is a candidate in the table"
    if inequalities:
        how = f"for each of the {2 ** len(inequalities)} sets of active inequalities: an active one is an equation, an inactive one has λ = 0; a candidate needs the other constraints to hold and λ of the right sign"
    from calcli.ops.lagrange_steps import candidate_working

    working = tuple(candidate_working(f, constraints, variables, c, result.sense) for c in result.candidates)
    return LagrangeSteps(lagrangian=lagrangian, equations=tuple(equations), method=how, multipliers=tuple(lams), candidates=working)


def numeric_instead(exact: OptimizeResult, f, constraints, variables, sense, start, options) -> OptimizeResult:
    """No exact candidate is of the kind asked for, but sympy's list may be incomplete (it drops periodic
    solutions): a labelled numeric search decides, and only when it runs away is there said to be none."""
    from calcli.ops.numeric_opt import numeric_optimum, unbounded_direction

    word = "minimum" if sense == "min" else "maximum"
    if not constraints and (proof := line_note(f, variables, sense)) is not None:
        return replace(exact, note=proof)
    try:
        found = numeric_optimum(f, constraints, variables, sense, start, options, labelled=False)
    except Unsolved as exc:
        return replace(exact, note=f"no global {word} was found: none of the candidates is a {word}, and {exc.message}")
    optimum = found.optimum
    assert optimum is not None, "numeric_optimum finds one or raises Unsolved"
    witness = unbounded_direction(f, constraints, variables, sense, optimum)
    if witness is not None:
        return replace(exact, note=unbounded_note(witness, sense))
    at = {v: float(x) for v, x in optimum.point.items()}
    if any(all(abs(float(c.numeric[v.name]) - at[v]) < 1e-6 * (1 + abs(at[v])) for v in variables) for c in exact.candidates):
        return replace(exact, note=f"no global {word} was found: none of the candidates is a {word}, and a numeric search stops only at them")
    return replace(found, note=f"{found.note}; the exact candidates ({len(exact.candidates)}) include no {word}")


def unbounded_note(witness: tuple, sense: str) -> str:
    """What a numeric search saw, said as what it is: a point with a better value than every candidate, or a
    search running away (the callers try line_note's proof first, where there are no constraints)."""
    point, value = witness
    word, better, side = ("minimum", "lower", "below") if sense == "min" else ("maximum", "higher", "above")
    where = ", ".join(f"{v.name} = {x:.3g}" for v, x in point.items())
    if not all(math.isfinite(x) for x in point.values()) or not math.isfinite(value):
        # where it ran to is the search's own path (it varies with scipy's version): only the direction is the answer
        return f"no global {word} was found: a search from far out runs away to infinity with ever {better} values (it looks unbounded {side}, which is not proved)"
    return f"no global {word}: at {where} the objective is {value:.4g}, {better} than at every candidate (it looks unbounded {side}); the candidates are only local"


def line_note(f, variables: tuple, sense: str) -> str | None:
    line = unbounded_line(f, variables, sense)
    if line is None:
        return None
    word, side = ("minimum", "below") if sense == "min" else ("maximum", "above")
    return f"no global {word}: along the line {line}, f → {'−' if sense == 'min' else '+'}∞ as t → ∞ (unbounded {side})"


def unbounded_line(f, variables: tuple, sense: str) -> str | None:
    """A line x = a·t, y = b·t (a, b in {−1, 0, 1}) along which f is a polynomial in t whose leading term
    goes to −∞ (for a minimum) or +∞: proof that f is unbounded. None when no such line is found."""
    from itertools import product

    t = sp.Dummy("t", positive=True)
    n = len(variables)
    directions = [d for d in product((0, 1, -1), repeat=n) if any(d)] if n <= 3 else []
    bases = [(0,) * n] + [tuple(int(i == j) for j in range(n)) for i in range(n)]  # x sin y: along y = 1
    for base, d in product(bases, directions):
        line = {v: b + c * t for v, b, c in zip(variables, base, d)}
        if in_domain_far_out(f, line, t) and tends_to(f.xreplace(line), t, sense, small=not any(base)):
            return ", ".join(f"{v.name} = {line_text(b, c)}" for v, b, c in zip(variables, base, d))
    return None


def tends_to(along, t, sense: str, small: bool) -> bool:
    """f along a line → −∞ (sense min) or +∞ as t → ∞: by the leading term of a polynomial, or (for a small
    expression on a line through the origin: √t − t) by sympy's limit."""
    target = -sp.oo if sense == "min" else sp.oo
    try:
        poly = sp.Poly(along, t)
    except sp.PolynomialError:
        if not small or sp.count_ops(along) > MAX_LIMIT_OPS:
            return False
        try:
            return sp.limit(along, t, sp.oo) == target
        except (NotImplementedError, ValueError, TypeError, sp.PoleError):
            return False
    lead = poly.LC()
    return poly.degree() >= 1 and lead.is_number and lead.is_real and (lead < 0 if sense == "min" else lead > 0)


MAX_LIMIT_OPS = 30


def in_domain_far_out(f, line: dict, t) -> bool:
    """Every even root and log of f is real along the line for all large t (√x is not, along x = −t)."""
    arguments = [p.base for p in f.atoms(sp.Pow) if not p.exp.is_integer] + [g.args[0] for g in f.atoms(sp.log)]
    for argument in arguments:
        try:
            along = sp.Poly(argument.xreplace(line), t)
        except sp.PolynomialError:
            return False
        if not (along.LC().is_positive or (along.degree() == 0 and along.LC().is_nonnegative)):
            return False
    return True


def line_text(base: int, step: int) -> str:
    """1 + t, −t, 0: one coordinate of a line written out."""
    moving = {1: "t", -1: "−t", 0: ""}[step]
    if not base:
        return moving or "0"
    return f"{base} {'+' if step > 0 else '−'} t" if step else str(base)


def exact_optimum(f, constraints, variables, sense) -> OptimizeResult:
    """Every candidate from every smooth piece, classified; the best feasible one is the optimum."""
    found = []  # (candidate, index of the piece it is a KKT point of)
    split = bool(f.atoms(sp.Abs, sp.Max, sp.Min))
    all_pieces = list(pieces(f))
    for index, (piece, conditions) in enumerate(all_pieces):
        q = smooth_inside(piece)
        for point, lams, active in kkt_candidates(q, constraints, variables, sense, conditions):
            found.append((make_candidate(f, piece, q, point, lams, active, constraints, variables, sense), index))
    candidates = dedupe([c for c, _ in found])
    if split:
        candidates = [across_pieces(c, found, all_pieces) for c in candidates]
        candidates = along_a_line(f, constraints, variables, candidates)
    rough = [singular_candidate(f, p, constraints, variables) for p in singular_points(f, constraints, variables)]
    candidates = dedupe(candidates + rough)
    if not candidates:
        if constraints and not feasible(constraints, variables):
            raise Unsolved("the constraints cannot all hold: the problem is infeasible")
        # no smooth stationary point: an optimum may still sit where f is not differentiable (sqrt(x^2+y^2) at 0)
        raise _ExactFailed("there is no stationary point where the objective is differentiable")
    optimum = best(candidates, sense)
    word = "minimum" if sense == "min" else "maximum"
    note = "" if optimum is not None else f"no global {word}: none of the candidates is a {word} (when a {word} exists it is among them), so there is none"
    said = [note]
    if any(c in rough for c in candidates):
        said.append("a point where the objective has no derivative, or a constraint's gradient is 0, is a candidate with no multiplier")
    free = sorted({s.name for value in (optimum.point.values() if optimum else ()) for s in value.free_symbols})
    if free:
        said.append(f"the {word} is reached at every feasible point of the optimum's form ({', '.join(free)} free)")
    note = "; ".join(filter(None, said))
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
        note=note,
    )
    from calcli.ops.numeric_opt import unbounded_direction

    if optimum is not None and not constraints and (proof := line_note(f, variables, sense)) is not None:
        return replace(result, optimum=None, note=proof)
    witness = unbounded_direction(f, constraints, variables, sense, optimum) if optimum is not None else None
    if witness is not None:  # the candidates stay listed, classified; none of them is the optimum
        return replace(result, optimum=None, note=unbounded_note(witness, sense))
    return result


def make_candidate(f, piece, q, point, lams, active, constraints, variables, sense) -> Candidate:
    point = {v: tidy(value) for v, value in point.items()}
    scale = transform_scale(piece, q, point)
    multipliers = {c.name: tidy(scale * lams.get(c.name, sp.Integer(0))) for c in constraints}
    kind = classify(q, active, point, lams, variables, sense) if not degenerate(point, lams, active, constraints) else "unknown"
    if kind == OPPOSITE[sense] and any(c.op != "=" and lams.get(c.name, 0) != 0 for c in active):
        kind = "saddle"  # curved the other way along the boundary, but pressed against it as for `sense`: neither
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
    """The values of a family's one free parameter at which the inequality constraints hold (0 ≤ z ≤ 12
    for (0, 12 − z, z) with x, y, z ≥ 0); None for a single point."""
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
    """A point where an inequality holds with equality but carries no multiplier (a corner such as (0, 0, 6)
    of x, y, z >= 0), or whose multipliers are not numbers: the Hessian on the active constraints' tangent
    space does not see the feasible directions there, so its label would be a guess (a minimum called a saddle)."""
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
    of every piece whose region holds it; otherwise f gets better on one side: neither min nor max."""
    here = {i for c, i in found if same_point(c, candidate)}
    holding = {i for i, (_, conditions) in enumerate(all_pieces) if all(k.satisfied(candidate.point) is not False for k in conditions)}
    return candidate if holding <= here else replace(candidate, classification="saddle")


def along_a_line(f, constraints, variables: tuple, candidates: list) -> list:
    """Where the feasible set is a line (linear equations leaving one direction d) and f is piecewise linear
    (|x − a| + |y − b|), f is linear between consecutive candidates, so f(p ± εd) with ε below half the
    distance to the next candidate decides each one exactly: a minimum, a maximum, or neither (f goes down
    through it on the line: the docs' (2413/600, 17/100) is no extremum)."""
    if any(c.op != "=" for c in constraints) or not is_piecewise_linear(f, variables):
        return candidates
    jacobian = sp.Matrix([[sp.diff(c.g, v) for v in variables] for c in constraints]) if constraints else sp.zeros(0, len(variables))
    if jacobian.free_symbols or len(directions := (jacobian.nullspace() if constraints else [])) != 1:
        return candidates
    d = directions[0]
    where = [sum((c.point[v] * d[i] for i, v in enumerate(variables)), sp.Integer(0)) / d.dot(d) for c in candidates]
    if any(w.free_symbols or not w.is_number for w in where):
        return candidates
    out = []
    for c, w in zip(candidates, where):
        gaps = [abs(w - other) for other in where if other != w]
        step = min(gaps) / 2 if gaps else sp.Integer(1)
        sides = [sp.sign(f.xreplace({v: c.point[v] + s * step * d[i] for i, v in enumerate(variables)}) - c.objective) for s in (1, -1)]
        kinds: dict[tuple[int, ...], str] = {(1, 1): "minimum", (-1, -1): "maximum"}
        kind = kinds.get(tuple(int(x) for x in sides), "neither")
        out.append(replace(c, classification=kind) if all(x.is_number for x in sides) else c)
    return out


def is_piecewise_linear(f, variables: tuple) -> bool:
    """A sum of constants, multiples of the variables and multiples of |linear| (no products or powers)."""
    for term in sp.Add.make_args(f):
        _, rest = term.as_independent(*variables, as_Add=False)
        inside = rest.args[0] if isinstance(rest, sp.Abs) else rest
        if inside != 1 and not (inside.is_polynomial(*variables) and sp.Poly(inside, *variables).total_degree() <= 1):
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
    A minimum is never a candidate classified maximum or saddle (nor a maximum one classified minimum)."""
    valued = [c for c in candidates if isinstance(c.numeric.get("objective"), float) and c.classification not in WRONG_KIND[sense]]
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


def check_optimum(expect: str, result: OptimizeResult, options: Options, tol: float):
    """The claimed optimal point `(x, y)`, or a set `{(x1, y1), (x2, y2)}` of them, against every point where
    the optimum is reached: any optimal point is right (x*y on the unit circle has two minimisers)."""
    from calcli.ops.check import Check, Counterexample, compare, problem_names
    from calcli.parsing.answers import read_points

    claims = read_points(expect, options, result.variables, known=problem_names(result.objective, result.variables))
    if not claims:
        raise ShapeError(f"--expect needs a point ({', '.join(v.name for v in result.variables)})")
    shown = sp.Tuple(*(sp.Tuple(*c) for c in claims)) if len(claims) > 1 else sp.Tuple(*claims[0])
    if result.optimum is None:
        return Check(shown, "unknown", "there is no optimum to compare with")
    optimal = [sp.Tuple(*(c.point[v] for v in result.variables)) for c in optimal_candidates(result)]
    noise = 1e-6 if result.numeric_only else 1e-9  # SLSQP's points are accurate to about 1e-8
    how = set()
    for claim in claims:
        checks = [compare(sp.Tuple(*claim), point, result.variables, tol=noise, answer_tol=tol) for point in optimal]
        if not any(c.verdict == "equal" for c in checks):
            verdict = "unknown" if any(c.verdict == "unknown" for c in checks) else "different"
            return Check(shown, verdict, "not an optimal point", Counterexample({}, sp.Tuple(*claim), optimal[0] if len(optimal) == 1 else sp.Tuple(*optimal)))
        how.add(next(c.method for c in checks if c.verdict == "equal"))
    method = "an optimal point" if len(optimal) == 1 else f"one of the {len(optimal)} optimal points"
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
    same = [c for c in result.candidates if c.classification == best.classification and _same_value(c.objective, best.objective)]
    return same or [best]


def _same_value(a, b) -> bool:
    try:
        return sp.simplify(a - b) == 0 or abs(complex(sp.N(a - b))) < 1e-9 * (1 + abs(complex(sp.N(b))))
    except (TypeError, ValueError):
        return False

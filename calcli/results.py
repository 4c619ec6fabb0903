"""Frozen result objects, one per command, each with to_dict() for JSON output."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from calcli.numbers import Math, exact, is_large, json_number


def by_name(variables, values) -> dict:
    return {v.name: x for v, x in zip(variables, values)}


def point_dict(point: dict) -> dict:
    return {k.name: exact(v) for k, v in point.items()}


@dataclass(frozen=True)
class GradientResult:
    command = "grad"
    source: str
    expression: Math  # sympy scalar, Tuple or ImmutableMatrix
    variables: tuple  # of sympy Symbols, in --wrt order
    gradient: tuple  # one partial derivative per variable
    at: dict = field(default_factory=dict)  # Symbol -> exact value
    value: tuple | None = None  # the partials at the point
    numeric: tuple | None = None  # Python numbers (complex, None, nested lists)
    hessian: Math = None
    hessian_value: Math = None
    hessian_numeric: Any = None
    assignments: tuple = ()  # the user's named statements
    variables_assumed: bool = True  # taken from the expression, not from --wrt
    check: Any = None  # calcli.ops.check.Check, with --expect
    # how input was read where that is not literally what was typed ("xy read as x·y")
    readings: tuple = ()
    steps: Any = None  # calcli.ops.steps.Steps, with --steps

    @cached_property
    def large(self) -> bool:
        """The expression is large (see calcli.numbers.LARGE): its derivatives are printed in
        sympy's own order."""
        return is_large(self.expression)

    def to_dict(self) -> dict:
        out = {
            "expression": exact(self.expression),
            "variables": [v.name for v in self.variables],
            "gradient": by_name(self.variables, exact(list(self.gradient), self.large)),
        }
        if self.at:
            out["at"] = point_dict(self.at)
            out["value"] = by_name(self.variables, exact(list(self.value or ())))
            out["numeric"] = by_name(self.variables, json_number(list(self.numeric or ())))
        if self.hessian is not None:
            out["hessian"] = exact(self.hessian, self.large)
            if self.at:
                out["hessian_value"] = exact(self.hessian_value)
                out["hessian_numeric"] = json_number(self.hessian_numeric)
        return with_extras(out, self)


def with_extras(out: dict, result) -> dict:
    """The fields any command may add: steps, and the --expect check."""
    if getattr(result, "steps", None) is not None:
        out["steps"] = result.steps.to_dict()
    if getattr(result, "check", None) is not None:
        out["check"] = result.check.to_dict()
    return out


@dataclass(frozen=True)
class FieldTerm:
    """One term of div, curl or laplacian worked out: each derivative ∂(of)/∂(wrt) = value on its
    line, then term = Σ signᵢ·valueᵢ / denominator (sign 0: a derivative used inside the next one,
    as ∂f/∂u in ∇²f)."""

    label: str  # the variable (div, laplacian) or the component (curl)
    derivatives: tuple  # ((of, wrt, value), ...)
    signs: tuple
    denominator: Math
    term: Math

    @property
    def combines(self) -> bool:
        """The term is more than one derivative's value: a line of the working combines them."""
        return self.denominator != 1 or len(self.derivatives) > 1

    @property
    def numerator(self):
        return sum((s * value for s, (_, _, value) in zip(self.signs, self.derivatives)), start=0)

    def to_dict(self) -> dict:
        derivatives = [
            {"of": exact(of), "wrt": wrt.name, "value": exact(value)}
            for of, wrt, value in self.derivatives
        ]
        return {
            "label": self.label,
            "derivatives": derivatives,
            "numerator": exact(self.numerator),
            "denominator": exact(self.denominator),
            "term": exact(self.term),
        }


@dataclass(frozen=True)
class FieldSteps:
    """div, curl, laplacian --steps: the scale factors of the coordinates, then each term worked
    out."""

    scale_factors: tuple  # hᵢ per variable: all 1 in Cartesian coordinates
    rows: tuple  # FieldTerm, one per term

    def to_dict(self) -> dict:
        return {
            "scale_factors": [exact(h) for h in self.scale_factors],
            "terms": [row.to_dict() for row in self.rows],
        }


@dataclass(frozen=True)
class JacobianSteps:
    """jacobian --steps: each entry ∂Fᵢ/∂xⱼ, then (square) the determinant by cofactor expansion
    along row 1: det J = Σⱼ (−1)^(1+j)·J₁ⱼ·M₁ⱼ, with M₁ⱼ the determinant of J without row 1 and
    column j."""

    entries: tuple  # ((component i, variable, ∂Fᵢ/∂xⱼ), ...), row by row
    expansion: tuple = ()  # ((sign, J₁ⱼ, M₁ⱼ), ...)
    determinant: Math = None

    def to_dict(self) -> dict:
        out = {
            "entries": [
                {"component": i, "wrt": v.name, "value": exact(d)} for i, v, d in self.entries
            ]
        }
        if self.expansion:
            out["expansion"] = [
                {"sign": s, "entry": exact(a), "minor": exact(m)} for s, a, m in self.expansion
            ]
            out["determinant"] = exact(self.determinant)
        return out


@dataclass(frozen=True)
class FieldResult:
    """What div, curl, laplacian and jacobian share; each is its own type below, which names and
    writes it."""

    command = ""
    title = ""  # what the table calls it: Divergence
    symbol = ""  # ∇·F
    tex_symbol = ""
    key = ""  # its field in JSON and plain output
    scalar_input = False  # laplacian: of one expression f, not a field F
    per_component = False  # div, curl: without --wrt, a variable per component (x, y, z)
    summed = False  # div, laplacian: the result is the sum of its terms

    source: str
    field: tuple  # the components (one, for laplacian)
    variables: tuple
    coordinates: str
    terms: tuple  # div/laplacian: one per variable; curl: the components; jacobian: the determinant
    result: Math  # scalar, Tuple (curl) or ImmutableMatrix (jacobian)
    at: dict = dataclasses.field(default_factory=dict)  # the class's own `field` hides dataclasses'

    value: Math = None
    numeric: Any = None
    jacobian: Math = None  # div --jacobian
    variables_assumed: bool = True
    check: Any = None
    readings: tuple = ()
    steps: Any = None  # FieldSteps, with --steps

    def given(self) -> dict:
        return {"field": exact(list(self.field))}

    def computed(self) -> dict:
        return {"terms": exact(list(self.terms)), self.key: exact(self.result)}

    def to_dict(self) -> dict:
        out = {
            **self.given(),
            "variables": [v.name for v in self.variables],
            "coordinates": self.coordinates,
            **self.computed(),
        }
        if self.jacobian is not None:
            out["jacobian"] = exact(self.jacobian)
        if self.at:
            out["at"] = point_dict(self.at)
            out["value"] = exact(self.value)
            out["numeric"] = json_number(self.numeric)
        return with_extras(out, self)


class DivergenceResult(FieldResult):
    command, title, symbol, tex_symbol, key = (
        "div",
        "Divergence",
        "∇·F",
        (r"\nabla \cdot \mathbf{F}"),
        "divergence",
    )
    per_component = summed = True


class CurlResult(FieldResult):
    command, title, symbol, tex_symbol, key = (
        "curl",
        "Curl",
        "∇×F",
        r"\nabla \times \mathbf{F}",
        "curl",
    )
    per_component = True


class LaplacianResult(FieldResult):
    command, title, symbol, tex_symbol, key = (
        "laplacian",
        "Laplacian",
        "∇²f",
        r"\nabla^{2} f",
        "laplacian",
    )
    scalar_input = summed = True

    def given(self) -> dict:
        return {"expression": exact(self.field[0])}


class JacobianResult(FieldResult):
    command, title, symbol, tex_symbol, key = "jacobian", "Jacobian", "J", "J", "jacobian"

    def computed(self) -> dict:
        return {
            self.key: exact(self.result),
            **({"determinant": exact(self.terms[0])} if self.terms else {}),
        }


@dataclass(frozen=True)
class KKTCheck:
    """One inequality at a candidate: g = lhs − rhs there, its multiplier, λ·g (0: complementary
    slackness), and the sign λ must have for the optimum asked (calcli's convention L = f − Σ
    λ·g)."""

    name: str
    constraint: str
    g: Math
    multiplier: Math
    product: Math
    wanted: str  # "≥ 0" or "≤ 0"
    sign_ok: bool

    def to_dict(self) -> dict:
        return {
            "multiplier": self.name,
            "constraint": self.constraint,
            "g": exact(self.g),
            "value": exact(self.multiplier),
            "slackness": exact(self.product),
            "sign_wanted": self.wanted,
            "sign_ok": self.sign_ok,
        }


@dataclass(frozen=True)
class CandidateWorking:
    """How a candidate was classified: the KKT checks, then the bordered Hessian over the active
    constraints and its leading principal minors of order 2m+1 … m+n (or why there is no such
    test)."""

    kkt: tuple = ()  # KKTCheck per inequality
    # ImmutableMatrix [[0, ∇g], [∇gᵀ, ∇²L]] (just ∇²L with no active constraint)
    bordered: Math = None
    minors: tuple = ()  # (order, value)
    test: str = ""  # what the test says
    active: tuple = ()  # the constraints the border is made of

    def to_dict(self) -> dict:
        out = {
            "kkt": [k.to_dict() for k in self.kkt],
            "test": self.test,
            "active": list(self.active),
        }
        if self.bordered is not None:
            out["bordered_hessian"] = exact(self.bordered)
            out["minors"] = [{"order": k, "value": exact(v)} for k, v in self.minors]
        return out


@dataclass(frozen=True)
class PiecesWorking:
    """minimize-constrained --steps for a split objective: each smooth piece with the conditions
    (each ≥ 0) under which it is f, and for each candidate why it is one."""

    regions: tuple  # ((conditions, each ≥ 0), piece)
    reasons: tuple  # per candidate, in the candidates' order

    def to_dict(self) -> dict:
        pieces = [
            {"where": [f"{exact(c)} >= 0" for c in conditions], "f": exact(piece)}
            for conditions, piece in self.regions
        ]
        return {"pieces": pieces, "why_candidates": list(self.reasons)}


@dataclass(frozen=True)
class LagrangeSteps:
    """minimize-constrained --steps: L = f − Σ λᵢ·(lhsᵢ − rhsᵢ), the equations (each = 0), how
    they were solved."""

    lagrangian: Math
    equations: tuple  # (label, expression = 0)
    method: str
    multipliers: tuple = ()  # the λ symbols in L
    candidates: tuple = ()  # CandidateWorking per candidate, in the candidates' order

    def to_dict(self) -> dict:
        return {
            "lagrangian": exact(self.lagrangian),
            "equations": [{"label": k, "equation": f"{exact(e)} = 0"} for k, e in self.equations],
            "method": self.method,
            "classification": [c.to_dict() for c in self.candidates],
        }


@dataclass(frozen=True)
class SolveSteps:
    """solve --steps (one polynomial equation): rows of (what was done, the equation or set it
    gave)."""

    unknown: Math
    rows: tuple  # (words, sympy Eq or set)

    def to_dict(self) -> dict:
        return {"rows": [{"step": words, "result": str(value)} for words, value in self.rows]}


@dataclass(frozen=True)
class SolveResult:
    command = "solve"
    equations: tuple  # calcli.ops.solve.Equation
    unknowns: tuple
    unknowns_assumed: bool  # chosen by calcli, not by --for
    domain: str
    status: str  # solved, no_solution, unsolved
    solution_set: Math  # the sympy set; with a period, the solutions for n = 0 of a family
    solutions: tuple | None  # ({unknown: exact}, ...) when the set is a finite list
    numeric: tuple | None
    engine: str
    numeric_only: bool = False  # found by a numeric method: approximate
    at: dict = field(default_factory=dict)  # parameters substituted before solving
    complex_count: int = 0  # complex solutions, when there is no real one
    # ({unknown: value with decimals}, ...): 13/3 - 11y/6 as 4.33333 - 1.83333y
    approx: tuple | None = None
    sources: tuple = ()  # the equations as the user wrote them
    check: Any = None
    readings: tuple = ()
    period: Math = None  # the set is every translate of solution_set by period·n, n ∈ ℤ (sin x > 0)
    steps: Any = None  # --steps: SolveSteps

    @property
    def whole_set(self):
        """The solution set, a periodic family as one set in n (Interval.open(2*pi*n, 2*pi*n +
        pi))."""
        from calcli.printing import family

        return (
            family(self.solution_set, self.period) if self.period is not None else self.solution_set
        )

    def with_check(self, check) -> "SolveResult":
        from dataclasses import replace

        return replace(self, check=check)

    def to_dict(self) -> dict:
        from calcli.printing import set_text

        out: dict[str, object] = {
            "equations": [str(e) for e in self.equations],
            "unknowns": [u.name for u in self.unknowns],
            "domain": self.domain,
            "status": self.status,
            "solution_set": str(self.whole_set) if not self.numeric_only else None,
            "solution_set_text": set_text(self.solution_set, self.period)
            if not self.numeric_only
            else None,
            "solutions": [point_dict(s) for s in self.solutions]
            if self.solutions is not None
            else None,
            "numeric": [{k.name: json_number(v) for k, v in s.items()} for s in self.numeric]
            if self.numeric is not None
            else None,
            "method": self.engine,
            "exact": not self.numeric_only,
        }
        if self.period is not None:
            out["family"] = {
                "base": str(self.solution_set),
                "period": str(self.period),
                "parameter": "n",
                "parameter_set": "Integers",
            }
        if self.at:
            out["at"] = point_dict(self.at)
        if self.complex_count:
            out["complex_solutions"] = self.complex_count
        return with_extras(out, self)


def finite_or_none(values) -> list:
    return [v if v == v and v not in (float("inf"), float("-inf")) else None for v in values]


# Sum of |weights| of each stencil (calcli.ops.difftable.STENCILS): how much round-off in f it adds
# up.
STENCIL_WEIGHT = {
    ("forward", 1): 2,
    ("forward", 2): 4,
    ("forward", 3): 8,
    ("backward", 1): 2,
    ("backward", 2): 4,
    ("backward", 3): 8,
    ("central", 1): 1,
    ("central", 2): 4,
    ("central", 3): 3,
}
EPSILON = 2.0**-52
ROUNDOFF_SAFETY = 8  # each f value is off by up to a few units in the last place


def roundoff_floor(f_size: float, h: float, order: int, scheme: str) -> float:
    """Below this a scheme's estimate (and its error) is round-off, which differs between
    machines: about eps·|f|·Σ|w| / h^k. Richardson combines central(h/2) four times and
    central(h) once, over 3."""
    if scheme == "richardson":
        return (
            4 * roundoff_floor(f_size, h / 2, order, "central")
            + roundoff_floor(f_size, h, order, "central")
        ) / 3
    return (
        ROUNDOFF_SAFETY
        * EPSILON
        * max(abs(f_size), 1.0)
        * STENCIL_WEIGHT[(scheme, order)]
        / h**order
    )


@dataclass(frozen=True)
class DifferenceFormula:
    """One scheme of diff-table --steps: f⁽ᵏ⁾(x) ≈ Σ weight·f(x + offset·h) / h^k, and its
    truncation error."""

    scheme: str
    weights: tuple  # ((offset in units of h, exact weight), ...); Richardson: of central's
    error: str  # O(h), O(h²), O(h⁴)

    def to_dict(self) -> dict:
        return {
            "scheme": self.scheme,
            "weights": [{"offset": str(o), "weight": str(w)} for o, w in self.weights],
            "error": self.error,
        }


@dataclass(frozen=True)
class DiffTableSteps:
    """diff-table --steps: the exact derivative, and each scheme's formula."""

    derivative: Math
    formulas: tuple  # DifferenceFormula per scheme

    def to_dict(self) -> dict:
        return {
            "derivative": exact(self.derivative),
            "formulas": [f.to_dict() for f in self.formulas],
        }


@dataclass(frozen=True)
class DiffTableResult:
    command = "diff-table"
    source: str
    variable: Math
    order: int
    h: float | None  # None in data and convergence mode
    columns: tuple
    # the rows: a numpy array, one row per point, NaN where undefined; or GridRows, computed in
    # chunks
    table: Any
    mode: str  # expression, data or convergence
    derivative: Math = None  # the exact k-th derivative (expression and convergence modes)
    notes: tuple = ()
    at: float | None = None  # convergence: the point
    exact_value: float | None = None
    f_value: float | None = None  # convergence: f at the point, for the round-off floor
    # convergence: the h with the smallest error, per scheme
    best_h: dict = field(default_factory=dict)
    check: Any = None  # --expect: a claimed formula for the k-th derivative
    readings: tuple = ()
    # DiffTableSteps, with --steps (table, JSON and LaTeX: CSV and plain hold the rows only)
    steps: Any = None

    @cached_property
    def rows(self):
        """Every row in one numpy array (a grid's are computed now: at most MAX_ROWS of them)."""
        return self.table.whole() if hasattr(self.table, "whole") else self.table

    def row_chunks(self):
        """The rows as consecutive numpy arrays, computed as they are asked for (CSV streams
        them)."""
        held = "rows" in self.__dict__ or not hasattr(self.table, "chunks")
        return iter((self.rows,)) if held else self.table.chunks()

    @property
    def all_notes(self) -> tuple:
        """The notes, and on an expression's grid how many rows are undefined (counting them
        computes every row)."""
        if self.mode != "expression":
            return self.notes
        import numpy as np

        undefined = int((~np.isfinite(self.rows[:, 1:])).any(axis=1).sum())
        note = (
            f"{undefined} row{'s' * (undefined != 1)} where f or a difference is undefined or "
            f"too large for floating point (null)"
        )
        return self.notes + ((note,) if undefined else ())

    def to_dict(self) -> dict:
        out = {
            "variable": self.variable.name,
            "order": self.order,
            "h": self.h,
            "mode": self.mode,
            "columns": list(self.columns),
            "rows": [finite_or_none(row) for row in self.rows.tolist()],
        }
        if self.derivative is not None:
            out["derivative"] = exact(self.derivative)
        if self.mode == "convergence":
            out.update(at=self.at, exact_value=self.exact_value, best_h=self.best_h)
        if self.all_notes:
            out["notes"] = list(self.all_notes)
        return with_extras(out, self)


@dataclass(frozen=True)
class Candidate:
    point: dict  # Symbol -> exact (Float when numeric)
    multipliers: dict  # constraint name (lambda1, ...) -> exact
    objective: Math
    numeric: dict  # variable / multiplier / "objective" -> number
    classification: str  # minimum, maximum, saddle, unknown
    active: tuple = ()  # names of the inequality constraints that hold with equality there
    # a family's (0, 12 - z, z) feasible values of its parameter: Interval(0, 12)
    holds_for: Math = None
    # why a candidate has no multipliers: f has no derivative, or a constraint's gradient is 0
    reason: str = ""

    def to_dict(self) -> dict:
        out = self.to_dict_of_point()
        if self.holds_for is not None:
            out["holds_for"] = {s.name: str(self.holds_for) for s in self.parameters}
        if self.reason:
            out["reason"] = self.reason
        return out

    @property
    def parameters(self) -> list:
        return sorted(
            {s for v in self.point.values() for s in v.free_symbols}, key=lambda s: s.name
        )

    def to_dict_of_point(self) -> dict:
        return {
            "point": point_dict(self.point),
            "multipliers": {k: exact(v) for k, v in self.multipliers.items()},
            "objective": exact(self.objective),
            "numeric": {k: json_number(v) for k, v in self.numeric.items()},
            "classification": self.classification,
            "active": list(self.active),
        }


# the sign of every multiplier follows from it
CONVENTION = "L = f - sum_i lambda_i*(lhs_i - rhs_i)"


@dataclass(frozen=True)
class OptimizeResult:
    command = "minimize-constrained"
    objective: Math
    constraints: tuple  # calcli.ops.optimize.Constraint
    variables: tuple
    sense: str  # min or max
    method: str  # lagrange, kkt, pieces, numeric
    convention: str
    candidates: tuple
    optimum: Candidate | None
    numeric_only: bool = False
    note: str = ""
    objective_source: str = ""
    constraint_sources: tuple = ()
    at: dict = field(default_factory=dict)
    variables_assumed: bool = True
    check: Any = None
    readings: tuple = ()
    steps: Any = None  # --steps: LagrangeSteps

    def to_dict(self) -> dict:
        out = {
            "objective": exact(self.objective),
            "constraints": [str(c) for c in self.constraints],
            "variables": [v.name for v in self.variables],
            "sense": self.sense,
            "method": self.method,
            "convention": self.convention,
            "candidates": [c.to_dict() for c in self.candidates],
            "optimum": self.optimum.to_dict() if self.optimum else None,
            "exact": not self.numeric_only,
        }
        if self.note:
            out["note"] = self.note
        if self.at:
            out["at"] = point_dict(self.at)
        return with_extras(out, self)


@dataclass(frozen=True)
class DerivativeResult:
    """diff: one derivative, of any order, mixed partial or implicit (dy/dx from an equation)."""

    command = "diff"
    source: str
    expression: Math  # f, or for --implicit the relation's lhs - rhs
    wrt: tuple  # the differentiation sequence: (x, x) for d²/dx², (x, y) for ∂²/∂y∂x
    derivative: Math
    implicit: Math = None  # the dependent variable y of an implicit derivative
    steps: Any = None  # calcli.ops.derivative_steps.DerivativeSteps, with --steps
    # calcli.ops.steps.Steps, with --steps: the computation graph grad --steps shows
    graph: Any = None
    at: dict = field(default_factory=dict)
    value: Math = None
    numeric: Any = None
    check: Any = None
    readings: tuple = ()

    def to_dict(self) -> dict:
        out = {
            "expression": exact(self.expression),
            "wrt": [v.name for v in self.wrt],
            "order": len(self.wrt),
            "derivative": exact(self.derivative),
        }
        if self.implicit is not None:
            out["implicit"] = self.implicit.name
        if self.at:
            out.update(
                at=point_dict(self.at), value=exact(self.value), numeric=json_number(self.numeric)
            )
        if self.graph is not None:
            out["graph"] = self.graph.to_dict()
        return with_extras(out, self)


@dataclass(frozen=True)
class IntegralResult:
    """integrate: an antiderivative (+ C), or a definite, improper or multiple integral's value."""

    command = "integrate"
    source: str
    expression: Math
    variables: tuple  # integration order, innermost first
    bounds: tuple = ()  # ((lower, upper), ...) per variable, for a definite integral
    status: str = "solved"  # solved, divergent, unsolved, numeric
    integral: Math = None  # the antiderivative, or the exact value
    numeric: Any = None  # the value as a number (definite)
    error_estimate: float | None = None  # --numeric: the quadrature's own estimate
    special: tuple = ()  # names of the non-elementary functions the answer needs (erf, Si)
    variables_assumed: bool = False
    steps: Any = None  # calcli.ops.integral_steps.IntegralSteps, with --steps
    check: Any = None
    readings: tuple = ()

    @property
    def definite(self) -> bool:
        return bool(self.bounds)

    def to_dict(self) -> dict:
        out = {
            "expression": exact(self.expression),
            "variables": [v.name for v in self.variables],
            "kind": "definite" if self.definite else "indefinite",
        }
        if self.definite:
            out["bounds"] = [
                {"variable": v.name, "from": exact(a), "to": exact(b)}
                for v, (a, b) in zip(self.variables, self.bounds)
            ]
        out.update(
            status=self.status, integral=exact(self.integral) if self.integral is not None else None
        )
        if self.definite:
            out["numeric"] = json_number(self.numeric)
            if self.error_estimate is not None:
                out["error_estimate"] = self.error_estimate
        elif self.integral is not None:
            out["constant"] = "C"
        if self.special:
            out["special_functions"] = list(self.special)
        return with_extras(out, self)


@dataclass(frozen=True)
class LimitResult:
    """limit: two-sided (both sides shown when they differ), one-sided, or at ±∞."""

    command = "limit"
    source: str
    expression: Math
    variable: Math
    point: Math
    direction: str  # "+-" (both sides), "+" or "-"
    status: str  # exists, infinite, does_not_exist, unsolved
    limit: Math = None
    sides: tuple = ()  # (from the left, from the right) when both were computed
    # the indeterminate form at the point: 0/0, ∞/∞, 0·∞, ∞−∞, 1^∞, 0^0, ∞^0
    form: str | None = None
    numeric: Any = None
    steps: Any = None  # --steps: calcli.ops.limit.LHopital
    check: Any = None
    readings: tuple = ()

    def to_dict(self) -> dict:
        out = {
            "expression": exact(self.expression),
            "variable": self.variable.name,
            "point": exact(self.point),
            "direction": self.direction,
            "status": self.status,
        }
        out["limit"] = exact(self.limit) if self.limit is not None else None
        if self.sides:
            out["left"], out["right"] = (exact(s) if s is not None else None for s in self.sides)
        out["numeric"] = json_number(self.numeric)
        out["indeterminate_form"] = self.form
        return with_extras(out, self)


@dataclass(frozen=True)
class SeriesSteps:
    """series --steps: for each k below the order, f⁽ᵏ⁾(x), f⁽ᵏ⁾(a) and the coefficient
    f⁽ᵏ⁾(a)/k!."""

    variable: Math
    point: Math
    rows: tuple  # (k, f⁽ᵏ⁾(x), f⁽ᵏ⁾(a), f⁽ᵏ⁾(a)/k!)

    def to_dict(self) -> dict:
        return {
            "rows": [
                {"k": k, "derivative": exact(d), "at_point": exact(v), "coefficient": exact(c)}
                for k, d, v, c in self.rows
            ]
        }


@dataclass(frozen=True)
class SeriesResult:
    """series: the expansion about a point, to an order, with its O term."""

    command = "series"
    source: str
    expression: Math
    variable: Math
    point: Math
    order: int
    series: Math  # with the O term
    polynomial: Math  # without it
    kind: str = "Taylor"  # Taylor, Laurent or Puiseux
    # ((variable, point), ...) for a series in several variables; variable and point are its first
    centre: tuple = ()
    check: Any = None
    readings: tuple = ()
    steps: Any = None  # --steps: SeriesSteps

    @property
    def about(self) -> tuple:
        """Every (variable, point) the expansion is about."""
        return self.centre or ((self.variable, self.point),)

    def to_dict(self) -> dict:
        out = {
            "expression": exact(self.expression),
            "variable": self.variable.name,
            "point": exact(self.point),
            "order": self.order,
        }
        out.update(
            variables=[v.name for v, _ in self.about], at={v.name: exact(a) for v, a in self.about}
        )
        out.update(
            series=self.written(exact), polynomial=self.polynomial_text(exact), kind=self.kind
        )
        return with_extras(out, self)

    def written(self, show) -> str:
        """The series as `show` writes it: the polynomial in powers of (x - a), its O term last
        (sympy's ordering puts a term O(...) of several variables anywhere in the sum)."""
        polynomial, rest = self.polynomial_text(show), show(self.series - self.polynomial)
        if (
            self.series == self.polynomial
            or polynomial is None
            or rest is None
            or (not self.centre and polynomial == show(self.polynomial))
        ):
            return show(self.series)
        return f"{polynomial} + {rest}"

    def polynomial_text(self, show) -> str:
        """The polynomial in rising powers of (x - a), as a course writes a series about a."""
        import sympy as sp

        from calcli.printing import in_powers

        if self.polynomial.has(sp.nan, sp.zoo):
            return show(self.polynomial)
        return in_powers(self.polynomial, self.about, show) or show(self.polynomial)


@dataclass(frozen=True)
class CriticalPoint:
    point: dict  # Symbol -> exact
    value: Math  # f there
    numeric: dict  # variable names and "f" -> number
    hessian: Math  # the Hessian there
    eigenvalues: tuple
    minors: tuple  # the leading principal minors D1, D2, ...
    test: str  # the second-derivative test: local minimum, local maximum, saddle, inconclusive
    classification: str  # local minimum, local maximum, saddle, degenerate
    # where ∇f repeats every 2π: {x: π/2 + 2πn}, the point for each n
    family: dict = field(default_factory=dict)

    @property
    def shown(self) -> dict:
        """The point as a course writes it: its family where there is one."""
        return {**self.point, **self.family}

    def to_dict(self) -> dict:
        return {
            "point": point_dict(self.point),
            **({"family": point_dict(self.family)} if self.family else {}),
            "value": exact(self.value),
            "numeric": {k: json_number(v) for k, v in self.numeric.items()},
            "hessian": exact(self.hessian),
            "eigenvalues": exact(list(self.eigenvalues)),
            "leading_minors": exact(list(self.minors)),
            "second_derivative_test": self.test,
            "classification": self.classification,
        }


@dataclass(frozen=True)
class CriticalSteps:
    """critical-points --steps: the equations ∇f = 0, how they were solved, and per point what
    decided its kind."""

    equations: tuple  # ∂f/∂v for each variable (each = 0)
    method: str
    decided: tuple  # per point, in the points' order: the words

    def to_dict(self) -> dict:
        return {
            "equations": [f"{exact(e)} = 0" for e in self.equations],
            "method": self.method,
            "decided": list(self.decided),
        }


@dataclass(frozen=True)
class CriticalResult:
    """critical-points: the stationary points of f, classified, and the global optimum if there
    is one."""

    command = "critical-points"
    source: str
    expression: Math
    variables: tuple
    hessian: Math  # the Hessian matrix of f
    points: tuple  # CriticalPoint
    # the points where the global minimum is reached, or None (min_note says why)
    global_min: tuple | None = None
    global_max: tuple | None = None
    min_note: str = ""
    max_note: str = ""
    numeric_only: bool = False
    variables_assumed: bool = True
    check: Any = None
    readings: tuple = ()
    steps: Any = None  # --steps: CriticalSteps

    def to_dict(self) -> dict:
        out = {
            "expression": exact(self.expression),
            "variables": [v.name for v in self.variables],
            "hessian": exact(self.hessian),
        }
        out["points"] = [p.to_dict() for p in self.points]
        out["global_minimum"] = (
            [point_dict(p) for p in self.global_min] if self.global_min is not None else None
        )
        out["global_maximum"] = (
            [point_dict(p) for p in self.global_max] if self.global_max is not None else None
        )
        if self.min_note:
            out["global_minimum_note"] = self.min_note
        if self.max_note:
            out["global_maximum_note"] = self.max_note
        out["exact"] = not self.numeric_only
        return with_extras(out, self)

"""solve: equations, inequalities and systems over a domain, exact, with an honest status.

Engines: linsolve for linear input (fast, and parametric families come out as
such), solveset for one unknown, nonlinsolve for other systems. A ConditionSet
or an engine that gives up is `unsolved`, never `no_solution`; --numeric then
finds roots with scipy (sign changes in an interval, refined by brentq) or
Newton's method from starting points, and labels them numeric.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import Iterable, Mapping

import sympy as sp
from sympy.solvers.solveset import NonlinearError

from calcli.errors import InputError, ShapeError
from calcli.numbers import numeric
from calcli.ops.arguments import validated
from calcli.ops.check import ANSWER_TOL
from calcli.ops.periodic import within, wrapped
from calcli.ops.realness import approximate, not_real, real_value
from calcli.ops.simplify import tidy
from calcli.parsing import Options, declared, natural_order, parse_names, parse_point, parse_relation, symbol
from calcli.parsing.functions import RealRoot
from calcli.printing import linear_text
from calcli.results import SolveResult

DOMAINS = {
    "reals": sp.S.Reals,
    "complexes": sp.S.Complexes,
    "integers": sp.S.Integers,
    "naturals": sp.S.Naturals0,
    "positive": sp.Interval.open(0, sp.oo),
}
RELATIONS = {"<": sp.StrictLessThan, "<=": sp.LessThan, ">": sp.StrictGreaterThan, ">=": sp.GreaterThan}


@dataclass(frozen=True)
class Equation:
    lhs: sp.Expr
    op: str
    rhs: sp.Expr

    @cached_property  # a hundred-term side is costly to subtract again at every use
    def expr(self) -> sp.Expr:
        return self.lhs - self.rhs

    @property
    def symbols(self) -> set:
        """The symbols as written: x is an unknown of x + 2 = x + 3 even though it cancels."""
        return self.lhs.free_symbols | self.rhs.free_symbols

    def relational(self):
        return RELATIONS[self.op](self.lhs, self.rhs)

    def __str__(self) -> str:
        return f"{linear_text(self.lhs) or self.lhs} {self.op} {linear_text(self.rhs) or self.rhs}"

    def map(self, fn) -> "Equation":
        return Equation(fn(self.lhs), self.op, fn(self.rhs))

    def has_root(self) -> bool:
        return self.lhs.has(RealRoot) or self.rhs.has(RealRoot)

    def solvable(self) -> "Equation":
        """The real roots cbrt(x) written sign(x)·|x|^(1/3), which sympy's solvers invert."""

        def written_out(side):
            powers = {p: written_power(p.base.args, p.exp) for p in side.atoms(sp.Pow) if isinstance(p.base, RealRoot) and p.exp.is_Integer}
            return side.xreplace(powers).replace(RealRoot, lambda x, q: written_power((x, q), 1))

        return self.map(written_out)


def written_power(root: tuple, p: int):
    """cbrt(x)^p as |x|^(p/3), times sign(x) when p is odd."""
    x, q = root
    power = sp.Abs(x) ** sp.Rational(p, q)
    return power if p % 2 == 0 else sp.sign(x) * power


def parse_equations(texts: Iterable[str], options: Options, point: dict | None = None) -> list[Equation]:
    equations = []
    for text in texts:
        lhs, op, rhs = parse_relation(text, options)
        if any(isinstance(side, (sp.MatrixBase, sp.Tuple)) for side in (lhs, rhs)):
            raise ShapeError(f"'{text}' is not a scalar equation")
        equations.append(Equation(lhs.subs(point) if point else lhs, op, rhs.subs(point) if point else rhs))
    if not equations:
        raise InputError("give at least one equation")
    return equations


def choose_unknowns(equations: list[Equation], unknowns: str | Iterable[str] | None) -> tuple[tuple, bool]:
    """--for, else: one equation, its first symbol in natural order; a system, all its symbols."""
    free = natural_order(set().union(*(e.symbols for e in equations)))
    if unknowns is not None:
        names = parse_names(unknowns if isinstance(unknowns, str) else ",".join(unknowns), "--for")
        absent = [n for n in names if symbol(n) not in free]
        if absent and len(absent) == len(names):  # an unknown of a system that no equation holds is free, not a mistake
            occurring = ", ".join(s.name for s in free) or "none"
            raise InputError(f"--for names {absent[0]}, which does not occur in the {'equation' if len(equations) == 1 else 'system'} (its variables: {occurring})")
        return tuple(symbol(n) for n in names), False
    if not free:
        raise InputError("the equation has no unknowns")
    return (free[:1] if len(equations) == 1 else free), True


@validated
def solve(
    equations: str | Iterable[str],
    *,
    unknowns: str | Iterable[str] | None = None,
    domain: str = "reals",
    numeric_fallback: bool = False,
    start: str | Iterable[str] | None = None,
    interval: str | None = None,
    at: str | Iterable[str] | Mapping | None = None,
    functions: Iterable[str] = (),
    decimal_comma: bool = False,
    expect: str | None = None,
    tol: float = ANSWER_TOL,
    steps: bool = False,
) -> SolveResult:
    """Solve an equation, inequality or system over `domain`.

    >>> solve("1.2x/0.2 + 1.1y/0.1 = 26", unknowns="x").solutions
    ({x: 13/3 - 11*y/6},)
    """
    if domain not in DOMAINS:
        raise InputError(f"unknown domain '{domain}' (reals, complexes, integers, naturals or positive)")
    options = Options(tuple(functions), decimal_comma, declared(unknowns))
    texts = split_systems([equations] if isinstance(equations, str) else list(equations), options)
    raw = parse_equations(texts, options)
    free = set().union(*(e.symbols for e in raw))
    point = parse_point(at, free, options, within=[side for e in raw for side in (e.lhs, e.rhs)])
    eqs = parse_equations(texts, options, point) if point else raw
    chosen, assumed = choose_unknowns(eqs, unknowns)
    solution_set, engine = exact_solution(eqs, chosen, domain)
    status = status_of(solution_set)
    if engine == "diophantine" and solution_set.free_symbols:
        names = ", ".join(sorted(t.name for t in solution_set.free_symbols))
        options.note(f"{names} ∈ ℤ: every integer value gives a solution (all integer solutions are of this form)")
    period = one_period(eqs, chosen, solution_set)
    if period is not None:
        solution_set = wrapped(solution_set, period)  # the base of the family: n = 0
    if interval is not None and status == "solved" and len(chosen) == 1:
        from calcli.ops.roots import exact_interval

        window = exact_interval(interval, options)
        solution_set, period = within_interval(solution_set, period, window, "[" + interval.replace("..", ", ") + "]", options)
    found = None
    if status == "unsolved" and numeric_fallback:
        from calcli.ops.roots import numeric_roots

        found = numeric_roots([e.expr for e in eqs], chosen, domain, start, interval, options)
        engine = found.method
    elif status == "unsolved":
        options.note(
            f"no closed form was found for {'this equation' if len(eqs) == 1 else 'this system'}: "
            "add --numeric to find roots numerically (with --start x=... or --in a..b)"
        )
    solutions = found.solutions if found else finite_solutions(solution_set, chosen)
    if solutions and domain != "complexes" and engine != GAUSS_JORDAN:  # rational coefficients: defined everywhere
        solutions, solution_set = within_equations(eqs, solutions, solution_set, chosen, options)
    result = SolveResult(
        equations=tuple(eqs),
        unknowns=chosen,
        unknowns_assumed=assumed,
        domain=domain,
        status="solved" if found else status,
        solution_set=solution_set,
        period=period,
        solutions=solutions,
        numeric=tuple({k: numeric(v) for k, v in s.items()} for s in solutions) if solutions is not None else None,
        engine=engine,
        numeric_only=found is not None,
        at=point,
        complex_count=count_complex(eqs, chosen) if status == "no_solution" and domain == "reals" else 0,
        approx=tuple({k: sp.nfloat(v, 10, exponent=False) for k, v in s.items()} for s in solutions) if solutions is not None else None,
        sources=tuple(texts),
        readings=tuple(options.readings),
    )
    if steps:
        result = replace(result, steps=working_of(eqs, chosen, result, options), readings=tuple(options.readings))
    if expect is not None:
        from calcli.ops.solve_check import check_solutions

        result = result.with_check(check_solutions(expect, result, options, tol))
        result = replace(result, readings=tuple(options.readings))
    return result


MAX_WORKED_OPS = 150  # an equation longer than this is not one a course works by hand


def working_of(eqs: list[Equation], unknowns: tuple, result: SolveResult, options: Options):
    """--steps: the working a course writes for the problem's kind, shown only when its last line is the result."""
    from calcli.ops import solve_steps as how

    working = None
    small = all(sp.count_ops(e.expr) <= MAX_WORKED_OPS for e in eqs)  # working by hand: sympy's costs stay small
    if result.domain == "reals" and not result.numeric_only and small:
        one = len(eqs) == 1 and len(unknowns) == 1
        if all(e.op == "=" for e in eqs) and is_linear(eqs, unknowns) and not one:
            working = how.linear_steps(eqs, unknowns, result.sources)
        elif one and eqs[0].op == "=":
            x = unknowns[0]
            working = (
                how.polynomial_steps(eqs[0].lhs, eqs[0].rhs, x)
                or (how.linear_steps(eqs, unknowns, result.sources) if is_linear(eqs, unknowns) else None)
                or how.rational_steps(eqs[0], x)
                or how.radical_steps(eqs[0], x)
                or how.log_exp_steps(eqs[0], x)
                or how.trig_steps(eqs[0], x, sp.Symbol("n", integer=True))
            )
        elif one:
            working = how.inequality_steps(eqs[0], unknowns[0])
    if working is not None and not how.ends_at(working, result):
        working = None  # never show working that does not end at the answer
    if working is None:
        options.note(
            "no working shown: --steps works linear systems, and one equation or inequality in one unknown over the reals"
            " (polynomial, rational, with roots, logarithms, exponentials, or one sine, cosine or tangent)"
        )
    return working


def within_equations(eqs: list[Equation], solutions: tuple, solution_set, unknowns: tuple, options: Options):
    """Drop solutions at which an equation as written is undefined or not real (log(x) + log(x - 2) = log(3)
    has the root -1 of the polynomial it becomes, where log(x) is not real): each dropped one is noted."""
    kept = []
    for solution in solutions:
        sides = [side.xreplace(solution) for e in eqs for side in (e.lhs, e.rhs)]
        if all(is_real_value(s) is not False for s in sides):
            kept.append(solution)
        else:
            shown = ", ".join(f"{u.name} = {solution[u]}" for u in unknowns)
            options.note(f"{shown} dropped: an equation is undefined or not real there (outside its domain)")
    if len(kept) == len(solutions):
        return solutions, solution_set
    values = [s[unknowns[0]] if len(unknowns) == 1 else sp.Tuple(*(s[u] for u in unknowns)) for s in kept]
    return tuple(kept), (sp.FiniteSet(*values) if values else sp.S.EmptySet)


def is_real_value(value) -> bool | None:
    """False when value is undefined (zoo, nan) or certainly not real; None when undecided."""
    if value.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        return False
    if value.free_symbols:
        return None
    if value.is_real is not None:
        return value.is_real
    approx = approximate(value)
    return False if approx is not None and not_real(approx) else None


def split_systems(texts: list[str], options: Options) -> list[str]:
    """ "6x+11y=26; x-y=1" is two equations, as a student writes a system (';' or a line break between them)."""
    separators = "\n" if options.decimal_comma else ";\n"
    out = []
    for text in texts:
        parts = [text]
        for sep in separators:
            parts = [piece for part in parts for piece in part.split(sep)]
        out += [p for p in parts if p.strip()] or [text]
    return out


def short(value) -> str:
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def odd_root_of_unknown(eqs: list[Equation], unknowns: tuple):
    """(q, t) when one unknown x occurs under real roots of one order q only as cbrt(x) itself."""
    roots = set().union(*(side.atoms(RealRoot) for e in eqs for side in (e.lhs, e.rhs)))
    if len(unknowns) != 1 or len(roots) != 1:
        return None
    (root,) = roots
    base, q = root.args
    return (q, sp.Dummy("t", real=True)) if base == unknowns[0] else None


def is_linear(eqs: list[Equation], unknowns: tuple) -> bool:
    return linear_form(eqs, unknowns) is not None


def linear_form(eqs: list[Equation], unknowns: tuple):
    """(A, b) with A·x = b the system, or None when it is not linear in the unknowns."""
    if (numeric := numeric_linear_form(eqs, unknowns)) is not None:
        return numeric
    try:
        return sp.linear_eq_to_matrix([e.expr for e in eqs], list(unknowns))
    except (NonlinearError, ValueError, TypeError):
        return None


def numeric_linear_form(eqs: list[Equation], unknowns: tuple):
    """(A, b) read off the terms of each side when every term is a number times an unknown, or a number
    (a system from a discretisation: ten times faster than subtracting the sides and expanding); else None."""
    index = {u: j for j, u in enumerate(unknowns)}
    rows, rhs = [], []
    for e in eqs:
        row, constant = [sp.S.Zero] * len(unknowns), sp.S.Zero
        for side, sign in ((e.lhs, 1), (e.rhs, -1)):
            for term in sp.Add.make_args(side):
                coefficient, rest = term.as_coeff_Mul()
                if rest == 1:
                    constant += sign * coefficient
                elif rest in index and coefficient.is_Rational:
                    row[index[rest]] += sign * coefficient
                else:
                    return None
        rows.append(row)
        rhs.append(-constant)
    return sp.Matrix(rows), sp.Matrix(rhs)


def exact_solution(eqs: list[Equation], unknowns: tuple, domain: str):
    """(a sympy set — of values for one unknown, of tuples for several — and the engine's name)."""
    if domain != "complexes" and (root := odd_root_of_unknown(eqs, unknowns)) is not None:
        q, t = root  # x = t^q is one-to-one on the reals: solve for t, where sympy's solvers see a polynomial
        inner = [e.map(lambda side: side.xreplace({RealRoot(unknowns[0], q): t}).xreplace({unknowns[0]: t**q})) for e in eqs]
        values, engine = exact_solution(inner, (t,), "reals")
        return restrict(sp.imageset(sp.Lambda(t, t**q), values), unknowns, domain), f"{engine}, with {unknowns[0]} = t^{q}"
    if any(e.has_root() for e in eqs):
        result, engine = exact_solution([e.solvable() for e in eqs], unknowns, domain)
        if result is sp.S.EmptySet:  # sympy finds no root of |x|^(2/3) = 4: an empty answer here is not a proof
            return unsolved(eqs, unknowns, DOMAINS["reals"]), f"{engine} (found none, which is not proved here)"
        return result, engine
    if any(e.op != "=" for e in eqs):
        return inequality_solution(eqs, unknowns, domain), "solveset (inequalities)"
    field = DOMAINS["complexes" if domain == "complexes" else "reals"]
    try:
        if domain == "integers" and len(eqs) == 1 and len(unknowns) > 1 and is_linear(eqs, unknowns):
            return linear_diophantine(eqs[0].expr, unknowns), "diophantine"
        linear = linear_form(eqs, unknowns)
        if linear is not None and len(unknowns) >= LARGE_SYSTEM and (exact := rational_system(*linear)) is not None:
            result, engine = exact, GAUSS_JORDAN
        elif linear is not None:
            result, engine = sp.linsolve([e.expr for e in eqs], list(unknowns)), "linsolve"
            if len(unknowns) == 1 and isinstance(result, sp.FiniteSet):
                result = sp.FiniteSet(*(t[0] for t in result))
                if result == sp.FiniteSet(unknowns[0]):  # an identity such as x = x: every value
                    result = field
        elif len(unknowns) == 1 and len(eqs) == 1:
            result, engine = sp.solveset(eqs[0].expr, unknowns[0], field), "solveset"
        elif (stepwise := triangular([e.expr for e in eqs], unknowns, field)) is not None:
            result, engine = stepwise, "solveset, one unknown at a time"
        else:
            result, engine = sp.nonlinsolve([e.expr for e in eqs], list(unknowns)), "nonlinsolve"
            if not all_satisfy(result, eqs, unknowns):  # nonlinsolve can drop an equation: never pass that on
                return unsolved(eqs, unknowns, field), "nonlinsolve (its answer failed the check, so it is not used)"
    except (NotImplementedError, ValueError, TypeError, AttributeError) as exc:  # AttributeError: sympy's own bugs
        return unsolved(eqs, unknowns, field), f"gave up ({type(exc).__name__})"
        return unsolved(eqs, unknowns, field), f"gave up ({type(exc).__name__})"
    return restrict(result, unknowns, domain), engine


LARGE_SYSTEM = 10  # unknowns: from here a linear system with rational coefficients skips linsolve's rational arithmetic
GAUSS_JORDAN = "fraction-free Gauss-Jordan over the integers (DomainMatrix)"


def rational_system(matrix, rhs):
    """A·x = b with rational coefficients by fraction-free Gauss-Jordan over the integers (sympy's
    DomainMatrix.rref_den; six times linsolve's speed on 100 unknowns): its one solution, or no solution;
    None for anything else (a family of solutions, symbolic coefficients), which linsolve describes."""
    from sympy.polys.matrices import DomainMatrix

    augmented = DomainMatrix.from_Matrix(matrix.row_join(rhs))
    if augmented.domain not in (sp.ZZ, sp.QQ):
        return None
    reduced, denominator, pivots = augmented.rref_den()
    n = matrix.cols
    if n in pivots:  # a row 0 = c with c not zero
        return sp.S.EmptySet
    if len(pivots) < n:
        return None
    entries, scale = reduced.to_Matrix(), reduced.domain.to_sympy(denominator)
    return sp.FiniteSet(sp.Tuple(*(entries[i, n] / scale for i in range(n))))


def linear_diophantine(expr, unknowns: tuple):
    """The integer solutions of one linear equation (complete: empty when the gcd does not divide),
    as tuples in the integer parameters t_0, t_1, ..."""
    numerator = sp.fraction(sp.together(expr))[0]
    solutions = sp.diophantine(sp.expand(numerator), syms=unknowns)
    if not solutions:
        return sp.S.EmptySet
    parameters = sorted(set().union(*(sp.Tuple(*s).free_symbols for s in solutions)) - set(unknowns), key=str)
    integer = {t: sp.Symbol(t.name, integer=True) for t in parameters}
    return sp.FiniteSet(*(sp.Tuple(*s).xreplace(integer) for s in solutions))


def triangular(exprs: list, unknowns: tuple, field):
    """A system where some equation has one unknown (y = 2, y = exp(x), then sin(x) = 1/2): solve it,
    substitute each value, and go on with the rest. The set of solution tuples (a list, or families
    such as {(2nπ + π/6, 1/2) | n ∈ ℤ} from the last unknown), or None when that does not finish it."""
    if not exprs:
        return sp.FiniteSet(sp.Tuple())
    if no_common_root(exprs, unknowns, field):
        return sp.S.EmptySet
    for i, expr in enumerate(exprs):
        present = [u for u in unknowns if expr.has(u)]
        if len(present) != 1:
            continue
        (u,) = present
        values = sp.solveset(expr, u, field)
        if values is sp.S.EmptySet:
            return values  # an equation in one unknown with no solution: the system has none
        rest = [e for j, e in enumerate(exprs) if j != i]
        others = tuple(v for v in unknowns if v != u)
        if not isinstance(values, sp.FiniteSet):
            if others or rest or not periodic_family(values):
                return None
            return map_tuples(values, lambda value: sp.Tuple(value))
        parts = []
        for value in values:
            remaining = [e.xreplace({u: value}) for e in rest]
            if any(r.is_number and r != 0 for r in remaining):
                continue  # this value contradicts another equation
            below = triangular([r for r in remaining if r != 0], others, field)
            if below is None or not tuples_of(below, len(others)):
                return None  # not finished, or an unknown left undetermined: a family, not a list
            parts.append(map_tuples(below, lambda t, value=value: sp.Tuple(*(value if v == u else t[others.index(v)] for v in unknowns))))
        return sp.Union(*parts) if parts else sp.S.EmptySet
    return None


def no_common_root(exprs: list, unknowns: tuple, field) -> bool:
    """Proved: the equations in one same unknown have no common root once their never-zero factors are set
    aside (exp(x)*cos(y) = 0 and exp(x)*sin(y) = 0: cos and sin are never zero together). Setting a factor
    aside can only add roots (where it is undefined), so an empty intersection is a proof; a set sympy
    cannot describe (a ConditionSet) proves nothing."""
    cores: dict = {}
    for expr in exprs:
        factors = sp.Mul.make_args(sp.factor_terms(expr))
        # the unknowns are declared real: "never zero" is only known over the reals
        core = sp.Mul(*(f for f in factors if f.is_zero is not False)) if field == sp.S.Reals else expr
        present = [u for u in unknowns if core.has(u)]
        if not present and core.is_zero is False:
            return True  # a nonzero constant = 0
        if len(present) == 1:
            cores.setdefault(present[0], []).append(core)
    for u, group in cores.items():
        if len(group) < 2:
            continue  # one equation alone: triangular() solves it, and says when it has no root
        sets = [sp.solveset(core, u, field) for core in group]
        if not any(isinstance(s, sp.ConditionSet) for s in sets) and sp.Intersection(*sets) is sp.S.EmptySet:
            return True
    return False


def periodic_family(values) -> bool:
    """A union of integer-indexed families, as solveset gives for sin(x) = 1/2."""
    parts = values.args if isinstance(values, sp.Union) else (values,)
    return all(isinstance(p, sp.ImageSet) and p.base_sets == (sp.S.Integers,) or isinstance(p, sp.FiniteSet) for p in parts)


def map_tuples(solutions, build):
    """`build` applied to every element of a finite list, an integer-indexed family or a union of them."""
    if isinstance(solutions, sp.Union):
        return sp.Union(*(map_tuples(part, build) for part in solutions.args))
    if isinstance(solutions, sp.ImageSet):
        lam = solutions.lamda
        return sp.ImageSet(sp.Lambda(lam.variables, build(lam.expr)), *solutions.base_sets)
    return sp.FiniteSet(*(build(t) for t in solutions))


def tuples_of(solutions, size: int) -> bool:
    parts = solutions.args if isinstance(solutions, sp.Union) else (solutions,)
    return all(len(p.lamda.expr if isinstance(p, sp.ImageSet) else t) == size for p in parts for t in ((p.lamda.expr,) if isinstance(p, sp.ImageSet) else p))


def unsolved(eqs: list[Equation], unknowns: tuple, field):
    return sp.ConditionSet(unknowns[0], sp.Eq(eqs[0].expr, 0), field)


def all_satisfy(result, eqs: list[Equation], unknowns: tuple) -> bool:
    """Every tuple of a finite result satisfies every equation (proved, or not refuted numerically)."""
    from calcli.ops.check import compare

    if not isinstance(result, sp.FiniteSet):
        return True
    for item in result:
        values = dict(zip(unknowns, item))
        for e in eqs:
            residual = e.expr.xreplace(values)
            if compare(residual, sp.Integer(0), sorted(residual.free_symbols, key=str)).verdict == "different":
                return False
    return True


def inequality_solution(eqs: list[Equation], unknowns: tuple, domain: str):
    if len(unknowns) != 1:
        raise InputError("inequalities are solved for one unknown; name it with --for")
    x = unknowns[0]
    field = DOMAINS["reals"]
    result = field
    for e in eqs:
        part = sp.solveset(e.relational() if e.op != "=" else sp.Eq(e.lhs, e.rhs), x, field)
        result = sp.Intersection(result, part)
    return restrict(result, unknowns, domain)


def one_period(eqs: list[Equation], unknowns: tuple, solution_set):
    """The period, when sympy solved a periodic inequality on one period only (cos(x) >= 1/2 gives [0, π/3] ∪
    [5π/3, 2π), not the union over every period); else None."""
    if len(unknowns) != 1 or all(e.op == "=" for e in eqs) or solution_set in (sp.S.EmptySet, sp.S.Reals):
        return None
    try:
        periods = {sp.periodicity(e.expr, unknowns[0]) for e in eqs}
    except (NotImplementedError, ValueError, TypeError, AttributeError):
        return None
    if len(periods) != 1 or None in periods:
        return None
    period = periods.pop()
    return period if solution_set.is_subset(sp.Interval(0, period)) else None


def within_interval(solution_set, period, window: sp.Interval, shown: str, options: Options):
    """The solutions in --in's interval (sin x = 1/2 on [0, 2π): π/6 and 5π/6), of a periodic family too."""
    cut = within(solution_set, period, window) if period is not None else sp.Intersection(solution_set, window)
    if cut is None or cut.has(sp.ImageSet) or isinstance(cut, (sp.Intersection, sp.ConditionSet)):
        options.note(f"the solutions could not be cut to {shown}: these are all of them")
        return solution_set, period
    options.note(f"the solutions in {shown} only (--in)")
    return cut, None


def restrict(result, unknowns: tuple, domain: str):
    """Keep the solutions that lie in the domain (componentwise for tuples)."""
    if domain == "complexes" and len(unknowns) == 1:
        return result
    target = DOMAINS[domain]
    if len(unknowns) == 1:
        if domain == "reals" and isinstance(result, sp.Intersection) and listed(result) is not None:
            result = listed(result)  # sympy's ℝ ∩ {roots written with i}: decide each root (x^4 + x + 1 has none)
        elif domain == "reals":
            return result
        if not isinstance(result, sp.FiniteSet):
            return sp.Intersection(result, target)
        verdicts = [(v, in_domain(v, target)) for v in result]
        kept = sp.FiniteSet(*(real_value(v) or v if target.is_subset(sp.S.Reals) else v for v, inside in verdicts if inside))
        undecided = sp.FiniteSet(*(v for v, inside in verdicts if inside is None))
        return kept if undecided is sp.S.EmptySet else sp.Union(kept, sp.Intersection(undecided, target, evaluate=False))
    if not isinstance(result, sp.FiniteSet):
        return result
    kept = [t for t in result if all(in_domain(v, target) is not False for v in t)]
    return sp.FiniteSet(*kept) if kept else sp.S.EmptySet


def in_domain(value, target):
    """True or False when decidable, None when not (symbols remain, or sympy cannot tell).

    sympy cannot tell whether CRootOf(x^5 - x + 1, 0) is an integer; a 30-digit value that is
    far from every integer (or not real) decides it, with room to spare for its error bound."""
    if value.free_symbols:
        return None
    approx = approximate(value)
    if approx is not None and target.is_subset(sp.S.Reals) and not_real(approx):
        return False  # not real, whatever sympy's assumptions say (it calls x^4 + x + 1's complex roots real)
    verdict = target.contains(value)
    if not isinstance(verdict, sp.Contains):
        return bool(verdict)
    if approx is None:
        return None
    if target in (sp.S.Integers, sp.S.Naturals0) and abs(approx.real - round(approx.real)) > 1e-20:
        return False
    return None


def status_of(solution_set) -> str:
    if solution_set is sp.S.EmptySet:
        return "no_solution"
    if solution_set.has(sp.ConditionSet) or isinstance(solution_set, sp.ConditionSet):
        return "unsolved"
    return "solved"


def listed(solution_set):
    """The finite list inside a set: the set itself, or the list of Intersection({...}, domain),
    which is how sympy says 'these, where they lie in the domain' when parameters remain."""
    if isinstance(solution_set, sp.FiniteSet):
        return solution_set
    if isinstance(solution_set, sp.Intersection) and len(solution_set.args) == 2:
        finite = [a for a in solution_set.args if isinstance(a, sp.FiniteSet)]
        domain = [a for a in solution_set.args if a in DOMAINS.values()]
        if finite and domain:
            return finite[0]
    return None


def finite_solutions(solution_set, unknowns: tuple):
    """[{unknown: value}] when the set is a finite list; None for intervals and infinite families."""
    if solution_set is sp.S.EmptySet:
        return ()
    solution_set = listed(solution_set)
    if solution_set is None:
        return None
    out = []
    for item in solution_set:
        values = tuple(item) if isinstance(item, sp.Tuple) else (item,)
        out.append({u: tidy(v) for u, v in zip(unknowns, values)})
    return tuple(sorted(out, key=order_key) if all(order_key(s) is not None for s in out) else out)


def order_key(solution: dict):
    """Real numeric solutions are listed from the smallest up; None when that order does not exist."""
    values = [numeric(v) for v in solution.values()]
    return None if any(v is None or isinstance(v, complex) for v in values) else values


def count_complex(eqs: list[Equation], unknowns: tuple) -> int:
    """How many complex solutions there are when there is no real one (for the hint)."""
    try:
        complex_set, _ = exact_solution(eqs, unknowns, "complexes")
    except Exception:  # only a hint: never let it fail the command
        return 0
    return len(complex_set) if isinstance(complex_set, sp.FiniteSet) else 0

"""The exact solution set of equations, inequalities and systems, by kind: a real odd root made a
power, an inequality, one linear equation over the integers, a linear system (linsolve, or
fraction-free Gauss-Jordan when it is large), one equation in one unknown (solveset), a system
with an equation in one unknown solved a step at a time, and nonlinsolve for the rest, whose
answer is checked. Then the solutions kept to the domain."""

from __future__ import annotations

import sympy as sp
from sympy.solvers.solveset import NonlinearError

from calcli.errors import InputError
from calcli.ops.equations import DOMAINS, Equation
from calcli.ops.realness import approximate, not_real, real_value
from calcli.parsing.functions import RealRoot


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
    """(A, b) read off the terms of each side when every term is a number times an unknown, or a
    number (a system from a discretisation: ten times faster than subtracting the sides and
    expanding); else None."""
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
        return odd_root_solution(eqs, unknowns, domain, *root)
    if any(e.has_root() for e in eqs):
        result, engine = exact_solution([e.solvable() for e in eqs], unknowns, domain)
        # sympy finds no root of |x|^(2/3) = 4: an empty answer here is not a proof
        if result is sp.S.EmptySet:
            return unsolved(eqs, unknowns, DOMAINS["reals"]), (
                f"{engine} (found none, which is not proved here)"
            )
        return result, engine
    if any(e.op != "=" for e in eqs):
        return inequality_solution(eqs, unknowns, domain), "solveset (inequalities)"
    field = DOMAINS["complexes" if domain == "complexes" else "reals"]
    try:
        if (
            domain == "integers"
            and len(eqs) == 1
            and len(unknowns) > 1
            and is_linear(eqs, unknowns)
        ):
            return linear_diophantine(eqs[0].expr, unknowns), "diophantine"
        result, engine = equations_solution(eqs, unknowns, field)
        # it can drop an equation
        if engine == "nonlinsolve" and not all_satisfy(result, eqs, unknowns):
            return unsolved(eqs, unknowns, field), (
                "nonlinsolve (its answer failed the check, so it is not used)"
            )
    # AttributeError: sympy's own bugs
    except (NotImplementedError, ValueError, TypeError, AttributeError) as exc:
        return unsolved(eqs, unknowns, field), f"gave up ({type(exc).__name__})"
    return restrict(result, unknowns, domain), engine


def odd_root_solution(eqs: list[Equation], unknowns: tuple, domain: str, q: int, t):
    """x = t^q is one-to-one on the reals: solve for t, where sympy's solvers see a polynomial."""
    x = unknowns[0]
    inner = [
        e.map(lambda side: side.xreplace({RealRoot(x, q): t}).xreplace({x: t**q})) for e in eqs
    ]
    values, engine = exact_solution(inner, (t,), "reals")
    return restrict(
        sp.imageset(sp.Lambda(t, t**q), values), unknowns, domain
    ), f"{engine}, with {x} = t^{q}"


def equations_solution(eqs: list[Equation], unknowns: tuple, field):
    """Equations (no inequality) over the reals or complexes: the engine for their kind."""
    linear = linear_form(eqs, unknowns)
    if linear is not None:
        return linear_solution(eqs, unknowns, field, linear)
    if len(unknowns) == 1 and len(eqs) == 1:
        return sp.solveset(eqs[0].expr, unknowns[0], field), "solveset"
    if (stepwise := triangular([e.expr for e in eqs], unknowns, field)) is not None:
        return stepwise, "solveset, one unknown at a time"
    return sp.nonlinsolve([e.expr for e in eqs], list(unknowns)), "nonlinsolve"


def linear_solution(eqs: list[Equation], unknowns: tuple, field, linear):
    """A linear system: by fraction-free Gauss-Jordan when it is large, else linsolve (families
    as such)."""
    if len(unknowns) >= LARGE_SYSTEM and (exact := rational_system(*linear)) is not None:
        return exact, GAUSS_JORDAN
    result = sp.linsolve([e.expr for e in eqs], list(unknowns))
    if len(unknowns) == 1 and isinstance(result, sp.FiniteSet):
        result = sp.FiniteSet(*(t[0] for t in result))
        if result == sp.FiniteSet(unknowns[0]):  # an identity such as x = x: every value
            result = field
    return result, "linsolve"


# unknowns: from here a linear system with rational coefficients skips linsolve's rational
# arithmetic
LARGE_SYSTEM = 10
GAUSS_JORDAN = "fraction-free Gauss-Jordan over the integers (DomainMatrix)"


def rational_system(matrix, rhs):
    """A·x = b with rational coefficients by fraction-free Gauss-Jordan over the integers
    (sympy's DomainMatrix.rref_den; six times linsolve's speed on 100 unknowns): its one
    solution, or no solution; None for anything else (a family of solutions, symbolic
    coefficients), which linsolve describes."""
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
    parameters = sorted(
        set().union(*(sp.Tuple(*s).free_symbols for s in solutions)) - set(unknowns), key=str
    )
    integer = {t: sp.Symbol(t.name, integer=True) for t in parameters}
    return sp.FiniteSet(*(sp.Tuple(*s).xreplace(integer) for s in solutions))


def triangular(exprs: list, unknowns: tuple, field):
    """A system where some equation has one unknown (y = 2, y = exp(x), then sin(x) = 1/2): solve
    it, substitute each value, and go on with the rest. The set of solution tuples (a list, or
    families such as {(2nπ + π/6, 1/2) | n ∈ ℤ} from the last unknown), or None when that does
    not finish it."""
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
        if not isinstance(values, sp.FiniteSet):
            last = len(unknowns) == 1 and not rest and periodic_family(values)
            return map_tuples(values, lambda value: sp.Tuple(value)) if last else None
        return substituted(values, u, rest, unknowns, field)
    return None


def substituted(values, u, rest: list, unknowns: tuple, field):
    """triangular's next step: each value of u put into the other equations, which are then
    solved for the other unknowns; None when one of them is not finished or leaves an unknown
    undetermined (a family)."""
    others = tuple(v for v in unknowns if v != u)
    parts = []
    for value in values:
        remaining = [e.xreplace({u: value}) for e in rest]
        if any(r.is_number and r != 0 for r in remaining):
            continue  # this value contradicts another equation
        below = triangular([r for r in remaining if r != 0], others, field)
        if below is None or not tuples_of(below, len(others)):
            return None
        parts.append(
            map_tuples(
                below,
                lambda t, value=value: sp.Tuple(
                    *(value if v == u else t[others.index(v)] for v in unknowns)
                ),
            )
        )
    return sp.Union(*parts) if parts else sp.S.EmptySet


def no_common_root(exprs: list, unknowns: tuple, field) -> bool:
    """Proved: the equations in one same unknown have no common root once their never-zero
    factors are set aside (exp(x)*cos(y) = 0 and exp(x)*sin(y) = 0: cos and sin are never zero
    together). Setting a factor aside can only add roots (where it is undefined), so an empty
    intersection is a proof; a set sympy cannot describe (a ConditionSet) proves nothing."""
    cores: dict = {}
    for expr in exprs:
        factors = sp.Mul.make_args(sp.factor_terms(expr))
        # the unknowns are declared real: "never zero" is only known over the reals
        core = (
            sp.Mul(*(f for f in factors if f.is_zero is not False)) if field == sp.S.Reals else expr
        )
        present = [u for u in unknowns if core.has(u)]
        if not present and core.is_zero is False:
            return True  # a nonzero constant = 0
        if len(present) == 1:
            cores.setdefault(present[0], []).append(core)
    for u, group in cores.items():
        if len(group) < 2:
            continue  # one equation alone: triangular() solves it, and says when it has no root
        sets = [sp.solveset(core, u, field) for core in group]
        if (
            not any(isinstance(s, sp.ConditionSet) for s in sets)
            and sp.Intersection(*sets) is sp.S.EmptySet
        ):
            return True
    return False


def periodic_family(values) -> bool:
    """A union of integer-indexed families, as solveset gives for sin(x) = 1/2."""
    parts = values.args if isinstance(values, sp.Union) else (values,)
    return all(
        isinstance(p, sp.ImageSet)
        and p.base_sets == (sp.S.Integers,)
        or isinstance(p, sp.FiniteSet)
        for p in parts
    )


def map_tuples(solutions, build):
    """`build` applied to every element of a finite list, an integer-indexed family or a union of
    them."""
    if isinstance(solutions, sp.Union):
        return sp.Union(*(map_tuples(part, build) for part in solutions.args))
    if isinstance(solutions, sp.ImageSet):
        lam = solutions.lamda
        return sp.ImageSet(sp.Lambda(lam.variables, build(lam.expr)), *solutions.base_sets)
    return sp.FiniteSet(*(build(t) for t in solutions))


def tuples_of(solutions, size: int) -> bool:
    parts = solutions.args if isinstance(solutions, sp.Union) else (solutions,)
    return all(
        len(p.lamda.expr if isinstance(p, sp.ImageSet) else t) == size
        for p in parts
        for t in ((p.lamda.expr,) if isinstance(p, sp.ImageSet) else p)
    )


def unsolved(eqs: list[Equation], unknowns: tuple, field):
    return sp.ConditionSet(unknowns[0], sp.Eq(eqs[0].expr, 0), field)


def all_satisfy(result, eqs: list[Equation], unknowns: tuple) -> bool:
    """Every tuple of a finite result satisfies every equation (proved, or not refuted
    numerically)."""
    from calcli.ops.check import compare

    if not isinstance(result, sp.FiniteSet):
        return True
    for item in result:
        values = dict(zip(unknowns, item))
        for e in eqs:
            residual = e.expr.xreplace(values)
            if (
                compare(residual, sp.Integer(0), sorted(residual.free_symbols, key=str)).verdict
                == "different"
            ):
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


def restrict(result, unknowns: tuple, domain: str):
    """Keep the solutions that lie in the domain (componentwise for tuples)."""
    if domain == "complexes" and len(unknowns) == 1:
        return result
    target = DOMAINS[domain]
    if len(unknowns) == 1:
        return restrict_values(result, domain, target)
    if not isinstance(result, sp.FiniteSet):
        return result
    kept = [t for t in result if all(in_domain(v, target) is not False for v in t)]
    return sp.FiniteSet(*kept) if kept else sp.S.EmptySet


def restrict_values(result, domain: str, target):
    """restrict for one unknown: each listed value decided, the undecided ones kept with the
    domain."""
    if domain == "reals" and isinstance(result, sp.Intersection) and listed(result) is not None:
        # sympy's ℝ ∩ {roots written with i}: decide each root (x^4 + x + 1 has none)
        result = listed(result)
    elif domain == "reals":
        return result
    if not isinstance(result, sp.FiniteSet):
        return sp.Intersection(result, target)
    verdicts = [(v, in_domain(v, target)) for v in result]
    real = target.is_subset(sp.S.Reals)
    kept = sp.FiniteSet(*(real_value(v) or v if real else v for v, inside in verdicts if inside))
    undecided = sp.FiniteSet(*(v for v, inside in verdicts if inside is None))
    return (
        kept
        if undecided is sp.S.EmptySet
        else sp.Union(kept, sp.Intersection(undecided, target, evaluate=False))
    )


def in_domain(value, target):
    """True or False when decidable, None when not (symbols remain, or sympy cannot tell).

    sympy cannot tell whether CRootOf(x^5 - x + 1, 0) is an integer; a 30-digit value that is
    far from every integer (or not real) decides it, with room to spare for its error bound."""
    if value.free_symbols:
        return None
    approx = approximate(value)
    if approx is not None and target.is_subset(sp.S.Reals) and not_real(approx):
        # not real, whatever sympy's assumptions say (it calls x^4 + x + 1's complex roots real)
        return False
    verdict = target.contains(value)
    if not isinstance(verdict, sp.Contains):
        return bool(verdict)
    if approx is None:
        return None
    if target in (sp.S.Integers, sp.S.Naturals0) and abs(approx.real - round(approx.real)) > 1e-20:
        return False
    return None


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

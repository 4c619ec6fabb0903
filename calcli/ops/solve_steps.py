"""solve --steps, as a course works each kind of problem over the reals:
- a polynomial equation: everything on one side, fractions cleared, factored, each factor solved
  (isolated, by the discriminant and the quadratic formula, or its real roots);
- a linear system: elimination, a pivot at a time (one equation: the unknown isolated);
- an inequality: the critical points, the sign on each interval at a test point, the union;
- equations solved by isolating and inverting (roots, logarithms and exponentials, one trig
  function, rational equations): calcli.ops.inverse_steps.
The working is shown only when its last line is the answer computed (ends_at); other problems get
a note."""

from __future__ import annotations

import sympy as sp
from sympy.solvers.solveset import NonlinearError

from calcli.printing import inline as shown
from calcli.printing import set_text
from calcli.results import SolveSteps


def polynomial_steps(lhs, rhs, x) -> SolveSteps | None:
    """The working for lhs = rhs, or None when it is not a polynomial equation with rational
    coefficients."""
    side = sp.expand(lhs - rhs)
    try:
        poly = sp.Poly(side, x)
    except sp.PolynomialError:
        return None
    if poly.degree() < 1 or not (poly.domain.is_QQ or poly.domain.is_ZZ):
        return None
    rows = [("everything on one side", sp.Eq(side, 0, evaluate=False))]
    denominator = sp.ilcm(*[sp.Rational(c).q for c in poly.all_coeffs()])
    if denominator != 1:
        side = sp.expand(side * denominator)
        rows.append(
            (f"clear the fractions: multiply by {denominator}", sp.Eq(side, 0, evaluate=False))
        )
    constant, factors = sp.factor_list(side, x)
    product = sp.Mul(constant, *(f**m for f, m in factors))
    if len(factors) > 1 or any(m > 1 for _, m in factors):
        rows.append(("factor", sp.Eq(product, 0, evaluate=False)))
    roots = []
    for factor, _ in factors:
        words, found = factor_roots(factor, x)
        real_here = sorted((r for r in found if r.is_real), key=lambda r: float(r))
        rows.append((f"{shown(factor)} = 0: {words}", sp.FiniteSet(*real_here)))
        roots += real_here
    real = sorted(dict.fromkeys(roots), key=lambda r: float(r))
    rows.append(("the real solutions", sp.FiniteSet(*real)))
    return SolveSteps(unknown=x, rows=tuple(rows))


def factor_roots(factor, x) -> tuple[str, list]:
    """How one factor is solved, in words, and its roots (real and complex)."""
    poly = sp.Poly(factor, x)
    if poly.degree() == 1:
        a, b = poly.all_coeffs()
        return "linear, isolate " + x.name, [-b / a]
    if poly.degree() == 2:
        a, b, c = poly.all_coeffs()
        d = b**2 - 4 * a * c
        kind = "two real roots" if d > 0 else "one double root" if d == 0 else "no real root"
        return (
            f"quadratic, b² − 4ac = {shown(d)}: {kind}, {x} = (−b ± √(b² − 4ac))/(2a)",
            found_roots(factor, x),
        )
    return f"degree {poly.degree()}, no rational factor: its real roots", found_roots(factor, x)


def found_roots(factor, x) -> list:
    poly = sp.Poly(factor, x)
    if poly.degree() <= 2:
        return list(sp.roots(poly, multiple=True))
    return list(sp.real_roots(poly))


# --- linear equations and systems -----------------------------------------------------------------


def linear_steps(eqs, unknowns: tuple, written: tuple) -> SolveSteps | None:
    """A linear system with rational coefficients, by elimination: each pivot's row operations
    and the system they give, ending at the solution (free unknowns left as parameters); None for
    anything else."""
    try:
        matrix, rhs = sp.linear_eq_to_matrix([e.lhs - e.rhs for e in eqs], list(unknowns))
    except (ValueError, sp.PolynomialError, NonlinearError):
        return None
    augmented = matrix.row_join(rhs)
    # other letters may be in the constant
    if len(eqs) == 1 and all(entry.is_Rational for entry in matrix):
        return isolate_steps(
            [(read_words(written), sp.Eq(eqs[0].lhs, eqs[0].rhs, evaluate=False))],
            augmented,
            unknowns,
        )
    if (
        not all(entry.is_Rational for entry in augmented)
        or len(eqs) > MAX_ROWS
        or len(unknowns) > MAX_ROWS
    ):
        return None
    rows = [(read_words(written), system_of(augmented, unknowns))]
    rank = 0
    for col, u in enumerate(unknowns):
        pivot = next((r for r in range(rank, augmented.rows) if augmented[r, col] != 0), None)
        if pivot is None:
            continue
        augmented, ops = eliminated(augmented, rank, col, pivot)
        if ops:
            rows.append((f"eliminate {u.name}: " + "; ".join(ops), system_of(augmented, unknowns)))
        rank += 1
    return SolveSteps(unknown=unknowns[0], rows=(*rows, last_row(augmented, unknowns)))


def eliminated(augmented, rank: int, col: int, pivot: int) -> tuple:
    """One pivot of Gauss-Jordan elimination: (the matrix after it, its row operations in words)."""
    ops = []
    if pivot != rank:
        augmented = augmented.elementary_row_op("n<->m", row1=rank, row2=pivot)
        ops.append(f"swap equations {rank + 1} and {pivot + 1}")
    if augmented[rank, col] != 1:
        ops.append(f"divide equation {rank + 1} by {shown(augmented[rank, col])}")
        augmented = augmented.elementary_row_op("n->kn", row=rank, k=1 / augmented[rank, col])
    for r in range(augmented.rows):
        k = augmented[r, col]
        if r != rank and k != 0:
            times = "" if abs(k) == 1 else f"{shown(abs(k))}·"
            ops.append(f"E{r + 1} → E{r + 1} {'−' if k > 0 else '+'} {times}E{rank + 1}")
            augmented = augmented.elementary_row_op("n->n+km", row=r, k=-k, row2=rank)
    return augmented, ops


# a system written row by row: beyond six equations the working is longer than it helps
MAX_ROWS = 6


def read_words(written: tuple) -> str:
    if any("." in text for text in written):
        return "the equations read exactly (decimals as fractions), each side collected"
    return (
        "the equations, each side collected"
        if len(written) > 1
        else ("the equation, each side collected")
    )


def system_of(augmented, unknowns: tuple):
    """The rows of an augmented matrix as equations: 6*x + 11*y = 26."""
    rows = []
    for r in range(augmented.rows):
        lhs = sum((augmented[r, c] * u for c, u in enumerate(unknowns)), sp.S.Zero)
        rows.append(sp.Eq(lhs, augmented[r, -1], evaluate=False))
    return sp.Tuple(*rows) if len(rows) > 1 else rows[0]


def isolate_steps(rows: list, augmented, unknowns: tuple) -> SolveSteps | None:
    """One linear equation in several unknowns: the first unknown isolated, the rest free."""
    col = next((c for c in range(len(unknowns)) if augmented[0, c] != 0), None)
    if col is None:
        return None
    u, a = unknowns[col], augmented[0, col]
    rest = augmented[0, -1] - sum(
        (augmented[0, c] * v for c, v in enumerate(unknowns) if c != col), sp.S.Zero
    )
    rows.append(
        (f"collect: keep the {u.name} term on the left", sp.Eq(a * u, rest, evaluate=False))
    )
    if a != 1:
        rows.append((f"divide by {shown(a)}", sp.Eq(u, sp.expand(rest / a), evaluate=False)))
    return SolveSteps(
        unknown=u,
        rows=(
            *rows,
            (
                "the solution: " + free_words(unknowns, {u}),
                sp.Eq(u, sp.expand(rest / a), evaluate=False),
            ),
        ),
    )


def last_row(augmented, unknowns: tuple) -> tuple:
    """The solution the reduced system states, or that it has none (a row 0 = c)."""
    for r in range(augmented.rows):
        if all(augmented[r, c] == 0 for c in range(len(unknowns))) and augmented[r, -1] != 0:
            return (
                f"equation {r + 1} reads 0 = {shown(augmented[r, -1])}: no solution",
                sp.S.EmptySet,
            )
    solved, values = set(), []
    for r in range(augmented.rows):
        col = next((c for c in range(len(unknowns)) if augmented[r, c] != 0), None)
        if col is None:
            continue
        u = unknowns[col]
        value = augmented[r, -1] - sum(
            (augmented[r, c] * v for c, v in enumerate(unknowns) if c != col), sp.S.Zero
        )
        solved.add(u)
        values.append(sp.Eq(u, sp.expand(value), evaluate=False))
    return (
        "the solution: " + free_words(unknowns, solved),
        sp.Tuple(*values) if len(values) > 1 else values[0],
    )


def free_words(unknowns: tuple, solved: set) -> str:
    free = [u.name for u in unknowns if u not in solved]
    return "each unknown found" if not free else f"{', '.join(free)} free (any value)"


# --- inequalities: critical points, sign chart, union ---------------------------------------------


def inequality_steps(eq, x) -> SolveSteps | None:
    """A polynomial or rational inequality in x: one side as a fraction, its critical points (the
    numerator's and the denominator's real zeros), the sign on each interval between them at a
    test point, then the union."""
    side = sp.together(eq.lhs - eq.rhs)
    top, bottom = sp.fraction(side)
    if not all(is_rational_polynomial(p, x) for p in (top, bottom)):
        return None
    relation = {
        "<": sp.StrictLessThan,
        "<=": sp.LessThan,
        ">": sp.StrictGreaterThan,
        ">=": sp.GreaterThan,
    }[eq.op]
    rows = [("everything on one side, as one fraction", relation(side, 0, evaluate=False))]
    zeros = real_zeros(top, x)
    poles = real_zeros(bottom, x)
    rows.append(("critical points: the numerator is 0", sp.FiniteSet(*zeros)))
    if poles:
        rows.append(("and the denominator is 0 (never included)", sp.FiniteSet(*poles)))
    points = sorted(set(zeros) | set(poles), key=float)
    edges = [-sp.oo, *points, sp.oo]
    chosen = []
    for a, b in zip(edges, edges[1:]):
        t = sample_point(a, b)
        value = side.subs(x, t)
        sign = (
            sp.sign(sp.nsimplify(value))
            if value.is_Rational
            else (1 if value.evalf(30) > 0 else -1)
        )
        keep = bool(relation(sign, 0))
        words = (
            f"on {set_text(sp.Interval.open(a, b))}: at {x.name} = {shown(t)} it is "
            f"{'positive' if sign > 0 else 'negative'}: {'in' if keep else 'out'}"
        )
        rows.append((words, sp.Interval.open(a, b)))
        if keep:
            chosen.append(sp.Interval.open(a, b))
    included = [p for p in zeros if p not in poles] if eq.op in ("<=", ">=") else []
    if included:
        rows.append(("≤ or ≥: the numerator's zeros are included", sp.FiniteSet(*included)))
    return SolveSteps(
        unknown=x, rows=(*rows, ("the union", sp.Union(*chosen, sp.FiniteSet(*included))))
    )


def is_rational_polynomial(p, x) -> bool:
    try:
        poly = sp.Poly(p, x)
    except sp.PolynomialError:
        return False
    return poly.domain.is_QQ or poly.domain.is_ZZ


def polynomial_zeros(p, x) -> list | None:
    """The real zeros of a polynomial in x whose coefficients may be constants such as e³; None
    if it is not one."""
    try:
        poly = sp.Poly(p, x)
    except sp.PolynomialError:
        return None
    if poly.degree() < 1 or any(c.free_symbols for c in poly.all_coeffs()):
        return None
    if poly.domain.is_QQ or poly.domain.is_ZZ:
        return real_zeros(p, x)
    if poly.degree() == 1:
        a, b = poly.all_coeffs()
        return [sp.simplify(-b / a)]
    if poly.degree() > 2:
        return None
    return sorted({r for r in sp.roots(poly, multiple=True) if r.is_real}, key=float)


def is_linear_in(u, x) -> bool:
    slope = sp.diff(u, x)
    return slope != 0 and not slope.has(x) and not u.has(sp.zoo)


def real_zeros(p, x) -> list:
    poly = sp.Poly(p, x)
    if poly.degree() < 1:
        return []
    return sorted(set(sp.real_roots(poly)), key=float)


def sample_point(a, b):
    """A simple number strictly between a and b: an integer where one fits, else a short
    fraction."""
    if a == -sp.oo and b == sp.oo:
        return sp.S.Zero
    if a == -sp.oo:
        return sp.floor(b) - 1
    if b == sp.oo:
        return sp.ceiling(a) + 1
    inside = [n for n in range(int(sp.ceiling(a)), int(sp.floor(b)) + 1) if a < n < b]
    if inside:
        return sp.Integer(min(inside, key=abs))
    return sp.nsimplify((a + b).evalf(20) / 2, rational=True, tolerance=float(b - a) / 4)


# --- the working ends at the answer ---------------------------------------------------------------


def ends_at(working: SolveSteps, result) -> bool:
    """The last line of the working is the solution set computed (as mathematics, not as text)."""
    last = working.rows[-1][1]
    if last == sp.S.EmptySet:
        return result.status == "no_solution" or result.solution_set == sp.S.EmptySet
    if isinstance(last, (sp.Equality, sp.Tuple)):
        equations = list(last) if isinstance(last, sp.Tuple) else [last]
        if not result.solutions or len(result.solutions) != 1:
            return False
        # z: z is a free unknown
        solution = {u: v for u, v in result.solutions[0].items() if v != u}
        return all(sp.expand(e.rhs - solution.get(e.lhs, sp.nan)) == 0 for e in equations) and set(
            solution
        ) == {e.lhs for e in equations}
    if isinstance(last, sp.FiniteSet):
        if result.solutions is None or len(result.unknowns) != 1:
            return False
        found = [s[result.unknowns[0]] for s in result.solutions]
        return len(found) == len(last) and all(
            any(sp.simplify(a - b) == 0 for b in found) for a in last
        )
    if last.atoms(sp.ImageSet):
        return same_family(last, result.solution_set)
    return last == result.solution_set


def same_family(a, b, window: float = 12.0) -> bool:
    """Two unions of x = f(n), n ∈ ℤ, with the same members in [−window, window] (to 1e-9)."""
    return members(a, window) == members(b, window) != set()


def members(s, window: float) -> set | None:
    parts = s.args if isinstance(s, sp.Union) else (s,)
    found = set()
    for part in parts:
        if not isinstance(part, sp.ImageSet) or part.base_sets != (sp.S.Integers,):
            return None
        (n,), f = part.lamda.variables, part.lamda.expr
        for k in range(-40, 41):
            value = float(f.subs(n, k))
            if abs(value) <= window:
                found.add(round(value, 9))
    return found

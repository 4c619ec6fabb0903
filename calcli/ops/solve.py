"""solve: equations, inequalities and systems over a domain, exact, with an honest status.

Engines: linsolve for linear input (fast, and parametric families come out as
such), solveset for one unknown, nonlinsolve for other systems. A ConditionSet
or an engine that gives up is `unsolved`, never `no_solution`; --numeric then
finds roots with scipy (sign changes in an interval, refined by brentq) or
Newton's method from starting points, and labels them numeric.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Mapping

import sympy as sp

from calcli.errors import InputError
from calcli.numbers import numeric
from calcli.ops.arguments import validated
from calcli.ops.check import ANSWER_TOL
from calcli.ops.equations import DOMAINS, Equation, choose_unknowns, parse_equations, split_systems
from calcli.ops.periodic import within, wrapped
from calcli.ops.realness import approximate, not_real
from calcli.ops.simplify import tidy
from calcli.ops.solve_exact import GAUSS_JORDAN, exact_solution, is_linear, listed
from calcli.parsing import Options, declared, parse_point
from calcli.results import SolveResult


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
        raise InputError(
            f"unknown domain '{domain}' (reals, complexes, integers, naturals or positive)"
        )
    options = Options(tuple(functions), decimal_comma, declared(unknowns))
    texts = split_systems([equations] if isinstance(equations, str) else list(equations), options)
    raw = parse_equations(texts, options)
    free = set().union(*(e.symbols for e in raw))
    point = parse_point(at, free, options, within=[side for e in raw for side in (e.lhs, e.rhs)])
    eqs = parse_equations(texts, options, point) if point else raw
    chosen, assumed = choose_unknowns(eqs, unknowns)
    solution_set, period, engine, status = exact_set(eqs, chosen, domain, interval, options)
    found = (
        numeric_answer(eqs, chosen, domain, numeric_fallback, start, interval, options)
        if status == "unsolved"
        else None
    )
    solutions = found.solutions if found else finite_solutions(solution_set, chosen)
    # rational coefficients: defined everywhere
    if solutions and domain != "complexes" and engine != GAUSS_JORDAN:
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
        numeric=each(solutions, numeric),
        engine=found.method if found else engine,
        numeric_only=found is not None,
        at=point,
        complex_count=count_complex(eqs, chosen)
        if (status, domain) == ("no_solution", "reals")
        else 0,
        approx=each(solutions, lambda v: sp.nfloat(v, 10, exponent=False)),
        sources=tuple(texts),
        readings=tuple(options.readings),
    )
    return with_extras(result, eqs, options, steps, expect, tol)


def each(solutions, number) -> tuple | None:
    """Each solution's values as numbers (None for a set that is not a list)."""
    return (
        tuple({k: number(v) for k, v in s.items()} for s in solutions)
        if solutions is not None
        else None
    )


def exact_set(
    eqs: list[Equation], unknowns: tuple, domain: str, interval: str | None, options: Options
):
    """(the solution set, the period of its family or None, the engine, the status): a periodic
    inequality's set over every period, cut to --in's interval when one is given (the status is
    the whole set's)."""
    solution_set, engine = exact_solution(eqs, unknowns, domain)
    status = status_of(solution_set)
    if engine == "diophantine" and solution_set.free_symbols:
        names = ", ".join(sorted(t.name for t in solution_set.free_symbols))
        options.note(
            f"{names} ∈ ℤ: every integer value gives a solution (all integer solutions "
            f"are of this form)"
        )
    period = one_period(eqs, unknowns, solution_set)
    if period is not None:
        solution_set = wrapped(solution_set, period)  # the base of the family: n = 0
    if interval is not None and status == "solved" and len(unknowns) == 1:
        from calcli.ops.roots import exact_interval

        window = exact_interval(interval, options)
        solution_set, period = within_interval(
            solution_set, period, window, "[" + interval.replace("..", ", ") + "]", options
        )
    return solution_set, period, engine, status


def numeric_answer(
    eqs: list[Equation],
    unknowns: tuple,
    domain: str,
    numeric_fallback: bool,
    start,
    interval: str | None,
    options: Options,
):
    """No closed form: the roots found numerically with --numeric, else None and a note saying
    how to ask."""
    if numeric_fallback:
        from calcli.ops.roots import numeric_roots

        return numeric_roots([e.expr for e in eqs], unknowns, domain, start, interval, options)
    options.note(
        f"no closed form was found for {'this equation' if len(eqs) == 1 else 'this system'}: add "
        f"--numeric to find roots numerically (with --start x=... or --in a..b)"
    )
    return None


def with_extras(
    result: SolveResult,
    eqs: list[Equation],
    options: Options,
    steps: bool,
    expect: str | None,
    tol: float,
) -> SolveResult:
    """The result with its working (--steps) and its verdict on a claimed answer (--expect)."""
    if steps:
        result = replace(
            result,
            steps=working_of(eqs, result.unknowns, result, options),
            readings=tuple(options.readings),
        )
    if expect is not None:
        from calcli.ops.solve_check import check_solutions

        result = result.with_check(check_solutions(expect, result, options, tol))
        result = replace(result, readings=tuple(options.readings))
    return result


MAX_WORKED_OPS = 150  # an equation longer than this is not one a course works by hand


def working_of(eqs: list[Equation], unknowns: tuple, result: SolveResult, options: Options):
    """--steps: the working a course writes for the problem's kind, shown only when its last line
    is the result."""
    from calcli.ops import solve_steps as how

    # working by hand: sympy's costs stay small
    small = all(sp.count_ops(e.expr) <= MAX_WORKED_OPS for e in eqs)
    working = (
        worked(eqs, unknowns, result.sources)
        if result.domain == "reals" and not result.numeric_only and small
        else None
    )
    if working is not None and not how.ends_at(working, result):
        working = None  # never show working that does not end at the answer
    if working is None:
        options.note(
            "no working shown: --steps works linear systems, and one equation or inequality in "
            "one unknown over the reals"
            " (polynomial, rational, with roots, logarithms, exponentials, or one sine, cosine "
            "or tangent)"
        )
    return working


def worked(eqs: list[Equation], unknowns: tuple, sources: tuple):
    """The working for a linear system, or for one equation or inequality in one unknown; None
    for the rest."""
    from calcli.ops import inverse_steps as inverse
    from calcli.ops import solve_steps as how

    one = len(eqs) == 1 and len(unknowns) == 1
    if all(e.op == "=" for e in eqs) and is_linear(eqs, unknowns) and not one:
        return how.linear_steps(eqs, unknowns, sources)
    if not one:
        return None
    (equation,), (x,) = eqs, unknowns
    if equation.op != "=":
        return how.inequality_steps(equation, x)
    return (
        how.polynomial_steps(equation.lhs, equation.rhs, x)
        or (how.linear_steps(eqs, unknowns, sources) if is_linear(eqs, unknowns) else None)
        or inverse.rational_steps(equation, x)
        or inverse.radical_steps(equation, x)
        or inverse.log_exp_steps(equation, x)
        or inverse.trig_steps(equation, x, sp.Symbol("n", integer=True))
    )


def within_equations(
    eqs: list[Equation], solutions: tuple, solution_set, unknowns: tuple, options: Options
):
    """Drop solutions at which an equation as written is undefined or not real (log(x) + log(x -
    2) = log(3) has the root -1 of the polynomial it becomes, where log(x) is not real): each
    dropped one is noted."""
    kept = []
    for solution in solutions:
        sides = [side.xreplace(solution) for e in eqs for side in (e.lhs, e.rhs)]
        if all(is_real_value(s) is not False for s in sides):
            kept.append(solution)
        else:
            shown = ", ".join(f"{u.name} = {solution[u]}" for u in unknowns)
            options.note(
                f"{shown} dropped: an equation is undefined or not real there (outside its domain)"
            )
    if len(kept) == len(solutions):
        return solutions, solution_set
    values = [
        s[unknowns[0]] if len(unknowns) == 1 else sp.Tuple(*(s[u] for u in unknowns)) for s in kept
    ]
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


def one_period(eqs: list[Equation], unknowns: tuple, solution_set):
    """The period, when sympy solved a periodic inequality on one period only (cos(x) >= 1/2
    gives [0, π/3] ∪ [5π/3, 2π), not the union over every period); else None."""
    if (
        len(unknowns) != 1
        or all(e.op == "=" for e in eqs)
        or solution_set in (sp.S.EmptySet, sp.S.Reals)
    ):
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
    """The solutions in --in's interval (sin x = 1/2 on [0, 2π): π/6 and 5π/6), of a periodic
    family too."""
    cut = (
        within(solution_set, period, window)
        if period is not None
        else sp.Intersection(solution_set, window)
    )
    if cut is None or cut.has(sp.ImageSet) or isinstance(cut, (sp.Intersection, sp.ConditionSet)):
        options.note(f"the solutions could not be cut to {shown}: these are all of them")
        return solution_set, period
    options.note(f"the solutions in {shown} only (--in)")
    return cut, None


def status_of(solution_set) -> str:
    if solution_set is sp.S.EmptySet:
        return "no_solution"
    if solution_set.has(sp.ConditionSet) or isinstance(solution_set, sp.ConditionSet):
        return "unsolved"
    return "solved"


def finite_solutions(solution_set, unknowns: tuple):
    """[{unknown: value}] when the set is a finite list; None for intervals and infinite
    families."""
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
    """Real numeric solutions are listed from the smallest up; None when that order does not
    exist."""
    values = [numeric(v) for v in solution.values()]
    return None if any(v is None or isinstance(v, complex) for v in values) else values


def count_complex(eqs: list[Equation], unknowns: tuple) -> int:
    """How many complex solutions there are when there is no real one (for the hint)."""
    try:
        complex_set, _ = exact_solution(eqs, unknowns, "complexes")
    except Exception:  # only a hint: never let it fail the command
        return 0
    return len(complex_set) if isinstance(complex_set, sp.FiniteSet) else 0

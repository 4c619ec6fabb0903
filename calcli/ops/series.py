"""series: the Taylor (or Laurent, or Puiseux) expansion of f in one variable about a point, to a
given order, with its O term; about a point of several variables (--at x=0,y=0), the Taylor
polynomial to that total order. --expect compares polynomials up to the order."""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

import sympy as sp

from calcli.errors import InputError, ShapeError
from calcli.ops.arguments import validated
from calcli.ops.check import ANSWER_TOL, Check, compare, problem_names
from calcli.ops.limit import at_pairs, not_a_variable, one_point
from calcli.ops.simplify import bounded_simplify
from calcli.parsing import Options, declared, parse_program, symbol
from calcli.parsing.answers import read_value
from calcli.parsing.grammar import refuse_decimal_comma_list
from calcli.results import SeriesResult, SeriesSteps

MAX_ORDER = 30


@validated
def series(
    expression: str,
    *,
    at: str | Iterable[str] | None = None,
    order: int = 6,
    functions: Iterable[str] = (),
    decimal_comma: bool = False,
    expect: str | None = None,
    tol: float = ANSWER_TOL,
    steps: bool = False,
) -> SeriesResult:
    """The expansion of `expression` about a point (at="x=0"), up to but not including (x -
    a)^order.

    >>> series("sin(x)", at="x=0", order=6).polynomial
    x**5/120 - x**3/6 + x
    """
    if not 1 <= order <= MAX_ORDER:
        raise InputError(f"--order is from 1 to {MAX_ORDER}, not {order}")
    options = Options(tuple(functions), decimal_comma, declared())
    program = parse_program(expression, options)
    f = program.value
    refuse_decimal_comma_list(f, options)
    if isinstance(f, (sp.Tuple, sp.MatrixBase)):
        raise ShapeError("series takes a scalar expression")
    pairs = at_pairs(at or f"{default_variable(f)}=0", options)
    if len(pairs) > 1:
        return with_check(
            taylor_several(program.source, f, centre_of(pairs, f), order), expect, options, tol
        )
    x, a = one_point(pairs, f)
    if not at:
        options.note(f"about {x.name} = 0 (give the point with --at {x.name}=a)")
    try:
        expansion = sp.series(f, x, a, order)
    except (NotImplementedError, ValueError, TypeError, sp.PoleError) as exc:
        raise InputError(
            f"no series expansion of this expression about {x.name} = {a} was found ({exc})"
        ) from None
    polynomial = expansion.removeO()
    kind = kind_of(polynomial, x, a)
    if kind != "Taylor":
        options.note(
            f"a {kind} series: the expansion has "
            f"{'negative' if kind == 'Laurent' else 'fractional'} powers of "
            f"{'x - a' if a != 0 else x.name}"
        )
    working = taylor_steps(f, x, a, order, polynomial) if steps else None
    if steps and working is None:
        options.note(
            "no working shown: the derivatives at the point give a Taylor series only, "
            "at a finite point where f is smooth"
        )
    result = SeriesResult(
        source=program.source,
        expression=f,
        variable=x,
        point=a,
        order=order,
        series=expansion,
        polynomial=polynomial,
        kind=kind,
        steps=working,
    )
    return with_check(result, expect, options, tol)


def taylor_steps(f, x, a, order: int, polynomial) -> SeriesSteps | None:
    """The working a course writes: f⁽ᵏ⁾(x), its value at a, and the coefficient f⁽ᵏ⁾(a)/k! of (x
    − a)^k, for k below the order; None where the series is not Taylor's (a pole, a fractional
    power, a = ±∞), or the coefficients would not be the polynomial's."""
    from calcli.ops.simplify import tidy

    if not (a.is_number and a.is_finite) or kind_of(polynomial, x, a) != "Taylor":
        return None
    rows, derivative = [], f
    for k in range(order):
        value = tidy(derivative.subs(x, a))
        if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            return None
        rows.append((k, tidy(derivative), value, tidy(value / sp.factorial(k))))
        derivative = sp.diff(derivative, x)
    rebuilt = sum(c * (x - a) ** k for k, _, _, c in rows)
    if sp.expand(rebuilt - polynomial) != 0 and bounded_simplify(rebuilt - polynomial) != 0:
        return None
    return SeriesSteps(variable=x, point=a, rows=tuple(rows))


def with_check(
    result: SeriesResult, expect: str | None, options: Options, tol: float
) -> SeriesResult:
    check = check_series(expect, result, options, tol) if expect is not None else None
    return replace(result, check=check, readings=tuple(options.readings))


def centre_of(pairs: list, f) -> tuple:
    """--at x=0,y=1: the (variable, point) pairs, each a variable of f and a finite number."""
    centre = []
    for name, value in pairs:
        v = symbol(name)
        if v not in f.free_symbols:
            raise not_a_variable(name, f)
        if not isinstance(value, sp.Expr) or value.free_symbols or not value.is_finite:
            raise InputError(
                f"a series in several variables is taken about a finite point: "
                f"{name} = {value} is not one"
            )
        centre.append((v, value))
    if len({v for v, _ in centre}) != len(centre):
        raise InputError("--at names a variable twice")
    return tuple(centre)


def taylor_several(source: str, f, centre: tuple, order: int) -> SeriesResult:
    """The Taylor polynomial of total degree below `order`: f(a + t·(x - a)) expanded in t, at t
    = 1. Its O term, O((x - a)^n + (y - b)^n), stands for every term of total degree n and more."""
    polynomial = taylor_polynomial(f, centre, order)
    if polynomial is None:
        where = ", ".join(f"{v.name} = {a}" for v, a in centre)
        raise InputError(
            f"f has no Taylor polynomial about {where}: it is not smooth there (in "
            f"several variables only Taylor series are taken)"
        )
    rest = sp.Function("O")(sp.Add(*((v - a) ** order for v, a in centre)))
    variables, point = tuple(v for v, _ in centre), tuple(a for _, a in centre)
    return SeriesResult(
        source=source,
        expression=f,
        variable=variables[0],
        point=point[0],
        order=order,
        series=polynomial + rest,
        polynomial=polynomial,
        centre=centre,
    )


def taylor_polynomial(f, centre: tuple, order: int):
    """f's terms of total degree below `order` about the centre, in powers of x - a, y - b, ...;
    None when f is not analytic there."""
    t = sp.Dummy("t")
    shifts = {v: sp.Dummy(v.name) for v, _ in centre}
    try:
        expansion = sp.series(
            f.xreplace({v: a + t * shifts[v] for v, a in centre}), t, 0, order
        ).removeO()
    except (NotImplementedError, ValueError, TypeError, sp.PoleError):
        return None
    if expansion.has(sp.Order) or kind_of(expansion, t, 0) != "Taylor":
        return None
    return sp.expand(expansion.subs(t, 1)).xreplace({shifts[v]: v - a for v, a in centre})


def default_variable(f) -> str:
    free = sorted(f.free_symbols, key=lambda s: s.name)
    if len(free) > 1:
        raise InputError(
            f"say which variable to expand in, and about which point: --at {free[0].name}=0"
        )
    return free[0].name if free else "x"


def kind_of(polynomial, x, a) -> str:
    t = sp.Dummy("t")
    shifted = polynomial.subs(x, t + a) if a not in (sp.oo, -sp.oo) else polynomial.subs(x, 1 / t)
    powers = [term.as_coeff_exponent(t)[1] for term in sp.Add.make_args(sp.expand(shifted))]
    if any(not p.is_integer for p in powers if p.is_number):
        return "Puiseux"
    return "Laurent" if any(p.is_number and p < 0 for p in powers) else "Taylor"


def check_series(expect: str, result, options: Options, tol: float) -> Check:
    """The claimed polynomial against the series, both cut at the order: terms of higher order
    are ignored."""
    names = tuple(v for v, _ in result.centre) if result.centre else (result.variable,)
    claimed = read_value(
        expect, options, names, known=problem_names(result.expression, names), drop=("order",)
    )
    if isinstance(claimed, (sp.Tuple, sp.MatrixBase)):
        raise ShapeError("--expect is one expression: the polynomial")
    x, a, n = result.variable, result.point, result.order
    if result.centre:
        claimed_cut = (
            taylor_polynomial(claimed, result.centre, n) if isinstance(claimed, sp.Expr) else None
        )
        check = compare(
            claimed if claimed_cut is None else claimed_cut,
            result.polynomial,
            tuple(v for v, _ in result.centre),
            answer_tol=tol,
        )
        return Check(
            claimed, check.verdict, f"up to total order {n}: {check.method}", check.counterexample
        )
    if a in (sp.oo, -sp.oo):
        return compare(claimed, result.polynomial, (x,), answer_tol=tol)
    truncated = (
        (sp.series(claimed, x, a, n).removeO() if claimed.has(x) else claimed)
        if isinstance(claimed, sp.Expr)
        else claimed
    )
    check = compare(truncated, result.polynomial, (x,), answer_tol=tol)
    return Check(claimed, check.verdict, f"up to order {n}: {check.method}", check.counterexample)


def check_answer(result, expect: str, options: Options, tol: float = ANSWER_TOL) -> Check:
    """An answer checked against a series computed before (calcli grade)."""
    return check_series(expect, result, options, tol)

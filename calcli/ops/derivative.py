"""diff: a derivative of any order, a mixed partial (--wrt x,y,y), or an implicit derivative
dy/dx of an equation F(x, y) = G(x, y) (sympy's idiff: -F_x/F_y, and higher orders by
differentiating again)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable, Mapping

import sympy as sp

from calcli.errors import InputError, ShapeError
from calcli.numbers import numeric
from calcli.ops.arguments import validated
from calcli.ops.check import ANSWER_TOL, Check, Counterexample, compare, problem_names
from calcli.ops.gradient import at_kink_free_point
from calcli.ops.realness import outside_domain
from calcli.ops.simplify import note_left_as_computed, tidy
from calcli.parsing import (
    Options,
    declared,
    parse_names,
    parse_point,
    parse_program,
    parse_relation,
    symbol,
    variables_for,
)
from calcli.parsing.answers import in_words, read_value
from calcli.parsing.grammar import refuse_decimal_comma_list
from calcli.printing import point_text
from calcli.results import DerivativeResult

MAX_ORDER = 20


@validated
def derivative(
    expression: str,
    *,
    wrt: str | Iterable[str] | None = None,
    order: int = 1,
    implicit: str | None = None,
    steps: bool = False,
    at: str | Iterable[str] | Mapping | None = None,
    functions: Iterable[str] = (),
    decimal_comma: bool = False,
    expect: str | None = None,
    tol: float = ANSWER_TOL,
) -> DerivativeResult:
    """d^n f / dx^n, a mixed partial (wrt "x,y": ∂²f/∂y∂x, x first), or dy/dx from an equation
    (implicit="y").

    >>> derivative("x^3", order=2).derivative
    6*x
    """
    if not 1 <= order <= MAX_ORDER:
        raise InputError(f"--order is from 1 to {MAX_ORDER}, not {order}")
    names = wrt_names(wrt)
    options = Options(
        tuple(functions), decimal_comma, declared(",".join(dict.fromkeys(names)) or None, implicit)
    )
    if implicit is not None:
        if steps:
            raise InputError(
                "--steps works an explicit derivative; with --implicit the rule is dy/dx = -F_x/F_y"
            )
        return implicit_derivative(expression, implicit, wrt, order, at, options, expect, tol)
    program = parse_program(expression, options)
    f = program.value
    refuse_decimal_comma_list(f, options)
    if isinstance(f, (sp.Tuple, sp.MatrixBase)):
        raise ShapeError("diff takes a scalar expression (grad and jacobian take vectors)")
    sequence = differentiation_sequence(f, names, order)
    d = tidy(sp.diff(f, *sequence))
    result = finish(program.source, f, sequence, d, None, at, options, expect, tol)
    if steps:
        from calcli.ops.derivative_steps import derivative_steps

        if len(sequence) != 1:
            raise InputError(
                "--steps works a first derivative in one variable (give --order 1 "
                "and one --wrt name)"
            )
        result = replace(
            result,
            steps=derivative_steps(f, sequence[0]),
            graph=computation_graph(program, sequence[0], result.at),
        )
    return result


def computation_graph(program, x, point: dict):
    """grad's view of the same derivative: the expression as a graph, with its forward and
    backward passes."""
    from calcli.ops.steps import backprop_steps

    return backprop_steps(program, (x,), point)


def wrt_names(wrt) -> list[str]:
    """--wrt as a list of names, repeats allowed (x,y,y is a third-order mixed partial)."""
    if wrt is None:
        return []
    names = [n.strip() for n in re.split(r"[,;]", wrt)]
    parse_names(",".join(dict.fromkeys(names)))  # each name valid (and not a built-in)
    return names


def differentiation_sequence(f, names: list[str], order: int) -> tuple:
    """--wrt x,y,y is ∂³/∂y²∂x, applied x first; --order n repeats one variable n times."""
    if not names:
        free = variables_for(f, None)
        if len(free) > 1:
            raise InputError(
                f"the expression has {len(free)} variables: say which with --wrt "
                f"(e.g. --wrt {free[0].name}, or --wrt x,y for a mixed partial)"
            )
        variables = free or (symbol("x"),)
    else:
        variables = tuple(symbol(n) for n in names)
    if order > 1 and len(variables) > 1:
        raise InputError(
            "--order repeats one variable; for a mixed partial list the variables: --wrt x,y,y"
        )
    return variables * order


def implicit_derivative(
    expression, implicit, wrt, order, at, options, expect, tol
) -> DerivativeResult:
    lhs, op, rhs = parse_relation(expression, options)
    if op != "=":
        raise InputError("--implicit takes an equation, such as x^2 + y^2 = 25")
    relation = lhs - rhs
    names = variables_for(relation, None)
    y = next((s for s in names if s.name == implicit), None)
    if y is None:
        raise InputError(f"--implicit names '{implicit}', which is not in the equation")
    if wrt is None:
        others = [s for s in names if s != y]
        if len(others) != 1:
            raise InputError("say which variable y depends on with --wrt (e.g. --wrt x)")
        x = others[0]
    else:
        wanted = wrt_names(wrt)
        if len(wanted) != 1 or wanted[0] == implicit:
            raise InputError(f"--wrt names one variable, the one {implicit} depends on")
        x = symbol(wanted[0])
    d = tidy(sp.idiff(relation, y, x, order))
    return finish(expression, relation, (x,) * order, d, y, at, options, expect, tol)


def finish(source, f, sequence, d, implicit, at, options, expect, tol) -> DerivativeResult:
    note_left_as_computed([d], options)
    free = getattr(f, "free_symbols", set()) | set(sequence)
    point = parse_point(at, free, options, within=[d])
    value = at_kink_free_point(d, point) if point else None
    # ln x at x = -1: no derivative over the reals
    if point and implicit is None and (why := outside_domain(f, point)):
        options.note(f"undefined at {point_text(point)}: {why} (variables are real)")
        value = sp.nan
    result = DerivativeResult(
        source=source,
        expression=f,
        wrt=sequence,
        derivative=d,
        implicit=implicit,
        at=point,
        value=value,
        numeric=numeric(value) if point else None,
    )
    check = check_derivative(expect, result, options, tol) if expect is not None else None
    return replace(result, check=check, readings=tuple(options.readings))


def check_derivative(expect: str, result: DerivativeResult, options: Options, tol: float) -> Check:
    symbols = tuple(
        dict.fromkeys([*result.wrt, *([result.implicit] if result.implicit is not None else [])])
    )
    words = in_words(expect)
    undefined = (
        bool(result.at)
        and isinstance(result.value, sp.Basic)
        and (result.value is sp.nan or result.value.has(sp.nan, sp.zoo))
    )
    # "DNE" for d|x|/dx at 0: right where the derivative does not exist at the point
    if words is not None:
        if undefined:
            return Check(words.text, "equal", "the derivative does not exist at the point")
        return Check(
            words.text,
            "different",
            "the derivative exists",
            Counterexample(result.at, words.text, result.value if result.at else result.derivative),
        )
    claimed = read_value(expect, options, symbols, known=problem_names(result.expression, symbols))
    if isinstance(claimed, (sp.Tuple, sp.MatrixBase)):
        raise ShapeError("--expect is one expression: the derivative")
    if undefined and not (isinstance(claimed, sp.Basic) and claimed.free_symbols):
        return Check(
            claimed,
            "different",
            "the derivative does not exist at the point",
            Counterexample(result.at, claimed, "does not exist"),
        )
    if result.implicit is not None and not result.at:
        return on_the_curve(claimed, result, symbols, tol)
    actual = result.value if result.at else result.derivative
    return compare(claimed, actual, symbols, result.at, answer_tol=tol, function=result.derivative)


CURVE_POINTS = 8  # points of the curve where a claimed implicit derivative must agree


def on_the_curve(claimed, result: DerivativeResult, symbols, tol: float) -> Check:
    """An implicit derivative is right where it agrees on the curve F(x, y) = 0, not off it:
    -25/y³ is d²y/dx² on x² + y² = 25, though it differs from -(x² + y²)/y³ at (1, 1). Proved
    when the difference's numerator is a multiple of F (polynomials); else compared at points of
    the curve, and a counterexample is always a point of the curve."""
    x, y = result.wrt[0], result.implicit
    proved = compare(claimed, result.derivative, symbols, answer_tol=tol)
    if proved.verdict == "equal":
        return proved
    relation = result.expression
    difference = sp.numer(sp.together(claimed - result.derivative))
    try:
        if (
            relation.is_polynomial(x, y)
            and difference.is_polynomial(x, y)
            and sp.rem(sp.Poly(difference, x, y), sp.Poly(relation, x, y)).is_zero
        ):
            return Check(
                claimed,
                "equal",
                "symbolic, on the curve (the difference vanishes where the equation holds)",
            )
    except (sp.PolynomialError, sp.GeneratorsNeeded, sp.CoercionFailed):
        pass
    agreed = 0
    for point in curve_points(relation, x, y):
        check = compare(claimed, result.derivative, symbols, point, answer_tol=tol)
        if check.verdict == "different":
            return Check(
                claimed, "different", "compared at points of the curve", check.counterexample
            )
        agreed += check.verdict == "equal"
        if agreed == CURVE_POINTS:
            return Check(claimed, "equal", f"numerically at {agreed} points of the curve")
    return Check(
        claimed,
        "unknown",
        f"compared at only {agreed} points of the curve, which calcli could not find more of",
    )


def curve_points(relation, x, y) -> list:
    """Points (x0, y0) with F(x0, y0) = 0, exact: x0 a small rational, y0 a real root of F(x0, y)
    (a polynomial in y), or the other way round; those with rational coordinates first (a
    counterexample a student can check)."""
    from fractions import Fraction

    found = []
    for numerator in range(-12, 13):
        x0 = sp.Rational(Fraction(numerator, 4))
        for first, second in ((x, y), (y, x)):
            section = relation.xreplace({first: x0})
            if section.free_symbols != {second}:
                continue
            try:
                roots = sp.Poly(section, second).real_roots()
            except (sp.PolynomialError, sp.GeneratorsNeeded, NotImplementedError):
                continue
            found += [{first: x0, second: root} for root in dict.fromkeys(roots)]
            if roots:
                break
    return sorted(found, key=lambda point: not all(v.is_Rational for v in point.values()))


def check_answer(
    result: DerivativeResult, expect: str, options: Options, tol: float = ANSWER_TOL
) -> Check:
    """An answer checked against a derivative computed before (calcli grade)."""
    return check_derivative(expect, result, options, tol)

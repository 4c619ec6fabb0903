"""The gradient: partial derivatives of a scalar, vector or matrix expression."""

from __future__ import annotations

from typing import Iterable, Mapping

import sympy as sp

from calcli.errors import InputError, ShapeError
from calcli.numbers import is_large, numeric
from calcli.ops.arguments import validated
from calcli.ops.check import ANSWER_TOL, Check, by_component, compare, problem_names
from calcli.ops.realness import outside_domain
from calcli.ops.simplify import at_point, note_left_as_computed, sparse_hessian, substitute, tidy
from calcli.ops.simplify import partials as partial_derivatives
from calcli.ops.steps import backprop_steps
from calcli.parsing import Options, Program, declared, parse_point, parse_program, variables_for
from calcli.parsing.answers import read_value
from calcli.parsing.grammar import refuse_decimal_comma_list
from calcli.printing import point_text
from calcli.results import GradientResult


@validated
def gradient(
    expression: str | Program,
    *,
    wrt: str | Iterable[str] | None = None,
    at: str | Iterable[str] | Mapping | None = None,
    hessian: bool = False,
    functions: Iterable[str] = (),
    decimal_comma: bool = False,
    expect: str | None = None,
    steps: bool = False,
    tol: float = ANSWER_TOL,
) -> GradientResult:
    """Partial derivatives of `expression` by each variable, optionally at a point.

    >>> gradient("(x+y)*z", at={"x": 4, "y": -3, "z": 5}).value
    (5, 5, 1)
    """
    options = Options(tuple(functions), decimal_comma, declared(wrt))
    program = expression if isinstance(expression, Program) else parse_program(expression, options)
    f = program.value
    refuse_decimal_comma_list(f, options)
    variables = variables_for(f, wrt)
    if not variables:
        raise InputError(
            "the expression has no variables to differentiate by (name them with --wrt)"
        )
    point = parse_point(at, set(variables) | getattr(f, "free_symbols", set()), options, within=[f])
    raw = partial_derivatives(f, variables)
    partials = tuple(tidy(p) for p in raw)
    value = tuple(at_kink_free_point(p, point) for p in partials) if point else None
    if point and (why := outside_domain(f, point)):  # ln x at x = -1: no derivative over the reals
        options.note(f"undefined at {point_text(point)}: {why} (variables are real)")
        value = tuple(sp.nan for _ in partials)
    hess = hess_value = None
    if hessian:
        if isinstance(f, (sp.MatrixBase, sp.Tuple)):
            raise ShapeError("--hessian needs a scalar expression, not a vector or matrix")
        # sympy's own for the textbook sizes: its forms are the familiar ones
        hess = tidy(
            sp.ImmutableMatrix(
                sparse_hessian(raw, variables) if is_large(f) else sp.hessian(f, variables)
            )
        )
        hess_value = substitute(hess, point) if point else None
    note_left_as_computed([*partials, *([hess] if hess is not None else [])], options)
    return GradientResult(
        check=check_gradient(expect, f, partials, variables, point, value, options, tol)
        if expect is not None
        else None,
        steps=backprop_steps(program, variables, point) if steps else None,
        source=program.source,
        expression=f,
        variables=variables,
        gradient=partials,
        at=point,
        value=value,
        numeric=tuple(numeric(v) for v in value) if value is not None else None,
        hessian=hess,
        hessian_value=hess_value,
        hessian_numeric=numeric(hess_value) if hess_value is not None else None,
        assignments=program.assignments,
        variables_assumed=not wrt,
        readings=tuple(options.readings),
    )


KINKS = (sp.sign, sp.Heaviside, sp.DiracDelta)


def at_kink_free_point(partial, point: dict):
    """The partial at the point, or nan (shown as undefined) where it jumps: sympy would give
    sign(0) = 0 for d|x|/dx and Heaviside(0) = 1/2 for relu', but there is no derivative there."""
    if isinstance(partial, sp.Expr) and not isinstance(partial, sp.MatrixBase):
        for kink in partial.atoms(*KINKS):
            if kink.args and at_point(kink.args[0], point) == 0:
                return sp.nan
    return substitute(partial, point)


def check_gradient(
    expect: str,
    f,
    partials: tuple,
    variables: tuple,
    point: dict,
    value,
    options: Options,
    tol: float,
) -> Check:
    """The claimed answer is a tuple in --wrt order, or one expression for one variable."""
    claimed = read_value(expect, options, variables, known=problem_names(f, variables))
    items = tuple(claimed) if isinstance(claimed, sp.Tuple) else (claimed,)
    if len(items) != len(partials):
        names = ", ".join(v.name for v in variables)
        raise ShapeError(
            f"--expect has {len(items)} component{'s' * (len(items) != 1)}, but the "
            f"gradient has {len(partials)} (in --wrt order: {names})"
        )
    actual = value if point else partials
    if not isinstance(claimed, sp.Tuple):  # one variable, answered with one expression
        return compare(claimed, actual[0], variables, point, answer_tol=tol, function=partials[0])
    return by_component(items, actual, variables, point, answer_tol=tol, function=partials)


def check_answer(
    result: GradientResult, expect: str, options: Options, tol: float = ANSWER_TOL
) -> Check:
    """An answer checked against a gradient computed before (calcli grade: one reference, many
    answers)."""
    return check_gradient(
        expect,
        result.expression,
        result.gradient,
        result.variables,
        result.at or {},
        result.value,
        options,
        tol,
    )

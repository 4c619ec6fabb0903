"""integrate: antiderivatives (+ C), definite, improper and multiple integrals, exact where sympy
finds a closed form, numeric (scipy's quad, with its error estimate) only when asked with --numeric
and labelled.

Honest about what it found: an integral sympy leaves unevaluated is `unsolved` (exit 3, with the
hint to add --numeric), one that is infinite is `divergent`, and a closed form that needs a special
function (erf, Si) says so. A finite closed form of a definite integral is checked against numeric
quadrature before it is shown; where they disagree (sympy's known slips around singular points
inside the range), the closed form is not claimed.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Iterable, Mapping

import sympy as sp

from calcli.errors import InputError, ShapeError
from calcli.numbers import numeric
from calcli.ops.arguments import validated
from calcli.ops.check import ANSWER_TOL, Check, Counterexample, compare, problem_names
from calcli.ops.realness import real_logs
from calcli.ops.simplify import tidy
from calcli.parsing import Options, declared, parse_point, parse_program, variables_for
from calcli.parsing.answers import in_words, read_value
from calcli.parsing.grammar import refuse_decimal_comma_list
from calcli.results import IntegralResult

SPECIAL = {
    "erf": "the error function",
    "erfi": "the imaginary error function",
    "Si": "the sine integral",
    "Ci": "the cosine integral",
    "Ei": "the exponential integral",
    "li": "the logarithmic integral",
    "fresnels": "a Fresnel integral",
    "fresnelc": "a Fresnel integral",
    "Shi": "the hyperbolic sine integral",
    "Chi": "the hyperbolic cosine integral",
    "uppergamma": "the incomplete gamma function",
    "lowergamma": "the incomplete gamma function",
    "polylog": "the polylogarithm",
    "expint": "the exponential integral",
    "elliptic_e": "an elliptic integral",
    "elliptic_f": "an elliptic integral",
    "hyper": "a hypergeometric function",
    "meijerg": "a Meijer G-function",
    "LambertW": "the Lambert W function",
}
SPECIAL |= {name: "a Bessel function" for name in ("besselj", "bessely", "besseli", "besselk")}
# a closed form and quadrature that differ by more than this (relative) are not both right
AGREEMENT = 1e-6


@validated
def integrate(
    expression: str,
    *,
    wrt: str | Iterable[str] | None = None,
    lower: str | None = None,
    upper: str | None = None,
    at: str | Iterable[str] | Mapping | None = None,
    numeric_fallback: bool = False,
    steps: bool = False,
    functions: Iterable[str] = (),
    decimal_comma: bool = False,
    expect: str | None = None,
    tol: float = ANSWER_TOL,
) -> IntegralResult:
    """The integral of `expression` by `wrt` (innermost first), from `lower` to `upper` when given.

    >>> integrate("x^2", lower="0", upper="3").integral
    9
    """
    options = Options(tuple(functions), decimal_comma, declared(wrt))
    expression, wrt = without_dx(expression, wrt, options)
    program = parse_program(expression, options)
    f = program.value
    refuse_decimal_comma_list(f, options)
    if isinstance(f, (sp.Tuple, sp.MatrixBase)):
        raise ShapeError("integrate takes a scalar expression, not a vector or matrix")
    variables = integration_variables(f, wrt)
    bounds = parse_bounds(lower, upper, variables, options)
    point = parse_point(at, f.free_symbols - set(variables), options, within=[f])
    f = f.subs(point) if point else f
    found = definite(f, variables, bounds, numeric_fallback) if bounds else indefinite(f, variables)
    if "note" in found:
        options.note(found.pop("note"))
    result = IntegralResult(
        source=program.source,
        expression=f,
        variables=variables,
        bounds=bounds,
        variables_assumed=not wrt,
        **found,
    )
    if result.special:
        options.note(
            f"not an elementary function: the answer needs "
            f"{', '.join(SPECIAL.get(s, s) for s in result.special)} "
            f"({', '.join(result.special)})"
        )
    if result.status == "unsolved" and numeric_fallback and bounds:
        options.note(
            "no closed form was found, and quadrature did not converge (the integral may diverge)"
        )
    elif result.status == "unsolved" and not any("is not shown" in n for n in options.readings):
        options.note(
            "no closed form was found"
            + (": add --numeric for the value by quadrature" if bounds else "")
        )
    check = check_integral(expect, result, options, tol) if expect is not None else None
    working = working_of(f, variables, options, result.status) if steps else None
    return replace(result, check=check, steps=working, readings=tuple(options.readings))


def working_of(f, variables, options, status: str):
    """--steps: the rules that build the antiderivative (for a definite integral, the
    antiderivative's)."""
    from calcli.ops.integral_steps import integration_steps

    if len(variables) != 1:
        raise InputError("--steps shows the working of an integral in one variable")
    working = integration_steps(f, variables[0])
    if status != "unsolved" and (working is None or not working.complete):
        options.note(
            "the textbook rules do not reach this integral all the way: the answer is "
            "sympy's general algorithm's, without steps"
        )
    return working


def integration_variables(f, wrt) -> tuple:
    if wrt is not None:
        return variables_for(f, wrt)
    free = variables_for(f, None)
    if len(free) > 1:
        raise InputError(
            f"the expression has {len(free)} variables: say which to integrate by "
            f"with --wrt (e.g. --wrt {free[0].name})"
        )
    return free or (sp.Symbol("x", real=True),)


DX = re.compile(r"\s+d([a-zA-Z])\s*$|(?<=[)\d])\s*d([a-zA-Z])\s*$")


def without_dx(expression, wrt, options):
    """x^2 dx: the dx that ends an integral in a book names the variable; it is dropped (with a
    note)."""
    match = DX.search(expression) if isinstance(expression, str) else None
    if match is None:
        return expression, wrt
    variable = match.group(1) or match.group(2)
    if wrt is not None and wrt.replace(" ", "") != variable:
        return expression, wrt
    options.note(f"the trailing d{variable} dropped: the integral is by {variable}")
    return type(expression)(expression[: match.start()]), variable  # FromStdin stays FromStdin


def parse_bounds(lower, upper, variables, options) -> tuple:
    """--from/--to: one bound per variable, in --wrt order (inner first); a bound may name outer
    variables."""
    if lower is None and upper is None:
        return ()
    if lower is None or upper is None:
        raise InputError("a definite integral needs both --from and --to")
    lows, highs = bound_list(lower, "--from", options), bound_list(upper, "--to", options)
    if not len(lows) == len(highs) == len(variables):
        raise ShapeError(
            f"give one --from and one --to value per variable of integration "
            f"({', '.join(v.name for v in variables)}), in --wrt order"
        )
    for i, (a, b) in enumerate(zip(lows, highs)):
        inner = set(variables[: i + 1])
        if (a.free_symbols | b.free_symbols) & inner:
            raise InputError(
                f"the bounds of {variables[i].name} may name only the outer "
                f"variables of integration (those after it in --wrt)"
            )
    return tuple(zip(lows, highs))


def bound_list(text: str, option: str, options: Options) -> list:
    """`0, x` -> [0, x]: split at the top-level separators (a bound may be atan2(y, x)), each
    read on its own."""
    separator, depth, parts, start = (";" if options.decimal_comma else ","), 0, [], 0
    for i, ch in enumerate(text):
        depth += (ch in "([{") - (ch in ")]}")
        if ch == separator and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    items = [parse_program(part, options).value for part in parts]
    if any(not isinstance(v, sp.Expr) or v.has(sp.zoo, sp.nan) for v in items):
        raise InputError(
            f"{option} takes numbers or expressions (oo for infinity), one per variable"
        )
    return items


def indefinite(f, variables) -> dict:
    F = f
    for v in variables:
        F = sp.integrate(F, v)
        if F.has(sp.Integral):
            return {"status": "unsolved", "integral": None}
    F = real_logs(tidy(F))
    if len(variables) == 1 and (wrong := disagreement(F, f, variables[0])):
        return {"status": "unsolved", "integral": None, "note": wrong}
    return {"status": "solved", "integral": F, "special": special_functions(F)}


# both sides of 0, between the poles of tan
PROBES = [sp.Rational(n, 7) for n in (-37, -15, -5, -2, 2, 5, 11, 23, 41)]


def disagreement(F, f, x) -> str | None:
    """An antiderivative checked before it is shown: at points on each side of 0 where the
    integrand is real, F's numeric derivative (a central difference at 30 digits) must be the
    integrand. Why not, or None."""
    from calcli.ops.realness import approximate, not_real

    if (F.free_symbols | f.free_symbols) - {x}:
        return None  # parameters: no numbers to check with
    h = sp.Rational(1, 10**8)
    for p in PROBES:  # at 40-digit floats, never exact powers of exact rationals
        integrand = approximate(f.xreplace({x: sp.N(p, 40)}))
        if integrand is None or not_real(integrand) or abs(integrand) > 1e6:
            continue
        left, right = (
            approximate(F.xreplace({x: sp.N(p - h, 40)})),
            approximate(F.xreplace({x: sp.N(p + h, 40)})),
        )
        if left is None or right is None:
            continue
        slope = (right - left) / (2 * float(h))
        if (
            not_real(left)
            or not_real(right)
            or abs(slope - integrand) > 1e-6 * (1 + abs(integrand))
        ):
            return (
                f"the engine's antiderivative is wrong at {x} = {p}: its derivative there is "
                f"{slope.real:.6g}, the integrand {integrand.real:.6g}; it is not shown"
            )
    return None


def definite(f, variables, bounds, numeric_fallback: bool) -> dict:
    """The value, or divergent: a pole inside the interval makes it divergent whatever the engine
    returns (sympy's value for ∫ 1/x over [-1, 1] would be a principal value, or nothing)."""
    result = closed_form(f, variables, bounds, numeric_fallback)
    if (
        result["status"] in ("unsolved", "numeric")
        and len(variables) == 1
        and (pieces := piecewise_constant_sum(f, variables[0], *bounds[0])) is not None
    ):
        return {"status": "solved", "integral": pieces, "numeric": numeric(pieces), "special": ()}
    if (
        result["status"] != "divergent"
        and len(variables) == 1
        and (pole := non_integrable_point(f, variables[0], *bounds[0]))
    ):
        return {"status": "divergent", "integral": None, "note": pole}
    return result


def closed_form(f, variables, bounds, numeric_fallback: bool) -> dict:
    value = f
    for v, (a, b) in zip(variables, bounds):
        # reversed bounds as minus the integral the usual way round (sympy's meijerg fails on oo to
        # -oo)
        value = (
            -sp.integrate(value, (v, b, a))
            if (a - b).is_extended_positive
            else sp.integrate(value, (v, a, b))
        )
        if value.has(sp.Integral):
            break
    if not value.has(sp.Integral) and not value.has(sp.nan):
        value = tidy(value)
        if value.has(sp.oo, -sp.oo, sp.zoo):
            return {"status": "divergent", "integral": value if value in (sp.oo, -sp.oo) else None}
        if not value.free_symbols and not agrees(value, f, variables, bounds):
            # not claimed
            value = sp.Integral(f, *((v, a, b) for v, (a, b) in zip(variables, bounds)))
        else:
            return {
                "status": "solved",
                "integral": value,
                "numeric": numeric(value),
                "special": special_functions(value),
            }
    if numeric_fallback:
        return quadrature(f, variables, bounds)
    return {"status": "unsolved", "integral": None}


MAX_PIECES = 1000


def piecewise_constant_sum(f, x, a, b):
    """∫ of an integrand with floor or ceiling of a linear argument, split where they jump: on
    each piece they are constants (∫₀³ ⌊x⌋ dx = 0 + 1 + 2 = 3). None where that does not apply."""
    steps = [s for s in f.atoms(sp.floor, sp.ceiling)]
    if (
        not steps
        or f.free_symbols - {x}
        or not (a.is_number and b.is_number)
        or a.is_infinite
        or b.is_infinite
    ):
        return None
    low, high, sign = (a, b, 1) if (b - a).is_nonnegative else (b, a, -1)
    cuts = {low, high}
    for step in steps:
        inner = step.args[0]
        slope = sp.diff(inner, x)
        if not slope.is_number or slope == 0 or sp.diff(slope, x) != 0:
            return None
        ends = sorted([inner.xreplace({x: low}), inner.xreplace({x: high})], key=float)
        first, last = sp.ceiling(ends[0]), sp.floor(ends[1])
        if last - first > MAX_PIECES:
            return None
        cuts |= {(k - inner.xreplace({x: 0})) / slope for k in range(int(first), int(last) + 1)}
    points = sorted((c for c in cuts if low <= c <= high), key=float)
    total = sp.Integer(0)
    for left, right in zip(points, points[1:]):
        middle = (left + right) / 2
        constant = f.xreplace({s: s.func(s.args[0].xreplace({x: middle})) for s in steps})
        total += sp.integrate(constant, (x, left, right))
    return tidy(sign * total)


def non_integrable_point(f, x, a, b) -> str | None:
    """A point of [a, b] where f has a pole (x·f(x) does not tend to 0 there: 1/x, tan x at π/2,
    1/(x − 1)), so the integral diverges whatever sympy makes of it; why, or None. A principal
    value is not a value."""
    from sympy.calculus.util import singularities

    if f.free_symbols - {x} or not (a.is_number and b.is_number) or a.is_infinite or b.is_infinite:
        return None
    low, high = (a, b) if (b - a).is_nonnegative else (b, a)
    try:
        points = singularities(f, x, sp.Interval(low, high))
    except (NotImplementedError, ValueError, TypeError):
        return None
    if not isinstance(points, sp.FiniteSet):
        return None
    for c in sorted(points, key=lambda p: float(p)):
        for side in ("-", "+"):
            if (side == "-" and c == low) or (side == "+" and c == high):
                continue
            try:
                near = sp.limit((x - c) * f, x, c, dir=side)
            except (NotImplementedError, ValueError, TypeError):
                continue
            if near != 0 and not near.has(sp.Limit):
                return (
                    f"the integrand has a non-integrable singularity at {x} = {c} in [{low}, "
                    f"{high}], so the integral diverges"
                )
    return None


def special_functions(value) -> tuple:
    names = (
        {type(a).__name__ for a in value.atoms(sp.Function)}
        if isinstance(value, sp.Basic)
        else set()
    )
    return tuple(sorted(n for n in names if n in SPECIAL))


def agrees(value, f, variables, bounds) -> bool:
    """A closed form against quadrature, for integrals of one variable with numeric bounds
    (others pass)."""
    if (
        len(variables) != 1
        or f.free_symbols - set(variables)
        or bounds[0][0].free_symbols
        or bounds[0][1].free_symbols
    ):
        return True
    try:
        estimate = quadrature(f, variables, bounds)
    except InputError:
        # no numeric value to compare with (an undefined function): the closed form stands
        return True
    number = numeric(value)
    if estimate["status"] == "numeric" and not (
        isinstance(number, (int, float)) and math.isfinite(number)
    ):
        # a closed form with no value (sympy's meijerg(...) that evaluates to nan) is no answer
        return False
    if estimate["status"] != "numeric":
        return True  # nothing numeric to hold the closed form against
    return abs(number - estimate["numeric"]) <= AGREEMENT * max(1.0, abs(number)) + 10 * (
        estimate["error_estimate"] or 0
    )


def quadrature(f, variables, bounds) -> dict:
    """scipy's quad (nquad for several variables), labelled numeric, with its error estimate."""
    import numpy as np
    from scipy import integrate as quad

    from calcli.ops.numeric import scalar_function

    if f.free_symbols - set(variables):
        names = ", ".join(sorted(s.name for s in f.free_symbols - set(variables)))
        raise InputError(f"a numeric integral needs numbers for {names} (give them with --at)")
    order = list(variables)
    g = scalar_function(f, order)
    limits = [bound_function(a, b, order[i + 1 :]) for i, (a, b) in enumerate(bounds)]
    import warnings

    with np.errstate(all="ignore"), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value, error = quad.nquad(lambda *xs: g(xs), limits, opts={"limit": 200})
    # quad's own warning: no value it vouches for
    if not np.isfinite(value) or not np.isfinite(error) or caught:
        return {"status": "unsolved", "integral": None}
    return {
        "status": "numeric",
        "integral": None,
        "numeric": float(value),
        "error_estimate": float(error),
    }


def bound_function(a, b, outer):
    from calcli.ops.numeric import scalar_function

    def as_float(bound):
        if bound == sp.oo:
            return lambda *_: float("inf")
        if bound == -sp.oo:
            return lambda *_: float("-inf")
        function = scalar_function(bound, outer)
        return lambda *xs: function(xs)

    low, high = as_float(a), as_float(b)
    return lambda *xs: (low(*xs), high(*xs))


def check_integral(expect: str, result: IntegralResult, options: Options, tol: float) -> Check:
    """A definite integral's value; an antiderivative up to a constant (its derivative is the
    integrand)."""
    words = in_words(expect)
    if words is not None or result.status == "divergent":
        return divergence_check(expect, words, result, options)
    claimed = read_value(
        expect,
        options,
        result.variables,
        known=problem_names(result.expression, result.variables),
        drop=("constant",),
    )
    if isinstance(claimed, (sp.Tuple, sp.MatrixBase)):
        raise ShapeError("--expect is one expression: the antiderivative, or the integral's value")
    if result.definite:
        if result.integral is None and result.numeric is None:
            return Check(claimed, "unknown", "there is no value to compare with")
        if result.integral is not None:
            return compare(claimed, result.integral, answer_tol=tol)
        # quadrature's value: round-off allowed
        return compare(claimed, sp.Float(result.numeric), tol=1e-6, answer_tol=tol)
    if result.integral is None:
        return Check(claimed, "unknown", "there is no antiderivative to compare with")
    derivative = claimed
    for v in reversed(result.variables):
        derivative = sp.diff(derivative, v)
    check = compare(derivative, result.expression, result.variables, answer_tol=tol)
    method = f"right up to a constant: its derivative is the integrand, {check.method}"
    return Check(
        claimed,
        check.verdict,
        method if check.verdict == "equal" else check.method,
        check.counterexample,
    )


def divergence_check(expect: str, words, result: IntegralResult, options: Options) -> Check:
    """A divergent integral's right answers: "diverges" (or DNE), and ∞ or −∞ where that is its
    value; any number is wrong (the classic misuse of the fundamental theorem on 1/x² over [−1,
    1] gives −2)."""
    claim = (
        words.text
        if words is not None
        else read_value(
            expect,
            options,
            result.variables,
            known=problem_names(result.expression, result.variables),
        )
    )
    if result.status != "divergent":
        exists = result.integral if result.integral is not None else result.numeric
        if result.status == "unsolved" and exists is None:
            return Check(claim, "unknown", "there is no value to compare with")
        return Check(claim, "different", "the integral exists", Counterexample({}, claim, exists))
    if words is not None or (claim in (sp.oo, -sp.oo) and claim == result.integral):
        return Check(
            claim,
            "equal",
            "the integral diverges"
            + (f" (to {result.integral})" if result.integral is not None else ""),
        )
    return Check(
        claim,
        "different",
        "the integral diverges",
        Counterexample({}, claim, result.integral if result.integral is not None else "diverges"),
    )


def check_answer(
    result: IntegralResult, expect: str, options: Options, tol: float = ANSWER_TOL
) -> Check:
    """An answer checked against an integral computed before (calcli grade)."""
    return check_integral(expect, result, options, tol)

"""limit: one-sided, two-sided and at ±∞, with the indeterminate form named.

A two-sided limit is both one-sided limits (sympy's `limit` with dir "+" and "-"): when they differ,
the limit does not exist and both are shown. A bounded oscillation (sin(1/x) at 0) is said not to
exist; an unbounded one-sided value is ∞ or -∞ (the limit is infinite, and is said so). What sympy
cannot decide is `unsolved`, never a guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Iterable

import sympy as sp

from calcli.errors import InputError, ShapeError
from calcli.numbers import exact, numeric
from calcli.ops.arguments import validated
from calcli.ops.check import ANSWER_TOL, Check, Counterexample, compare, problem_names
from calcli.ops.simplify import bounded_simplify, tidy
from calcli.parsing import Options, declared, parse_point_pairs, parse_program, symbol
from calcli.parsing.answers import in_words, read_value
from calcli.parsing.grammar import refuse_decimal_comma_list
from calcli.results import LimitResult

DIRECTIONS = {"+-": "+-", "both": "+-", "+": "+", "right": "+", "-": "-", "left": "-"}


@validated
def limit(
    expression: str,
    *,
    at: str | Iterable[str] | None = None,
    direction: str = "both",
    steps: bool = False,
    functions: Iterable[str] = (),
    decimal_comma: bool = False,
    expect: str | None = None,
    tol: float = ANSWER_TOL,
) -> LimitResult:
    """The limit of `expression` as a variable approaches a point: at="x=0", at="x=oo".

    >>> limit("sin(x)/x", at="x=0").limit
    1
    """
    if direction not in DIRECTIONS:
        raise InputError(
            f"--dir is + (from the right), - (from the left) or both, not '{direction}'"
        )
    direction = DIRECTIONS[direction]
    options = Options(tuple(functions), decimal_comma, declared())
    program = parse_program(expression, options)
    f = program.value
    refuse_decimal_comma_list(f, options)
    if isinstance(f, (sp.Tuple, sp.MatrixBase)):
        raise ShapeError("limit takes a scalar expression")
    x, a = approach(at, f, options)
    if a in (sp.oo, -sp.oo):
        direction = "-" if a == sp.oo else "+"  # the only side there is
    direction, undefined = real_sides(f, x, a, direction, options)
    value, sides, status = the_limit(f, x, a, direction, undefined)
    result = LimitResult(
        source=program.source,
        expression=f,
        variable=x,
        point=a,
        direction=direction,
        status=status,
        limit=value if status in ("exists", "infinite") else None,
        sides=sides,
        form=indeterminate_form(f, x, a, direction),
        numeric=numeric(value) if status == "exists" else None,
    )
    if not undefined:  # where f is undefined, real_sides said why
        note_no_limit(status, sides, options)
    check = check_limit(expect, result, options, tol) if expect is not None else None
    working = lhopital(f, x, a, direction, result) if steps else None
    if steps and working is None:
        options.note(
            "no L'Hôpital working: the form at the point is not 0/0 or ∞/∞ (the limit "
            "comes from sympy's series method)"
        )
    return replace(result, check=check, steps=working, readings=tuple(options.readings))


def the_limit(f, x, a, direction: str, undefined: bool) -> tuple:
    """(the limit or None, the one-sided limits of a two-sided one, the status)."""
    if undefined:
        return None, (), "does_not_exist"
    if direction != "+-":
        value = one_sided(f, x, a, direction)
        return value, (), status_of(value, ())
    sides = tuple(one_sided(f, x, a, side) for side in ("-", "+"))
    value = sides[0] if sides[0] == sides[1] else None
    return value, sides, status_of(value, sides)


def note_no_limit(status: str, sides: tuple, options: Options) -> None:
    """Why there is no limit: the sides differ, f oscillates, or sympy could not decide."""
    if status == "does_not_exist" and sides and sides[0] != sides[1]:
        options.note(
            "the limits from the left and from the right differ, so the two-sided limit "
            "does not exist"
        )
    elif status == "does_not_exist":
        options.note(
            "the expression oscillates without settling as it approaches the point, so "
            "there is no limit"
        )
    elif status == "unsolved":
        options.note(
            "the limit was not found: sympy could not decide it (try the one-sided "
            "limits with --dir)"
        )


MAX_LHOPITAL = 4


@dataclass(frozen=True)
class LHopital:
    """L'Hôpital's rule applied until the form resolves: each (f', g', the form of f'/g', its
    limit or None)."""

    steps: tuple

    def to_dict(self) -> dict:
        rows = [
            {
                "numerator": exact(n),
                "denominator": exact(d),
                "form": form,
                "limit": exact(v) if v is not None else None,
            }
            for n, d, form, v in self.steps
        ]
        return {"rule": "L'Hôpital", "steps": rows}


def lhopital(f, x, a, direction, result) -> LHopital | None:
    """L'Hôpital's rule while the quotient stays 0/0 or ∞/∞: each step (numerator, denominator,
    the new form, its limit). None when f is not such a quotient; the last step's limit is the
    result's own."""
    if result.form not in ("0/0", "∞/∞") or result.status not in ("exists", "infinite"):
        return None
    side = "+" if direction == "+-" else direction
    numerator, denominator = sp.fraction(sp.together(f))
    working = []
    for _ in range(MAX_LHOPITAL):
        numerator, denominator = sp.diff(numerator, x), sp.diff(denominator, x)
        quotient = bounded_simplify(numerator / denominator)
        form = indeterminate_form(quotient, x, a, side)
        value = one_sided(quotient, x, a, side) if form is None else None
        working.append((numerator, denominator, form, value))
        if form not in ("0/0", "∞/∞"):
            break
    last = working[-1][3]
    return LHopital(tuple(working)) if last is not None and last == result.limit else None


def approach(at, f, options) -> tuple:
    """--at x=a: the variable and the point (a number, an expression of constants, oo or -oo)."""
    if not at:
        free = sorted(f.free_symbols, key=lambda s: s.name)
        raise InputError(
            "say where the limit is taken: --at x=0 (or x=oo)"
            + (f", with x one of {', '.join(s.name for s in free)}" if free else "")
        )
    return one_point(at_pairs(at, options), f)


def at_pairs(at, options) -> list:
    """--at as (name, value) pairs, from one string or several, or from the API's mapping {"x":
    0}."""
    if isinstance(at, Mapping):
        from calcli.parsing.points import point_value

        return [(str(name), point_value(value, options)) for name, value in at.items()]
    specs = [at] if isinstance(at, str) else list(at)
    for spec in specs:
        # x=0+: a one-sided limit is asked with --dir
        if spec.rstrip().endswith(("+", "-")) and "=" in spec:
            side = spec.rstrip()[-1]
            raise InputError(
                f"--at {spec.strip()}: give the point alone and the side with --dir: "
                f"--at {spec.strip()[:-1]} --dir {side}"
            )
    return [(pair[0], pair[1]) for spec in specs for pair in parse_point_pairs(spec, options)]


def one_point(pairs: list, f) -> tuple:
    """The one (variable, point) of a limit or a series in one variable."""
    if len(pairs) != 1:
        raise InputError("a limit is taken in one variable: --at x=a")
    ((name, value),) = pairs
    x = symbol(name)
    if x not in f.free_symbols and f.free_symbols:
        raise not_a_variable(name, f)
    if not isinstance(value, sp.Expr) or value.free_symbols or value.has(sp.zoo, sp.nan):
        raise InputError(f"the limit point must be a number, oo or -oo, not '{value}'")
    return x, value


def not_a_variable(name: str, f) -> InputError:
    return InputError(
        f"--at names '{name}', which is not a variable here (variables: "
        f"{', '.join(sorted(s.name for s in f.free_symbols))})"
    )


def real_sides(f, x, a, direction: str, options) -> tuple[str, bool]:
    """Variables are real: a side where f is not real-valued near the point has no limit over the
    reals. The direction to take (a two-sided limit becomes the one side where f is defined, with
    a note), and whether no side is left (the limit does not exist)."""
    wanted = ("-", "+") if direction == "+-" else (direction,)
    defined = [side for side in wanted if real_near(f, x, a, side)]
    point = f"{x.name} = {a}"
    if not defined:
        where = (
            "on either side of"
            if len(wanted) == 2
            else "to the left of"
            if wanted[0] == "-"
            else "to the right of"
        )
        options.note(f"not defined {where} {point} (over the reals), so there is no limit there")
        return direction, True
    for side in (s for s in wanted if s not in defined):
        options.note(f"not defined for {x.name} {'<' if side == '-' else '>'} {a} (over the reals)")
    if len(defined) < len(wanted):
        options.note(
            f"the limit from the {'right' if defined[0] == '+' else 'left'}, the only "
            f"side where it is defined"
        )
        return defined[0], False
    return direction, False


def real_near(f, x, a, side: str) -> bool:
    """f is real at points approaching a from the side (30-digit values at a ± 10⁻³ … 10⁻⁹, or
    far out for ∞)."""
    from calcli.ops.realness import approximate, not_real

    if a in (sp.oo, -sp.oo):
        points = [(1 if a == sp.oo else -1) * sp.Integer(10) ** k for k in (3, 6, 9)]
    else:
        step = -1 if side == "-" else 1
        points = [a + step * sp.Rational(1, 10**k) for k in (3, 6, 9)]
    # as 40-digit floats: an exact (1 + 10⁻⁹)^(10⁹) would be a rational of a billion digits
    values = [approximate(f.xreplace({x: sp.N(p, 40)})) for p in points]
    known = [v for v in values if v is not None]
    return not known or not all(not_real(v) for v in known)


def one_sided(f, x, a, side: str):
    try:
        value = sp.limit(f, x, a, dir=side)
    except (NotImplementedError, ValueError, TypeError):
        return None
    if isinstance(value, sp.Limit) or value.has(sp.Limit):
        return None
    return value if isinstance(value, sp.AccumBounds) else tidy(value)


def status_of(value, sides) -> str:
    if sides and (None in sides):
        return "unsolved"
    if sides and sides[0] != sides[1]:
        return "does_not_exist"
    if value is None:
        return "unsolved"
    if isinstance(value, sp.AccumBounds) or value.has(sp.AccumBounds) or value in (sp.zoo, sp.nan):
        return "does_not_exist"
    return "infinite" if value in (sp.oo, -sp.oo) else "exists"


def indeterminate_form(f, x, a, direction: str) -> str | None:
    """The form f takes at the point, when it is one that needs a limit to resolve (0/0, ∞/∞,
    ...)."""
    side = "+" if direction == "+-" else direction
    kind = lambda g: classify(one_sided(g, x, a, side))  # noqa: E731
    # as written: together() cancels x − 1
    numerator, denominator = sp.fraction(f) if not f.is_Pow else (f, sp.Integer(1))
    if denominator == 1 and not f.is_Pow:
        numerator, denominator = sp.fraction(sp.together(f))
    if denominator != 1:
        top, bottom = kind(numerator), kind(denominator)
        if top == bottom == "0":
            return "0/0"
        if top == bottom == "∞":
            return "∞/∞"
    if f.is_Pow:
        base, exponent = kind(f.base), kind(f.exp)
        forms: dict[tuple[str | None, str | None], str] = {
            ("1", "∞"): "1^∞",
            ("0", "0"): "0^0",
            ("∞", "0"): "∞^0",
        }
        return forms.get((base, exponent))
    if f.is_Mul:
        kinds = [kind(factor) for factor in f.args]
        if "0" in kinds and "∞" in kinds:
            return "0·∞"
    if f.is_Add:
        values = [one_sided(term, x, a, side) for term in f.args]
        if sp.oo in values and -sp.oo in values:
            return "∞−∞"
    return None


def classify(value) -> str | None:
    if value is None or isinstance(value, sp.AccumBounds):
        return None
    if value in (sp.oo, -sp.oo, sp.zoo):
        return "∞"
    if value == 0:
        return "0"
    return "1" if value == 1 else "finite"


def check_limit(expect: str, result: LimitResult, options: Options, tol: float) -> Check:
    """A value, ±oo, or words: "does not exist" (DNE) is right where the limit does not exist,
    and also where it is infinite (the limit does not exist as a number; a course that wants ∞
    asks for it)."""
    words = in_words(expect)
    if words is not None:
        return limit_in_words(words, result)
    claimed = read_value(
        expect,
        options,
        (result.variable,),
        known=problem_names(result.expression, (result.variable,)),
    )
    if isinstance(claimed, (sp.Tuple, sp.MatrixBase)):
        raise ShapeError("--expect is one value: the limit")
    if result.status == "unsolved":
        return Check(claimed, "unknown", "the limit was not found")
    if result.status == "does_not_exist":
        return Check(
            claimed,
            "different",
            f"the limit does not exist{sides_words(result)}",
            Counterexample({}, claimed, "does not exist"),
        )
    if claimed in (sp.oo, -sp.oo) or result.limit in (sp.oo, -sp.oo):
        return Check(
            claimed,
            "equal" if claimed == result.limit else "different",
            "exact",
            None if claimed == result.limit else Counterexample({}, claimed, result.limit),
        )
    return compare(claimed, result.limit, answer_tol=tol)


def limit_in_words(words, result: LimitResult) -> Check:
    if result.status == "unsolved":
        return Check(words.text, "unknown", "the limit was not found")
    if result.status == "does_not_exist":
        return Check(words.text, "equal", f"the limit does not exist{sides_words(result)}")
    if result.status == "infinite":
        return Check(
            words.text, "equal", f"the limit is {result.limit}: it does not exist as a number"
        )
    return Check(
        words.text, "different", "the limit exists", Counterexample({}, words.text, result.limit)
    )


def sides_words(result: LimitResult) -> str:
    if len(result.sides) == 2 and result.sides[0] != result.sides[1]:
        return f" (from the left {result.sides[0]}, from the right {result.sides[1]})"
    return ""


def check_answer(
    result: LimitResult, expect: str, options: Options, tol: float = ANSWER_TOL
) -> Check:
    """An answer checked against a limit computed before (calcli grade)."""
    return check_limit(expect, result, options, tol)

"""--expect: is a claimed answer equal to the computed one? Honest about undecidability.

First a symbolic proof (simplify(a - b) == 0), then numeric probing at small,
preferably integer points where both sides are defined. The verdict is
`equal` (proved, or numerically at N points), `different` with a point where
the two differ, or `unknown` when neither works.
"""

from __future__ import annotations

import functools
import itertools
import random
from dataclasses import dataclass, replace
from typing import Sequence

import sympy as sp

from calcli.numbers import Math, exact, numeric
from calcli.ops.simplify import MAX_OPS_TO_SIMPLIFY, MAX_POWER_TO_SIMPLIFY, bounded_simplify
from calcli.results import point_dict

R = sp.Rational
PROBE_VALUES = [
    0,
    1,
    -1,
    2,
    -2,
    3,
    R(1, 2),
    -3,
    R(-1, 2),
    5,
    R(3, 2),
    7,
    -5,
    R(1, 3),
    4,
    R(-7, 2),
    10,
    -10,
    R(5, 4),
    -7,
]
PROBE_POINTS = 12  # agreeing points needed for `equal, numerically`
MAX_TRIES = 60
DEFAULT_TOL = 1e-9  # numeric noise between two exact values
# an answer written with decimals: 0.1 % relative, WeBWorK's default (--tol sets it)
ANSWER_TOL = 1e-3
ZERO_LEVEL = 1e-12  # near zero a relative tolerance means nothing: this absolute one applies


@dataclass(frozen=True)
class Counterexample:
    at: dict  # Symbol -> exact value
    expected: Math
    actual: Math

    def to_dict(self) -> dict:
        return {
            "at": point_dict(self.at),
            "expected": _exact_text(self.expected),
            "actual": _exact_text(self.actual),
        }


@dataclass(frozen=True)
class Check:
    expected: Math  # the claimed answer, parsed
    verdict: str  # equal, different, unknown
    method: str
    counterexample: Counterexample | None = None
    missing: tuple = ()  # solve: solutions the claim lacks
    extra: tuple = ()  # solve: claimed values that are not solutions
    parts: tuple = ()  # a different answer of several components: each one's verdict, in order
    matched: int = 0  # solve: claimed solutions that are solutions

    @property
    def credit(self) -> float:
        """The share of the answer that is right (partial credit): components, or solutions
        found."""
        if self.verdict == "equal":
            return 1.0
        if self.verdict != "different":
            return 0.0
        # a component whose right value is 0 earns nothing alone
        counted = [p for p in self.parts if p != "zero"]
        if counted:
            return counted.count("equal") / len(counted)
        if self.parts:
            return 0.0
        # WeBWorK's rule for lists: the right ones over the longer of the two lists (extras cost as
        # misses do)
        longer = self.matched + max(len(self.missing), len(self.extra))
        return self.matched / longer if longer else 0.0

    def to_dict(self) -> dict:
        out: dict[str, object] = {
            "expected": _exact_text(self.expected),
            "verdict": self.verdict,
            "method": self.method,
            "counterexample": self.counterexample.to_dict() if self.counterexample else None,
        }
        if self.missing or self.extra:
            out.update(
                missing=[_exact_text(v) for v in self.missing],
                extra=[_exact_text(v) for v in self.extra],
            )
        if self.parts:
            out["parts"] = list(self.parts)
        return out


def _exact_text(value) -> str:
    # (-2, 2), as solve prints it
    if isinstance(value, sp.Set) and not isinstance(value, sp.FiniteSet):
        from calcli.printing import set_text

        return set_text(value)
    if isinstance(value, (tuple, list, sp.Tuple)):
        return (
            "(" + ", ".join(_exact_text(v) for v in value) + ("," if len(value) == 1 else "") + ")"
        )
    out = exact(value)
    return out if isinstance(out, str) else str(out).replace("'", "")


def flatten(value) -> list:
    """Scalars of a value: a tuple's items, a matrix's entries."""
    if isinstance(value, sp.MatrixBase):
        return list(value)
    if isinstance(value, (tuple, list, sp.Tuple)):
        return [s for v in value for s in flatten(v)]
    return [value]


def by_component(
    expected,
    actual,
    variables: Sequence[sp.Symbol] = (),
    point: dict | None = None,
    answer_tol: float = ANSWER_TOL,
    function=None,
) -> Check:
    """compare(), and for a different answer of several components, each component's verdict
    (partial credit)."""
    check = compare(expected, actual, variables, point, answer_tol=answer_tol, function=function)
    items = flatten(expected)
    if check.verdict == "different" and check.method != "shape" and len(items) > 1:
        functions = flatten(function) if function is not None else [None] * len(items)
        parts = tuple(
            "zero"
            if is_zero(a)
            and compare(e, a, variables, point, answer_tol=answer_tol, function=f).verdict
            == "equal"
            else compare(e, a, variables, point, answer_tol=answer_tol, function=f).verdict
            for e, a, f in zip(items, flatten(actual), functions)
        )
        check = replace(check, parts=parts)
    return check


def is_zero(value) -> bool:
    """A component that is 0 (curl (0, 0, −2)'s first two): right by default, so worth no credit
    alone."""
    return getattr(value, "is_zero", False) is True


def problem_names(value, variables=()) -> set:
    """Every name a problem has (its expression's symbols and its variables): an answer may use
    only these."""
    names = set(variables)
    for item in value if isinstance(value, (tuple, list)) else [value]:
        names |= getattr(item, "free_symbols", set())
    return names


FORMULA = "as a formula, everywhere (an answer with variables is not compared at the point alone)"


def compare(
    expected,
    actual,
    variables: Sequence[sp.Symbol] = (),
    point: dict | None = None,
    tol: float = DEFAULT_TOL,
    answer_tol: float = ANSWER_TOL,
    function=None,
) -> Check:
    """Check `expected` against `actual` (same shape), as values at `point` or as functions.

    Exact answers are proved exactly (or probed with `tol` for round-off only); an answer with
    decimals (Floats, from answer_options) is right within `answer_tol`, relative. Where a value
    at `point` was asked and the answer holds the variables, it is a formula: it is compared with
    `function` (the result as a function) everywhere, so 6x for d/dx x³ at x = 2 is wrong though
    12."""
    exp_items, act_items = flatten(expected), flatten(actual)
    if len(exp_items) != len(act_items):
        return Check(expected, "different", "shape", None)
    if (
        point
        and function is not None
        and any(isinstance(e, sp.Basic) and e.free_symbols & set(point) for e in exp_items)
    ):
        check = compare(expected, function, variables, None, tol, answer_tol)
        return replace(check, method=f"{check.method}; {FORMULA}")
    if point:
        exp_items = [_at(e, point) for e in exp_items]
        act_items = [_at(a, point) for a in act_items]
    return _compare_items(
        expected, actual, exp_items, act_items, variables, point or {}, tol, answer_tol
    )


def _compare_items(
    expected,
    actual,
    exp_items: list,
    act_items: list,
    variables,
    point: dict,
    tol: float,
    answer_tol: float,
) -> Check:
    """compare's items, both at the point when there is one: proved equal, else compared as
    numbers or probed."""
    approximate = any(isinstance(e, sp.Basic) and e.has(sp.Float) for e in exp_items)
    if not approximate and all(_proved_equal(e, a) for e, a in zip(exp_items, act_items)):
        # (an answer with decimals is right within the tolerance, below)
        return Check(expected, "equal", "symbolic")
    differs = (
        functools.partial(_differs_relative, rel=answer_tol)
        if approximate
        else functools.partial(_differs, tol=tol)
    )
    within = f"within {answer_tol * 100:g} % (the answer has decimals)" if approximate else None
    symbols = _free(exp_items + act_items, variables)
    if not symbols:
        return _compare_numbers(
            expected,
            actual,
            exp_items,
            act_items,
            point,
            differs,
            within or f"numeric, within a relative tolerance of {tol:g}",
        )
    return _probe(expected, actual, exp_items, act_items, symbols, point, differs, within)


def _at(value, point):
    return value.subs(point) if isinstance(value, sp.Basic) else value


def _proved_equal(a, b) -> bool:
    """simplify(a - b) == 0, tried only on a difference small enough to simplify quickly (by its
    size, never by a clock: the verdict's method must not depend on the machine); larger ones are
    probed."""
    try:
        diff = a - b  # sympy objects, never text
        if diff == 0:
            return True
        if not _small(diff):
            return False
        return bounded_simplify(diff) == 0
    except (TypeError, ValueError, AttributeError):
        return False


def _small(value) -> bool:
    if not isinstance(value, sp.Basic):
        return True
    powers = value.atoms(sp.Pow)
    return sp.count_ops(value) <= 4 * MAX_OPS_TO_SIMPLIFY and not any(
        p.exp.is_Integer and abs(p.exp) > 4 * MAX_POWER_TO_SIMPLIFY for p in powers
    )


def _free(items, variables) -> tuple:
    found = set().union(*(getattr(i, "free_symbols", set()) for i in items))
    ordered = [v for v in variables if v in found]
    return tuple(ordered + sorted(found - set(ordered), key=lambda s: s.name))


def _differs(e, a, tol: float) -> bool | None:
    """True/False when both are finite numbers; None when either is undefined."""
    if e is None or a is None:
        return None
    return abs(complex(e) - complex(a)) > tol * max(1.0, abs(complex(e)), abs(complex(a)))


def _differs_relative(e, a, rel: float) -> bool | None:
    """An approximate answer e against the right value a: relative to a, absolute near zero."""
    if e is None or a is None:
        return None
    gap = abs(complex(e) - complex(a))
    return gap > rel * abs(complex(a)) and gap > ZERO_LEVEL


def _compare_numbers(expected, actual, exp_items, act_items, point, differs, method: str) -> Check:
    verdicts = [differs(numeric(e), numeric(a)) for e, a in zip(exp_items, act_items)]
    if any(verdicts):
        exact_values = all(
            isinstance(v, sp.Basic) and not v.has(sp.Float) for v in exp_items + act_items
        )
        how = "exact values, which differ" if exact_values else method
        return Check(
            expected,
            "different",
            how,
            Counterexample(point, _at_all(expected, point), _at_all(actual, point)),
        )
    if all(v is False for v in verdicts):
        return Check(expected, "equal", method)
    return Check(expected, "unknown", "could not evaluate both sides")


def _at_all(value, point):
    if isinstance(value, (tuple, list)):
        return tuple(_at(v, point) for v in value)
    return _at(value, point)


def probe_points(symbols: Sequence[sp.Symbol]):
    """Small integers first, then halves, then a deterministic random mix of them."""
    if len(symbols) == 1:
        for v in PROBE_VALUES:
            yield {symbols[0]: v}
        return
    for v in PROBE_VALUES[:4]:
        yield {s: v for s in symbols}
    rng = random.Random(0)
    for _ in itertools.count():
        yield {s: rng.choice(PROBE_VALUES) for s in symbols}


def _probe(
    expected, actual, exp_items, act_items, symbols, point, differs, within: str | None
) -> Check:
    agreed = tried = 0
    for probe in probe_points(symbols):
        tried += 1
        if tried > MAX_TRIES:
            break
        verdicts = [
            differs(numeric(_at(e, probe)), numeric(_at(a, probe)))
            for e, a in zip(exp_items, act_items)
        ]
        if None in verdicts:
            continue  # a side is undefined here: not a fair point
        if any(verdicts):
            at = {**point, **probe}
            return Check(
                expected,
                "different",
                "numeric probing",
                Counterexample(at, _at_all(expected, at), _at_all(actual, at)),
            )
        agreed += 1
        if agreed >= PROBE_POINTS:
            return Check(
                expected,
                "equal",
                f"numerically at {agreed} points" + (f", {within}" if within else ""),
            )
    return Check(
        expected,
        "unknown",
        f"not proved; both sides defined at only {agreed} of {tried - 1} points tried",
    )

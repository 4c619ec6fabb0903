"""solve --expect: a claimed solution or set of solutions against the computed one.

Forms: `x = 13/3 - 11y/6`; `x = 2, y = 1`; `{-2i, 2i}` or `-2i, 2i` (values of the
one unknown); `(2, 1)` or `{(2, 1), (-1, 0)}` (tuples in --for order); `{}` or `∅`
for no solution. Names are read with the problem's variables declared, so `i`
is the imaginary unit unless the problem has a variable i.
"""

from __future__ import annotations

import math
import re

import sympy as sp

from calcli.errors import InputError, ShapeError
from calcli.ops.check import Check, Counterexample, compare
from calcli.ops.periodic import claimed_period, common_period, within
from calcli.ops.simplify import bounded_simplify
from calcli.parsing import Options, answer_options, parse_program, parse_relation
from calcli.parsing.answers import NO_SOLUTION, both_signs, read_set, refuse_foreign, rewritten
from calcli.printing import pieces

EMPTY = ("{}", "∅", "{ }", "[]")


def parse_claim(text: str, unknowns: tuple, options: Options) -> list[tuple]:
    """The claimed solutions, each a tuple in unknowns order; ± (or +-) stands for both signs,
    and a solution written twice is one (a set has no repeats)."""
    claims: list[tuple] = []
    parts = both_signs(rewritten(text.strip(), options))
    if len(parts) > 1:
        options.note(f"± read as both signs: {', '.join(parts)}")
    for part in parts:
        for claim in one_claim(part, unknowns, options):
            if not any(same_claim(claim, seen) for seen in claims):
                claims.append(claim)
            else:
                options.note(f"{', '.join(map(str, claim))} is written twice: a set has it once")
    return claims


def same_claim(a: tuple, b: tuple) -> bool:
    return len(a) == len(b) and all(
        bounded_simplify(p - q) == 0
        if isinstance(p, sp.Expr) and isinstance(q, sp.Expr)
        else p == q
        for p, q in zip(a, b)
    )


def one_claim(text: str, unknowns: tuple, options: Options) -> list[tuple]:
    """One `or`-free part of a claimed answer: assignments (x = 2), values (2, or (1, 2)), or
    none at all."""
    body = text.strip()
    if body in EMPTY or " ".join(body.lower().split()) in NO_SOLUTION:
        return []
    body = body[1:-1].strip() if body.startswith("{") and body.endswith("}") else body
    separator = ";" if options.decimal_comma else ","
    if "=" in body and not any(op in body for op in ("<=", ">=", "!=")):
        if len(unknowns) == 1:  # x = 2, x = 3 or x = 2 or x = 3: one solution per assignment
            return [
                assignments(part, text, unknowns, options)
                for part in re.split(rf"\s+or\s+|{separator}", body)
            ]
        return [assignments(body, text, unknowns, options)]
    if len(unknowns) == 1 and re.search(r"\s+or\s+", body):  # 2 or 3
        return [
            c for part in re.split(r"\s+or\s+", body) for c in one_claim(part, unknowns, options)
        ]
    return written_values(parse_program(body, options).value, unknowns)


def written_values(value, unknowns: tuple) -> list[tuple]:
    """The claims in a value as written: 2, or (1, 2), or (1, 2), (3, 4); each a tuple in
    unknowns order."""
    items = list(value) if isinstance(value, sp.Tuple) else [value]
    if len(unknowns) == 1:
        return [(v,) for v in items]
    claims = (
        [tuple(v) for v in items] if all(isinstance(v, sp.Tuple) for v in items) else [tuple(items)]
    )
    if any(len(c) != len(unknowns) for c in claims):
        raise ShapeError(
            f"--expect: each solution needs {len(unknowns)} values, in --for order "
            f"({', '.join(u.name for u in unknowns)})"
        )
    return claims


def assignments(body: str, text: str, unknowns: tuple, options: Options) -> tuple:
    """`x = 2` or `x = 2, y = 1` (any order): one solution as a tuple in unknowns order."""
    values = {}
    for part in body.split(";" if options.decimal_comma else ","):
        lhs, _, rhs = parse_relation(part, options)
        if lhs not in unknowns or lhs in values:
            names = ", ".join(u.name for u in unknowns)
            raise InputError(
                f"--expect '{text}': write each unknown once as name = value "
                f"({names}), or a tuple in --for order"
            )
        values[lhs] = rhs
    if set(values) != set(unknowns):
        raise InputError(
            f"--expect '{text}': give a value for each of {', '.join(u.name for u in unknowns)}"
        )
    return tuple(values[u] for u in unknowns)


def check_solutions(text: str, result, options: Options, answer_tol: float) -> Check:
    """Each claimed solution matched to one solution: what is missing and what is extra, when
    they differ. Where the solutions are a set of reals that is not a finite list (an
    inequality's intervals), the answer is read as a set (interval notation, inequalities,
    unions) and compared as one."""
    known = set().union(*(e.expr.free_symbols for e in result.equations)) | set(result.unknowns)
    reading = answer_options(options, known)
    one_set = result.solutions is None and len(result.unknowns) == 1
    if result.period is not None:
        return check_periodic(text, result, reading)
    if one_set and is_real_set(result.solution_set):
        return check_set(text, result, reading)
    if one_set and result.solution_set.atoms(sp.ImageSet):
        return check_families(text, result, reading)
    claims = parse_claim(text, result.unknowns, reading)
    for claim in claims:
        refuse_foreign(sp.Tuple(*claim), known, text)
    expected = (
        sp.FiniteSet(*(c[0] if len(c) == 1 else sp.Tuple(*c) for c in claims))
        if claims
        else sp.S.EmptySet
    )
    if result.solutions is None:
        return Check(expected, "unknown", "the solution set is not a finite list")
    return check_list(expected, claims, result, answer_tol)


def check_list(expected, claims: list[tuple], result, answer_tol: float) -> Check:
    """The claims matched one to one with a finite list of solutions."""
    actual = [tuple(s[u] for u in result.unknowns) for s in result.solutions]
    tol = 1e-9 if not result.numeric_only else 1e-6
    unmatched, extra, verdicts = list(actual), [], []
    for claim in claims:
        checks = [
            (a, compare(claim, a, result.unknowns, tol=tol, answer_tol=answer_tol))
            for a in unmatched
        ]
        match = next((a for a, c in checks if c.verdict == "equal"), None)
        if match is None:
            extra.append(claim)
            verdicts += [c.verdict for _, c in checks]
        else:
            unmatched.remove(match)
    if not extra and not unmatched:
        return Check(expected, "equal", "each claimed solution matches one solution")
    if "unknown" in verdicts:
        return Check(
            expected, "unknown", "a claimed solution could not be compared with the solutions"
        )
    method, counterexample = (
        "compared solution by solution",
        Counterexample({}, expected, result.solution_set),
    )
    if len(extra) == 1 and len(unmatched) == 1:  # one wrong solution: name a point where it differs
        single = compare(extra[0], unmatched[0], result.unknowns, tol=tol, answer_tol=answer_tol)
        if single.counterexample is not None and single.counterexample.at:
            method, counterexample = single.method, single.counterexample
    matched = len(actual) - len(unmatched)
    return Check(
        expected,
        "different",
        method,
        counterexample,
        missing=as_shown(unmatched),
        extra=as_shown(extra),
        matched=matched,
    )


def as_shown(values: list[tuple]) -> tuple:
    """Solutions as a verdict lists them: a value for one unknown, a tuple for several."""
    return tuple(v[0] if len(v) == 1 else sp.Tuple(*v) for v in values)


def is_real_set(value) -> bool:
    """Intervals and unions of them (with points): a set of reals a student can write in interval
    notation."""
    return (
        isinstance(value, (sp.Interval, sp.Union, sp.Complement, sp.FiniteSet))
        and not value.atoms(sp.ImageSet)
        and value.is_subset(sp.S.Reals) is not False
    )


def check_set(text: str, result, options: Options) -> Check:
    """The claimed set against the solution set, as sets: equal, or a number in one and not the
    other."""
    x = result.unknowns[0]
    claimed = read_set(text, options, x)
    return compared_sets(claimed, claimed, result.solution_set, x, "compared as sets")


def compared_sets(shown, claimed: sp.Set, actual: sp.Set, x, method: str) -> Check:
    """Equal when neither set has a number the other lacks; else different, with such a number."""
    extra, missing = sp.Complement(claimed, actual), sp.Complement(actual, claimed)
    if extra == sp.S.EmptySet and missing == sp.S.EmptySet:
        return Check(shown, "equal", method)
    for where, words in ((extra, "not a solution"), (missing, "missing from the answer")):
        witness = a_member(where)
        if witness is not None:
            ce = Counterexample(
                {x: witness},
                "in the answer" if where is extra else "not in the answer",
                "a solution" if where is missing else "not a solution",
            )
            return Check(shown, "different", f"{method}: {x} = {witness} is {words}", ce)
    return Check(shown, "unknown", "the sets could not be compared")


def check_periodic(text: str, result, options: Options) -> Check:
    """An answer to a periodic inequality ((2πn, π + 2πn), or 2πn < x < π + 2πn) against the
    family of solutions: both are periodic, so they are equal when they agree on one whole common
    period. An answer without n (one period, (0, π)) is compared on a window a period wider than
    it on each side."""
    x, period, base = result.unknowns[0], result.period, result.solution_set
    claimed, parameter = with_one_parameter(read_set(text, options, x), x)
    if parameter is None:
        bounded = claimed.inf.is_finite and claimed.sup.is_finite
        low, high = (claimed.inf, claimed.sup) if bounded else (-4 * period, 4 * period)
        window = sp.Interval(sp.Min(low, 0) - period, sp.Max(high, period) + period)
        solutions = within(base, period, window)
        if solutions is None:
            return Check(
                claimed,
                "unknown",
                "the answer spans too many periods to compare it with the solutions",
            )
        return compared_sets(
            claimed, sp.Intersection(claimed, window), solutions, x, "compared over several periods"
        )
    own = claimed_period(claimed, parameter)
    common = common_period(period, own) if own is not None else None
    if common is None:
        return Check(
            claimed,
            "unknown",
            "the answer's period and the solutions' have no small "
            "common multiple to compare them over",
        )
    window = sp.Interval.Ropen(0, common)
    claimed_here = within(claimed.xreplace({parameter: 0}), own, window)
    return compared_sets(
        claimed,
        claimed_here,
        within(base, period, window),
        x,
        "compared over a whole common period",
    )


def one_interval(piece: sp.Set) -> sp.Set:
    """2πn < x < π + 2πn, which sympy keeps as (2πn, ∞) ∩ (−∞, π + 2πn), as the interval (2πn, π
    + 2πn)."""
    if not isinstance(piece, sp.Intersection) or not all(
        isinstance(a, sp.Interval) for a in piece.args
    ):
        return piece
    lows = [a for a in piece.args if a.start != -sp.oo]
    highs = [a for a in piece.args if a.end != sp.oo]
    if len(lows) != 1 or len(highs) != 1:
        return piece
    return sp.Interval(lows[0].start, highs[0].end, lows[0].left_open, highs[0].right_open)


def with_one_parameter(claimed: sp.Set, x):
    """The claimed set with its families (ImageSets, intervals with ends in n) in one integer
    parameter n, and that parameter; (the set, None) when it has none."""
    n = sp.Symbol("n", integer=True)
    names = {s for s in claimed.free_symbols if s != x}
    images = claimed.atoms(sp.ImageSet)
    if not names and not images:
        return claimed, None
    if len(names) > 1:
        return claimed, None
    renamed = sp.Union(
        *(one_interval(piece) for piece in pieces(claimed.xreplace({s: n for s in names})))
    )
    renamed = renamed.xreplace(
        {
            image: sp.FiniteSet(image.lamda.expr.xreplace({image.lamda.variables[0]: n}))
            for image in images
        }
    )
    return renamed, n


SAMPLE = range(-3, 4)  # the members of a family compared: n = -3, ..., 3


def check_families(text: str, result, options: Options) -> Check:
    """A general solution (x = nπ, π/2 + 2kπ, {πn | n ∈ ℤ}) against calcli's families: every
    member of each side for n = -3…3 must be a member of the other (a family is read as x = a +
    bn with b ≠ 0)."""
    x = result.unknowns[0]
    return compared_families(read_set(text, options, x), result.solution_set, x)


def compared_families(claimed: sp.Set, actual: sp.Set, x) -> Check:
    """Every member of each side for n = -3…3 is a member of the other, or a counterexample."""
    for source, target, words in (
        (claimed, actual, "not a solution"),
        (actual, claimed, "a solution missing from the answer"),
    ):
        for value in members(source):
            inside = is_member(value, target)
            if inside is None:
                return Check(
                    claimed, "unknown", f"could not decide whether {x} = {value} is a solution"
                )
            if not inside:
                ce = Counterexample(
                    {x: value},
                    "in the answer" if source is claimed else "not in the answer",
                    "not a solution" if source is claimed else "a solution",
                )
                return Check(
                    claimed, "different", f"compared as families: {x} = {value} is {words}", ce
                )
    return Check(
        claimed,
        "equal",
        f"compared as families: their members for n = {SAMPLE.start}, "
        f"…, {SAMPLE.stop - 1} agree both ways",
    )


def members(values: sp.Set) -> list:
    pieces = values.args if isinstance(values, sp.Union) else (values,)
    out = []
    for piece in pieces:
        if isinstance(piece, sp.ImageSet):
            n = piece.lamda.variables[0]
            out += [piece.lamda.expr.xreplace({n: k}) for k in SAMPLE]
        elif isinstance(piece, sp.FiniteSet):
            out += list(piece)
    # a counterexample near 0 first
    return sorted(out, key=lambda v: (abs(float(sp.N(v))), float(sp.N(v))))


def is_member(value, values: sp.Set) -> bool | None:
    pieces = values.args if isinstance(values, sp.Union) else (values,)
    undecided = False
    for piece in pieces:
        if isinstance(piece, sp.ImageSet):
            n = piece.lamda.variables[0]
            expr = piece.lamda.expr
            slope = sp.diff(expr, n)
            if slope.free_symbols or slope == 0 or sp.diff(slope, n) != 0:
                undecided = True
                continue
            k = sp.nsimplify(bounded_simplify((value - expr.xreplace({n: 0})) / slope))
            if k.is_integer:
                return True
        elif isinstance(piece, sp.FiniteSet):
            if any(bounded_simplify(value - v) == 0 for v in piece):
                return True
        else:
            contained = piece.contains(value)
            if contained is sp.true:
                return True
            undecided = undecided or contained is not sp.false
    return None if undecided else False


def a_member(values: sp.Set):
    """A simple number of a set of reals (its middle, an integer in it, an endpoint), or None."""
    if values == sp.S.EmptySet:
        return None
    pieces = values.args if isinstance(values, sp.Union) else (values,)
    # the witness a student checks most easily: near 0
    for piece in sorted(pieces, key=nearness_to_zero):
        if isinstance(piece, sp.FiniteSet) and piece:
            return min(piece, key=lambda v: (sp.count_ops(v), abs(sp.N(v))))
        if isinstance(piece, sp.Interval):
            low, high = piece.start, piece.end
            for candidate in (
                sp.floor(low) + 1 if low.is_finite else None,
                sp.ceiling(high) - 1 if high.is_finite else None,
                (low + high) / 2 if low.is_finite and high.is_finite else None,
                0,
            ):
                if (
                    candidate is not None
                    and piece.contains(candidate) is sp.true
                    and values.contains(candidate) is sp.true
                ):
                    return candidate
            if low.is_finite and piece.contains(low) is sp.true:
                return low
    return None


def nearness_to_zero(piece: sp.Set) -> float:
    """How far a piece of a set of reals lies from 0 (0 when it holds 0); pieces sympy cannot
    place last."""
    try:
        low, high = float(piece.inf), float(piece.sup)
    except (TypeError, ValueError, AttributeError):
        return math.inf
    return 0.0 if low <= 0 <= high else min(abs(low), abs(high))


def check_answer(result, expect: str, options: Options, tol: float):
    """An answer checked against solutions computed before (calcli grade)."""
    return check_solutions(expect, result, options, tol)

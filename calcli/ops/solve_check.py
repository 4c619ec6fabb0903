"""solve --expect: a claimed solution or set of solutions against the computed one.

Forms: `x = 13/3 - 11y/6`; `x = 2, y = 1`; `{-2i, 2i}` or `-2i, 2i` (values of the
one unknown); `(2, 1)` or `{(2, 1), (-1, 0)}` (tuples in --for order); `{}` or `∅`
for no solution. Names are read with the problem's variables declared, so `i`
is the imaginary unit unless the problem has a variable i.
"""

from __future__ import annotations

import re

import sympy as sp

from calcli.errors import InputError, ShapeError
from calcli.ops.check import Check, Counterexample, compare
from calcli.parsing import Options, answer_options, parse_program, parse_relation

EMPTY = ("{}", "∅", "{ }", "[]")


def parse_claim(text: str, unknowns: tuple, options: Options) -> list[tuple]:
    """The claimed solutions, each a tuple in unknowns order."""
    body = text.strip()
    if body in EMPTY:
        return []
    if body.startswith("{") and body.endswith("}"):
        body = body[1:-1].strip()
    if "=" in body and not any(op in body for op in ("<=", ">=")):
        if len(unknowns) == 1:  # x = 2, x = 3 or x = 2 or x = 3: one solution per assignment
            separator = ";" if options.decimal_comma else ","
            return [assignments(part, text, unknowns, options) for part in re.split(rf"\s+or\s+|{separator}", body)]
        return [assignments(body, text, unknowns, options)]
    value = parse_program(body, options).value
    items = list(value) if isinstance(value, sp.Tuple) else [value]
    if len(unknowns) == 1:
        return [(v,) for v in items]
    if all(isinstance(v, sp.Tuple) for v in items):
        claims = [tuple(v) for v in items]
    else:
        claims = [tuple(items)]
    if any(len(c) != len(unknowns) for c in claims):
        raise ShapeError(f"--expect: each solution needs {len(unknowns)} values, in --for order ({', '.join(u.name for u in unknowns)})")
    return claims


def assignments(body: str, text: str, unknowns: tuple, options: Options) -> tuple:
    """`x = 2` or `x = 2, y = 1` (any order): one solution as a tuple in unknowns order."""
    values = {}
    for part in body.split(";" if options.decimal_comma else ","):
        lhs, _, rhs = parse_relation(part, options)
        if lhs not in unknowns or lhs in values:
            names = ", ".join(u.name for u in unknowns)
            raise InputError(f"--expect '{text}': write each unknown once as name = value ({names}), or a tuple in --for order")
        values[lhs] = rhs
    if set(values) != set(unknowns):
        raise InputError(f"--expect '{text}': give a value for each of {', '.join(u.name for u in unknowns)}")
    return tuple(values[u] for u in unknowns)


def check_solutions(text: str, result, options: Options, answer_tol: float) -> Check:
    """Each claimed solution matched to one solution: what is missing and what is extra, when they differ."""
    known = set().union(*(e.expr.free_symbols for e in result.equations)) | set(result.unknowns)
    claims = parse_claim(text, result.unknowns, answer_options(options, known))
    expected = sp.FiniteSet(*(c[0] if len(c) == 1 else sp.Tuple(*c) for c in claims)) if claims else sp.S.EmptySet
    if result.solutions is None:
        return Check(expected, "unknown", "the solution set is not a finite list")
    actual = [tuple(s[u] for u in result.unknowns) for s in result.solutions]
    tol = 1e-9 if not result.numeric_only else 1e-6
    unmatched, extra, verdicts = list(actual), [], []
    for claim in claims:
        checks = [(a, compare(claim, a, result.unknowns, tol=tol, answer_tol=answer_tol)) for a in unmatched]
        match = next((a for a, c in checks if c.verdict == "equal"), None)
        if match is None:
            extra.append(claim)
            verdicts += [c.verdict for _, c in checks]
        else:
            unmatched.remove(match)
    if not extra and not unmatched:
        return Check(expected, "equal", "each claimed solution matches one solution")
    if "unknown" in verdicts:
        return Check(expected, "unknown", "a claimed solution could not be compared with the solutions")
    method, counterexample = "compared solution by solution", Counterexample({}, expected, result.solution_set)
    if len(extra) == 1 and len(unmatched) == 1:  # one wrong solution: name a point where it differs
        single = compare(extra[0], unmatched[0], result.unknowns, tol=tol, answer_tol=answer_tol)
        if single.counterexample is not None and single.counterexample.at:
            method, counterexample = single.method, single.counterexample
    shown = lambda values: tuple(v[0] if len(v) == 1 else sp.Tuple(*v) for v in values)  # noqa: E731
    matched = len(actual) - len(unmatched)
    return Check(expected, "different", method, counterexample, missing=shown(unmatched), extra=shown(extra), matched=matched)


def check_answer(result, expect: str, options: Options, tol: float):
    """An answer checked against solutions computed before (calcli grade)."""
    return check_solutions(expect, result, options, tol)

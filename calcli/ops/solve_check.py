"""solve --expect: a claimed solution or set of solutions against the computed one.

Forms: `x = 13/3 - 11y/6`; `{-2i, 2i}` or `-2i, 2i` (values of the one unknown);
`(2, 1)` or `{(2, 1), (-1, 0)}` (tuples in --for order); `{}` for no solution.
"""
from __future__ import annotations

import sympy as sp

from calcli.errors import InputError, ShapeError
from calcli.ops.check import Check, Counterexample, compare
from calcli.parsing import Options, parse_program, parse_relation


def parse_claim(text: str, unknowns: tuple, options: Options) -> list[tuple]:
    """The claimed solutions, each a tuple in unknowns order."""
    body = text.strip()
    if body.startswith("{") and body.endswith("}"):
        body = body[1:-1].strip()
        if not body:
            return []
    if "=" in body and not any(op in body for op in ("<=", ">=")):
        lhs, _, rhs = parse_relation(body, options)
        if len(unknowns) != 1 or lhs != unknowns[0]:
            raise InputError(f"--expect '{text}': write the solution as {unknowns[0].name} = ... (one unknown) or as a tuple in --for order")
        return [(rhs,)]
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


def check_solutions(text: str, result, options: Options) -> Check:
    claims = parse_claim(text, result.unknowns, options)
    known = set().union(*(e.expr.free_symbols for e in result.equations))
    i = sp.Symbol("i", real=True)
    if i not in known:  # {-2i, 2i}: i is the imaginary unit when no variable is called i
        claims = [tuple(v.xreplace({i: sp.I}) for v in c) for c in claims]
    expected = sp.FiniteSet(*(c[0] if len(c) == 1 else sp.Tuple(*c) for c in claims)) if claims else sp.S.EmptySet
    if result.solutions is None:
        return Check(expected, "unknown", "the solution set is not a finite list")
    actual = [tuple(s[u] for u in result.unknowns) for s in result.solutions]
    if len(actual) != len(claims):
        return Check(expected, "different", "number of solutions", Counterexample({}, expected, result.solution_set))
    unmatched = list(actual)
    tol = 1e-9 if not result.numeric_only else 1e-6
    for claim in claims:
        match = next((a for a in unmatched if compare(claim, a, result.unknowns, tol=tol).verdict == "equal"), None)
        if match is None:
            nearest = unmatched[0]
            check = compare(claim, nearest, result.unknowns, tol=tol)
            if check.verdict == "different" and check.counterexample and check.counterexample.at:
                return Check(expected, "different", check.method, check.counterexample)
            return Check(expected, check.verdict if check.verdict == "unknown" else "different", "a claimed solution is not among the solutions",
                         Counterexample({}, expected, result.solution_set))
        unmatched.remove(match)
    return Check(expected, "equal", "each claimed solution matches one solution")

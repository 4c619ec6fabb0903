"""When no exact candidate is of the kind asked for: a proof that f is unbounded along a line, or
a labelled numeric search, said as what it saw."""

from __future__ import annotations

import math
from dataclasses import replace

import sympy as sp

from calcli.errors import Unsolved
from calcli.results import OptimizeResult


def numeric_instead(
    exact: OptimizeResult, f, constraints, variables, sense, start, options
) -> OptimizeResult:
    """No exact candidate is of the kind asked for, but sympy's list may be incomplete (it drops
    periodic solutions): a labelled numeric search decides, and only when it runs away is there
    said to be none."""
    from calcli.ops.numeric_opt import numeric_optimum, unbounded_direction

    word = "minimum" if sense == "min" else "maximum"
    if not constraints and (proof := line_note(f, variables, sense)) is not None:
        return replace(exact, note=proof)
    try:
        found = numeric_optimum(f, constraints, variables, sense, start, options, labelled=False)
    except Unsolved as exc:
        return replace(
            exact,
            note=f"no global {word} was found: none of the candidates is a "
            f"{word}, and {exc.message}",
        )
    optimum = found.optimum
    assert optimum is not None, "numeric_optimum finds one or raises Unsolved"
    witness = unbounded_direction(f, constraints, variables, sense, optimum)
    if witness is not None:
        return replace(exact, note=unbounded_note(witness, sense))
    at = {v: float(x) for v, x in optimum.point.items()}
    if any(
        all(abs(float(c.numeric[v.name]) - at[v]) < 1e-6 * (1 + abs(at[v])) for v in variables)
        for c in exact.candidates
    ):
        return replace(
            exact,
            note=f"no global {word} was found: none of the candidates is a "
            f"{word}, and a numeric search stops only at them",
        )
    return replace(
        found,
        note=f"{found.note}; the exact candidates ({len(exact.candidates)}) include no {word}",
    )


def unbounded_note(witness: tuple, sense: str) -> str:
    """What a numeric search saw, said as what it is: a point with a better value than every
    candidate, or a search running away (the callers try line_note's proof first, where there are
    no constraints)."""
    point, value = witness
    word, better, side = (
        ("minimum", "lower", "below") if sense == "min" else ("maximum", "higher", "above")
    )
    where = ", ".join(f"{v.name} = {x:.3g}" for v, x in point.items())
    if not all(math.isfinite(x) for x in point.values()) or not math.isfinite(value):
        # where it ran to is the search's own path (it varies with scipy's version): only the
        # direction is the answer
        return (
            f"no global {word} was found: a search from far out runs away to infinity with "
            f"ever {better} values (it looks unbounded {side}, which is not proved)"
        )
    return (
        f"no global {word}: at {where} the objective is {value:.4g}, {better} than at every "
        f"candidate (it looks unbounded {side}); the candidates are only local"
    )


def line_note(f, variables: tuple, sense: str) -> str | None:
    line = unbounded_line(f, variables, sense)
    if line is None:
        return None
    word, side = ("minimum", "below") if sense == "min" else ("maximum", "above")
    return (
        f"no global {word}: along the line {line}, f → {'−' if sense == 'min' else '+'}∞ as t "
        f"→ ∞ (unbounded {side})"
    )


def unbounded_line(f, variables: tuple, sense: str) -> str | None:
    """A line x = a·t, y = b·t (a, b in {−1, 0, 1}) along which f is a polynomial in t whose
    leading term goes to −∞ (for a minimum) or +∞: proof that f is unbounded. None when no such
    line is found."""
    from itertools import product

    t = sp.Dummy("t", positive=True)
    n = len(variables)
    directions = [d for d in product((0, 1, -1), repeat=n) if any(d)] if n <= 3 else []
    # x sin y: along y = 1
    bases = [(0,) * n] + [tuple(int(i == j) for j in range(n)) for i in range(n)]
    for base, d in product(bases, directions):
        line = {v: b + c * t for v, b, c in zip(variables, base, d)}
        if in_domain_far_out(f, line, t) and tends_to(
            f.xreplace(line), t, sense, small=not any(base)
        ):
            return ", ".join(f"{v.name} = {line_text(b, c)}" for v, b, c in zip(variables, base, d))
    return None


def tends_to(along, t, sense: str, small: bool) -> bool:
    """f along a line → −∞ (sense min) or +∞ as t → ∞: by the leading term of a polynomial, or
    (for a small expression on a line through the origin: √t − t) by sympy's limit."""
    target = -sp.oo if sense == "min" else sp.oo
    try:
        poly = sp.Poly(along, t)
    except sp.PolynomialError:
        if not small or sp.count_ops(along) > MAX_LIMIT_OPS:
            return False
        try:
            return sp.limit(along, t, sp.oo) == target
        except (NotImplementedError, ValueError, TypeError, sp.PoleError):
            return False
    lead = poly.LC()
    return (
        poly.degree() >= 1
        and lead.is_number
        and lead.is_real
        and (lead < 0 if sense == "min" else lead > 0)
    )


MAX_LIMIT_OPS = 30


def in_domain_far_out(f, line: dict, t) -> bool:
    """Every even root and log of f is real along the line for all large t (√x is not, along x =
    −t)."""
    arguments = [p.base for p in f.atoms(sp.Pow) if not p.exp.is_integer] + [
        g.args[0] for g in f.atoms(sp.log)
    ]
    for argument in arguments:
        try:
            along = sp.Poly(argument.xreplace(line), t)
        except sp.PolynomialError:
            return False
        if not (along.LC().is_positive or (along.degree() == 0 and along.LC().is_nonnegative)):
            return False
    return True


def line_text(base: int, step: int) -> str:
    """1 + t, −t, 0: one coordinate of a line written out."""
    moving = {1: "t", -1: "−t", 0: ""}[step]
    if not base:
        return moving or "0"
    return f"{base} {'+' if step > 0 else '−'} t" if step else str(base)

"""Solution sets in plain mathematics: {2nπ | n ∈ ℤ} ∪ {2nπ + π | n ∈ ℤ}, (−2, 2), ∅."""
from __future__ import annotations

import sympy as sp

from calcli.render.text import inline

NAMED = {sp.S.Reals: "ℝ", sp.S.Complexes: "ℂ", sp.S.Integers: "ℤ", sp.S.Naturals0: "ℕ₀", sp.S.Naturals: "ℕ", sp.S.EmptySet: "∅"}


def bound(value) -> str:
    return {sp.oo: "∞", -sp.oo: "−∞"}.get(value, inline(value))


def set_text(s) -> str:
    if s in NAMED:
        return NAMED[s]
    if isinstance(s, sp.FiniteSet):
        return "{" + ", ".join(inline(v) for v in s) + "}"
    if isinstance(s, sp.Interval):
        left = "(" if s.left_open else "["
        right = ")" if s.right_open else "]"
        return f"{left}{bound(s.start)}, {bound(s.end)}{right}"
    if isinstance(s, sp.Union):
        return " ∪ ".join(set_text(a) for a in s.args)
    if isinstance(s, sp.Intersection):
        return " ∩ ".join(set_text(a) for a in s.args)
    if isinstance(s, sp.Complement):
        return f"{set_text(s.args[0])} \\ {set_text(s.args[1])}"
    if isinstance(s, sp.ImageSet):
        return image_text(s)
    if isinstance(s, sp.ConditionSet):
        return f"{{{inline(s.sym)} ∈ {set_text(s.base_set)} | {inline(s.condition)}}}"
    return inline(s)


def image_text(s: sp.ImageSet) -> str:
    """ImageSet(Lambda(_n, 2*_n*pi), Integers) -> {2nπ | n ∈ ℤ}, with readable parameter names."""
    lam = s.lamda
    names = [sp.Symbol(n) for n in ("n", "m", "k", "j")]
    params = lam.variables
    renamed = lam.expr.xreplace(dict(zip(params, names)))
    domains = s.base_sets
    where = ", ".join(f"{inline(p)} ∈ {set_text(d)}" for p, d in zip(names, domains))
    return "{" + implicit_product(inline(renamed)) + " | " + where + "}"


def implicit_product(text: str) -> str:
    """2*n*π reads as 2nπ."""
    return text.replace("*π", "π").replace("*n", "n") if "n" in text else text

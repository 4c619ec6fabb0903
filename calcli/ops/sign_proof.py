"""Labels proved from signs, where the second-order test cannot see: f - f(p) >= 0 on the whole
feasible set makes p a (global) minimum. Bounds such as x >= 0 become nonnegative symbols, so
that sympy's sign rules prove x*y*z >= 0 on x, y, z >= 0 and label the corners and faces of that
box minima."""

from __future__ import annotations

import sympy as sp


def proved_label(f, value, constraints, variables) -> str | None:
    """minimum when f - value >= 0 is proved on the feasible set, maximum when <= 0; else None."""
    if not isinstance(value, sp.Expr) or value.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        return None
    gap = (f - value).xreplace(bounded(constraints, variables))
    if gap.is_nonnegative:
        return "minimum"
    if gap.is_nonpositive:
        return "maximum"
    return None


def bounded(constraints, variables) -> dict:
    """x -> c + t (x >= c) or c - t (x <= c), t a nonnegative symbol: one bound per variable is
    enough to prove with."""
    shift: dict = {}
    for c in constraints:
        if c.op == "=":
            continue
        lhs, op, rhs = (
            (c.lhs, c.op, c.rhs)
            if c.lhs in variables
            else (c.rhs, {">=": "<=", "<=": ">="}[c.op], c.lhs)
        )
        if lhs in variables and rhs.is_number and lhs not in shift:
            t = sp.Dummy(lhs.name, nonnegative=True)
            shift[lhs] = rhs + t if op == ">=" else rhs - t
    return shift

"""LaTeX that pastes into a document: aligned equations."""
from __future__ import annotations

import sympy as sp


def tex(value) -> str:
    if isinstance(value, (sp.Tuple, tuple)):
        return r"\left(" + ", ".join(tex(v) for v in value) + r"\right)"
    return sp.latex(value)


def aligned(rows: list[str]) -> str:
    return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"


def grad_latex(r) -> str:
    rows = [f"f &= {tex(r.expression)}"]
    for i, (v, d) in enumerate(zip(r.variables, r.gradient)):
        row = rf"\frac{{\partial f}}{{\partial {sp.latex(v)}}} &= {tex(d)}"
        if r.at:
            row += f" = {tex(r.value[i])}"
        rows.append(row)
    if r.at:
        rows.append(r"&\text{at } " + ", ".join(f"{sp.latex(k)} = {tex(v)}" for k, v in r.at.items()))
    if r.hessian is not None:
        rows.append(f"H &= {tex(r.hessian)}" + (f" = {tex(r.hessian_value)}" if r.at else ""))
    return aligned(rows)


LATEX = {"grad": grad_latex}

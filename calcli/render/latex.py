"""LaTeX that pastes into a document as it is: a complete amsmath display (align*), or a tabular
for diff-table."""

from __future__ import annotations

import sympy as sp

from calcli.printing import display, tex
from calcli.render.graph import steps_rows, tex_factor


def grad_latex(r) -> str:
    rows = [f"f &= {tex(r.expression)}"]
    for i, (v, d) in enumerate(zip(r.variables, r.gradient)):
        row = rf"\frac{{\partial f}}{{\partial {sp.latex(v)}}} &= {tex(d)}"
        if r.at:
            row += f" = {tex(r.value[i])}"
        rows.append(row)
    if r.at:
        rows.append(
            r"&\text{at } " + ", ".join(f"{sp.latex(k)} = {tex(v)}" for k, v in r.at.items())
        )
    if r.hessian is not None:
        rows.append(f"H &= {tex(r.hessian)}" + (f" = {tex(r.hessian_value)}" if r.at else ""))
    if r.steps is not None:
        rows += steps_rows(r.steps)
    return display(rows)


def check_comment(check) -> str:
    """LaTeX has no verdict line; a comment keeps the document valid and the check visible."""
    if check is None:
        return ""
    from calcli.render.text import verdict_sentence

    return "\n% " + verdict_sentence(check).replace("\n", " ")


def field_latex(r) -> str:
    symbol = r.tex_symbol
    rows = [
        rf"f &= {tex(r.field[0])}"
        if r.scalar_input
        else rf"\mathbf{{F}} &= "
        rf"{tex(tuple(r.field))}"
    ]
    if r.summed and len(r.terms) > 1:
        rows.append(
            f"{symbol} &= " + " + ".join(tex_factor(t) for t in r.terms) + f" = {tex(r.result)}"
        )
    else:
        rows.append(f"{symbol} &= {tex(r.result)}")
    if r.jacobian is not None:
        rows.append(f"J &= {tex(r.jacobian)}")
    if r.at:
        rows.append(
            r"&\text{at } "
            + ", ".join(f"{sp.latex(k)} = {tex(v)}" for k, v in r.at.items())
            + f": {tex(r.value)}"
        )
    return display(rows + field_steps_latex(r))


def field_steps_latex(r) -> list[str]:
    """The working: the scale factors, each derivative, and each term as the formula combines
    them."""
    from calcli.results import JacobianSteps

    if getattr(r, "steps", None) is None:
        return []
    if isinstance(r.steps, JacobianSteps):
        rows = [
            rf"\frac{{\partial F_{{{i}}}}}{{\partial {sp.latex(v)}}} &= {tex(value)}"
            for i, v, value in r.steps.entries
        ]
        if r.steps.expansion:
            terms = " ".join(
                rf"{'+' if s > 0 else '-'} \left({tex(a)}\right) \left({tex(m)}\right)"
                for s, a, m in r.steps.expansion
            )
            rows.append(rf"\det J &= {terms.lstrip('+ ')} = {tex(r.steps.determinant)}")
        return rows
    from calcli.render.fields import numerator

    rows = []
    if r.coordinates != "cartesian":
        rows.append(
            r"&\text{scale factors: } "
            + r",\ ".join(
                f"h_{{{sp.latex(v)}}} = {tex(h)}"
                for v, h in zip(r.variables, r.steps.scale_factors)
            )
        )
    for row in r.steps.rows:
        for of, wrt, value in row.derivatives:
            rows.append(
                rf"\frac{{\partial}}{{\partial {sp.latex(wrt)}}}\left({tex(of)}\right) &= "
                rf"{tex(value)}"
            )
        if row.combines:
            top = numerator(row, tex, minus="-")
            rows.append(
                (rf"\frac{{{top}}}{{{tex(row.denominator)}}}" if row.denominator != 1 else top)
                + f" &= {tex(row.term)}"
            )
    return rows


RELATION_TEX = {"=": "=", "<": "<", "<=": r"\le", ">": ">", ">=": r"\ge"}


def solve_latex(r) -> str:
    from calcli.render.calculus import latex_text

    rows = [f"{tex(e.lhs)} &{RELATION_TEX[e.op]} {tex(e.rhs)}" for e in r.equations]
    for words, value in r.steps.rows if r.steps is not None else ():
        shown = step_tex(value)
        # words of any length wrap
        rows.append(rf"\intertext{{\small {latex_text(words)}}} &\Rightarrow {shown}")
    if r.solutions:
        for sol in r.solutions:
            rows.append(
                r"&\Rightarrow " + r",\ ".join(f"{sp.latex(u)} = {tex(v)}" for u, v in sol.items())
            )
    else:
        family = r",\ n \in \mathbb{Z}" if r.period is not None else ""
        rows.append(
            r"&\Rightarrow "
            + sp.latex(r.whole_set if not r.numeric_only else sp.S.EmptySet)
            + family
        )
    return display(rows)


def step_tex(value) -> str:
    """A step's equation, inequality, system or set."""
    if isinstance(value, sp.Set):
        return sp.latex(value)
    if isinstance(value, sp.Tuple):
        return r",\quad ".join(step_tex(v) for v in value)
    return f"{tex(value.lhs)} {RELATION_TEX[value.rel_op.replace('==', '=')]} {tex(value.rhs)}"


def difftable_latex(r) -> str:
    from calcli.numbers import decimal

    header = " & ".join(c.replace("_", r"\_") for c in r.columns)
    body = " \\\\\n".join(
        " & ".join(decimal(v if v == v else None) for v in row) for row in r.rows.tolist()
    )
    table = (
        "\\begin{tabular}{"
        + "r" * len(r.columns)
        + "}\n"
        + header
        + " \\\\ \\hline\n"
        + body
        + "\n\\end{tabular}"
    )
    return table if r.steps is None else table + "\n" + difference_steps_latex(r)


def difference_steps_latex(r) -> str:
    """The exact derivative and each scheme's quotient, with its truncation error."""
    from calcli.render.calculus import latex_text
    from calcli.render.fields import difference_text

    k = "" if r.order == 1 else f"^{{{r.order}}}"
    rows = [rf"\frac{{d{k}f}}{{d{sp.latex(r.variable)}{k}}} &= {tex(r.steps.derivative)}"]
    for formula in r.steps.formulas:
        quotient = (
            difference_text(formula, r.order, sp.latex).replace("·", r" \cdot ").replace("−", "-")
        )
        rows.append(
            rf"\text{{{formula.scheme}}} &\approx {quotient} && "
            rf"\text{{{latex_text(formula.error)}}}"
        )
    return display(rows)


def optimize_latex(r) -> str:
    goal = r"\max" if r.sense == "max" else r"\min"
    rows = [f"&{goal}\\; {tex(r.objective)}"]
    rows += [
        f"&\\text{{s.t. }} {tex(c.lhs)} {RELATION_TEX[c.op]} {tex(c.rhs)}" for c in r.constraints
    ]
    if r.constraints:
        rows.append(r"L &= f - \sum_i \lambda_i \left(g_i - c_i\right)")
    from calcli.render.calculus import latex_text
    from calcli.results import PiecesWorking

    if isinstance(r.steps, PiecesWorking):
        for i, (conditions, piece) in enumerate(r.steps.regions, 1):
            rows.append(
                rf"f_{{{i}}} &= {tex(piece)} \quad \text{{where }} "
                + r",\ ".join(rf"{tex(c)} \ge 0" for c in conditions)
            )
        rows += [
            rf"\intertext{{\small candidate {i}: {latex_text(reason)}}} &"
            for i, reason in enumerate(r.steps.reasons, 1)
        ]
    elif r.steps is not None:
        rows.append(f"L &= {tex(r.steps.lagrangian)}")
        rows += [f"0 &= {tex(equation)}" for _, equation in r.steps.equations]
        for i, w in enumerate(r.steps.candidates, 1):
            if w.bordered is not None:
                rows.append(rf"H_{{{i}}} &= {tex(w.bordered)}")
                rows += [rf"\det H_{{{i}}}^{{({k})}} &= {tex(v)}" for k, v in w.minors]
            rows.append(rf"\intertext{{\small candidate {i}: {latex_text(w.test)}}} &")
    for c in r.candidates:
        point = ",\\ ".join(f"{sp.latex(v)} = {tex(x)}" for v, x in c.point.items())
        lams = ",\\ ".join(
            f"\\lambda_{{{name.replace('lambda', '').replace('λ', '')}}} = {tex(x)}"
            for name, x in c.multipliers.items()
        )
        star = r"\star\ " if c is r.optimum else ""
        rows.append(
            f"&{star}{point}" + (f",\\ {lams}" if lams else "") + f": f = "
            f"{tex(c.objective)}\\ \\text{{({c.classification})}}"
        )
    return display(rows)

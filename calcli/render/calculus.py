"""diff, integrate and limit in every text form: the table view, plain `name<TAB>value` lines,
and LaTeX. (JSON is each result's to_dict.) Each is named in calcli/render/writers.py."""

from __future__ import annotations

import sympy as sp

from calcli.numbers import decimal, flat, number, numeric
from calcli.printing import display, implicit_product, inline, point_text, tex
from calcli.render.safe import clip

# --- the derivative -------------------------------------------------------------------------------


def derivative_symbol(r) -> str:
    """d²f/dx², ∂³f/∂y²∂x, or dy/dx and d²y/dx² for an implicit derivative."""
    n = len(r.wrt)
    power = "" if n == 1 else str(n).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
    top = r.implicit.name if r.implicit is not None else "f"
    if len(set(r.wrt)) == 1:
        return f"d{power}{top}/d{r.wrt[0].name}{power}"
    groups: list = []
    last = None
    for v in reversed(r.wrt):  # ∂/∂y applied last is written first
        if groups and v == last:
            groups[-1][1] += 1
        else:
            groups.append([v, 1])
        last = v
    bottom = "".join(
        f"∂{v.name}"
        + (str(k).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")) if k > 1 else "")
        for v, k in groups
    )
    return f"∂{power}{top}/{bottom}"


def derivative_table(r):
    from rich.console import Group

    from calcli.render.cells import hint, new_table, text, titled

    of = (
        f"{clip(r.source)} ({r.implicit.name} as a function of {r.wrt[0].name})"
        if r.implicit is not None
        else clip(r.source)
    )
    table = new_table("derivative", "formula", *(["at the point", "decimal"] if r.at else []))
    row = [text(derivative_symbol(r), "cyan"), text(inline(r.derivative))]
    if r.at:
        row += [text(clip(inline(r.value), 60), "bold"), text(decimal(r.numeric))]
    table.add_row(*row)
    where = f" at {point_text(r.at)}" if r.at else ""
    parts = [titled(f"Derivative of {of}{where}", table)]
    if r.at and isinstance(r.value, sp.Basic) and r.value.has(sp.nan, sp.zoo):
        parts.append(
            hint("undefined: the function has no derivative there (a kink, a jump or a pole)")
        )
    if r.steps is not None:
        working = new_table("rule", "of", "derivative")
        for step in r.steps.steps:
            working.add_row(
                text("  " * step.depth + step.rule),
                text(inline(step.expression), "cyan"),
                text(inline(step.result)),
            )
        parts.append(
            titled(
                f"Working, rule by rule (d/d{r.steps.variable.name}; a step's parts "
                f"follow it, indented)",
                working,
            )
        )
    if r.graph is not None:
        from calcli.render.graph import steps_parts

        parts.extend(steps_parts(r.graph))
    return Group(*parts)


def derivative_lines(r):
    yield "expression", flat(r.expression)
    yield "wrt", ",".join(v.name for v in r.wrt)
    yield "order", str(len(r.wrt))
    if r.implicit is not None:
        yield "implicit", r.implicit.name
    yield "derivative", flat(r.derivative)
    if r.steps is not None:
        for i, step in enumerate(r.steps.steps, 1):
            yield f"step.{i}.depth", str(step.depth)
            yield f"step.{i}.rule", step.rule
            yield f"step.{i}.expression", flat(step.expression)
            yield f"step.{i}.derivative", flat(step.result)
    if r.graph is not None:
        from calcli.render.graph import steps_lines

        yield from ((f"graph.{key}", value) for key, value in steps_lines(r.graph))
    if r.at:
        yield from at_lines(r.at)
        yield "value", flat(r.value)
        yield "numeric", number(r.numeric)


def derivative_latex(r) -> str:
    n = len(r.wrt)
    top = sp.latex(r.implicit) if r.implicit is not None else "f"
    if len(set(r.wrt)) == 1:
        power = "" if n == 1 else f"^{{{n}}}"
        symbol = rf"\frac{{d{power} {top}}}{{d {sp.latex(r.wrt[0])}{power}}}"
    else:
        symbol = (
            rf"\frac{{\partial^{{{n}}} {top}}}{{"
            + " ".join(rf"\partial {sp.latex(v)}" for v in reversed(r.wrt))
            + "}"
        )
    rows = [
        f"{'0' if r.implicit is not None else 'f'} &= {tex(r.expression)}",
        f"{symbol} &= {tex(r.derivative)}" + (f" = {tex(r.value)}" if r.at else ""),
    ]
    if r.at:
        rows.append(
            r"&\text{at } " + ", ".join(f"{sp.latex(k)} = {tex(v)}" for k, v in r.at.items())
        )
    for step in r.steps.steps if r.steps is not None else ():
        rows.append(
            rf"&\text{{{latex_text(step.rule)}}}:\ \frac{{d}}{{d{sp.latex(r.steps.variable)}}} "
            rf"{tex_group(step.expression)} = {tex(step.result)}"
        )
    if r.graph is not None:
        from calcli.render.graph import steps_rows

        rows += steps_rows(r.graph)
    return display(rows)


def tex_group(value) -> str:
    return rf"\left({tex(value)}\right)" if value.is_Add else tex(value)


# --- the integral ---------------------------------------------------------------------------------


def integral_text(r) -> str:
    """∫ f dx, ∫_0^1 f dx, ∫_0^1 ∫_0^x f dy dx: as a person writes it, inner integral innermost."""
    signs = (
        "".join(f"∫[{bound(a)}, {bound(b)}] " for a, b in reversed(r.bounds))
        if r.definite
        else "∫" * len(r.variables) + " "
    )
    return f"{signs}{inline(r.expression)} " + " ".join(f"d{v.name}" for v in r.variables)


def bound(value) -> str:
    return {sp.oo: "∞", -sp.oo: "-∞"}.get(value) or inline(value)


STATUS_WORDS = {
    "divergent": "the integral diverges",
    "numeric": "by numeric quadrature (scipy "
    # unsolved: its note says why
    "quad)",
}


def integral_table(r):
    from rich.console import Group

    from calcli.render.cells import hint, new_table, text, titled

    table = new_table(
        "integral",
        "value" if r.definite else "antiderivative",
        *(["decimal"] if r.definite else []),
    )
    if r.status == "solved":
        value = inline(r.integral) + ("" if r.definite else " + C")
    elif r.status == "divergent":
        value = f"diverges ({inline(r.integral)})" if r.integral is not None else "diverges"
    elif r.status == "numeric":
        value = f"≈ {decimal(r.numeric)} (numeric, error ≤ {r.error_estimate:.1e})"
    else:
        value = "not found"
    row = [text(integral_text(r), "cyan"), text(value, "bold")]
    if r.definite:
        row.append(text(decimal(r.numeric) if r.numeric is not None else "—"))
    table.add_row(*row)
    kind = "Definite integral" if r.definite else "Antiderivative"
    parts = [titled(f"{kind} of {clip(r.source)}", table)]
    if r.status == "solved" and not r.definite:
        parts.append(
            hint("C is any constant: every antiderivative differs from this one by a constant")
        )
    if r.status in STATUS_WORDS:
        parts.append(hint(STATUS_WORDS[r.status]))
    if r.steps is not None:
        working = new_table("rule", "integral", "=")
        for step in r.steps.steps:
            working.add_row(
                text("  " * step.depth + step.rule),
                text(f"∫ {inline(step.integrand)} d{step.variable.name}", "cyan"),
                text(inline(step.result) if step.result is not None else "—"),
            )
        parts.append(
            titled("Working, rule by rule (a step's sub-integrals follow it, indented)", working)
        )
    return Group(*parts)


def integral_lines(r):
    yield "expression", flat(r.expression)
    yield "variables", ",".join(v.name for v in r.variables)
    yield "kind", "definite" if r.definite else "indefinite"
    for v, (a, b) in zip(r.variables, r.bounds):
        yield f"bounds.{v.name}", f"{flat(a)},{flat(b)}"
    yield "status", r.status
    yield "integral", flat(r.integral) if r.integral is not None else "null"
    if r.definite:
        yield "numeric", number(r.numeric)
        if r.error_estimate is not None:
            yield "error_estimate", repr(r.error_estimate)
    elif r.integral is not None:
        yield "constant", "C"
    if r.steps is not None:
        yield "steps.complete", str(r.steps.complete).lower()
        for i, step in enumerate(r.steps.steps, 1):
            yield f"step.{i}.depth", str(step.depth)
            yield f"step.{i}.rule", step.rule
            yield f"step.{i}.integrand", flat(step.integrand)
            yield f"step.{i}.result", flat(step.result) if step.result is not None else "null"


def integral_latex(r) -> str:
    signs = (
        "".join(rf"\int_{{{tex(a)}}}^{{{tex(b)}}}" for a, b in reversed(r.bounds))
        if r.definite
        else r"\int" * len(r.variables)
    )
    left = rf"{signs} {tex(r.expression)} \, " + r" \, ".join(
        f"d{sp.latex(v)}" for v in r.variables
    )
    if r.status == "solved":
        right = tex(r.integral) + ("" if r.definite else " + C")
    elif r.status == "numeric":
        right = rf"\approx {r.numeric:.12g}"
    elif r.status == "divergent":
        right = tex(r.integral) if r.integral is not None else r"\text{diverges}"
    else:
        right = r"\text{(no closed form found)}"
    rows = [f"{left} &= {right}"]
    for step in r.steps.steps if r.steps is not None else ():
        result = tex(step.result) if step.result is not None else r"\dots"
        rows.append(
            rf"&\text{{{latex_text(step.rule)}}}:\ \int {tex_group(step.integrand)} \, "
            rf"d{sp.latex(step.variable)} = {result}"
        )
    return display(rows)


def latex_text(words: str) -> str:
    """A rule's words inside \text{}: the characters LaTeX treats specially, escaped; math
    symbols spelled."""
    table = {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "_": r"\_",
        "^": r"\^{}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
    }
    table |= {
        "∫": r"$\int$",
        "√": r"$\surd$",
        "−": "-",
        "²": r"$^2$",
        "·": r"$\cdot$",
        "|": r"$|$",
        "′": "'",
        "ⁿ": r"$^n$",
        "ᵘ": r"$^u$",
        "⁻": r"$^-$",
        "¹": r"$^1$",
    }
    table |= {
        "∞": r"$\infty$",
        "≤": r"$\le$",
        "≥": r"$\ge$",
        "≠": r"$\ne$",
        "→": r"$\to$",
        "π": r"$\pi$",
        "λ": r"$\lambda$",
    }
    table |= {
        "θ": r"$\theta$",
        "φ": r"$\phi$",
        "∇": r"$\nabla$",
        "∂": r"$\partial$",
        "×": r"$\times$",
        "∪": r"$\cup$",
        "∈": r"$\in$",
    }
    table |= {
        "ℤ": r"$\mathbb{Z}$",
        "±": r"$\pm$",
        "≈": r"$\approx$",
        "³": r"$^3$",
        "⁴": r"$^4$",
        "★": r"$\star$",
    }
    return "".join(table.get(ch, ch) for ch in words)


# --- the limit ------------------------------------------------------------------------------------


def approach_text(r) -> str:
    side = {"+": "⁺", "-": "⁻"}.get(r.direction, "") if r.point not in (sp.oo, -sp.oo) else ""
    return f"{r.variable.name} → {inline(r.point)}{side}"


LIMIT_WORDS = {"does_not_exist": "does not exist", "unsolved": "not found"}


def limit_table(r):
    from rich.console import Group

    from calcli.render.cells import hint, new_table, text, titled

    table = new_table("limit", "value", "decimal")
    value = inline(r.limit) if r.limit is not None else LIMIT_WORDS.get(r.status, "—")
    table.add_row(
        text(f"lim {approach_text(r)}", "cyan"),
        text(value, "bold"),
        text(decimal(r.numeric) if r.numeric is not None else "—"),
    )
    if r.sides and r.status != "exists":
        for name, side in zip(("from the left", "from the right"), r.sides):
            table.add_row(
                text(f"  {name}"), text(inline(side) if side is not None else "not found"), text("")
            )
    parts = [titled(f"Limit of {clip(r.source)} as {approach_text(r)}", table)]
    if r.form:
        parts.append(hint(f"at the point the expression has the indeterminate form {r.form}"))
    if r.steps is not None:
        working = new_table("L'Hôpital", "f′/g′", "form", "limit")
        for i, (n, d, form, value) in enumerate(r.steps.steps, 1):
            working.add_row(
                text(f"step {i}"),
                text(f"({inline(n)}) / ({inline(d)})", "cyan"),
                text(form or "determinate"),
                text(inline(value) if value is not None else "—"),
            )
        parts.append(
            titled(
                "Working: differentiate the numerator and the denominator while the "
                "form stays 0/0 or ∞/∞",
                working,
            )
        )
    return Group(*parts)


def limit_lines(r):
    yield "expression", flat(r.expression)
    yield "variable", r.variable.name
    yield "point", flat(r.point)
    yield "direction", r.direction
    yield "status", r.status
    yield "limit", flat(r.limit) if r.limit is not None else "null"
    if r.sides:
        yield "left", flat(r.sides[0]) if r.sides[0] is not None else "null"
        yield "right", flat(r.sides[1]) if r.sides[1] is not None else "null"
    yield "numeric", number(r.numeric)
    if r.form:
        yield "indeterminate_form", r.form
    for i, (n, d, form, value) in enumerate(r.steps.steps if r.steps is not None else (), 1):
        yield f"lhopital.{i}.numerator", flat(n)
        yield f"lhopital.{i}.denominator", flat(d)
        yield f"lhopital.{i}.form", form or "determinate"
        yield f"lhopital.{i}.limit", flat(value) if value is not None else "null"


def limit_latex(r) -> str:
    side = {"+": "^{+}", "-": "^{-}"}.get(r.direction, "") if r.point not in (sp.oo, -sp.oo) else ""
    left = rf"\lim_{{{sp.latex(r.variable)} \to {tex(r.point)}{side}}} {tex(r.expression)}"
    right = tex(r.limit) if r.limit is not None else r"\text{" + LIMIT_WORDS.get(r.status, "") + "}"
    rows = [f"{left} &= {right}"]
    for n, d, _, value in r.steps.steps if r.steps is not None else ():
        rows.append(
            rf"&\overset{{\text{{L'H}}}}{{=}} \lim \frac{{{tex(n)}}}{{{tex(d)}}}"
            + (f" = {tex(value)}" if value is not None else "")
        )
    return display(rows)


# --- the series -----------------------------------------------------------------------------------


def series_table(r):
    from rich.console import Group

    from calcli.render.cells import hint, new_table, text, titled

    table = new_table("expansion", "series")
    about = ", ".join(f"{v.name} = {bound(a)}" for v, a in r.about)
    table.add_row(text(f"about {about}", "cyan"), text(r.written(inline), "bold"))
    total = "total " if r.centre else ""
    parts = [titled(f"{r.kind} series of {clip(r.source)} to {total}order {r.order}", table)]
    parts.append(hint(f"O(...): the terms of {total}order {r.order} and higher are left out"))
    if r.steps is not None:
        x, a = r.steps.variable.name, bound(r.steps.point)
        working = new_table("k", f"f⁽ᵏ⁾({x})", f"f⁽ᵏ⁾({a})", "coefficient f⁽ᵏ⁾(a)/k!")
        for k, derivative, value, coefficient in r.steps.rows:
            working.add_row(
                text(str(k)),
                text(inline(derivative), "cyan"),
                text(inline(value)),
                text(inline(coefficient), "bold"),
            )
        parts.append(
            titled(f"Working: f⁽ᵏ⁾ at {x} = {a}; series = Σ coefficient·({x} − {a})^k", working)
        )
    return Group(*parts)


def series_lines(r):
    yield "expression", flat(r.expression)
    if r.centre:
        for v, a in r.centre:
            yield f"point.{v.name}", flat(a)
    else:
        yield "variable", r.variable.name
        yield "point", flat(r.point)
    yield "order", str(r.order)
    yield "kind", r.kind
    yield "series", r.written(flat)
    yield "polynomial", r.polynomial_text(flat)
    for k, derivative, value, coefficient in r.steps.rows if r.steps is not None else ():
        yield f"steps.{k}.derivative", flat(derivative)
        yield f"steps.{k}.at_point", flat(value)
        yield f"steps.{k}.coefficient", flat(coefficient)


def series_latex(r) -> str:
    rows = [f"{tex(r.expression)} &= {r.written(tex)}"]
    for k, derivative, value, coefficient in r.steps.rows if r.steps is not None else ():
        at = tex(r.steps.point)
        rows.append(rf"f^{{({k})}}(x) &= {tex(derivative)}")
        rows.append(
            rf"\frac{{f^{{({k})}}({at})}}{{{k}!}} &= \frac{{{tex(value)}}}{{{k}!}} = "
            rf"{tex(coefficient)}"
        )
    return display(rows)


# --- critical points ------------------------------------------------------------------------------


def critical_table(r):
    from rich.console import Group

    from calcli.render.cells import hint, new_table, text, titled

    names = [v.name for v in r.variables]
    table = new_table(*names, "f", "Hessian eigenvalues", "kind")
    for p in r.points:
        eigen = ", ".join(short(e) for e in p.eigenvalues)
        kind = p.classification + (" (test inconclusive)" if p.test == "inconclusive" else "")
        table.add_row(
            *(text(implicit_product(inline(p.shown[v]))) for v in r.variables),
            text(inline(p.value)),
            text(eigen),
            text(kind, "bold"),
        )
    title = f"Critical points of {clip(r.source)}"
    if r.points:
        parts = [
            titled(title, table),
            text(optimum_words("minimum", r.global_min, r.min_note), "bold"),
            text(optimum_words("maximum", r.global_max, r.max_note), "bold"),
        ]
    else:  # no table of nothing: one sentence says it all
        parts = [text(title, "bold"), text(f"none: {r.min_note}", "bold")]
    if len(inline(r.hessian)) <= 120:
        parts.append(hint(f"Hessian: {inline(r.hessian)}"))
    if r.steps is not None:
        working = new_table("step", "working")
        working.columns[0].no_wrap = True
        for v, equation in zip(r.variables, r.steps.equations):
            working.add_row(text(f"∂f/∂{v.name} = 0", "cyan"), text(f"{inline(equation)} = 0"))
        working.add_row(text("solved by", "cyan"), text(r.steps.method))
        for i, (p, words) in enumerate(zip(r.points, r.steps.decided), 1):
            working.add_row(text(f"point {i}", "cyan"), text(f"{point_text(p.point)}: {words}"))
        parts.append(titled("Working: ∇f = 0, its solutions, and the kind of each", working))
    if r.numeric_only:
        parts.append(hint("numeric: no closed form was found for the stationary points"))
    return Group(*parts)


def short(value) -> str:
    """An eigenvalue exactly when that is short (2, -6, 2*exp(-1)), else as a decimal."""
    exact_text = inline(value)
    return exact_text if len(exact_text) <= 12 else decimal(numeric(value), 6)


def optimum_words(kind: str, points, note: str) -> str:
    if points:
        return f"global {kind}: at " + "; ".join(implicit_product(point_text(p)) for p in points)
    return (
        note
        if note.startswith(f"no global {kind}")
        else f"no global {kind}" + (f": {note}" if note else "")
    )


def critical_lines(r):
    yield "expression", flat(r.expression)
    yield "variables", ",".join(v.name for v in r.variables)
    yield "hessian", flat(r.hessian)
    for i, p in enumerate(r.points, 1):
        for v in r.variables:
            yield f"point.{i}.{v.name}", flat(p.point[v])
        for v, member in p.family.items():
            yield f"point.{i}.family.{v.name}", flat(member)
        yield f"point.{i}.value", flat(p.value)
        yield f"point.{i}.eigenvalues", flat(list(p.eigenvalues))
        yield f"point.{i}.leading_minors", flat(list(p.minors))
        yield f"point.{i}.second_derivative_test", p.test
        yield f"point.{i}.classification", p.classification
    for kind, points, note in (
        ("minimum", r.global_min, r.min_note),
        ("maximum", r.global_max, r.max_note),
    ):
        yield (
            f"global_{kind}",
            "; ".join(implicit_product(point_text(p)) for p in points) if points else "null",
        )
        if note:
            yield f"global_{kind}_note", note
    if r.steps is not None:
        for v, equation in zip(r.variables, r.steps.equations):
            yield f"steps.gradient.{v.name}", f"{flat(equation)} = 0"
        yield "steps.method", r.steps.method
        for i, words in enumerate(r.steps.decided, 1):
            yield f"steps.point.{i}", words


def critical_latex(r) -> str:
    rows = [f"f &= {tex(r.expression)}", rf"H &= {tex(r.hessian)}"]
    for v, equation in zip(r.variables, r.steps.equations if r.steps is not None else ()):
        rows.append(rf"\frac{{\partial f}}{{\partial {sp.latex(v)}}} &= {tex(equation)} = 0")
    for p in r.points:
        at = ", ".join(f"{sp.latex(v)} = {tex(p.shown[v])}" for v in r.variables)
        rows.append(rf"&\left({at}\right):\ f = {tex(p.value)},\ \text{{{p.classification}}}")
    return display(rows)


# --- shared ---------------------------------------------------------------------------------------


def at_lines(point: dict):
    for k, v in point.items():
        yield f"at.{k.name}", flat(v)

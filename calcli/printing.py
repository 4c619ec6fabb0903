"""sympy values as one line of plain mathematics: 2*x^2, ∂u/∂x, [[1, 2], [3, 4]], {2nπ | n ∈ ℤ} ∪
{π}, (−2, 2), ∅. Below both results (JSON's text fields) and render (every format), so neither
imports the other for it."""

from __future__ import annotations

import sympy as sp
from sympy.printing.str import StrPrinter

SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


class InlinePrinter(StrPrinter):
    """sympy's str form with ^ for powers, ∂u/∂x for derivatives and [[..]] for matrices."""

    def _print_Pow(self, expr, rational=False):
        text = super()._print_Pow(expr, rational)
        return text.replace("**", "^")

    def _print_Derivative(self, expr):
        fn = expr.expr
        name = (
            fn.func.__name__
            if isinstance(fn, sp.core.function.AppliedUndef)
            else f"({self._print(fn)})"
        )
        order = sum(n for _, n in expr.variable_count)
        top = "∂" if order == 1 else f"∂{str(order).translate(SUPERSCRIPT)}"
        bottom = "".join(
            f"∂{self._print(v)}" + (str(n).translate(SUPERSCRIPT) if n > 1 else "")
            for v, n in expr.variable_count
        )
        return f"{top}{name}/{bottom}"

    def _print_ImmutableDenseMatrix(self, expr):
        if expr.cols == 1:  # a column vector reads as a list
            return "[" + ", ".join(self._print(v) for v in expr) + "]"
        return (
            "["
            + ", ".join(
                "[" + ", ".join(self._print(v) for v in expr.row(i)) + "]" for i in range(expr.rows)
            )
            + "]"
        )

    _print_MutableDenseMatrix = _print_ImmutableDenseMatrix

    def _print_Abs(self, expr):
        # ln|x|, as a course writes it (and calcli reads it back)
        return f"|{self._print(expr.args[0])}|"

    def _print_ComplexInfinity(self, expr):
        return "undefined"

    def _print_NaN(self, expr):
        return "undefined"

    def _print_Float(self, expr):
        return f"{float(expr):.10g}"

    def _print_ImaginaryUnit(self, expr):
        return "i"

    def _print_Exp1(self, expr):
        return "e"

    def _print_Pi(self, expr):
        return "π"


_printer = InlinePrinter({"order": None})


def linear_text(value) -> str | None:
    """A sum of integer multiples of symbols and an integer in str form, the names in natural
    order (x2 before x10) and the number last, without sympy's sort of the terms, which costs 9
    ms for a hundred of them; None for any other value."""
    from calcli.parsing.points import natural_key

    if not isinstance(value, sp.Add):
        return None
    constant, terms = 0, []
    for term in value.args:
        coefficient, rest = term.as_coeff_Mul()
        if not coefficient.is_Integer or not (rest.is_Symbol or rest == 1):
            return None
        if rest == 1:
            constant = int(coefficient)
        else:
            terms.append((natural_key(rest), int(coefficient), rest.name))
    parts = [(c, f"{abs(c)}*{name}" if abs(c) != 1 else name) for _, c, name in sorted(terms)]
    parts += [(constant, str(abs(constant)))] if constant else []
    text = " ".join(("-" if c < 0 else "+") + " " + shown for c, shown in parts)
    return text[2:] if text.startswith("+") else "-" + text[2:]


def inline(value) -> str:
    if isinstance(value, (sp.Tuple, tuple, list)):
        return "(" + ", ".join(inline(v) for v in value) + ")"
    return _printer.doprint(value).replace("**", "^")


def point_text(point: dict) -> str:
    return ", ".join(f"{k.name} = {inline(v)}" for k, v in point.items())


def factor(value) -> str:
    """A value as one factor of a product: parenthesised when it is a sum or negative."""
    text = inline(value)
    needs = isinstance(value, sp.Basic) and (
        value.is_Add or (value.is_number and value.is_negative) or str(value).startswith("-")
    )
    return f"({text})" if needs else text


NAMED = {
    sp.S.Reals: "ℝ",
    sp.S.Complexes: "ℂ",
    sp.S.Integers: "ℤ",
    sp.S.Naturals0: "ℕ₀",
    sp.S.Naturals: "ℕ",
    sp.S.EmptySet: "∅",
}


def bound(value) -> str:
    return {sp.oo: "∞", -sp.oo: "−∞"}.get(value, inline(value))


PARAMETER = sp.Symbol("n", integer=True)


def pieces(values: sp.Set) -> list:
    """The intervals and single points of a set of reals."""
    out = []
    for part in values.args if isinstance(values, sp.Union) else (values,):
        out += [sp.FiniteSet(v) for v in part] if isinstance(part, sp.FiniteSet) else [part]
    return out


def translate(values: sp.Set, shift) -> sp.Set:
    """The set moved by `shift` (a number or k·period with k symbolic), unevaluated so symbolic
    ends stay."""
    moved = []
    for q in pieces(values):
        if isinstance(q, sp.FiniteSet):
            moved.append(sp.FiniteSet(*(v + shift for v in q)))
        else:
            moved.append(sp.Interval(q.start + shift, q.end + shift, q.left_open, q.right_open))
    return sp.Union(*moved, evaluate=False) if len(moved) > 1 else moved[0]


def family(base: sp.Set, period) -> sp.Set:
    """The whole set as one expression in n: Interval.open(2πn, 2πn + π) (JSON's solution_set)."""
    return translate(base, period * PARAMETER)


def set_text(s, period=None) -> str:
    """A set as a course writes it; with a period, the family of its translates: (2πn, 2πn + π),
    n ∈ ℤ."""
    if period is not None:
        return implicit_product(set_text(family(s, period))) + ", n ∈ ℤ"
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
    """2*n*π reads as 2nπ, 2*π*m + π/2 as 2πm + π/2: products with a family's integer n, m or k."""
    import re

    if not re.search(r"\b[nmk]\b", text):
        return text
    return re.sub(r"\*([nmk])\b", r"\1", text).replace("*π", "π")


# LaTeX, for --format latex


def tex(value) -> str:
    if isinstance(value, (sp.Tuple, tuple)):
        return r"\left(" + ", ".join(tex(v) for v in value) + r"\right)"
    if (
        isinstance(value, sp.Expr)
        and not isinstance(value, sp.MatrixBase)
        and value.has(sp.zoo, sp.nan)
    ):
        return r"\text{undefined}"
    return sp.latex(value)


def display(rows: list[str]) -> str:
    """align*, not aligned: aligned is allowed only inside math mode, so pasted on its own it
    does not compile. A long row is broken at its top-level + and − so that it fits a page (see
    broken)."""
    return (
        "\\begin{align*}\n"
        + " \\\\\n".join(line for row in rows for line in broken(row))
        + "\n\\end{align*}"
    )


# characters of LaTeX source a display line may take before it is broken (about a page's width)
LINE = 90


def broken(row: str, limit: int = LINE) -> list[str]:
    """A row as lines of at most `limit` source characters where it can be: broken before a + or
    − that is outside every brace and \\left ... \\right, continued on `&\\quad` lines."""
    cuts, depth, i = [], 0, 0
    while i < len(row):
        if row.startswith("\\left", i) or row[i] == "{":
            depth += 1
        elif row.startswith("\\right", i) or row[i] == "}":
            depth -= 1
        elif (
            depth == 0
            and row[i] in "+-"
            and row[i - 1 : i] == " "
            and row[i + 1 : i + 2] == " "
            and "&" in row[:i]
        ):
            cuts.append(i)
        i += 1
    lines, start, last = [], 0, 0
    for cut in cuts:
        if cut - start > limit and last > start:
            lines.append(row[start:last].rstrip())
            start = last
        last = cut
    if len(row) - start > limit and last > start:
        lines.append(row[start:last].rstrip())
        start = last
    lines.append(row[start:])
    return [lines[0]] + [r"&\quad " + line for line in lines[1:]]


def in_powers(polynomial, centre: tuple, show) -> str | None:
    """A series about x = a as a course writes it, a polynomial in (x - a) in rising powers: 2 +
    (x - 4)/4 - (x - 4)^2/64, not sympy's 1 - (x - 4)^2/64 + x/4 (its expanded, sorted form);
    about several variables by total degree. `show` prints each term; None where a point is not a
    finite number (a series at infinity is in powers of 1/x)."""
    if not all(isinstance(a, sp.Expr) and a.is_number and a.is_finite for _, a in centre):
        return None
    shifts = [sp.Symbol(f"SHIFT{chr(65 + i)}", real=True) for i in range(len(centre))]
    shifted = sp.expand(polynomial.xreplace({x: u + a for (x, a), u in zip(centre, shifts)}))
    terms = rising_terms(shifted, shifts)
    if terms is None:
        return None
    texts = [show(term) for term in terms] or [show(sp.Integer(0))]
    for (x, a), u in zip(centre, shifts):
        base = show(x) if a == 0 else f"({show(x - a)})"
        texts = [
            t.replace(f"sqrt({u.name})", f"sqrt({show(x - a)})").replace(u.name, base)
            for t in texts
        ]
    return texts[0] + "".join(
        f" - {t[1:].lstrip()}" if t.startswith("-") else f" + {t}" for t in texts[1:]
    )


def rising_terms(shifted, shifts: list) -> list | None:
    """The terms of a sum in the shifts, lowest total degree first (one variable: any real
    power)."""
    if len(shifts) == 1:
        u = shifts[0]
        powers: dict = {}
        for term in sp.Add.make_args(shifted):
            coefficient, power = term.as_coeff_exponent(u)
            if coefficient.has(u):
                return None
            powers[power] = powers.get(power, 0) + coefficient
        return [c * u**p for p, c in sorted(powers.items(), key=lambda pc: pc[0]) if c != 0]
    try:
        poly = sp.Poly(shifted, *shifts)
    except sp.PolynomialError:
        return None
    monomials = sorted(poly.terms(), key=lambda mc: (sum(mc[0]), tuple(-e for e in mc[0])))
    return [c * sp.Mul(*(u**e for u, e in zip(shifts, m))) for m, c in monomials]

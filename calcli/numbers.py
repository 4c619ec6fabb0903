"""Exact values and their decimal approximations, in the shapes JSON output uses."""

from __future__ import annotations

import math

import sympy as sp

DIGITS = 17  # enough to round-trip a double

# What a field holding mathematics holds: a sympy expression, Tuple, set or ImmutableMatrix. sympy
# ships no types, so to mypy this is Any; the name still says what the value is.
Math = sp.Basic


def numeric(value):
    """A sympy value as a Python number (complex for non-real), None when not a finite number.

    Matrices and tuples become nested lists.
    """
    if isinstance(value, sp.MatrixBase):
        return [[numeric(v) for v in value.row(i)] for i in range(value.rows)]
    if isinstance(value, (sp.Tuple, tuple, list)):
        return [numeric(v) for v in value]
    if not isinstance(value, sp.Basic) or value.free_symbols or not isinstance(value, sp.Expr):
        return None
    # u(1, 2) has no value (and sympy's evalf of Subs recurses)
    if value.has(sp.core.function.AppliedUndef, sp.Subs):
        return None
    try:
        z = complex(value.evalf(DIGITS))
    except (TypeError, ValueError, OverflowError):
        return None
    if not (math.isfinite(z.real) and math.isfinite(z.imag)):
        return None
    if z.imag == 0:
        return z.real
    if abs(z.imag) <= 1e-15 * max(1.0, abs(z.real)) and value.is_real:
        return z.real
    return z


def json_number(x):
    """A Python number from numeric() in the JSON shape: float, {re, im}, None, nested lists."""
    if isinstance(x, list):
        return [json_number(v) for v in x]
    if isinstance(x, complex):
        return {"re": x.real, "im": x.imag}
    return x


# nodes: past this an expression takes the paths built for size (a backward-pass gradient, printing
# unsorted)
LARGE = 400


def is_large(value) -> bool:
    """An expression of LARGE nodes or more: it takes the paths built for size."""
    return node_count(value) >= LARGE


def node_count(value, limit: int = LARGE) -> int:
    """The number of nodes of a sympy expression, counted up to `limit` only (a large one is not
    walked to its end)."""
    count, stack = 0, [value]
    while stack and count < limit:
        node = stack.pop()
        count += 1
        stack.extend(node.args)
    return count


def exact(value, unsorted: bool = False):
    """sympy's str() form, which calcli parses back; nested lists for matrices and tuples; None
    (JSON null) where the value is undefined (sympy's zoo and nan: 1/0, 0/0). A large expression,
    and with `unsorted` every part of a large result (a 1,000-term sum's gradient), is written in
    sympy's own order of its terms: sorting them for print costs more than computing them."""
    if isinstance(value, sp.MatrixBase):
        return [[exact(v, unsorted) for v in value.row(i)] for i in range(value.rows)]
    if isinstance(value, (sp.Tuple, tuple, list)):
        return [exact(v, unsorted) for v in value]
    if isinstance(value, sp.Basic) and value.has(sp.zoo, sp.nan):
        return None
    if isinstance(value, sp.Basic) and (unsorted or is_large(value)):
        return UNSORTED.doprint(value)
    return PRINTER.doprint(value) if isinstance(value, sp.Basic) else str(value)


# str(value) itself, and sympy's sstr(value, order="none"), with one printer each for every value:
# making a printer per value was a sixth of printing a 1,000-component gradient
PRINTER = sp.printing.str.StrPrinter({"order": None})
UNSORTED = sp.printing.str.StrPrinter({"order": "none"})


def decimal(x, digits: int = 10) -> str:
    """A number from numeric() as short human text: 0.1428571429, 2 - 1.5i, undefined."""
    if x is None:
        return "—"
    if isinstance(x, list):
        return "[" + ", ".join(decimal(v, digits) for v in x) + "]"
    if isinstance(x, complex):
        re_part = "" if x.real == 0 else f"{x.real:.{digits}g}"
        sign = "-" if x.imag < 0 else ("+" if re_part else "")
        im = abs(x.imag)
        im_text = "i" if im == 1 else f"{im:.{digits}g}i"
        return f"{re_part} {sign} {im_text}".strip() if re_part else f"{sign}{im_text}"
    return f"{x:.{digits}g}"


# one line of plain output (`name<TAB>value`)


def number(x) -> str:
    if isinstance(x, list):
        return "[" + ", ".join(number(v) for v in x) + "]"
    if x is None:
        return "null"
    if isinstance(x, complex):
        return f"{x.real!r}{x.imag:+}*I"
    return repr(x)


def flat(value, unsorted: bool = False) -> str:
    """One line for an exact value (sympy str form; matrices and tuples as nested lists; null
    where undefined)."""
    out = exact(value, unsorted)
    if out is None:
        return "null"
    return out if isinstance(out, str) else str(out).replace("'", "").replace("None", "null")


def sign_of(value) -> int | None:
    """+1, −1 or 0, proved by sympy or read from the value (below 1e-12 is 0); None when neither
    says."""
    if value.is_zero:
        return 0
    if value.is_positive:
        return 1
    if value.is_negative:
        return -1
    number = numeric(value)
    if isinstance(number, (int, float)):
        return 0 if abs(number) < 1e-12 else (1 if number > 0 else -1)
    return None

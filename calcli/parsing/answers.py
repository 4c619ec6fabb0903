"""The answer language: one reader for every command's --expect, batch answer lines and grade answer
files.

An answer is what a course accepts, written as students write it (docs/expressions.md, "Answers"):

- a value or formula in the expression language, after the spellings of calcli's own output and of
  textbooks are rewritten: ∞ and infinity (oo), ≠ ≤ ≥, e^{xy}, ln|x|, 5!;
- with the name of what it is in front (`dy/dx = -x/y`, `f'(x) = 3x^2`, `div F = 12`): the
  right-hand side;
- an antiderivative with its constant (`+ C`), a series with its remainder (`+ O(x^4)`, `+ ...`);
- words: "does not exist" (DNE, none, undefined) and "diverges";
- ± or +- : both signs, a set of two;
- a set of reals: intervals `(-2, 2)`, `[1, oo)`, unions (U, ∪, or), inequalities (`-2 < x < 2`, `x
  ≠ 1`), R or ℝ, ∅, `{1, 2}`.

Every reading that is not literally what was typed is a note. Names that are not the problem's are
an InputError that names them (the answer is unreadable, never "wrong at a = 0").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

import sympy as sp

from calcli.errors import InputError
from calcli.parsing.grammar import parse_program
from calcli.parsing.program import Options

DOES_NOT_EXIST = (
    "does not exist",
    "doesn't exist",
    "dne",
    "d.n.e.",
    "none",
    "undefined",
    "no limit",
    "not defined",
    "no value",
)
DIVERGES = ("diverges", "divergent", "diverge", "it diverges", "the integral diverges")
NO_SOLUTION = (
    "no solution",
    "no solutions",
    "no real solution",
    "no real solutions",
    "none",
    "∅",
    "{}",
    "{ }",
    "empty",
    "empty set",
)
ALL_REALS = ("r", "ℝ", "reals", "all reals", "all real numbers", "(-oo, oo)", "(-∞, ∞)")


@dataclass(frozen=True)
class InWords:
    """An answer in words: the limit (or the value) does not exist, the integral diverges."""

    meaning: str  # "does not exist" | "diverges"
    text: str


def in_words(text: str) -> InWords | None:
    said = " ".join(text.lower().replace("’", "'").split()).rstrip(".")
    if said in DOES_NOT_EXIST:
        return InWords("does not exist", text)
    if said in DIVERGES:
        return InWords("diverges", text)
    return None


# --- spellings rewritten into the expression language ---------------------------------------------

SIMPLE_REWRITES = [
    (re.compile(r"∞"), "oo"),
    (re.compile(r"(?<![\w.])(?:infinity|inf)(?![\w(])", re.IGNORECASE), "oo"),
    (re.compile(r"≠"), "!="),
    (re.compile(r"≤"), "<="),
    (re.compile(r"≥"), ">="),
    (re.compile(r"−"), "-"),
]
FACTORIAL = re.compile(r"(\d+|[A-Za-z]\w*|\([^()]*\))!(?!=)")
LOG_BARS = re.compile(r"\b(ln|log)\s*\|([^|]+)\|")


def rewritten(text: str, options: Options) -> str:
    """calcli's own output forms and textbook spellings, in the expression language; each change
    noted."""
    out = text
    for pattern, replacement in SIMPLE_REWRITES:
        out = pattern.sub(replacement, out)
    out = LOG_BARS.sub(r"\1(|\2|)", out)
    out = FACTORIAL.sub(r"factorial(\1)", out)
    out = braces_after_powers(out)
    if out != text:
        options.note(f"the answer '{text}' read as '{out}'")
    return out


def braces_after_powers(text: str) -> str:
    """e^{xy} (LaTeX's grouping after ^ or _) as e^(xy)."""
    chars, depth_stack = list(text), []
    for i, ch in enumerate(chars):
        if ch == "{" and i > 0 and chars[i - 1] in "^_":
            chars[i] = "("
            depth_stack.append(True)
        elif ch == "{":
            depth_stack.append(False)
        elif ch == "}" and depth_stack:
            if depth_stack.pop():
                chars[i] = ")"
    return "".join(chars)


def top_level(text: str, separators: Iterable[str]) -> list[tuple[int, str]]:
    """(position, separator) of each separator outside brackets."""
    found, depth, i = [], 0, 0
    seps = sorted(separators, key=len, reverse=True)
    while i < len(text):
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0:
            sep = next((s for s in seps if text.startswith(s, i)), None)
            if sep is not None:
                found.append((i, sep))
                i += len(sep)
                continue
        i += 1
    return found


def split_top_level(text: str, separators: Iterable[str]) -> tuple[list[str], list[str]]:
    """text cut at its top-level separators: the pieces, and the separators between them."""
    pieces, found, start = [], [], 0
    for position, separator in top_level(text, separators):
        pieces.append(text[start:position])
        found.append(separator)
        start = position + len(separator)
    return [*pieces, text[start:]], found


def without_name(text: str, options: Options) -> str:
    """`dy/dx = -x/y`, `f'(x) = 3x^2`, `div F = 12`, `L = 3`: the right-hand side of one
    top-level '='."""
    equals = [(i, s) for i, s in top_level(text, ("<=", ">=", "!=", "==", "=")) if s == "="]
    relations = [s for _, s in top_level(text, ("<=", ">=", "!=", "<", ">"))]
    if len(equals) != 1 or relations:
        return text
    name, value = text[: equals[0][0]].strip(), text[equals[0][0] + 1 :].strip()
    if not name or not value:
        return text
    options.note(f"'{name} =' read as the name of the answer: the answer is {value}")
    return value


# what an answer may end with that is not compared: an antiderivative's + C (any constant is right),
# a series' + O(x^4) or + ... (the polynomial is compared, to the order asked)
TAILS = {
    "constant": (
        re.compile(r"\s*\+\s*(?:C|c|K|k|const|constant)(?:_?\d)?\s*$"),
        "'+ C' dropped: an antiderivative is right up to a constant",
    ),
    "order": (
        re.compile(r"\s*\+\s*(?:O\s*\(.*\)|\.\.\.|…)\s*$"),
        "the remainder term dropped: the polynomial is compared",
    ),
}


def without_tail(text: str, kind: str, options: Options) -> str:
    pattern, note = TAILS[kind]
    kept = pattern.sub("", text)
    if kept != text and kept.strip():
        options.note(note)
        return kept
    return text


PLUS_MINUS = re.compile(r"±|\+-|\+/-")


def both_signs(text: str) -> list[str]:
    """`±√2`, `2 +- sqrt(3)`: the two answers, with + and with -; any other text as it is."""
    match = PLUS_MINUS.search(text)
    if match is None:
        return [text]
    before, after = text[: match.start()], text[match.end() :]
    return [*both_signs(f"{before}+{after}"), *both_signs(f"{before}-{after}")]


# --- reading a value ------------------------------------------------------------------------------


def read_value(text: str, options: Options, symbols, known=None, drop: Iterable[str] = ()):
    """A value, a formula, a vector or a matrix; `known`: every name the problem has (its answer
    may use only these: another is an InputError naming it). `drop`: "constant" (+ C), "order" (+
    O(...))."""
    from calcli.parsing.points import answer_options

    body = rewritten(text.strip(), options)
    body = without_name(body, options)
    for kind in drop:
        body = without_tail(body, kind, options)
    if body.startswith("<") and body.endswith(">") and not body.startswith(("<=", "<>")):
        body = "(" + body[1:-1] + ")"
    value = parse_program(body, answer_options(options, symbols)).value
    if isinstance(value, sp.MatrixBase) and 1 in value.shape and len(value) > 1:
        value = sp.Tuple(*value)
    if known is not None:
        refuse_foreign(value, known, text)
    return value


def refuse_foreign(value, known, text: str) -> None:
    names = {s.name for s in known}
    free: set = getattr(value, "free_symbols", set())
    foreign = sorted(s.name for s in free if s.name not in names)
    if foreign:
        variables = ", ".join(sorted(names)) or "none"
        raise InputError(
            f"the answer '{text}' uses {', '.join(foreign)}, which "
            f"{'is' if len(foreign) == 1 else 'are'} not in the problem (its names: {variables})"
        )


# --- reading a set of reals -----------------------------------------------------------------------


FAMILY_SUFFIX = re.compile(
    r"[,;]?\s*(?:\(|for\s+(?:all\s+|any\s+|some\s+)?(?:integers?\s+)?)?\s*([a-z])\s*(?:∈|in|is "
    r"an)\s*(?:ℤ|Z|Integers|integer)\s*\)?\s*$"
)
SET_BUILDER = re.compile(r"^\{(.*)\|\s*([a-z])\s*(?:∈|in)\s*(?:ℤ|Z|Integers)\s*\}$")


def read_set(text: str, options: Options, variable: sp.Symbol) -> sp.Set:
    """Intervals, unions (U, ∪, or), inequalities and chains of them, x ≠ a, R, ∅ and {a, b}: the
    set of reals; and families over the integers: x = π/2 + nπ, {πn | n ∈ ℤ}, 2kπ (n ∈ ℤ)."""
    body = rewritten(text.strip(), options)
    builder = SET_BUILDER.match(body)
    if builder:
        body = builder.group(1)
        parameter = builder.group(2)
    else:
        suffix = FAMILY_SUFFIX.search(body)
        parameter = suffix.group(1) if suffix else None
        body = body[: suffix.start()] if suffix else body
    return families(read_union(body, options, variable), variable, parameter)


def families(values: sp.Set, variable: sp.Symbol, parameter: str | None) -> sp.Set:
    """Elements that hold one name besides the variable (n, k, m: an integer) as that family over
    ℤ."""
    pieces = values.args if isinstance(values, sp.Union) else (values,)
    out = []
    for piece in pieces:
        if not isinstance(piece, sp.FiniteSet):
            out.append(piece)
            continue
        for element in piece:
            free = element.free_symbols - {variable}
            if len(free) == 1 and (parameter is None or next(iter(free)).name == parameter):
                n = next(iter(free))
                integer = sp.Dummy(n.name, integer=True)
                out.append(
                    sp.ImageSet(sp.Lambda(integer, element.xreplace({n: integer})), sp.S.Integers)
                )
            else:
                out.append(sp.FiniteSet(element))
    return sp.Union(*out) if out else sp.S.EmptySet


def read_union(body: str, options: Options, variable: sp.Symbol) -> sp.Set:
    pieces, _ = split_top_level(body, (" U ", "∪", " or ", " u "))
    return sp.Union(*(read_piece(piece.strip(), options, variable) for piece in pieces))


RELATIONS = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge, "!=": sp.Ne, "=": sp.Eq}


def read_piece(piece: str, options: Options, variable: sp.Symbol) -> sp.Set:
    from calcli.parsing.points import answer_options

    said = " ".join(piece.lower().split())
    if said in ALL_REALS:
        return sp.S.Reals
    if said in NO_SOLUTION:
        return sp.S.EmptySet
    quiet = answer_options(options, (variable,))
    listed, _ = split_top_level(piece, ",")
    relations = [split_top_level(part, RELATIONS)[1] for part in listed]
    if len(listed) > 1 and all(relations):
        parts = [read_piece(part.strip(), options, variable) for part in listed]
        if all(r == ["="] for r in relations):  # x = π/2 + 2πn, x = 3π/2 + 2πn: either
            return sp.Union(*parts)
        options.note(
            "the inequalities separated by commas are read as all holding (x > -2, x < "
            "2 is -2 < x < 2)"
        )
        return sp.Intersection(*parts)
    texts, ops = split_top_level(piece, RELATIONS)
    if ops:  # -2 < x < 2, x != 1, x >= 3
        return related(texts, ops, quiet, variable)
    return written_set(piece, quiet)


def related(texts: list[str], ops: list[str], quiet: Options, variable: sp.Symbol) -> sp.Set:
    """-2 < x < 2, x != 1: the values of the variable where every relation in the chain holds."""
    sides = [parse_program(p, quiet).value for p in texts]
    result = sp.S.Reals
    for lhs, op, rhs in zip(sides, ops, sides[1:]):
        result = result.intersect(sp.solveset(RELATIONS[op](lhs, rhs), variable, sp.S.Reals))
    return result


def written_set(piece: str, quiet: Options) -> sp.Set:
    """{1, 2}, an interval (a, b] or [a, oo), or a value or list of values."""
    if piece.startswith("{") and piece.endswith("}"):
        inner = piece[1:-1].strip()
        if not inner:
            return sp.S.EmptySet
        value = parse_program(inner, quiet).value
        return sp.FiniteSet(*(value if isinstance(value, sp.Tuple) else [value]))
    ends, commas = split_top_level(piece[1:-1], ",")
    if piece[:1] in "([" and piece[-1:] in ")]" and len(commas) == 1:
        low, high = (parse_program(p, quiet).value for p in ends)
        return sp.Interval(
            low, high, piece[0] == "(" or low == -sp.oo, piece[-1] == ")" or high == sp.oo
        )
    value = parse_program(piece, quiet).value
    return sp.FiniteSet(*(value if isinstance(value, sp.Tuple) else [value]))


# --- reading points -------------------------------------------------------------------------------


def read_points(text: str, options: Options, variables, known=None) -> list[tuple]:
    """The points an answer names, each once: {(1, 0), (-1, 0)}, (1, 0), (-1, 0), (1, 0), x = 1,
    x = -1 (for one variable), x = 1, y = 0 (one point); each a tuple in the variables' order."""
    from calcli.errors import ShapeError

    n = len(variables)
    body = rewritten(text.strip(), options)
    if (body.startswith("{") and body.endswith("}")) or (
        body.startswith("[") and body.endswith("]") and body[1:].lstrip().startswith("(")
    ):
        body = body[1:-1]  # a set, or a list, of points: [(1, 0), (-1, 0)] is no matrix
    if any(sep == "=" for _, sep in top_level(body, ("<=", ">=", "!=", "="))):
        claims = assigned_points(body, text, variables, options)
    else:
        claims = listed_points(body, options, variables, known)
    if any(len(c) != n for c in claims):
        raise ShapeError(
            f"--expect needs {n} value{'s' * (n != 1)} per point "
            f"({', '.join(v.name for v in variables)})"
        )
    unique = []
    for claim in claims:
        if claim in unique:
            options.note(f"{claim if n > 1 else claim[0]} is written twice: a set has it once")
        else:
            unique.append(claim)
    return unique


def listed_points(body: str, options: Options, variables, known) -> list[tuple]:
    """(1, 0), (-1, 0) or 1, -1 (for one variable) or 1, 0 (one point, without brackets)."""
    n = len(variables)
    value = read_value(body, options, variables, known) if body.strip() else sp.Tuple()
    items = list(value) if isinstance(value, sp.Tuple) else [value]
    one_group = (
        body.strip().startswith("(")
        and body.strip().endswith(")")
        and not top_level(body.strip()[1:-1], ("(",))
    )
    # (1, 2): one point of two coordinates, not 1 and 2
    if n == 1 and one_group and isinstance(value, sp.Tuple):
        items = [value]
    elif n > 1 and not all(isinstance(i, sp.Tuple) for i in items):
        items = [sp.Tuple(*items)]  # one point, written without brackets
    return [tuple(i) if isinstance(i, sp.Tuple) else (i,) for i in items]


def assigned_points(body: str, text: str, variables, options: Options) -> list[tuple]:
    """x = 1, y = 0 (one point) or x = 1, x = -1 (two): a name given again starts the next point."""
    from calcli.parsing.grammar import parse_relation

    parts, _ = split_top_level(body, (";" if options.decimal_comma else ",", " or "))
    points: list = []
    current: dict = {}
    for part in parts:
        lhs, op, rhs = parse_relation(part, options)
        if op != "=" or lhs not in variables:
            raise InputError(
                f"--expect '{text}': write each point as name = value "
                f"({', '.join(v.name for v in variables)}), or as (x, y)"
            )
        if lhs in current:
            points.append(current)
            current = {}
        current[lhs] = rhs
    points.append(current)
    if any(set(p) != set(variables) for p in points):
        raise InputError(
            f"--expect '{text}': give a value for each of "
            f"{', '.join(v.name for v in variables)} in each point"
        )
    return [tuple(p[v] for v in variables) for p in points]

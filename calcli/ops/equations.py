"""Equations and inequalities as solve reads them: the two sides and the relation, the unknowns,
the domains."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Iterable

import sympy as sp

from calcli.errors import InputError, ShapeError
from calcli.parsing import Options, natural_order, parse_names, parse_relation, symbol
from calcli.parsing.functions import RealRoot
from calcli.printing import linear_text

DOMAINS = {
    "reals": sp.S.Reals,
    "complexes": sp.S.Complexes,
    "integers": sp.S.Integers,
    "naturals": sp.S.Naturals0,
    "positive": sp.Interval.open(0, sp.oo),
}
RELATIONS = {
    "<": sp.StrictLessThan,
    "<=": sp.LessThan,
    ">": sp.StrictGreaterThan,
    ">=": sp.GreaterThan,
}


@dataclass(frozen=True)
class Equation:
    lhs: sp.Expr
    op: str
    rhs: sp.Expr

    @cached_property  # a hundred-term side is costly to subtract again at every use
    def expr(self) -> sp.Expr:
        return self.lhs - self.rhs

    @property
    def symbols(self) -> set:
        """The symbols as written: x is an unknown of x + 2 = x + 3 even though it cancels."""
        return self.lhs.free_symbols | self.rhs.free_symbols

    def relational(self):
        return RELATIONS[self.op](self.lhs, self.rhs)

    def __str__(self) -> str:
        return f"{linear_text(self.lhs) or self.lhs} {self.op} {linear_text(self.rhs) or self.rhs}"

    def map(self, fn) -> "Equation":
        return Equation(fn(self.lhs), self.op, fn(self.rhs))

    def has_root(self) -> bool:
        return self.lhs.has(RealRoot) or self.rhs.has(RealRoot)

    def solvable(self) -> "Equation":
        """The real roots cbrt(x) written sign(x)·|x|^(1/3), which sympy's solvers invert."""

        def written_out(side):
            powers = {
                p: written_power(p.base.args, p.exp)
                for p in side.atoms(sp.Pow)
                if isinstance(p.base, RealRoot) and p.exp.is_Integer
            }
            return side.xreplace(powers).replace(RealRoot, lambda x, q: written_power((x, q), 1))

        return self.map(written_out)


def written_power(root: tuple, p: int):
    """cbrt(x)^p as |x|^(p/3), times sign(x) when p is odd."""
    x, q = root
    power = sp.Abs(x) ** sp.Rational(p, q)
    return power if p % 2 == 0 else sp.sign(x) * power


def parse_equations(
    texts: Iterable[str], options: Options, point: dict | None = None
) -> list[Equation]:
    equations = []
    for text in texts:
        lhs, op, rhs = parse_relation(text, options)
        if any(isinstance(side, (sp.MatrixBase, sp.Tuple)) for side in (lhs, rhs)):
            raise ShapeError(f"'{text}' is not a scalar equation")
        equations.append(
            Equation(lhs.subs(point) if point else lhs, op, rhs.subs(point) if point else rhs)
        )
    if not equations:
        raise InputError("give at least one equation")
    return equations


def choose_unknowns(
    equations: list[Equation], unknowns: str | Iterable[str] | None
) -> tuple[tuple, bool]:
    """--for, else: one equation, its first symbol in natural order; a system, all its symbols."""
    free = natural_order(set().union(*(e.symbols for e in equations)))
    if unknowns is not None:
        names = parse_names(unknowns if isinstance(unknowns, str) else ",".join(unknowns), "--for")
        absent = [n for n in names if symbol(n) not in free]
        # an unknown of a system that no equation holds is free, not a mistake
        if absent and len(absent) == len(names):
            occurring = ", ".join(s.name for s in free) or "none"
            raise InputError(
                f"--for names {absent[0]}, which does not occur in the "
                f"{'equation' if len(equations) == 1 else 'system'} (its variables: {occurring})"
            )
        return tuple(symbol(n) for n in names), False
    if not free:
        raise InputError("the equation has no unknowns")
    return (free[:1] if len(equations) == 1 else free), True


def split_systems(texts: list[str], options: Options) -> list[str]:
    """ "6x+11y=26; x-y=1" is two equations, as a student writes a system (';' or a line break
    between them)."""
    separators = "\n" if options.decimal_comma else ";\n"
    out = []
    for text in texts:
        parts = [text]
        for sep in separators:
            parts = [piece for part in parts for piece in part.split(sep)]
        out += [p for p in parts if p.strip()] or [text]
    return out

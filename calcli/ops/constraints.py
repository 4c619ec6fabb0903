"""The constraints of minimize-constrained: each g = lhs − rhs with its relation and its
multiplier's name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import sympy as sp

from calcli.errors import InputError, ShapeError
from calcli.numbers import numeric
from calcli.parsing import Options, parse_relation

MAX_ACTIVE_SETS = 256
MAX_PIECES = 64
FEASIBILITY_TOL = 1e-9


@dataclass(frozen=True)
class Constraint:
    lhs: sp.Expr
    op: str  # =, <=, >=
    rhs: sp.Expr
    name: str  # lambda1, lambda2, ...

    @property
    def g(self) -> sp.Expr:
        return self.lhs - self.rhs

    def __str__(self) -> str:
        return f"{self.lhs} {self.op} {self.rhs}"

    def binds(self, point: dict) -> bool:
        """lhs = rhs exactly there: x ≥ 0 at (0, 0, 12); at a family (0, 12 − z, z), for every
        member."""
        return sp.expand(self.g.xreplace(point)) == 0

    def multiplier_sign(self, sense: str) -> int:
        """The sign an active inequality's multiplier has at an optimum, in calcli's convention L
        = f − Σ λ·g."""
        return 1 if (self.op == ">=") == (sense == "min") else -1

    def right_sign(self, lam, sense: str) -> bool | None:
        """Whether λ has that sign (to 1e-12); None when λ is not a real number."""
        value = numeric(lam)
        if value is None or isinstance(value, complex):
            return None
        return self.multiplier_sign(sense) * value >= -1e-12

    def satisfied(self, point: dict) -> bool | None:
        value = numeric(self.g.xreplace(point))
        if value is None or isinstance(value, complex):
            return None
        tol = FEASIBILITY_TOL * (1 + abs(value))
        return {"=": abs(value) <= tol, "<=": value <= tol, ">=": value >= -tol}[self.op]


def parse_constraints(texts: Iterable[str], options: Options, params: dict) -> list[Constraint]:
    out = []
    for i, text in enumerate(texts, 1):
        lhs, op, rhs = parse_relation(text, options)
        if op in ("<", ">"):
            raise InputError(
                f"constraint {i} uses '{op}': use <= or >= (a strict inequality has "
                f"no closed optimum)"
            )
        if any(isinstance(v, (sp.MatrixBase, sp.Tuple)) for v in (lhs, rhs)):
            raise ShapeError(f"constraint {i} is not scalar")
        if (
            "=" not in text
            and "<" not in text
            and ">" not in text
            and "≤" not in text
            and "≥" not in text
        ):
            raise InputError(f"constraint {i} needs =, <= or >= (e.g. 'x + y = 1')")
        out.append(Constraint(lhs.subs(params), op, rhs.subs(params), f"lambda{i}"))
    return out

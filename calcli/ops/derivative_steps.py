"""diff --steps: a first derivative worked rule by rule, by the names a textbook gives them (sum,
constant multiple, power, product, quotient, chain rule, and the table of elementary
derivatives). Each step is one sub-expression and its derivative; its parts follow it, one level
deeper. Every result is sympy's own derivative of that sub-expression, so the working never
disagrees with the answer."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from calcli.numbers import Math, exact
from calcli.printing import inline

MAX_STEPS = 60

TABLE = {
    "sin": "d/du sin(u) = cos(u)",
    "cos": "d/du cos(u) = −sin(u)",
    "tan": "d/du tan(u) = sec²(u)",
    "exp": "d/du eᵘ = eᵘ",
    "log": "d/du ln(u) = 1/u",
    "asin": "d/du arcsin(u) = 1/√(1 − u²)",
    "acos": "d/du arccos(u) = −1/√(1 − u²)",
    "atan": "d/du arctan(u) = 1/(1 + u²)",
    "sinh": "d/du sinh(u) = cosh(u)",
    "cosh": "d/du cosh(u) = sinh(u)",
    "tanh": "d/du tanh(u) = 1 − tanh²(u)",
    "Abs": "d/du |u| = sign(u) (none at u = 0)",
}


@dataclass(frozen=True)
class DerivativeStep:
    depth: int
    rule: str
    expression: Math
    result: Math

    def to_dict(self) -> dict:
        return {
            "depth": self.depth,
            "rule": self.rule,
            "expression": exact(self.expression),
            "derivative": exact(self.result),
        }


@dataclass(frozen=True)
class DerivativeSteps:
    variable: Math
    steps: tuple
    complete: bool = True  # False when the working was cut at MAX_STEPS

    def to_dict(self) -> dict:
        return {
            "variable": self.variable.name,
            "complete": self.complete,
            "steps": [s.to_dict() for s in self.steps],
        }


def derivative_steps(f, x) -> DerivativeSteps:
    steps: list[DerivativeStep] = []
    walk(f, x, 0, steps)
    return DerivativeSteps(x, tuple(steps[:MAX_STEPS]), len(steps) <= MAX_STEPS)


def walk(f, x, depth: int, steps: list) -> None:
    if len(steps) > MAX_STEPS:
        return
    rule, parts = rule_of(f, x)
    steps.append(DerivativeStep(depth, rule, f, sp.diff(f, x)))
    for part in parts:
        walk(part, x, depth + 1, steps)


def rule_of(f, x) -> tuple[str, list]:
    """(the rule in words, the sub-expressions it needs the derivatives of)."""
    if not f.has(x):
        return "constant rule: the derivative of a constant is 0", []
    if f == x:
        return f"d/d{x} {x} = 1", []
    if f.is_Add:
        return "sum rule: differentiate term by term", [t for t in f.args if t.has(x)]
    if f.is_Mul:
        return product_rule(f, x)
    if f.is_Pow:
        return power_rule(f, x)
    if isinstance(f, sp.Function):
        name = type(f).__name__
        inner = [a for a in f.args if a.has(x) and a != x]
        words = TABLE.get(name, f"the derivative of {name}")
        return words + (", and the chain rule (times the inner derivative)" if inner else ""), inner
    return f"sympy's rule for {type(f).__name__}", []


def product_rule(f, x) -> tuple[str, list]:
    """A product: a constant multiple taken out, the quotient rule, or the product rule."""
    constant, rest = f.as_independent(x, as_Add=False)
    if constant != 1:
        return f"constant multiple: take {inline(constant)} out", [rest]
    numerator, denominator = sp.fraction(f)
    if denominator.has(x):
        return "quotient rule: (u/v)′ = (u′v − uv′)/v²", [
            p for p in (numerator, denominator) if p.has(x)
        ]
    factors = [a for a in f.args if a.has(x)]
    return "product rule: (uv)′ = u′v + uv′" + (
        " (for each factor in turn)" if len(factors) > 2 else ""
    ), factors


def power_rule(f, x) -> tuple[str, list]:
    """A power: of x (the power rule), of a constant (the exponential rule), or with x in both."""
    base, power = f.args
    if not power.has(x):
        inner = [base] if base != x else []
        return f"power rule: d/du uⁿ = n·uⁿ⁻¹ with n = {inline(power)}" + (
            ", and the chain rule" if inner else ""
        ), inner
    if not base.has(x):
        return (
            f"exponential rule: d/du aᵘ = aᵘ·ln(a) with a = {inline(base)}, and the chain rule",
            [power] if power != x else [],
        )
    return "logarithmic differentiation: u^v = e^(v·ln u)", [sp.log(base) * power]

"""integrate --steps: the rule-by-rule working of an antiderivative, as a textbook writes it, from
sympy's manualintegrate.integral_steps (substitution, parts, partial fractions, trigonometric
substitution, ...).

Each step names its rule, the integral it works on and what that integral comes to; a step's
sub-integrals follow it, one level deeper. Where the rules find nothing, the answer came from
sympy's general algorithm (Risch, Meijer G), which has no textbook steps, and the steps say so
rather than invent some.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import sympy as sp

from calcli.numbers import Math, exact
from calcli.ops.realness import real_logs
from calcli.printing import inline

MAX_STEPS = 60  # a working longer than this is cut (said so): it would not help a reader


@dataclass(frozen=True)
class IntegralStep:
    depth: int
    rule: str  # in words: "integration by parts: u = x, dv = sin(x) dx"
    integrand: Math
    variable: Math
    result: Math  # the antiderivative of this integrand (None when the rule gives none)

    def to_dict(self) -> dict:
        out = {
            "depth": self.depth,
            "rule": self.rule,
            "integrand": exact(self.integrand),
            "variable": self.variable.name,
        }
        out["result"] = exact(self.result) if self.result is not None else None
        return out


@dataclass(frozen=True)
class IntegralSteps:
    steps: tuple
    # False: some integral had no rule (the answer came from the general algorithm), or cut
    complete: bool

    def to_dict(self) -> dict:
        return {"complete": self.complete, "steps": [s.to_dict() for s in self.steps]}


def words(rule) -> str:
    """The rule as a textbook names it, with what it chose (u, dv, the substitution)."""
    name = type(rule).__name__
    f = lambda value: inline(named(value))  # noqa: E731
    if name == "PartsRule":
        return (
            f"integration by parts: u = {f(rule.u)}, dv = {f(rule.dv)} d{rule.variable}"
            if rule.variable is not None
            else f"by parts: u = {f(rule.u)}, dv = {f(rule.dv)}"
        )
    if name == "CyclicPartsRule":
        return "integration by parts twice: the integral comes back, and is solved for"
    if name == "URule":
        return (
            f"substitution: {rule.u_var.name if not isinstance(rule.u_var, sp.Dummy) else 'u'} "
            f"= {f(rule.u_func)}"
        )
    if name == "RewriteRule":
        rational = rule.integrand.is_rational_function(
            rule.variable
        ) and not rule.integrand.is_polynomial(rule.variable)
        return f"rewrite the integrand as {f(rule.rewritten)}" + (
            " (partial fractions)" if rational else ""
        )
    if name == "ConstantTimesRule":
        return f"constant multiple: take {f(rule.constant)} out"
    if name == "TrigSubstitutionRule":
        return f"trigonometric substitution: {rule.variable} = {f(rule.func)}"
    return RULES.get(name, name.removesuffix("Rule").lower())


RULES = {
    "AddRule": "sum rule: integrate term by term",
    "PowerRule": "power rule: ∫ x^n dx = x^(n+1)/(n+1)",
    "ConstantRule": "constant: ∫ c dx = c·x",
    "ExpRule": "exponential: ∫ a^x dx = a^x/ln(a)",
    "ReciprocalRule": "∫ 1/u du = ln|u|",
    "ArctanRule": "∫ 1/(1 + x²) dx = arctan(x), scaled",
    "ArcsinRule": "∫ 1/√(1 − x²) dx = arcsin(x)",
    "SinRule": "∫ sin(x) dx = −cos(x)",
    "CosRule": "∫ cos(x) dx = sin(x)",
    "SecTanRule": "∫ sec(x)tan(x) dx = sec(x)",
    "CscCotRule": "∫ csc(x)cot(x) dx = −csc(x)",
    "Sec2Rule": "∫ sec²(x) dx = tan(x)",
    "Csc2Rule": "∫ csc²(x) dx = −cot(x)",
    "ErfRule": "not elementary: ∫ e^(−x²) dx = (√π/2)·erf(x)",
    "SqrtQuadraticRule": "∫ √(a + bx + cx²) dx, completing the square",
    "DontKnowRule": "no textbook rule: sympy's general algorithm (Risch, Meijer G) finds it, "
    "without steps",
}


def integration_steps(f, x) -> IntegralSteps | None:
    """The working of ∫ f dx, or None when sympy's rules cannot even start."""
    from sympy.integrals.manualintegrate import integral_steps

    try:
        root = integral_steps(f, x)
    except (NotImplementedError, ValueError, TypeError, AttributeError, RecursionError):
        return None
    steps: list[IntegralStep] = []
    complete = walk(root, 0, steps)
    return IntegralSteps(tuple(steps[:MAX_STEPS]), complete and len(steps) <= MAX_STEPS)


def walk(rule, depth: int, steps: list, integrand=None) -> bool:
    """Append rule's step and its sub-steps; False when a DontKnowRule is among them.
    `integrand`: what the rule really integrates, where sympy's record says otherwise (under a
    constant multiple it keeps the multiple's own integrand, not the `other` factor its substep
    works on)."""
    if type(rule).__name__ == "AlternativeRule":
        return walk(rule.alternatives[0], depth, steps, integrand)  # the first way sympy found
    try:
        result = rule.eval()
    # a rule that cannot evaluate on its own (inside cyclic parts): no result shown
    except Exception:  # noqa: BLE001
        result = None
    if result is not None and result.has(sp.Integral):
        result = None
    variable = rule.variable if rule.variable is not None else steps[-1].variable
    # ln|u|, as the answer has it
    shown = real_logs(result) if isinstance(result, sp.Expr) else result
    steps.append(
        IntegralStep(
            depth,
            words(rule),
            named(rule.integrand if integrand is None else integrand),
            named(variable),
            named(shown),
        )
    )
    complete = type(rule).__name__ != "DontKnowRule"
    for child in children(rule):
        shown = rule.other if type(rule).__name__ == "ConstantTimesRule" else None
        complete = walk(child, depth + 1, steps, shown) and complete
    return complete


def named(value):
    """sympy's substitution variable (a Dummy, printed _u) as the u a textbook writes."""
    if isinstance(value, sp.Basic):
        return value.xreplace(
            {d: sp.Symbol(d.name.lstrip("_") or "u", real=True) for d in value.atoms(sp.Dummy)}
        )
    return value


def children(rule) -> list:
    from sympy.integrals.manualintegrate import Rule

    found = []
    for field in dataclasses.fields(rule):
        value = getattr(rule, field.name)
        if isinstance(value, Rule) and field.name != "v_step" and value.integrand is not None:
            found.append(value)
        elif isinstance(value, (list, tuple)):
            found += [v for v in value if isinstance(v, Rule) and v.integrand is not None]
    return found

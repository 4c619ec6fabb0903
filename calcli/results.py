"""Frozen result objects, one per command, each with to_dict() for JSON output."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from calcli.numbers import exact, json_number


def by_name(variables, values) -> dict:
    return {v.name: x for v, x in zip(variables, values)}


@dataclass(frozen=True)
class GradientResult:
    command = "grad"
    source: str
    expression: Any  # sympy scalar, Tuple or ImmutableMatrix
    variables: tuple  # of sympy Symbols, in --wrt order
    gradient: tuple  # one partial derivative per variable
    at: dict = field(default_factory=dict)  # Symbol -> exact value
    value: tuple | None = None  # the partials at the point
    numeric: tuple | None = None  # Python numbers (complex, None, nested lists)
    hessian: Any = None
    hessian_value: Any = None
    hessian_numeric: Any = None
    assignments: tuple = ()  # the user's named statements
    variables_assumed: bool = True  # taken from the expression, not from --wrt
    check: Any = None  # calcli.ops.check.Check, with --expect
    steps: Any = None  # calcli.ops.steps.Steps, with --steps

    def to_dict(self) -> dict:
        out = {
            "expression": exact(self.expression),
            "variables": [v.name for v in self.variables],
            "gradient": by_name(self.variables, exact(list(self.gradient))),
        }
        if self.at:
            out["at"] = {k.name: exact(v) for k, v in self.at.items()}
            out["value"] = by_name(self.variables, exact(list(self.value)))
            out["numeric"] = by_name(self.variables, json_number(list(self.numeric)))
        if self.hessian is not None:
            out["hessian"] = exact(self.hessian)
            if self.at:
                out["hessian_value"] = exact(self.hessian_value)
                out["hessian_numeric"] = json_number(self.hessian_numeric)
        return with_extras(out, self)


def with_extras(out: dict, result) -> dict:
    """The fields any command may add: steps, and the --expect check."""
    if getattr(result, "steps", None) is not None:
        out["steps"] = result.steps.to_dict()
    if getattr(result, "check", None) is not None:
        out["check"] = result.check.to_dict()
    return out

"""What each command computes, as plain functions of its options.

They run in the computing child process, so they are module-level (picklable)
and import neither typer nor rich.
"""
from __future__ import annotations

from calcli.runner import Common


def grad(expression: str, common: Common, hessian: bool = False, steps: bool = False):
    from calcli.ops.gradient import gradient

    return gradient(expression, wrt=common.wrt, at=common.at, hessian=hessian, steps=steps, expect=common.expect,
                    functions=common.function_names, decimal_comma=common.decimal_comma)

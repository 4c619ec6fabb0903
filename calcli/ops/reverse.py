"""A gradient in one backward pass: reverse accumulation over the expression's DAG, as autograd
does it, but symbolically. Each node's adjoint (∂f/∂node) times its local derivatives is summed
into its arguments, so every partial derivative comes out of one pass, in time linear in the size
of the expression. sympy's diff takes one pass per variable (each O(size)), which makes the
gradient of a 1,000-term loss quadratic.

Only the node types whose local derivatives are plain (sums, products, powers, functions of their
arguments with a known derivative) are taken; for anything else `reverse_gradient` gives None and
the caller differentiates with sympy."""

from __future__ import annotations

import sympy as sp


def reverse_gradient(f, variables) -> list | None:
    """[∂f/∂v for v in variables], or None where a node is not one handled here."""
    order = postorder(f)
    wanted = set(variables)
    varying: dict = {}  # node -> whether it depends on a variable: only those get adjoints
    for node in order:
        varying[node] = node in wanted or any(varying[a] for a in node.args)
    adjoints: dict = {f: [sp.S.One]}
    # from the output down: each node's adjoint is complete when it is reached
    for node in reversed(order):
        if node in wanted or not varying[node]:
            continue
        parts = adjoints.pop(node, None)
        if not parts:
            continue
        local = local_derivatives(node, varying)
        if local is None:
            return None
        adjoint = parts[0] if len(parts) == 1 else sp.Add(*parts)
        # a product by 1 is the other factor: not built (most adjoints in a sum are 1)
        for arg, d in local:
            adjoints.setdefault(arg, []).append(
                d if adjoint is sp.S.One else adjoint if d is sp.S.One else adjoint * d
            )
    sums = [adjoints.get(v, ()) for v in variables]
    return [parts[0] if len(parts) == 1 else sp.Add(*parts) for parts in sums]


def postorder(f) -> list:
    """Every distinct node once, each after all of its arguments (sympy's equal subtrees are one
    node)."""
    seen, order, stack = set(), [], [(f, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
        elif node not in seen:
            seen.add(node)
            stack.append((node, True))
            stack.extend((a, False) for a in reversed(node.args) if a not in seen)
    return order


def local_derivatives(node, varying: dict) -> list | None:
    """(argument, ∂node/∂argument) for each argument that depends on a variable."""
    args = node.args
    if isinstance(node, sp.Add):
        return [(a, sp.S.One) for a in args if varying[a]]
    if isinstance(node, sp.Mul):
        return [
            (a, args[1 - i] if len(args) == 2 else sp.Mul(*args[:i], *args[i + 1 :]))
            for i, a in enumerate(args)
            if varying[a]
        ]
    if isinstance(node, sp.Pow):
        base, exp = args
        out = [(base, exp * base ** (exp - 1))] if varying[base] else []
        return out + ([(exp, node * sp.log(base))] if varying[exp] else [])
    if (
        isinstance(node, sp.Function)
        and type(node)._eval_derivative is sp.Function._eval_derivative
    ):
        # the chain rule through fdiff is what sympy itself does for these; Abs, re, arg and the
        # like differentiate their own way (|u|' is sign(u)·u' only for a real u)
        if isinstance(node, sp.core.function.AppliedUndef):
            return None
        try:
            local = [(a, node.fdiff(i)) for i, a in enumerate(args, 1) if varying[a]]
        except (sp.core.function.ArgumentIndexError, NotImplementedError, TypeError, ValueError):
            return None
        return None if any(d.has(sp.Derivative, sp.Subs) for _, d in local) else local
    return None

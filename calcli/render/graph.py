"""The computation graph of --steps (grad, and diff after its rule-by-rule working), in every
format: the graph's nodes, a tree of it, the forward pass and the backward pass (the chain rule
node by node)."""

from __future__ import annotations

import sympy as sp

from calcli.numbers import decimal, flat
from calcli.printing import inline, tex
from calcli.render.text import brief, chain_rule, chain_values, local_partials

MAX_TREE_NODES = 25  # a larger graph drawn as a tree would not fit a terminal


def steps_parts(steps) -> list:
    from calcli.render.cells import new_table, text, titled

    nodes = new_table("node", "operation", "inputs", "formula")
    for n in steps.nodes:
        nodes.add_row(
            text(n.name, "cyan"),
            text(n.operation),
            text(", ".join(n.inputs)),
            text(inline(n.formula)),
        )
    parts = [titled("Computation graph", nodes)]
    if len(steps.nodes) <= MAX_TREE_NODES:
        parts.append(graph_tree(steps))
    forward = new_table(
        "node",
        "formula",
        "value" if not steps.symbolic else "in the variables",
        *([] if steps.symbolic else ["decimal"]),
    )
    for f in steps.forward:
        value = inline(f.value) if steps.symbolic else brief(f.value, f.numeric)
        forward.add_row(
            text(f.node, "cyan"),
            text(inline(f.formula)),
            text(value),
            *([] if steps.symbolic else [text(decimal(f.numeric))]),
        )
    parts.append(
        titled(
            "Forward pass" + ("" if not steps.symbolic else " (symbolic: no --at point)"), forward
        )
    )
    backward = new_table("adjoint", "chain rule", "local derivatives", "=", "value")
    for b in steps.backward:
        backward.add_row(
            text(f"∂{steps.output}/∂{b.node}", "cyan"),
            text(chain_rule(steps.output, b)),
            text(local_partials(b)),
            text(chain_values(b, short=not steps.symbolic)),
            text(inline(b.adjoint) if steps.symbolic else brief(b.adjoint, b.numeric), "bold"),
        )
    parts.append(titled("Backward pass: the chain rule, from the output down", backward))
    return parts


def graph_tree(steps):
    from rich.tree import Tree

    from calcli.render.cells import text

    by_name = {n.name: n for n in steps.nodes}
    drawn: set[str] = set()

    def label(name: str):
        node = by_name[name]
        if node.operation == "input":
            return text(name, "cyan")
        seen = name in drawn
        return text(
            f"{name} = {inline(node.formula)}" + ("  (shared, drawn above)" if seen else ""),
            "cyan" if not seen else "dim",
        )

    def grow(tree: Tree, name: str) -> None:
        if name in drawn:
            return
        drawn.add(name)
        for child in by_name[name].inputs:
            grow(tree.add(label(child)), child)

    root = Tree(label(steps.output))
    grow(root, steps.output)
    return root


def steps_lines(steps):
    for n in steps.nodes:
        yield f"node.{n.name}", flat(n.formula)
        yield f"node.{n.name}.operation", n.operation
    for f in steps.forward:
        yield f"forward.{f.node}", flat(f.value)
    for b in steps.backward:
        chain = chain_rule(steps.output, b, "*", "d")
        yield (
            f"backward.{b.node}",
            f"{chain} = {chain_values(b, '*')} = {flat(b.adjoint)}" if b.terms else flat(b.adjoint),
        )
        if b.terms:
            yield f"backward.{b.node}.local", local_partials(b, "d")


def tex_factor(value) -> str:
    needs = value.is_Add or str(value).startswith("-")
    return rf"\left({tex(value)}\right)" if needs else tex(value)


def partial(top: str, bottom: str) -> str:
    return (
        rf"\frac{{\partial {sp.latex(sp.Symbol(top))}}}{{\partial "
        rf"{sp.latex(sp.Symbol(bottom))}}}"
    )


def steps_rows(steps) -> list[str]:
    rows = [r"&\text{forward pass}"]
    for f in steps.forward:
        rows.append(
            f"{sp.latex(sp.Symbol(f.node))} &= {tex(f.formula)}"
            + ("" if steps.symbolic else f" = {tex(f.value)}")
        )
    rows.append(r"&\text{backward pass}")
    for b in steps.backward:
        chain = " + ".join(
            f"{partial(steps.output, t.via)} {partial(t.via, b.node)}" for t in b.terms
        )
        values = " + ".join(
            rf"{tex_factor(t.upstream)} \cdot {tex_factor(t.local_value)}" for t in b.terms
        )
        rhs = f" = {chain} = {values}" if b.terms else ""
        rows.append(f"{partial(steps.output, b.node)} &{rhs} = {tex(b.adjoint)}")
    return rows

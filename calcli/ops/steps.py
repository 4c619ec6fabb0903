"""grad --steps: the computation graph, the forward pass and the chain rule node by node.

Each distinct non-constant subexpression is one node (sympy shares equal
subexpressions, so repeated ones become one node). Nodes carry the user's
names from the program; the output is the last statement's name (or f), the
other intermediate nodes v1, v2, ... The backward pass is reverse-mode
differentiation: the adjoint of a node is the sum, over the nodes that use it,
of the user's adjoint times the local partial derivative.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from calcli.errors import ShapeError
from calcli.numbers import Math, exact, json_number, numeric
from calcli.ops.reverse import postorder
from calcli.ops.simplify import tidy
from calcli.parsing import Program, symbol

MAX_NODES_TO_SIMPLIFY = 30  # beyond this, simplifying every adjoint costs more than it shows


@dataclass(frozen=True)
class Node:
    name: str
    operation: str  # "input" for a variable
    inputs: tuple[str, ...]
    formula: Math  # in terms of the inputs' names
    expression: Math  # in terms of the variables

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "operation": self.operation,
            "inputs": list(self.inputs),
            "formula": exact(self.formula),
        }


@dataclass(frozen=True)
class Term:
    """One use of a node by a parent: upstream adjoint times local partial."""

    via: str
    local: Math  # d(via)/d(node), in node names
    upstream: Math  # d(output)/d(via): an expression in the variables, or its value at the point
    local_value: Math  # the local partial in the variables, or at the point
    upstream_numeric: object = None  # at the point
    local_numeric: object = None

    def to_dict(self) -> dict:
        return {
            "via": self.via,
            "local": exact(self.local),
            "upstream": exact(self.upstream),
            "local_value": exact(self.local_value),
            "upstream_numeric": json_number(self.upstream_numeric),
            "local_numeric": json_number(self.local_numeric),
        }


@dataclass(frozen=True)
class Forward:
    node: str
    formula: Math
    value: Math  # at the point, or the node's expression in the variables
    numeric: object

    def to_dict(self) -> dict:
        return {
            "node": self.node,
            "formula": exact(self.formula),
            "value": exact(self.value),
            "numeric": json_number(self.numeric),
        }


@dataclass(frozen=True)
class Backward:
    node: str
    terms: tuple[Term, ...]
    adjoint: Math  # d(output)/d(node), at the point when there is one
    numeric: object

    def to_dict(self) -> dict:
        return {
            "node": self.node,
            "terms": [t.to_dict() for t in self.terms],
            "adjoint": exact(self.adjoint),
            "numeric": json_number(self.numeric),
        }


@dataclass(frozen=True)
class Steps:
    output: str
    nodes: tuple[Node, ...]
    forward: tuple[Forward, ...]
    backward: tuple[Backward, ...]
    symbolic: bool  # no point: values are expressions

    def to_dict(self) -> dict:
        return {
            "output": self.output,
            "nodes": [n.to_dict() for n in self.nodes],
            "forward": [f.to_dict() for f in self.forward],
            "backward": [b.to_dict() for b in self.backward],
        }


def backprop_steps(program: Program, variables: tuple, point: dict) -> Steps:
    f = program.value
    if not isinstance(f, sp.Expr) or isinstance(f, sp.MatrixBase):
        raise ShapeError("--steps needs a scalar expression, not a vector or matrix")
    if f.has(sp.Derivative):
        raise ShapeError("--steps cannot show an expression that already contains derivatives")
    nodes = build_graph(f, program, variables)
    polish = tidy if len(nodes) <= MAX_NODES_TO_SIMPLIFY else (lambda v: v)
    forward = tuple(forward_step(n, point, polish) for n in nodes if n.operation != "input")
    backward = reverse_pass(nodes, point, polish)
    return Steps(nodes[-1].name, tuple(nodes), forward, backward, symbolic=not point)


def operation_name(e: sp.Expr) -> str:
    if isinstance(e, sp.Add):
        return "add"
    if isinstance(e, sp.Mul):
        return "negate" if len(e.args) == 2 and e.args[0] == -1 else "multiply"
    if isinstance(e, sp.Pow):
        return {-1: "reciprocal", sp.Rational(1, 2): "sqrt"}.get(e.exp, "power")
    return e.func.__name__.lower()


def build_graph(f: sp.Expr, program: Program, variables: tuple) -> list[Node]:
    """Nodes in topological order (inputs first, the output last)."""
    order = [e for e in postorder(f) if not e.is_number]
    inputs = list(variables) + sorted(
        (e for e in order if isinstance(e, sp.Symbol) and e not in variables), key=str
    )
    order = inputs + [e for e in order if not isinstance(e, sp.Symbol)]
    names = node_names(f, program, variables, order)
    return [node_of(e, names) for e in order]


def node_names(f: sp.Expr, program: Program, variables: tuple, order: list) -> dict:
    """Each node's name: a symbol's own, the user's name for a statement, the output's (f unless
    taken), or v1, v2, ... (never a name the user has)."""
    user_names = {
        value: name
        for name, value in program.assignments
        if isinstance(value, sp.Expr) and not value.is_Atom
    }
    taken = (
        {v.name for v in variables} | set(user_names.values()) | {s.name for s in f.free_symbols}
    )
    user_names[f] = program.output_name or next(n for n in ("f", "out", "output") if n not in taken)
    fresh = (f"v{i}" for i in range(1, 10**6) if f"v{i}" not in taken)
    return {
        e: e.name if isinstance(e, sp.Symbol) else user_names.get(e) or next(fresh) for e in order
    }


def node_of(e, names: dict) -> Node:
    """An input, or an operation with its formula in its inputs' names."""
    if isinstance(e, sp.Symbol):
        return Node(e.name, "input", (), e, e)
    children = [a for a in e.args if not a.is_number]
    formula = e.func(*(symbol(names[a]) if not a.is_number else a for a in e.args))
    return Node(
        names[e], operation_name(e), tuple(dict.fromkeys(names[a] for a in children)), formula, e
    )


def forward_step(node: Node, point: dict, polish) -> Forward:
    value = polish(node.expression.subs(point)) if point else node.expression
    return Forward(node.name, node.formula, value, numeric(value) if point else None)


def reverse_pass(nodes, point, polish) -> tuple[Backward, ...]:
    """Adjoints from the output down: each node's, as the sum over the nodes that use it."""
    full = {symbol(n.name): n.expression for n in nodes}
    # a local derivative reads in node names: sigmoid(v23)*(1 - sigmoid(v23)) is o4*(1 - o4)
    named = {n.formula: symbol(n.name) for n in nodes if n.operation != "input"}
    adjoint = {nodes[-1].name: sp.Integer(1)}
    terms: dict[str, list[Term]] = {n.name: [] for n in nodes}

    def settle(node: Node) -> tuple[sp.Expr, sp.Expr, Backward]:
        own = polish(adjoint.get(node.name, sp.Integer(0)))
        shown = polish(own.subs(point)) if point else own
        return (
            own,
            shown,
            Backward(node.name, tuple(terms[node.name]), shown, numeric(shown) if point else None),
        )

    out = []
    operations = [n for n in nodes if n.operation != "input"]
    for node in reversed(operations):
        own, shown, step = settle(node)
        out.append(step)
        for child in node.inputs:
            local = sp.diff(node.formula, symbol(child))
            local_full = local.xreplace(full)
            local = local.xreplace(named)
            local_shown = polish(local_full.subs(point)) if point else polish(local_full)
            numbers = (numeric(shown), numeric(local_shown)) if point else (None, None)
            terms[child].append(Term(node.name, local, shown, local_shown, *numbers))
            adjoint[child] = adjoint.get(child, sp.Integer(0)) + own * local_full
    inputs = nodes[: len(nodes) - len(operations)]  # in --wrt order, last
    return tuple(out) + tuple(settle(node)[2] for node in inputs)

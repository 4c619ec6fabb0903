"""grad --steps: the graph, the forward pass and the chain rule, checked against the gradient."""

import math

import sympy as sp

from calcli import gradient
from calcli.parsing.functions import elementary


def adjoints(r):
    return {b.node: b.adjoint for b in r.steps.backward}


def test_backprop_example_names_the_users_nodes():
    r = gradient("q = x + y; f = q*z", at="x=4,y=-3,z=5", steps=True)
    s = r.steps
    assert s.output == "f"
    nodes = {n.name: n for n in s.nodes}
    assert nodes["q"].operation == "add" and set(nodes["q"].inputs) == {"x", "y"}
    assert nodes["f"].operation == "multiply" and set(nodes["f"].inputs) == {"q", "z"}
    assert {f.node: f.value for f in s.forward} == {"q": 1, "f": 5}
    a = adjoints(r)
    assert (a["f"], a["q"], a["x"], a["y"], a["z"]) == (1, 5, 5, 5, 1)
    x_step = next(b for b in s.backward if b.node == "x")
    assert [(t.via, t.upstream, t.local_value) for t in x_step.terms] == [("q", 5, 1)]


def test_a_node_used_twice_sums_over_its_uses():
    r = gradient("x*y + sin(x)", at="x=0,y=2", steps=True)
    x_step = next(b for b in r.steps.backward if b.node == "x")
    assert len(x_step.terms) == 2
    assert sum(t.upstream * t.local_value for t in x_step.terms) == x_step.adjoint == 3  # y + cos(0)


def test_symbolic_steps_without_a_point():
    r = gradient("q = x + y; f = q*z", steps=True)
    a = adjoints(r)
    x, y, z = r.variables
    assert a["x"] == z and a["z"] == x + y
    assert r.steps.symbolic


def test_shared_subexpression_is_one_node():
    r = gradient("sin(x*y) + cos(x*y)", steps=True)
    products = [n for n in r.steps.nodes if n.operation == "multiply"]
    assert len(products) == 1
    uses = [n for n in r.steps.nodes if products[0].name in n.inputs]
    assert len(uses) == 2


def test_backward_pass_equals_the_gradient():
    r = gradient("exp(x*y)/(1 + x^2) + log(y)", at="x=1,y=2", steps=True)
    a = adjoints(r)
    for v, value in zip(r.variables, r.value):
        assert sp.simplify(a[v.name] - value) == 0


def xor_program():
    rows = [(0, 0, 0), (0, 1, 1), (1, 0, 1), (1, 1, 0)]
    lines = []
    for k, (a, b, _) in enumerate(rows, 1):
        lines += [f"h{k} = sigmoid(w1*{a} + w2*{b} + b1)", f"g{k} = sigmoid(w3*{a} + w4*{b} + b2)", f"o{k} = sigmoid(w5*h{k} + w6*g{k} + b3)"]
    lines.append("L = " + " + ".join(f"(o{k} - {y})^2" for k, (_, _, y) in enumerate(rows, 1)))
    return "; ".join(lines)


def test_xor_network_gradients_match_central_differences():
    weights = {"w1": 0.5, "w2": -0.3, "w3": 0.8, "w4": 0.2, "w5": 1.0, "w6": -1.0, "b1": 0.1, "b2": -0.1, "b3": 0.0}
    r = gradient(xor_program(), wrt=list(weights), at=weights, steps=True)
    names = {n.name for n in r.steps.nodes}
    assert {"h1", "g4", "o3", "L"} <= names and r.steps.output == "L"
    loss = sp.lambdify([v for v in r.variables], elementary(r.expression), "math")
    h = 1e-6
    a = adjoints(r)
    for i, name in enumerate(weights):
        up, down = list(weights.values()), list(weights.values())
        up[i] += h
        down[i] -= h
        estimate = (loss(*up) - loss(*down)) / (2 * h)
        assert math.isclose(r.numeric[i], estimate, rel_tol=1e-6, abs_tol=1e-9)
        assert math.isclose(float(a[name]), r.numeric[i], rel_tol=1e-12, abs_tol=1e-15)

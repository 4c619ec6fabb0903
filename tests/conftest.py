import sympy as sp

from calcli.parsing import symbol


def same(a, b) -> bool:
    """Equal as mathematics, not as strings."""
    if isinstance(a, str):
        from calcli import parse

        a = parse(a).value
    if isinstance(b, str):
        from calcli import parse

        b = parse(b).value
    return sp.simplify(sp.sympify(a) - sp.sympify(b)) == 0


x, y, z = symbol("x"), symbol("y"), symbol("z")

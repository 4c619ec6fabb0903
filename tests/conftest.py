import os

import sympy as sp
from hypothesis import settings

from calcli.parsing import symbol

# The suite runs calcli cold: a server the developer has running must not answer its subprocesses.
# tests/test_server.py starts its own, in a directory of its own, and asks for it explicitly.
os.environ["CALCLI_SERVER"] = "off"

# Every property test draws the same examples on every run and machine: a failure is reproducible, and CI
# never fails on an example no one can find again.
settings.register_profile("calcli", derandomize=True)
settings.load_profile("calcli")


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

"""A toy command, `calcli toy EXPR` (twice the expression), built from exactly the pieces
docs/contributing.md lists: an ops function, a result type, its writers, a registry entry and a
CLI function. tests/test_registry.py plugs it in and runs it in every format; leaving any piece
out fails there."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from calcli.cli.app import Expression
from calcli.numbers import exact
from calcli.registry import TABLE_FORMATS, Command
from calcli.render.writers import Writers
from calcli.request import Common, Request

# the registry entry
ENTRY = Command("toy", "double", "tests.toy_command", "ToyResult", formats=TABLE_FORMATS)


# the result type
@dataclass(frozen=True)
class ToyResult:
    command = "toy"
    source: str
    value: Any
    readings: tuple = ()

    def to_dict(self) -> dict:
        return {"expression": self.source, "double": exact(self.value)}


# the ops function: the mathematics
def double(
    expression: str, *, at=(), functions=(), decimal_comma=False, expect=None, tol=None
) -> ToyResult:
    from calcli.parsing import Options, parse_program

    program = parse_program(expression, Options(tuple(functions), decimal_comma, ()))
    return ToyResult(program.source, 2 * program.value)


# its writers, one per format
def toy_table(r):
    from calcli.printing import inline
    from calcli.render.cells import new_table, text, titled

    table = new_table("", "value")
    table.add_row(text("2·f", "cyan"), text(inline(r.value)))
    return titled(f"Twice {r.source}", table)


def toy_lines(r):
    yield "double", str(r.value)


def toy_latex(r) -> str:
    import sympy as sp

    return f"\\[ 2f = {sp.latex(r.value)} \\]"


def toy_rows(r):
    yield ["expression", "double"]
    yield [r.source, str(r.value)]


WRITERS = Writers(
    *(f"tests.toy_command:{name}" for name in ("toy_table", "toy_lines", "toy_latex", "toy_rows"))
)


# the CLI function
def register(app) -> None:
    from calcli.cli.options import computing

    @computing(app, "toy")
    def toy(expression: Expression, *, common: Common):
        """Twice an expression.

        \b
        Examples:
          calcli toy "x^2*y"
        """
        return Request("toy", common, partial(compute, expression, common))

    del toy


def compute(expression: str, common):
    """In the computing child: a module-level function, so the work pickles."""
    from calcli.commands import shared, text

    return double(text(expression), **shared(common))

"""The command line: each command reads its options, calls one core function, and renders.

Nothing here imports sympy at module level, so `calcli --help` stays fast.
"""
from __future__ import annotations

from functools import partial
from typing import Annotated, Optional

import typer

from calcli import commands
from calcli.formats import Format
from calcli.runner import Common, run_command

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# The options every computing command takes.
At = Annotated[Optional[list[str]], typer.Option("--at", help="A point, e.g. x=4,y=-3,z=5; values are expressions (x=pi/2). Repeatable.")]
Wrt = Annotated[Optional[str], typer.Option("--wrt", help="The variables and their order, e.g. x,y,z (default: the free symbols in natural order).")]
Fmt = Annotated[Optional[Format], typer.Option("--format", help="Output format (default: table on a terminal, plain in a pipe).", case_sensitive=False)]
Json = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
Expect = Annotated[Optional[str], typer.Option("--expect", help="A claimed answer to check; exit 1 unless it is equal.")]
Timeout = Annotated[float, typer.Option("--timeout", help="Seconds a computation may take before it is stopped (exit 3).")]
DecimalComma = Annotated[bool, typer.Option("--decimal-comma", help="Read 0,2 as 0.2; then ';' separates arguments, items and --at pairs.")]
Functions = Annotated[Optional[str], typer.Option("--functions", help="Names of undefined functions, e.g. u,v,w, so that u(x,y,z) stays symbolic.")]


@app.callback()
def calcli_main():
    """calcli: symbolic calculus on the command line, exact where mathematics allows.

    \b
    Examples:
      calcli grad "(x+y)*z" --at x=4,y=-3,z=5
      calcli grad "x^3+x^2+7" --wrt x --expect "3x^2+2x"
    """


def common(at, wrt, fmt, json, expect, timeout, decimal_comma, functions) -> Common:
    return Common(tuple(at or ()), wrt, fmt, json, expect, timeout, decimal_comma, functions)


def finish(code: int):
    raise typer.Exit(int(code))


@app.command()
def grad(
    expression: Annotated[str, typer.Argument(metavar="EXPR", help="A scalar, vector or matrix expression, or a program 'q = x + y; f = q*z'.", show_default=False)],
    hessian: Annotated[bool, typer.Option("--hessian", help="Also the matrix of second derivatives.")] = False,
    steps: Annotated[bool, typer.Option("--steps", help="Show the computation graph and the chain rule node by node.")] = False,
    at: At = None, wrt: Wrt = None, fmt: Fmt = None, json: Json = False, expect: Expect = None,
    timeout: Timeout = 20.0, decimal_comma: DecimalComma = False, functions: Functions = None,
):
    """Partial derivatives (the gradient) of an expression, exact and at a point.

    \b
    Examples:
      calcli grad "(x+y)*z" --at x=4,y=-3,z=5
      calcli grad "x^2*y + sin(x*y)" --hessian
      calcli grad "H = [[0,1],[1,0]]; expm(I*x*H)" --wrt x --at x=2
      calcli grad "u(x,y)*x" --functions u --format json
    """
    opts = common(at, wrt, fmt, json, expect, timeout, decimal_comma, functions)
    finish(run_command("grad", opts, partial(commands.grad, expression, opts, hessian, steps)))

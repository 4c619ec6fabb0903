"""calcli: symbolic calculus, library first.

    >>> import calcli
    >>> calcli.gradient("(x+y)*z", at={"x": 4, "y": -3, "z": 5}).value
    (5, 5, 1)

The functions load sympy on first use, so importing calcli is cheap, and
nothing here imports typer or rich.
"""
from calcli.errors import CalcliError, ExitCode, InputError, LimitError, ParseError, ShapeError, Unsolved

__all__ = ["CalcliError", "ExitCode", "InputError", "LimitError", "ParseError", "ShapeError", "Unsolved", "gradient", "parse"]
__version__ = "0.1.0"


def parse(text: str, *, functions=(), decimal_comma: bool = False):
    """Parse calcli's expression language into a Program (its `.value` is a sympy object)."""
    from calcli.parsing import Options, parse_program

    return parse_program(text, Options(tuple(functions), decimal_comma))


def gradient(expression, **options):
    """Partial derivatives; see calcli.ops.gradient.gradient for the options."""
    from calcli.ops.gradient import gradient as _gradient

    return _gradient(expression, **options)

"""calcli: symbolic calculus, library first.

    >>> import calcli
    >>> calcli.gradient("(x+y)*z", at={"x": 4, "y": -3, "z": 5}).value
    (5, 5, 1)

Each function parses calcli's expression language, computes with sympy and
returns a frozen result object (see calcli.results) with to_dict() for JSON.
They load sympy on first use, so importing calcli is cheap, and nothing here
imports typer or rich. Errors are CalcliError subclasses.
"""

# Nothing is imported here: the thin client of a warm server (calcli/cli/client.py) starts with this
# package, and every millisecond of it is paid by every call. Names load on first use (__getattr__).
ERRORS = (
    "CalcliError",
    "EngineError",
    "ExitCode",
    "InputError",
    "LimitError",
    "ParseError",
    "ShapeError",
    "Unsolved",
)
__version__ = "0.1.0"


def parse(text: str, *, functions=(), decimal_comma: bool = False):
    """Parse calcli's expression language into a Program (its `.value` is a sympy object)."""
    from calcli.ops.arguments import flag, function_names
    from calcli.parsing import Options, parse_program

    if not isinstance(text, str):
        from calcli.errors import InputError

        raise InputError(f"text must be a string, not {type(text).__name__}")
    return parse_program(
        text, Options(function_names(functions, "functions"), flag(decimal_comma, "decimal_comma"))
    )


# Each command's function, loaded (with sympy) on first use: calcli.gradient is
# calcli.ops.gradient.gradient, with its own signature and docstring.


def __getattr__(name: str):
    import importlib

    from calcli.registry import API

    if name == "__all__":
        # one function per computing command: calcli/registry.py
        return [*ERRORS, "parse", *sorted(API)]
    if name in ERRORS:
        return getattr(importlib.import_module("calcli.errors"), name)
    if name in API:
        return getattr(importlib.import_module(API[name]), name)
    raise AttributeError(f"module 'calcli' has no attribute '{name}'")

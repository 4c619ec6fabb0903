"""What the parser is given and gives: the reading options (with the notes of every reading that
is not literally what was typed), the program it read, and the names a user may give."""

from __future__ import annotations

import builtins
import keyword
import re
from dataclasses import dataclass, field

import sympy as sp

from calcli.errors import InputError
from calcli.numbers import Math
from calcli.parsing.functions import CONSTANTS, FUNCTIONS

NAME_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


def is_allowed_name(text: str) -> bool:
    return bool(NAME_PATTERN.match(text)) and "__" not in text and not keyword.iskeyword(text)


# Names an undefined function may not have. Nothing calcli does turns a name into
# Python code (see docs/security.md); refusing these too keeps it so if that ever changes.
RESERVED_NAMES = (
    frozenset(dir(builtins)) | frozenset(keyword.kwlist) | frozenset(keyword.softkwlist)
)


@dataclass(frozen=True)
class Options:
    functions: tuple[str, ...] = ()  # names of undefined functions, u(x, y)
    decimal_comma: bool = False
    # declared names that stay whole (--wrt, --for; in --expect the problem's variables)
    names: tuple[str, ...] = ()
    # an answer's 1.414 is an approximation (a Float), not exactly 1414/1000
    approximate_decimals: bool = False
    # every reading that is not literally what was typed ("xy read as x·y"), for the result's notes;
    # shared by the Options derived from this one (dataclasses.replace keeps the list)
    readings: list = field(default_factory=list, compare=False, repr=False)

    def quiet(self) -> "Options":
        """The same options for reading an option value (--points 3,5 is two points): no notes."""
        from dataclasses import replace

        return replace(self, readings=[])

    def note(self, reading: str) -> None:
        if reading not in self.readings:
            self.readings.append(reading)

    def __post_init__(self):
        for name in self.functions:
            if not isinstance(name, str) or not is_allowed_name(name):
                raise InputError(
                    f"--functions: {name!r} is not a valid name (a letter, then "
                    f"letters, digits or single '_')"
                )
            if name in RESERVED_NAMES or name in FUNCTIONS or name in CONSTANTS:
                raise InputError(
                    f"--functions: '{name}' is a reserved name; choose another (u, v, f, g, ...)"
                )


@dataclass(frozen=True)
class Product:
    """A word read as a product (xy): kept in two parts until a power is known to bind to the
    last."""

    head: Math
    last: Math


@dataclass(frozen=True)
class Program:
    source: str
    value: Math  # sympy Expr, Tuple or ImmutableMatrix
    assignments: tuple[tuple[str, Math], ...] = ()  # the user's names, in order
    output_name: str | None = None  # the name of the last statement, when it assigns


def symbol(name: str) -> sp.Symbol:
    """Every variable is real: that is what users of a calculus tool mean by x."""
    return sp.Symbol(name, real=True)


def is_scalar(value) -> bool:
    """A number or expression: not a matrix (which sympy also counts as an Expr) nor a tuple."""
    return isinstance(value, sp.Expr) and not isinstance(
        value, (sp.MatrixBase, sp.matrices.MatrixExpr)
    )

"""`--at` points, `--wrt` / `--functions` name lists, and the natural order of variables."""

from __future__ import annotations

import math
import re
from typing import Iterable, Mapping

import sympy as sp

from calcli.errors import InputError
from calcli.numbers import Math
from calcli.parsing.functions import CONSTANTS, FUNCTIONS
from calcli.parsing.grammar import Parser
from calcli.parsing.growth import check_point
from calcli.parsing.limits import MAX_LITERAL_DIGITS
from calcli.parsing.program import Options, is_allowed_name, symbol


def natural_key(sym: sp.Symbol):
    """x1, x2, x10 — not x1, x10, x2."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", sym.name)]


def natural_order(symbols: Iterable[sp.Symbol]) -> tuple[sp.Symbol, ...]:
    return tuple(sorted(set(symbols), key=natural_key))


def parse_names(text: str, what: str = "--wrt") -> tuple[str, ...]:
    """`x, y, z` -> ('x', 'y', 'z'); a bad, built-in or repeated name is an input error."""
    names = [part.strip() for part in re.split(r"[,;]", text)]
    seen: list[str] = []
    for name in names:
        if not name:
            raise InputError(f"{what} has an empty name in '{text}'")
        if not is_allowed_name(name):
            raise InputError(
                f"{what}: '{name}' is not a valid name (a letter, then letters, digits or '_')"
            )
        if name in FUNCTIONS or name in CONSTANTS:
            raise InputError(f"{what}: '{name}' is a built-in name")
        if name in seen:
            raise InputError(f"{what} names '{name}' twice")
        seen.append(name)
    return tuple(seen)


def parse_point(
    specs: str | Iterable[str] | Mapping | None,
    allowed: Iterable[sp.Symbol],
    options: Options = Options(),
    within: Iterable = (),
) -> dict[sp.Symbol, sp.Expr]:
    """`--at x=4,y=-3` (repeatable) -> {x: 4, y: -3}, each value an exact constant.

    `within`: the values the point will be substituted into; a point at which one of them
    would build an enormous number (factorial(x) at x = 10^8) is refused."""
    if not specs:
        return {}
    allowed_names = {s.name: s for s in allowed}
    pairs: list[tuple[str, Math, int | None, str | None]]
    if isinstance(specs, Mapping):
        pairs = [(str(k), point_value(v, options), None, None) for k, v in specs.items()]
    else:
        specs = [specs] if isinstance(specs, str) else list(specs)
        pairs = [
            (name, value, pos, spec)
            for spec in specs
            for name, value, pos in Parser(spec, options).assignments_list()
        ]
    point: dict[sp.Symbol, sp.Expr] = {}
    for name, value, pos, spec in pairs:
        if name not in allowed_names:
            known = ", ".join(allowed_names) or "none"
            raise InputError(
                f"--at names '{name}', which is not a variable here (variables: {known})",
                source=spec,
                position=pos,
            )
        sym = allowed_names[name]
        if sym in point:
            raise InputError(f"--at gives '{name}' twice", source=spec, position=pos)
        point[sym] = _constant(name, value, spec)
    for value in within:
        check_point(value, point)
    return point


def point_value(value, options: Options):
    if isinstance(value, str):
        return Parser(value, options).program().value
    if isinstance(value, bool) or not isinstance(value, (int, float, complex, sp.Basic)):
        raise InputError(
            f"a point value must be a number or an expression string, not {type(value).__name__}"
        )
    if isinstance(value, (float, complex)) and not math.isfinite(abs(value)):
        raise InputError(f"a point value must be a finite number, not {value!r}")
    # as a typed number is bounded
    if isinstance(value, int) and value.bit_length() > MAX_LITERAL_DIGITS * 3.33:
        raise InputError(f"a point value has more than {MAX_LITERAL_DIGITS:,} digits")
    if isinstance(value, float):
        return sp.Rational(repr(value))  # 0.2 means 1/5, as in the expression language
    if isinstance(value, complex):
        return sp.Rational(repr(value.real)) + sp.I * sp.Rational(repr(value.imag))
    return sp.Integer(value) if isinstance(value, int) else value


def _constant(name: str, value, spec: str | None) -> sp.Expr:
    if not isinstance(value, sp.Expr) or isinstance(value, sp.MatrixBase):
        raise InputError(f"the value of '{name}' must be a number", source=spec)
    if value.free_symbols:
        raise InputError(
            f"the value of '{name}' must be a number, not an expression in "
            f"{', '.join(sorted(s.name for s in value.free_symbols))}",
            source=spec,
        )
    if value.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
        raise InputError(f"the value of '{name}' is not a finite number", source=spec)
    return value


def declared(*lists) -> tuple[str, ...]:
    """Names the user declared (--wrt, --for: None, 'x,y' or a list), which stay whole when read."""
    out: list[str] = []
    for names in lists:
        if names:
            out += parse_names(names) if isinstance(names, str) else parse_names(",".join(names))
    return tuple(dict.fromkeys(out))


def answer_options(options: Options, symbols) -> Options:
    """options for reading a claimed answer: the problem's own variables stay whole, and decimals
    are approximations (1.41421356 for √2 is compared within the tolerance, not as
    141421356/10^8)."""
    from dataclasses import replace

    return replace(
        options,
        names=tuple(dict.fromkeys([*options.names, *(s.name for s in symbols)])),
        approximate_decimals=True,
    )


def variables_for(value, wrt: str | Iterable[str] | None) -> tuple[sp.Symbol, ...]:
    """The --wrt variables in the user's order, or the free symbols in natural order."""
    if wrt is None:
        return natural_order(getattr(value, "free_symbols", ()))
    names = parse_names(wrt) if isinstance(wrt, str) else parse_names(",".join(wrt))
    return tuple(symbol(n) for n in names)


def parse_number(text: str, what: str, options: Options = Options()) -> float:
    """An option value that must be a finite real number, written as an expression (`pi/4`,
    `1e-3`)."""
    value = Parser(text, options).program().value
    try:
        result = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{what} must be a number, not '{text}'") from None
    if not math.isfinite(result):
        raise InputError(f"{what} must be a finite number, not '{text}'")
    return result

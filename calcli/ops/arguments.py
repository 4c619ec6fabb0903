"""The Python API's boundary: every argument of a command function checked, by name, in one place.

A mistake is one InputError sentence that names the argument, never a TypeError
from deep inside sympy, and a string where a list is expected is one item (not
its characters: functions="uv" would otherwise be u and v).
"""

from __future__ import annotations

import functools
import inspect
import math
from collections.abc import Iterable, Mapping

from calcli.errors import InputError


def _kind(value) -> str:
    return "None" if value is None else type(value).__name__


def _fail(name: str, wanted: str, value) -> InputError:
    return InputError(f"{name} must be {wanted}, not {_kind(value)}")


def text(value, name):
    from calcli.parsing import Program

    if isinstance(value, (str, Program)):
        return value
    raise _fail(name, "a string", value)


def optional_text(value, name):
    return None if value is None else text(value, name)


def texts(value, name):
    """One string, or an iterable of strings: a tuple of them."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Iterable) and not isinstance(value, (bytes, Mapping)):
        items = tuple(value)
        if all(isinstance(v, str) for v in items):
            return items
    raise _fail(name, "a string or a list of strings", value)


def optional_texts(value, name):
    return None if value is None else texts(value, name)


def text_or_texts(value, name):
    """A comma list as one string, or a list of strings."""
    return value if value is None or isinstance(value, str) else texts(value, name)


def names(value, name):
    """--wrt / --for: None, 'x,y', or a list of names."""
    if value is None or isinstance(value, str):
        return value
    return ",".join(texts(value, name)) if value else value


def function_names(value, name):
    from calcli.parsing import parse_names

    if value is None:
        return ()
    joined = ",".join(texts(value, name))
    return parse_names(joined, "--functions") if joined.strip() else ()


def flag(value, name):
    if isinstance(value, bool):
        return value
    raise _fail(name, "True or False", value)


def integer(value, name):
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise _fail(name, "an integer", value)


def number(value, name):
    if (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and (isinstance(value, int) or math.isfinite(value))
    ):
        return value
    raise _fail(name, "a finite number", value)


def number_text(value, name):
    """An option written as an expression ('pi/4'), or a plain number."""
    if value is None or isinstance(value, str):
        return value
    return str(number(value, name)) if isinstance(value, int) else repr(number(value, name))


def number_list(value, name):
    """--points: '1,2,3' or a list of numbers."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, Iterable) and not isinstance(value, (bytes, Mapping)):
        return ",".join(number_text(v, name) for v in value)
    raise _fail(name, "a string or a list of numbers", value)


def tolerance(value, name):
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < 1:
        return value
    raise InputError(
        f"{name} is a relative tolerance between 0 and 1 (0.001 is 0.1 %), not {value!r}"
    )


def point(value, name):
    if value is None or isinstance(value, (str, Mapping)):
        return value  # a mapping's values are read by parsing.points
    return texts(value, name)


CHECKS = {
    "expression": text,
    "field": text,
    "objective": text,
    "equations": texts,
    "subject_to": texts,
    "expect": optional_text,
    "data": optional_text,
    "delimiter": optional_text,
    "interval": optional_text,
    "implicit": optional_text,
    "lower": optional_text,
    "upper": optional_text,
    "direction": text,
    "coords": text,
    "domain": text,
    "method": text,
    "start": optional_texts,
    "schemes": text_or_texts,
    "at": point,
    "wrt": names,
    "unknowns": names,
    "functions": function_names,
    "decimal_comma": flag,
    "hessian": flag,
    "steps": flag,
    "jacobian": flag,
    "maximize": flag,
    "numeric_fallback": flag,
    "convergence": flag,
    "order": integer,
    "tol": tolerance,
    "stop": number_text,
    "step": number_text,
    "h": number_text,
    "points": number_list,
}
# diff_table's --from is `start`, a number (the solvers' is a starting point), and its expression is
# optional (--data)
OVERRIDES = {"diff_table": {"start": number_text, "expression": optional_text}}


def validated(fn):
    """Check fn's arguments with CHECKS (by parameter name) before fn runs."""
    signature = inspect.signature(fn)
    checks = {**{p: CHECKS[p] for p in signature.parameters}, **OVERRIDES.get(fn.__name__, {})}

    @functools.wraps(fn)
    def checked(*args, **kwargs):
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as exc:
            raise InputError(f"{fn.__name__}: {exc}") from None
        for key, value in bound.arguments.items():
            bound.arguments[key] = checks[key](value, key)
        return fn(*bound.args, **bound.kwargs)

    return checked

"""The safe parser: text -> sympy objects, never through eval, exec, sympify or parse_expr."""

from calcli.parsing.grammar import parse_point_pairs, parse_program, parse_relation
from calcli.parsing.points import (
    answer_options,
    declared,
    natural_order,
    parse_names,
    parse_number,
    parse_point,
    variables_for,
)
from calcli.parsing.program import Options, Program, symbol

__all__ = [
    "Options",
    "Program",
    "declared",
    "natural_order",
    "parse_names",
    "parse_number",
    "parse_point",
    "parse_point_pairs",
    "parse_program",
    "parse_relation",
    "symbol",
    "variables_for",
    "answer_options",
]

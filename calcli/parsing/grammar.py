"""calcli's recursive-descent parser: a program of statements, a relation, a list of points.
The expressions inside them are calcli.parsing.expressions'.

    program  := stmt (STMT stmt)*
    stmt     := NAME '=' items | items
    relation := expr RELOP expr
"""

from __future__ import annotations

import re

import sympy as sp

from calcli.errors import InputError, ParseError
from calcli.numbers import Math
from calcli.parsing.expressions import ExpressionParser
from calcli.parsing.functions import CONSTANTS, FUNCTIONS
from calcli.parsing.program import Options, Program
from calcli.parsing.tokens import Token

RELATIONS = ("=", "<", "<=", ">", ">=")
INDEXED = re.compile(r"([a-zA-Z])(\d+)")


class Parser(ExpressionParser):
    """A program, a relation or a list of points, each made of expressions."""

    # --- entry points --------------------------------------------------
    def program(self) -> Program:
        self.refuse_operator_prefix()
        assignments, name, value = [], None, None
        while self.tok.kind != "end":
            if self.tok.kind == "stmt":
                self.advance()
                continue
            start = self.tok.pos
            name, value = self.statement()
            self.measured(value, start)
            if name:
                assignments.append((name, value))
            if self.tok.kind not in ("stmt", "end"):
                self.fail(f"unexpected {self.describe(self.tok)}")
        if value is None:
            raise ParseError("the expression is empty", source=self.text, position=0)
        self.note_squared_looking(value)
        return Program(self.text, self.checked(value), tuple(assignments), name)

    def note_squared_looking(self, value) -> None:
        """x2 + y2 may mean x² + y²: a name of one letter and 2 or 3, the only one of its letter,
        is noted as a name (x0, x1, x2, ... together are indexed names, and need no note)."""
        indexed: dict[str, set] = {}
        for s in getattr(value, "free_symbols", ()):
            if (m := INDEXED.fullmatch(s.name)) and s.name not in self.options.names:
                indexed.setdefault(m.group(1), set()).add(m.group(2))
        for letter, digits in sorted(indexed.items()):
            if len(digits) == 1 and digits <= {"2", "3"}:
                power = next(iter(digits))
                self.options.note(
                    f"{letter}{power} is one name, not {letter} to the power "
                    f"{power} (for that write {letter}^{power})"
                )

    def refuse_operator_prefix(self) -> None:
        """d/dx x^3, d/dx (x^3): the command is the operator; the expression is the function
        alone."""
        t = self.tokens
        if (
            len(t) > 3
            and t[0].kind == "name"
            and t[0].text == "d"
            and t[1].text == "/"
            and t[2].kind == "name"
            and t[2].text.startswith("d")
            and len(t[2].text) > 1
        ):
            variable = t[2].text[1:]
            self.fail(
                f"write only the function: the derivative is what the command computes "
                f'(calcli diff "..." --wrt {variable})',
                0,
            )

    def relation(self) -> tuple[Math, str, Math]:
        lhs = self.expr()
        op = "="
        if self.at(*RELATIONS):
            op = self.advance().text
            rhs = self.expr()
        else:
            rhs = sp.Integer(0)
        if self.tok.kind != "end":
            self.fail(f"unexpected {self.describe(self.tok)}")
        return self.checked(lhs), op, self.checked(rhs)

    def assignments_list(self) -> list[tuple[str, Math, int]]:
        """`x=4, y=pi/2`: the pairs of a --at point, each with its position."""
        pairs = []
        while True:
            if self.tok.kind != "name":
                self.fail("expected a variable name")
            name = self.advance()
            if not self.at("="):
                self.fail(f"expected '=' and a value after '{name.text}'")
            self.advance()
            if self.tok.kind in ("sep", "end"):
                self.fail(f"'{name.text}' has no value")
            pairs.append((name.text, self.checked(self.expr()), name.pos))
            if self.tok.kind == "end":
                return pairs
            if self.tok.kind != "sep":
                self.fail(f"unexpected {self.describe(self.tok)}")
            self.advance()

    def measured(self, value, pos: int) -> None:
        try:
            self.measure(value)
        except InputError as err:
            raise InputError(err.message, source=self.text, position=pos) from None

    def checked(self, value):
        if isinstance(value, sp.Basic) and value.has(sp.zoo, sp.nan):
            raise InputError(
                "the expression is undefined (a division by zero or 0/0)",
                source=self.text,
                position=None,
            )
        return value

    # --- grammar -------------------------------------------------------
    def statement(self) -> tuple[str | None, Math]:
        # f(x, y) = x^2 y: the function is the right-hand side
        if (after := self.definition_end()) is not None:
            head = self.text[self.tok.pos : self.tokens[after - 2].pos + 1]
            self.options.note(
                f"{head} = read as a definition: the expression is its right-hand side"
            )
            self.i = after
            return None, self.items()
        if (
            self.tok.kind == "name"
            and self.tokens[self.i + 1].text == "="
            and self.tokens[self.i + 1].kind == "op"
        ):
            name = self.advance()
            self.advance()
            self.check_assignable(name)
            value = self.items()
            self.env[name.text] = value
            return name.text, value
        return None, self.items()

    def definition_end(self) -> int | None:
        """The index after '=' when the statement is `name(names) = ...` for a name that is not a
        function."""
        t, i = self.tokens, self.i
        if (
            t[i].kind != "name"
            or t[i].text in FUNCTIONS
            or t[i].text in self.undefined
            or t[i + 1].text != "("
        ):
            return None
        j = i + 2
        while t[j].kind == "name" and t[j + 1].kind == "sep":
            j += 2
        if (
            t[j].kind == "name"
            and t[j + 1].text == ")"
            and t[j + 2].kind == "op"
            and t[j + 2].text == "="
        ):
            return j + 3
        return None

    def check_assignable(self, name: Token) -> None:
        if name.text in FUNCTIONS or name.text in CONSTANTS or name.text in self.undefined:
            self.fail(f"'{name.text}' is a built-in name and cannot be assigned", name.pos)
        self.check_name(name)


def parse_program(text: str, options: Options = Options()) -> Program:
    return Parser(text, options).program()


def parse_relation(text: str, options: Options = Options()) -> tuple[Math, str, Math]:
    return Parser(text, options).relation()


def parse_point_pairs(text: str, options: Options = Options()) -> list[tuple[str, Math, int]]:
    return Parser(text, options).assignments_list()


def refuse_decimal_comma_list(value, options: Options) -> None:
    """3,5x given where one expression is meant: two items, 3 and 5x, unless the comma was a
    decimal comma."""
    if isinstance(value, (sp.Tuple, sp.MatrixBase)) and any(
        "--decimal-comma" in r for r in options.readings
    ):
        error = InputError(
            "this command takes one expression, and a comma between two numbers makes a list"
        )
        error.hint = "for a decimal comma (3,5 for 3.5) add --decimal-comma, or write 3.5"
        raise error

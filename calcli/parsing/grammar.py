"""Recursive-descent parser: tokens -> sympy objects, built directly, never via eval.

    program  := stmt (STMT stmt)*
    stmt     := NAME '=' items | items
    items    := expr (SEP expr)*                  several items make a tuple
    relation := expr RELOP expr
    expr     := term (('+' | '-') term)*
    term     := unary (('*' | '/') unary | implicit-factor)*
    unary    := ('-' | '+') unary | '√' power | power
    power    := primary (('^' | '**') unary)?     right-associative
    primary  := NUM | IMAG | NAME | NAME '(' items ')' | NAME '^' NUM '(' items ')'
              | '(' items ')' | '[' items ']' | '|' expr '|'

How a NAME is read (xy is x·y, i the imaginary unit, ...) is calcli.parsing.names.
"""

from __future__ import annotations

import builtins
import keyword
import re
from dataclasses import dataclass, field

import sympy as sp

from calcli.errors import InputError, ParseError, ShapeError
from calcli.numbers import Math
from calcli.parsing.functions import (
    CONSTANTS,
    FUNCTIONS,
    apply_function,
    real_power,
    takes_real_root,
)
from calcli.parsing.growth import Measure, number_bits, power_bits, size_words
from calcli.parsing.limits import MAX_MATRIX_POWER, MAX_NESTING, MAX_NUMBER_BITS
from calcli.parsing.names import function_inside, split_word, stays_whole
from calcli.parsing.tokens import Token, tokenize

RELATIONS = ("=", "<", "<=", ">", ">=")
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


GLUED = re.compile(r"([a-z]+)(\d+)([A-Za-z]\w*)?")
LOG_BASE = re.compile(r"log_(\d+|[a-zA-Z])")
INDEXED = re.compile(r"([a-zA-Z])(\d+)")


class Parser:
    def __init__(self, text: str, options: Options = Options()):
        self.text = text
        self.options = options
        self.tokens = tokenize(text, options.decimal_comma)
        self.i = 0
        self.depth = 0
        self.env: dict[str, Math] = {}
        self.measure = Measure()  # what the program builds, statement by statement
        self.undefined = {name: sp.Function(name, real=True) for name in options.functions}

    # --- token helpers -------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def at(self, *texts: str) -> bool:
        return self.tok.kind == "op" and self.tok.text in texts

    def advance(self) -> Token:
        token = self.tok
        self.i += 1
        return token

    def expect(self, text: str) -> Token:
        if not self.at(text):
            # the caret where the closing bracket belongs: after the last character
            if self.tok.kind == "end":
                raise ParseError(f"missing '{text}'", source=self.text, position=len(self.text))
            self.fail(f"expected '{text}'")
        return self.advance()

    def fail(self, message: str, pos: int | None = None, cls=ParseError):
        if pos is None:
            pos = self.tok.pos
            if self.tok.kind == "end":
                message = f"{message}, but the input ends here"
            elif not message.startswith("unexpected"):
                message = f"{message}, found {self.describe(self.tok)}"
        error = cls(message, source=self.text, position=pos)
        if self.tok.kind == "sep" and self.tok.text == "," and self.between_numbers(self.i):
            error.hint = (
                "for a decimal comma (1,5 for 1.5) add --decimal-comma, or write a decimal point"
            )
        raise error

    def between_numbers(self, i: int) -> bool:
        """tokens[i] (a comma) stands right between two numbers, as in 3,5."""
        before, sep, after = self.tokens[i - 1] if i else None, self.tokens[i], self.tokens[i + 1]
        return (
            before is not None
            and before.kind == "num"
            and after.kind == "num"
            and before.pos + len(before.text) == sep.pos
            and after.pos == sep.pos + 1
        )

    @staticmethod
    def describe(token: Token) -> str:
        if token.kind == "stmt":
            return "a line break" if token.text == "\n" else f"'{token.text}'"
        return f"'{token.text}'"

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

    def check_name(self, name: Token) -> None:
        if keyword.iskeyword(name.text):
            self.fail(f"'{name.text}' is not part of the expression language", name.pos)
        if not NAME_PATTERN.match(name.text) or "__" in name.text:
            self.fail(
                f"'{name.text}' is not an allowed name (a letter, then letters, digits or "
                f"single '_')",
                name.pos,
            )

    def items(self):
        first = self.expr()
        if self.tok.kind != "sep":
            return first
        values = [first]
        while self.tok.kind == "sep":
            self.note_decimal_comma()
            self.advance()
            values.append(self.expr())
        return sp.Tuple(*values)

    def note_decimal_comma(self) -> None:
        """3,5x is the two items 3 and 5x; a student may have meant 3.5x: say so."""
        before, sep, after = self.tokens[self.i - 1], self.tok, self.tokens[self.i + 1]
        if (
            sep.text == ","
            and before.kind == "num"
            and after.kind == "num"
            and before.pos + len(before.text) == sep.pos
            and after.pos == sep.pos + 1
        ):
            self.options.note(
                f"{before.text},{after.text} read as two items, {before.text} and "
                f"{after.text} (for a decimal comma use --decimal-comma)"
            )

    def expr(self):
        value = self.term()
        # the scalar terms of a sum, added at once: adding them one by one is quadratic in their
        # number
        pending = []
        while self.at("+", "-"):
            op = self.advance()
            term = self.term()
            if is_scalar(value) and is_scalar(term):
                pending.append(term if op.text == "+" else -term)
                continue
            if pending:
                value, pending = sp.Add(value, *pending), []
            value = self.binary(op, value, term)
        return sp.Add(value, *pending) if pending else value

    def term(self):
        value = self.unary()
        while True:
            if self.at("*", "/"):
                op = self.advance()
                value = self.binary(op, value, self.unary())
                if (
                    op.text == "/"
                    and self.tokens[self.i - 1].kind == "num"
                    and (self.tok.kind == "name" or self.at("("))
                    and self.juxtaposed()
                ):
                    number, follow = self.tokens[self.i - 1], self.tok
                    self.options.note(
                        f"/{number.text}{follow.text} read as divided by {number.text}, times "
                        f"{follow.text}; for 1/({number.text}{follow.text}) write the denominator "
                        f"in parentheses"
                    )
            elif self.tok.kind in ("name", "imag") or self.at("(", "√"):
                # implicit multiplication: 2x, 2 x, 2(x+1), (x+1)(x-1), 2√x
                value = self.binary(
                    Token("op", "*", self.tok.pos),
                    value,
                    self.unary() if self.at("√") else self.power(),
                )
            else:
                return value

    def juxtaposed(self) -> bool:
        """The current token follows the previous one with no space: 2x, not 2 x."""
        before = self.tokens[self.i - 1]
        return self.tok.pos == before.pos + len(before.text)

    def unary(self):
        if self.at("-", "+"):
            op = self.advance()
            with_depth = self.nested(self.unary)
            return -with_depth if op.text == "-" else with_depth
        if self.at("√"):  # √x, √(x+1), √x^3 = √(x^3)
            op = self.advance()
            return apply_function("sqrt", [self.nested(self.power)], self.text, op.pos)
        return self.power()

    def power(self):
        start = self.tok.pos
        base = self.primary()
        head = sp.Integer(1)
        if isinstance(base, Product):  # xe^x is x·e^x: the exponent takes the last letter only
            head, base = base.head, base.last
        if self.at("^", "**"):
            op = self.advance()
            exponent = self.nested(self.unary)
            if self.tokens[self.i - 1].kind == "num":
                exponent = self.after_a_number_exponent(start, op, base, exponent)
            self.check_power_size(base, exponent, op.pos)
            base = self.binary(op, base, exponent)
        return base if head == 1 else head * base

    def after_a_number_exponent(self, start: int, op: Token, base, exponent):
        """What follows a typed number exponent, read as students mean it, with a note either
        way: e^2x is e^(2x) (the exponential of 2x), x^2y is x^2·y, and x^1/2 is x/2 (for the
        square root write x^(1/2)). A superscript (x²y) is unambiguous and needs no note."""
        number = self.tokens[self.i - 1]
        if number.pos == op.pos:  # x², x⁻¹: superscripts
            return exponent
        base_text = self.text[start : op.pos]
        # x^1/2: nobody writes x^1 for x
        if self.at("/") and self.tokens[self.i + 1].kind == "num" and abs(exponent) == 1:
            n = self.tokens[self.i + 1].text
            typed = self.text[start : self.tokens[self.i + 1].pos + len(n)]
            self.options.note(
                f"{typed} read as ({base_text}^{exponent})/{n}; for the power "
                f"{exponent}/{n} write the exponent in parentheses"
            )
        if not (self.tok.kind == "name" or self.at("(")) or not self.juxtaposed():
            return exponent
        follow = self.tok
        typed = self.text[start : follow.pos + len(follow.text)]
        # e^2x: the exponential of 2x (a student writes e²·x as e^2 x or 2x e^2 rather)
        if base == sp.E:
            factor = self.nested(self.power)
            self.options.note(
                f"{typed} read as e^({exponent}{follow.text}); for "
                f"e^{exponent}·{follow.text} write e^{exponent}*{follow.text}"
            )
            return exponent * factor
        self.options.note(
            f"{typed} read as {base_text}^{exponent}·{follow.text}; for the power "
            f"{exponent}{follow.text} write it in parentheses"
        )
        return exponent

    def nested(self, rule):
        self.depth += 1
        if self.depth > MAX_NESTING:
            self.fail(f"the expression is nested more than {MAX_NESTING} levels deep", self.tok.pos)
        try:
            return rule()
        finally:
            self.depth -= 1

    def primary(self):
        token = self.tok
        if token.kind == "num":
            self.advance()
            return self.number(token.text)
        if token.kind == "imag":
            self.advance()
            return self.number(token.text) * sp.I
        if token.kind == "name":
            return self.name()
        if self.at("("):
            self.advance()
            value = self.nested(self.items)
            self.expect(")")
            return value
        if self.at("{"):  # {x + 1} groups as (x + 1) does (LaTeX's e^{2x})
            self.advance()
            value = self.nested(self.items)
            self.expect("}")
            return value
        if self.at("["):
            return self.nested(self.matrix)
        if self.at("|"):  # |x| is abs(x)
            self.advance()
            value = self.nested(self.expr)
            self.expect("|")
            return apply_function("abs", [value], self.text, token.pos)
        if token.kind == "end":
            self.fail("expected a value")
        self.fail(f"unexpected {self.describe(token)}")

    def name(self):
        token = self.advance()
        text = token.text
        self.check_name(token)
        calls = self.at("(")
        if text not in self.env and text not in self.options.names and text not in self.undefined:
            self.refuse_glued_function(token)
            if calls and (base := LOG_BASE.fullmatch(text)):
                return self.logarithm(token, base.group(1))

        if text in FUNCTIONS or text in self.undefined:
            if self.at("^") and not calls:
                return self.function_power(token)
            if not calls:
                self.fail(f"'{text}' is a function: write {text}(...)", token.pos)
            return self.call(token)
        # a declared variable: x(x - 1) is x·(x - 1)
        if calls and text in self.options.names and text not in self.env:
            self.options.note(f"{text}(...) read as {text}·(...), a product ({text} is a variable)")
        elif calls and text not in CONSTANTS and text not in self.env:
            self.fail(self.unknown_function_message(text), token.pos)
        known = {*self.env, *self.options.names, *CONSTANTS}
        if stays_whole(text, known):
            return self.word(text)
        spelling = function_inside(text, FUNCTIONS)
        if spelling:
            self.fail(f"'{text}' is not a name here ({spelling})", token.pos)
        parts = split_word(text, known)
        self.options.note(f"{text} read as {'·'.join(parts)}")
        values = [self.word(p) for p in parts]
        return Product(sp.Mul(*values[:-1]), values[-1])

    def number(self, text: str):
        if self.options.approximate_decimals and "." in text:
            # an approximation, held to 15 digits: with only the digits written, 3.1 is 3.1015625 (7
            # bits) and 1.4 is 1.4004, which a 0.1 % tolerance nearly rejects; --tol says how close
            # is right
            return sp.Float(text, max(15, sum(c.isdigit() for c in text)))
        return sp.Rational(text)

    def word(self, text: str):
        """The value of a whole name: an assigned value, a constant, i (the imaginary unit unless
        declared), or a variable."""
        if text in self.env:
            return self.env[text]
        if text == "i" and "i" not in self.options.names:
            self.options.note(
                "i read as the imaginary unit (name i in --wrt or --for to use it as a variable)"
            )
            return sp.I
        return CONSTANTS.get(text) or symbol(text)

    def function_power(self, token: Token):
        """sin^2(x) as students write it: sin(x)^2."""
        self.advance()
        if (
            self.tok.kind != "num"
            or not self.tok.text.isdigit()
            or self.tokens[self.i + 1].text != "("
        ):
            if self.tok.text == "-":
                self.fail(
                    f"{token.text}^-1 is ambiguous: write a{token.text}(x) for the inverse, "
                    f"or 1/{token.text}(x) for the reciprocal",
                    token.pos,
                )
            self.fail(f"write a power of {token.text} as {token.text}(x)^2", token.pos)
        exponent = sp.Integer(self.advance().text)
        value = self.call(token)
        self.options.note(f"{token.text}^{exponent}(...) read as {token.text}(...)^{exponent}")
        self.check_power_size(value, exponent, token.pos)
        return value**exponent

    def refuse_glued_function(self, token: Token) -> None:
        """sin2x, cos2x, tan3: a function's name with its argument run into it."""
        glued = GLUED.fullmatch(token.text)
        if glued and glued.group(1) in FUNCTIONS and token.text not in FUNCTIONS:
            name, digits, rest = glued.group(1), glued.group(2), glued.group(3) or ""
            other = f", or {name}({digits})*{rest}" if rest else ""
            self.fail(
                f"'{token.text}' is not a name: write {name}({digits}{rest}){other}", token.pos
            )

    def logarithm(self, token: Token, base: str):
        """log_2(x), log_b(x): the logarithm to that base, ln x / ln b."""
        value = self.call(Token("name", "log", token.pos))
        b = sp.Integer(base) if base.isdigit() else self.word(base)
        self.options.note(
            f"{token.text}(...) read as the logarithm to base {base}, log(...)/log({base})"
        )
        return value / sp.log(b)

    def unknown_function_message(self, text: str) -> str:
        for known in sorted(FUNCTIONS, key=len, reverse=True):
            prefix = text[: -len(known)]
            if text.endswith(known) and prefix and NAME_PATTERN.match(prefix):
                return f"unknown function '{text}' (did you mean {prefix}*{known}(...)?)"
        return (
            f"unknown function '{text}' (for a product write {text}*(...); for an unknown "
            f"function use --functions {text})"
        )

    def call(self, name: Token):
        self.expect("(")
        args = []
        if not self.at(")"):
            args.append(self.nested(self.expr))
            while self.tok.kind == "sep":
                self.advance()
                args.append(self.nested(self.expr))
        self.expect(")")
        if any(isinstance(a, sp.Tuple) for a in args):
            self.fail(f"an argument of {name.text} cannot be a tuple", name.pos, ShapeError)
        if name.text in self.undefined:
            if any(isinstance(a, sp.MatrixBase) for a in args) or not args:
                self.fail(f"{name.text} takes one or more scalar arguments", name.pos, ShapeError)
            return self.undefined[name.text](*args)
        return apply_function(name.text, args, self.text, name.pos)

    def matrix(self):
        start = self.expect("[")
        rows = [self.expr_or_row()]
        while self.tok.kind == "sep":
            self.advance()
            rows.append(self.expr_or_row())
        self.expect("]")
        nested = [isinstance(r, list) for r in rows]
        if any(nested) and not all(nested):
            self.fail("a matrix mixes rows and single values", start.pos, ShapeError)
        if any(nested) and len({len(r) for r in rows}) != 1:
            self.fail("the rows of this matrix have different lengths", start.pos, ShapeError)
        if any(
            isinstance(v, sp.MatrixBase) for r in rows for v in (r if isinstance(r, list) else [r])
        ):
            self.fail("a matrix entry cannot itself be a matrix", start.pos, ShapeError)
        return sp.ImmutableMatrix(rows if all(nested) else [[r] for r in rows])

    def expr_or_row(self):
        if self.at("["):
            self.advance()
            row = [self.nested(self.expr)]
            while self.tok.kind == "sep":
                self.advance()
                row.append(self.nested(self.expr))
            self.expect("]")
            return row
        return self.nested(self.expr)

    # --- building ------------------------------------------------------
    def binary(self, op: Token, a, b):
        if isinstance(a, sp.Tuple) or isinstance(b, sp.Tuple):
            self.fail("a tuple cannot take part in arithmetic", op.pos, ShapeError)
        try:
            if op.text == "+":
                return a + b
            if op.text == "-":
                return a - b
            if op.text in ("*", "/"):
                self.check_product_size(a, b, op.pos)
            if op.text == "*":
                if (
                    isinstance(a, sp.Number)
                    and a.is_finite
                    and a not in (0, 1)
                    and isinstance(b, sp.Symbol)
                ):
                    # 3*x as sympy forms it, without its general flatten: ten times faster
                    return sp.Mul._from_args((a, b))
                return a * b
            if op.text == "/":
                if isinstance(b, sp.MatrixBase):
                    raise TypeError("cannot divide by a matrix (use inv)")
                return a / b
            return self.power_of(a, b)
        except (
            TypeError,
            ValueError,
            ArithmeticError,
            sp.ShapeError,
            sp.NonSquareMatrixError,
        ) as exc:
            self.fail(
                f"'{op.text}' cannot combine these operands: {shape_reason(exc, a, b)}",
                op.pos,
                ShapeError,
            )

    def power_of(self, base, exponent):
        """x^(1/3) is the real cube root, cbrt(x), said in a note: the principal root sympy takes is
        complex for x < 0, where a student expects (-8)^(1/3) = -2."""
        if isinstance(base, sp.MatrixBase) or not takes_real_root(base, exponent):
            return base**exponent
        value = real_power(base, exponent)
        shown = (
            f"({sp.sstr(base)})"
            if not (base.is_Symbol or base.is_Integer and base >= 0)
            else sp.sstr(base)
        )
        self.options.note(
            f"{shown}^({exponent}) read as {sp.sstr(value).replace('**', '^')}: the "
            f"real root, so a negative base has a real value ((-8)^(1/3) = -2)"
        )
        return value

    def check_power_size(self, base, exponent, pos: int) -> None:
        """Refuse at once a power whose evaluation would build an enormous number."""
        if not (isinstance(exponent, sp.Basic) and exponent.is_Rational):
            return
        if isinstance(base, sp.MatrixBase) and abs(exponent) > MAX_MATRIX_POWER:
            self.fail(
                f"a matrix power above {MAX_MATRIX_POWER} is refused: its entries grow "
                f"without bound",
                pos,
            )
        size = power_bits(base, exponent)
        if size > MAX_NUMBER_BITS:
            self.fail(
                f"this power would build a number of {size_words(size)}; the limit is "
                f"{MAX_NUMBER_BITS} bits",
                pos,
            )

    def check_product_size(self, a, b, pos: int) -> None:
        """A product multiplies the numbers in front: `a=2; a=a*a` forty times would square its
        way to 2^(2^40)."""
        size = number_bits(a) + number_bits(b)
        if size > MAX_NUMBER_BITS:
            self.fail(
                f"this product would build a number of {size_words(size)}; the limit is "
                f"{MAX_NUMBER_BITS} bits",
                pos,
            )


def shape_reason(exc: Exception, a, b) -> str:
    def shape(v):
        return f"a {v.rows}x{v.cols} matrix" if isinstance(v, sp.MatrixBase) else "a scalar"

    if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
        return f"{shape(a)} and {shape(b)}"
    return str(exc).split("\n")[0][:120] or type(exc).__name__


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

"""The expression grammar of calcli's recursive-descent parser: tokens -> sympy objects, built
directly, never via eval. The statements around expressions (assignments, relations, point lists)
are calcli.parsing.grammar's.

    items    := expr (SEP expr)*                  several items make a tuple
    expr     := term (('+' | '-') term)*
    term     := unary (('*' | '/') unary | implicit-factor)*
    unary    := ('-' | '+') unary | '√' power | power
    power    := primary (('^' | '**') unary)?     right-associative
    primary  := NUM | IMAG | NAME | NAME '(' items ')' | NAME '^' NUM '(' items ')'
              | '(' items ')' | '[' items ']' | '|' expr '|'

How a NAME is read (xy is x·y, i the imaginary unit, ...) is calcli.parsing.names.
"""

from __future__ import annotations

import keyword
import re

import sympy as sp

from calcli.errors import ParseError, ShapeError
from calcli.numbers import Math
from calcli.parsing.arithmetic import binary, check_power_size
from calcli.parsing.functions import CONSTANTS, FUNCTIONS, apply_function
from calcli.parsing.growth import Measure
from calcli.parsing.limits import MAX_NESTING
from calcli.parsing.names import function_inside, split_word, stays_whole
from calcli.parsing.program import NAME_PATTERN, Options, Product, is_scalar, symbol
from calcli.parsing.tokens import Token, tokenize

GLUED = re.compile(r"([a-z]+)(\d+)([A-Za-z]\w*)?")
LOG_BASE = re.compile(r"log_(\d+|[a-zA-Z])")


class ExpressionParser:
    """Reads expressions from the tokens of one text, with the names it has assigned (env)."""

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
            value = binary(op, value, term, self.fail, self.options.note)
        return sp.Add(value, *pending) if pending else value

    def term(self):
        value = self.unary()
        while True:
            if self.at("*", "/"):
                op = self.advance()
                value = binary(op, value, self.unary(), self.fail, self.options.note)
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
                value = binary(
                    Token("op", "*", self.tok.pos),
                    value,
                    self.unary() if self.at("√") else self.power(),
                    self.fail,
                    self.options.note,
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
            check_power_size(base, exponent, op.pos, self.fail)
            base = binary(op, base, exponent, self.fail, self.options.note)
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
        check_power_size(value, exponent, token.pos, self.fail)
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

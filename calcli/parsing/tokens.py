"""Tokenizer for the expression language: text -> tokens with their positions.

Only ASCII plus a small explicit table of mathematical characters is accepted;
any other character is an error naming it, so look-alike letters (Cyrillic
'х') never pass for 'x'.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from calcli.errors import ParseError
from calcli.parsing.limits import (
    MAX_FILE_CHARS,
    MAX_INPUT_CHARS,
    MAX_LITERAL_DIGITS,
    MAX_LITERAL_EXPONENT,
    FromStdin,
)

# Non-ASCII characters that are read as ASCII spellings; each maps to tokens.
UNICODE_TOKENS: dict[str, tuple[tuple[str, str], ...]] = {
    "\u2212": (("op", "-"),),  # minus sign
    "\u00d7": (("op", "*"),),  # multiplication sign
    "\u22c5": (("op", "*"),),  # dot operator
    "\u00b7": (("op", "*"),),  # middle dot
    "\u00f7": (("op", "/"),),  # division sign
    "\u03c0": (("name", "pi"),),
    "\u2264": (("op", "<="),),
    "\u2265": (("op", ">="),),
    "\u221a": (("op", "√"),),  # square root sign: √x, √(x+1)
}

# Superscripts make one exponent together: x²³ is x^23 and x⁻¹ is x^(-1), never x^(2^3).
SUPERSCRIPTS = {**{ch: str(d) for d, ch in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")}, "⁻": "-", "⁺": "+"}

OPERATORS = (
    "**",
    "<=",
    ">=",
    "!=",
    "+",
    "-",
    "*",
    "/",
    "^",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ";",
    "=",
    "<",
    ">",
    "|",
)


@dataclass(frozen=True)
class Token:
    kind: str  # num, imag, name, op, sep (argument separator), stmt (statement separator), end
    text: str
    pos: int


def describe_char(ch: str) -> str:
    """A printable description of a character, safe to show on a terminal."""
    name = unicodedata.name(ch, "")
    code = f"U+{ord(ch):04X}"
    if ch.isprintable() and unicodedata.category(ch) not in ("Cf", "Zl", "Zp"):
        return f"'{ch}' ({code} {name})".replace(" )", ")")
    return f"{code} {name}".strip()


def tokenize(text: str, decimal_comma: bool = False) -> list[Token]:
    limit = MAX_FILE_CHARS if isinstance(text, FromStdin) else MAX_INPUT_CHARS
    if len(text) > limit:
        raise ParseError(
            f"the input is {len(text)} characters long; the limit is {limit}",
            source=text[:80],
            position=None,
        )
    arg_sep, stmt_sep = (";", "\n") if decimal_comma else (",", ";\n")
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in " \t\r":
            i += 1
        elif ch in stmt_sep or ch == arg_sep:
            tokens.append(Token("stmt" if ch in stmt_sep else "sep", ch, i))
            i += 1
        else:
            i = _token(text, i, decimal_comma, tokens)
    tokens.append(Token("end", "", n))
    return tokens


def _token(text: str, i: int, decimal_comma: bool, tokens: list[Token]) -> int:
    """The token starting at i (a number, name, superscript, Unicode sign or operator) appended;
    the index after it returned."""
    ch, n = text[i], len(text)
    if _digit(ch) or (ch == "." and i + 1 < n and _digit(text[i + 1])):
        return _number(text, i, decimal_comma, tokens)
    if ch.isascii() and (ch.isalpha() or ch == "_"):
        j = i
        while j < n and _word(text[j]):
            j += 1
        tokens.append(Token("name", text[i:j], i))
        return j
    if ch in SUPERSCRIPTS:
        return _superscript(text, i, tokens)
    if ch in UNICODE_TOKENS:
        tokens.extend(Token(kind, t, i) for kind, t in UNICODE_TOKENS[ch])
        return i + 1
    op = next((o for o in OPERATORS if text.startswith(o, i)), None)
    if op is None or (op == "," and decimal_comma):
        raise ParseError(_bad_char_message(ch, decimal_comma, text[:i]), source=text, position=i)
    tokens.append(Token("op", op, i))
    return i + len(op)


def _superscript(text: str, i: int, tokens: list[Token]) -> int:
    """A run of superscript characters: '^', an optional sign, and the digits as one number."""
    start, j = i, i
    while j < len(text) and text[j] in SUPERSCRIPTS:
        j += 1
    run = "".join(SUPERSCRIPTS[ch] for ch in text[start:j])
    sign, digits = (run[0], run[1:]) if run[0] in "+-" else ("", run)
    if not digits.isdigit():
        raise ParseError(
            "a superscript exponent needs digits (x², x⁻¹, x²³)", source=text, position=start
        )
    tokens.append(Token("op", "^", start))
    if sign == "-":
        tokens.append(Token("op", "-", start))
    tokens.append(Token("num", digits, start))
    return j


def _bad_char_message(ch: str, decimal_comma: bool, before: str = "") -> str:
    if ch == "'" and before[-1:].isalnum():
        return (
            "a prime (f') is not part of the expression language: write the derivative "
            "itself, or Derivative(f(x), x) with --functions f"
        )
    if ch == "," and decimal_comma:
        return "with --decimal-comma a comma is a decimal point; separate items with ';'"
    if ch in "'\"":
        return "strings are not part of the expression language"
    return f"unexpected character {describe_char(ch)}"


def _digit(ch: str) -> bool:
    """An ASCII digit: str.isdigit() would also take '²' and '٣' into a number."""
    return "0" <= ch <= "9"


def _word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch == "_")


def _number(text: str, i: int, decimal_comma: bool, tokens: list[Token]) -> int:
    """Scan a numeric literal starting at i; append its token and return the index after it."""
    n, start = len(text), i
    mantissa_end = _mantissa_end(text, i, decimal_comma)
    i = _exponent_end(text, mantissa_end)
    if text[start:i] == "0" and i + 1 < n and text[i] in "xXbBoO" and _word(text[i + 1]):
        raise ParseError(
            "hexadecimal, binary and octal literals are not supported", source=text, position=start
        )
    literal = text[start:i].replace(",", ".")
    digits = sum(_digit(c) for c in text[start:mantissa_end])
    exponent = literal[mantissa_end - start + 1 :] if i > mantissa_end else "0"
    if (
        digits > MAX_LITERAL_DIGITS
        or len(exponent) > 6
        or abs(int(exponent)) > MAX_LITERAL_EXPONENT
    ):
        raise ParseError("this number is too large to work with", source=text, position=start)
    if i < n and text[i] in "jJ" and not (i + 1 < n and (_word(text[i + 1]) or text[i + 1] == "_")):
        tokens.append(Token("imag", literal, start))
        return i + 1
    if i < n and (_digit(text[i]) or text[i] == "_"):
        raise ParseError("malformed number", source=text, position=i)
    tokens.append(Token("num", literal, start))
    return i


def _digits_end(text: str, i: int) -> int:
    while i < len(text) and _digit(text[i]):
        i += 1
    return i


def _mantissa_end(text: str, i: int, decimal_comma: bool) -> int:
    """The end of 12, 1.5, .5 or (with a decimal comma) 1,5."""
    i = _digits_end(text, i)
    n = len(text)
    if i < n and (
        text[i] == "." or (decimal_comma and text[i] == "," and i + 1 < n and _digit(text[i + 1]))
    ):
        i = _digits_end(text, i + 1)
    return i


def _exponent_end(text: str, i: int) -> int:
    """The end of an exponent e5, E-3 after a mantissa ending at i; i itself when there is none."""
    n = len(text)
    if not (i < n and text[i] in "eE"):
        return i
    j = i + 1
    if j < n and text[j] in "+-":
        j += 1
    return _digits_end(text, j) if j < n and _digit(text[j]) else i

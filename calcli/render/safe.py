"""Making echoed text safe for a terminal. No sympy here: error reports use it before sympy
loads."""

from __future__ import annotations

import unicodedata


def safe(text: str) -> str:
    """Control, format and bidi characters shown as \\uXXXX, so echoed text cannot steer the
    terminal."""
    return "".join(
        f"\\u{ord(ch):04x}"
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs") and ch not in "\t\n"
        else ch
        for ch in text
    )


def clip(text: str, limit: int = 100) -> str:
    """Long text cut for a table cell or title; plain and JSON always hold the whole."""
    return text if len(text) <= limit else text[: limit - 1] + "…"

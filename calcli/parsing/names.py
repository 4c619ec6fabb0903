"""How a word is read: the one naming rule, for expressions, --at, --expect and answer files.

A word stays whole when it is a function, a constant, a Greek letter's name, a
name the program assigns, a --functions name, a declared name (--wrt, --for,
and in --expect the problem's own variables), or has a digit or '_' in it
(x1, w_11). `i` is the imaginary unit unless it is declared.

Any other word of two or more letters is a product, as Desmos, WolframAlpha
and GeoGebra read it: split left to right into the longest known names and
single letters (xy = x·y, xe = x·e, pix = π·x, rtheta = r·θ). Every such reading
is reported, so nothing is read silently in a way the user did not mean. A word
that begins or ends with a function's name is refused with the spelling to use
(sinx: write sin(x)).
"""

from __future__ import annotations

GREEK = frozenset(
    """alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma
tau upsilon phi chi psi omega Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu
Nu Xi Omicron Pi Rho Sigma Tau Upsilon Phi Chi Psi Omega varepsilon vartheta varphi""".split()
)


def stays_whole(word: str, known) -> bool:
    return len(word) == 1 or word in known or word in GREEK or not word.isalpha()


def split_word(word: str, known) -> list[str]:
    """The parts of a word read as a product: longest known names first, else single letters."""
    names = sorted(
        (n for n in {*known, *GREEK} if len(n) > 1 and n.isalpha()), key=len, reverse=True
    )
    parts, i = [], 0
    while i < len(word):
        match = next((n for n in names if word.startswith(n, i)), word[i])
        parts.append(match)
        i += len(match)
    return parts


def function_inside(word: str, functions) -> str | None:
    """The spelling to use when a word begins or ends with a function's name (sinx, xsin); else
    None."""
    for name in sorted((f for f in functions if len(f) > 1 and f.isalpha()), key=len, reverse=True):
        if word.startswith(name) and len(word) > len(name) and word not in GREEK:
            return f"write {name}({word[len(name) :]})"
        if word.endswith(name) and len(word) > len(name):
            return f"write {word[: -len(name)]}*{name}(...)"
    return None

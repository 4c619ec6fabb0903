"""The chain rule and --expect verdicts in words, for the table, plain and LaTeX renderers."""

from __future__ import annotations

from calcli.numbers import decimal
from calcli.printing import factor, inline, point_text


def chain_rule(output: str, step, times: str = "·", d: str = "∂") -> str:
    """∂f/∂q·∂q/∂x + ... for one backward step; the output's own adjoint is 1."""
    if not step.terms:
        return "the output" if step.node == output else "not used"
    return " + ".join(f"{d}{output}/{d}{t.via}{times}{d}{t.via}/{d}{step.node}" for t in step.terms)


BRIEF_CHARS = 24


def brief(value, number) -> str:
    """A short exact value as it is; a long one by its decimal, when there is one."""
    shown = inline(value)
    return shown if len(shown) <= BRIEF_CHARS or number is None else "≈" + decimal(number, 6)


def local_partials(step, d: str = "∂") -> str:
    """Each use's local derivative in node names: ∂q/∂x = 1; ∂v2/∂x = cos(x)."""
    return "; ".join(f"{d}{t.via}/{d}{step.node} = {inline(t.local)}" for t in step.terms)


def chain_values(step, times: str = "·", short: bool = False) -> str:
    """The same products with the upstream adjoints and local partials filled in."""
    if not step.terms:
        return brief(step.adjoint, step.numeric) if short else inline(step.adjoint)
    if short:
        products = [
            (brief(t.upstream, t.upstream_numeric), brief(t.local_value, t.local_numeric))
            for t in step.terms
        ]
        return " + ".join(f"{_paren(up)}{times}{_paren(local)}" for up, local in products)
    return " + ".join(f"{factor(t.upstream)}{times}{factor(t.local_value)}" for t in step.terms)


def _paren(text: str) -> str:
    return f"({text})" if text.startswith(("-", "≈-")) or " " in text else text


def verdict_sentence(check) -> str:
    if check.verdict == "equal":
        return f"✓ equal: the expected answer {inline(check.expected)} is right ({check.method})"
    if check.verdict == "different" and (check.missing or check.extra):
        parts = (
            [f"it lacks {', '.join(inline(v) for v in check.missing)}"] if check.missing else []
        ) + (
            [
                f"{', '.join(inline(v) for v in check.extra)} "
                f"{'is' if len(check.extra) == 1 else 'are'} not a solution"
            ]
            if check.extra
            else []
        )
        return (
            f"✗ different: the expected answer {inline(check.expected)} is not the solution "
            f"set: {'; '.join(parts)}"
        )
    if check.verdict == "different":
        ce = check.counterexample
        if ce is None:
            return (
                f"✗ different: the expected answer {inline(check.expected)} does not have the "
                f"right shape"
            )
        where = f"at {point_text(ce.at)} " if ce.at else ""
        return (
            f"✗ different: {where}the expected answer gives {inline(ce.expected)}, the right "
            f"value is {inline(ce.actual)}"
        )
    return f"? unknown: could not decide whether {inline(check.expected)} is right ({check.method})"

"""Showing results simplified but not mangled, chosen by the expression's size, never by a clock.

Whether simplify() runs depends only on the expression (its operation count and
powers), so the same input prints the same output on any machine under any load;
--timeout stays the one time-based outcome.
"""

from __future__ import annotations

import sympy as sp

MAX_OPS_TO_SIMPLIFY = 60  # beyond this simplify() can take seconds and rarely reads better
MAX_POWER_TO_SIMPLIFY = 12  # simplify() may expand (x+y+z)^199 term by term
# simplify()'s cancel() expands a product of sums: (x0 + 1/x0)···(x9 + 1/x9) is 1,024 terms, 8 s
MAX_EXPANDED_TERMS = 64


def worth_simplifying(value: sp.Expr) -> bool:
    """Where simplify() tends to win, on a value small enough for it (see might_simplify,
    too_large). Elsewhere a derivative as sympy writes it reads well, and simplify() costs tens
    of milliseconds."""
    # the costly counts last
    return (
        not value.is_number
        and might_simplify(value)
        and not too_large(value)
        and sp.count_ops(value) > 1
    )


def might_simplify(value: sp.Expr) -> bool:
    """Quotients (the quotient rule's two terms over a common denominator), complex exponentials
    (e^(ix)/2 + e^(-ix)/2 is cos x) and several trigonometric terms (r sin²θ + r cos²θ is r)."""
    return (
        value.has(sp.I)
        or any(p.exp.is_negative for p in value.atoms(sp.Pow))
        or related_trig(value)
    )


def too_large(value: sp.Expr) -> bool:
    """Beyond the operations, powers and expansion simplify() is given: there it can take seconds
    (or, expanding, minutes) and rarely reads better."""
    if any(p.exp.is_Integer and abs(p.exp) > MAX_POWER_TO_SIMPLIFY for p in value.atoms(sp.Pow)):
        return True
    return sp.count_ops(value) > MAX_OPS_TO_SIMPLIFY or expanded_terms(value) > MAX_EXPANDED_TERMS


def expanded_terms(value: sp.Expr, cap: int = MAX_EXPANDED_TERMS + 1) -> int:
    """How many terms value would have multiplied out, numerators and denominators alike (at most
    `cap`): a sum adds its parts' counts, a product multiplies them, an integer power raises
    them; all else is one."""
    if isinstance(value, sp.Add):
        return min(cap, sum(expanded_terms(a, cap) for a in value.args))
    if isinstance(value, sp.Mul):
        count = 1
        for a in value.args:
            count = min(cap, count * expanded_terms(a, cap))
        return count
    if isinstance(value, sp.Pow) and value.exp.is_Integer:
        return min(cap, expanded_terms(value.base, cap) ** min(abs(int(value.exp)), 64))
    return 1


SIZE_NOTE = (
    f"a value of more than {MAX_OPS_TO_SIMPLIFY} operations is shown as computed, not "
    f"simplified; it is exact all the same"
)


def note_left_as_computed(values, options) -> None:
    """Say so when a large value that simplify() might have shortened was left as computed."""
    flat = [
        v
        for value in values
        for v in (value if isinstance(value, (sp.Tuple, sp.MatrixBase)) else [value])
    ]
    if any(
        isinstance(v, sp.Expr)
        and not v.is_Atom
        and not v.is_number
        and might_simplify(v)
        and sp.count_ops(v) > MAX_OPS_TO_SIMPLIFY
        for v in flat
    ):
        options.note(SIZE_NOTE)


def related_trig(value: sp.Expr) -> bool:
    """Two trigonometric or hyperbolic terms of one argument (sin²θ + cos²θ, sinh and cosh of x):
    the identities need a shared argument, so cos(x5)·x6² + 2·sin(x4)·x5 (a gradient's component)
    is not worth simplify()."""
    kinds = (
        sp.functions.elementary.trigonometric.TrigonometricFunction,
        sp.functions.elementary.hyperbolic.HyperbolicFunction,
    )
    arguments = [t.args[0] for t in value.atoms(*kinds) if t.args]
    return len(arguments) != len(set(arguments))


def tidy(value):
    """A simpler form of value when it is clearly shorter, else value as it is; matrices
    element-wise."""
    if isinstance(value, sp.MatrixBase):
        return value.applyfunc(tidy)
    if isinstance(value, sp.Tuple):
        return sp.Tuple(*(tidy(v) for v in value))
    if not isinstance(value, sp.Expr) or value.is_Atom:
        return value
    if not worth_simplifying(value):
        return one_log(value) if value.is_Add and value.is_number else value
    simpler = bounded_simplify(value)
    # only a clear gain: 3x^2 + 2x stays as it is rather than becoming x(3x + 2)
    return course_form(simpler if 3 * sp.count_ops(simpler) <= 2 * sp.count_ops(value) else value)


def course_form(value: sp.Expr) -> sp.Expr:
    """The form a course writes, where sympy's is as short but strange: cot(x), not 1/tan(x);
    y·x^(y−1), not x^y·y/x; log(3/2)/2, not −log(4)/2 + log(2)/2 + log(3)/2."""
    value = value.replace(
        lambda e: e.is_Pow and isinstance(e.base, sp.tan) and e.exp.is_negative,
        lambda e: sp.cot(e.base.args[0]) ** -e.exp,
    )
    # only where it joins powers of one base (x^y·x⁻¹), not to reorder signs
    powers = sp.powsimp(value)
    if len(powers.atoms(sp.Pow)) < len(value.atoms(sp.Pow)) and sp.count_ops(
        powers
    ) <= sp.count_ops(value):
        value = powers
    return one_log(value) if value.is_Add and value.is_number else value


def one_log(value: sp.Expr) -> sp.Expr:
    """A sum of rational multiples of logs of positive rationals as one: q·log(∏ rᵢ^(cᵢ/q)), q
    the largest rational that divides every cᵢ; other terms are kept."""
    logs: list = []
    rest: list = []
    for term in value.args:
        c, f = term.as_coeff_Mul()
        is_log = isinstance(f, sp.log) and f.args[0].is_Rational and f.args[0] > 0
        (logs if is_log else rest).append((c, f.args[0]) if is_log else term)
    if len(logs) < 2:
        return value
    q = sp.Rational(sp.gcd([c.p for c, _ in logs]), sp.lcm([c.q for c, _ in logs]))
    product = sp.Mul(*(r ** int(c / q) for c, r in logs))
    return sp.Add(q * sp.log(product), *rest)


TRIG_KINDS = (
    sp.functions.elementary.trigonometric.TrigonometricFunction,
    sp.functions.elementary.hyperbolic.HyperbolicFunction,
)


def bounded_simplify(value: sp.Expr) -> sp.Expr:
    """simplify(value) where its cost is bounded by the expression, else the cheap rewrites that
    do most of its good. simplify()'s trigonometric steps (futrig, fu's TR10i) factor over
    algebraic extensions and try sums of angles: on a trigonometric function of anything but a
    multiple of one variable, a 19-operation derivative took minutes there. So simplify() runs
    only where every trigonometric and hyperbolic argument is such a multiple (sin x, cos 2θ);
    elsewhere a quotient is put over one denominator and cancelled, and sin² + cos² of one
    argument (cosh² − sinh²) is reduced. Which path runs depends on the expression only."""
    if not is_large_for_trig(value):
        return sp.simplify(value)
    return min(cheap_rewrites(value), key=sp.count_ops)


def is_large_for_trig(value: sp.Expr) -> bool:
    """A trigonometric or hyperbolic function of more than a multiple of one variable (sin(xy),
    cos((2x + y)³))."""
    return any(not _multiple_of_a_symbol(t.args[0]) for t in value.atoms(*TRIG_KINDS) if t.args)


def _multiple_of_a_symbol(argument: sp.Expr) -> bool:
    # sin(π/5): simplify's trigonometric steps have no variables to factor over
    if argument.is_number:
        return True
    coefficient, rest = argument.as_coeff_Mul()
    return coefficient.is_Rational and (rest.is_Symbol or rest is sp.S.One)


def cheap_rewrites(value: sp.Expr):
    """value, and forms found in time linear in its multiplied-out size (which too_large bounds)."""
    yield value
    if any(p.exp.is_negative for p in value.atoms(sp.Pow)):
        yield sp.factor_terms(sp.cancel(value))
    reduced = pythagorean(value)
    if reduced is not value:
        yield reduced
        yield sp.factor_terms(reduced)


def pythagorean(value: sp.Expr) -> sp.Expr:
    """sin(a)² as 1 − cos(a)² and cosh(a)² as 1 + sinh(a)² wherever the other function of a
    appears, multiplied out: r sin²θ + r cos²θ is r, cosh² − sinh² is 1. value itself when no
    argument has both."""
    rules = [(sp.sin, sp.cos, -1), (sp.cosh, sp.sinh, 1)]
    out = value
    for squared, other, sign in rules:
        for a in {t.args[0] for t in value.atoms(squared)}:
            if value.has(other(a)):
                out = out.replace(
                    lambda e, f=squared(a): (
                        e.is_Pow and e.base == f and e.exp.is_Integer and e.exp >= 2
                    ),
                    lambda e, a=a, s=squared, o=other, k=sign: (
                        (1 + k * o(a) ** 2) * s(a) ** (e.exp - 2)
                    ),
                )
    return sp.expand(out) if out != value else value


def substitute(value, point: dict):
    """`value` at a point (exact), tidied."""
    if not point:
        return value
    if isinstance(value, sp.Tuple):
        return sp.Tuple(*(substitute(v, point) for v in value))
    return tidy(at_point(value, point))


def at_point(value, point: dict):
    """value.subs(point), by the much faster xreplace where that means the same: it would
    turn Derivative(u(x), x) at x = 1 into nonsense, so derivatives still go through subs."""
    if value.has(sp.Derivative, sp.Subs, sp.core.function.AppliedUndef):
        return value.subs(point)
    return value.xreplace(point)


def partials(value, variables) -> list:
    """∂value/∂v for each variable. A sum's terms are indexed by their symbols once, so each
    partial visits only the terms that hold its variable: a gradient costs time linear in the
    expression's size. A large expression goes through one backward pass instead
    (ops/reverse.py), which is linear whatever its shape."""
    from calcli.numbers import is_large
    from calcli.ops.reverse import reverse_gradient

    if (
        isinstance(value, sp.Expr)
        and is_large(value)
        and (backward := reverse_gradient(value, variables)) is not None
    ):
        return backward
    if not isinstance(value, sp.Add):
        return [differentiate(value, v) for v in variables]
    holding: dict = {}
    for term in value.args:
        for symbol in term.free_symbols:
            holding.setdefault(symbol, []).append(term)
    return [sp.Add(*(sp.diff(term, v) for term in holding.get(v, ()))) for v in variables]


def sparse_hessian(gradient: list, variables) -> list:
    """The Hessian's rows from the gradient's components: ∂gᵢ/∂vⱼ only where gᵢ holds vⱼ, 0
    elsewhere (a 100-term sum's Hessian has 10,000 entries and a few hundred that are not zero)."""
    rows = []
    for g in gradient:
        held = (
            [v for v in variables if v in g.free_symbols]
            if isinstance(g, sp.Expr)
            else list(variables)
        )
        entries = dict(zip(held, backward_partials(g, held)))
        rows.append([entries.get(v, sp.S.Zero) for v in variables])
    return rows


def backward_partials(value, variables) -> list:
    """[∂value/∂v] by one backward pass where it applies, else by sympy (for the parts of a large
    result: sympy's diff asks assumptions of every product it builds, ten times slower on a
    gradient's components)."""
    from calcli.ops.reverse import reverse_gradient

    backward = (
        reverse_gradient(value, variables) if isinstance(value, sp.Expr) and variables else None
    )
    return backward if backward is not None else [differentiate(value, v) for v in variables]


def differentiate(value, variable):
    """d/d(variable) of a scalar, tuple or matrix, element-wise. A sum is differentiated term by
    term, and only the terms that contain the variable: sympy's own Add.diff visits every term
    for every variable, which makes a gradient quadratic in the number of terms (the result is
    the same sum)."""
    if isinstance(value, sp.Tuple):
        return sp.Tuple(*(differentiate(v, variable) for v in value))
    if isinstance(value, sp.Add):
        return sp.Add(*(sp.diff(term, variable) for term in value.args if term.has(variable)))
    return sp.diff(value, variable)

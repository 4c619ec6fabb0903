"""Periodic solution sets: sympy solves a periodic inequality on one period, [0, p); the course's
answer is every translate of it, (2πn, π + 2πn), n ∈ ℤ. Here: that one period written as a course
writes its base (cos x ≥ 1/2 is [−π/3, π/3], not [0, π/3] ∪ [5π/3, 2π)), its translates over an
interval (--in), and a claimed family compared with it over a whole common period."""

from __future__ import annotations

import sympy as sp

from calcli.printing import pieces, translate

# a claimed family whose period and the solutions' have no common multiple this small is not
# compared
MAX_PERIODS = 8


def wrapped(one_period: sp.Set, period) -> sp.Set:
    """[0, a] ∪ [b, p) as [b − p, a]: a piece that starts at 0 continues the piece that ends at
    the period."""
    parts = pieces(one_period)
    first = next((q for q in parts if q.inf == 0 and q.contains(0) is sp.true), None)
    last = next(
        (q for q in parts if isinstance(q, sp.Interval) and q.sup == period and q.right_open), None
    )
    if first is None or last is None or first is last:
        return one_period
    rest = [q for q in parts if q is not first and q is not last]
    joined = sp.Interval(
        last.start - period,
        first.sup,
        last.left_open,
        isinstance(first, sp.Interval) and first.right_open,
    )
    return sp.Union(joined, *rest)


def within(base: sp.Set, period, window: sp.Interval) -> sp.Set:
    """Every translate of `base` by a multiple of the period, cut to a finite window (--in
    0..2pi)."""
    low, high = (
        sp.floor((window.inf - base.sup) / period),
        sp.ceiling((window.sup - base.inf) / period),
    )
    if not (low.is_Integer and high.is_Integer) or high - low > 10_000:
        return None
    return sp.Intersection(
        sp.Union(*(translate(base, k * period) for k in range(int(low), int(high) + 1))), window
    )


def claimed_period(claimed: sp.Set, parameter: sp.Symbol):
    """The period of a claimed family (2πn < x < π + 2πn: 2π), or None when its pieces do not
    share one."""
    slopes = set()
    for q in pieces(claimed):
        ends = list(q) if isinstance(q, sp.FiniteSet) else [q.start, q.end]
        slopes |= {sp.diff(e, parameter) for e in ends if e.is_finite is not False}
    slopes = {abs(s) for s in slopes}
    if len(slopes) != 1:
        return None
    slope = slopes.pop()
    return slope if slope.is_number and slope != 0 and not sp.diff(slope, parameter) else None


def common_period(p, q):
    """The least common multiple of two periods, when it is at most MAX_PERIODS of p."""
    ratio = sp.nsimplify(q / p)
    if not ratio.is_Rational:
        return None
    multiple = p * ratio.p
    return multiple if multiple <= MAX_PERIODS * p else None

"""minimize-constrained --steps, after the candidates are found: for each one, what a course
writes to classify it. The KKT conditions of the inequalities (complementary slackness λ·g = 0,
the multiplier's sign), then the second-order test: the bordered Hessian of L = f − Σ λ·g over
the active constraints and its last n − m leading principal minors (all of sign (−1)^m: a
minimum; alternating, the largest of sign (−1)^n: a maximum)."""

from __future__ import annotations

import sympy as sp

from calcli.numbers import sign_of
from calcli.ops.simplify import tidy
from calcli.results import CandidateWorking, KKTCheck, PiecesWorking

MAX_BORDERED = 6  # m + n: a determinant of this size is cheap; beyond it the minors are left out


def candidate_working(f, constraints, variables: tuple, candidate, sense: str) -> CandidateWorking:
    point = candidate.point
    if any(value.free_symbols for value in point.values()):
        return CandidateWorking(
            kkt=kkt_checks(constraints, candidate, sense),
            test="a family of points: the test is along the family (see its classification)",
        )
    active = [c for c in constraints if c.op == "=" or c.name in candidate.active]
    lams = {c.name: candidate.multipliers.get(c.name, sp.S.Zero) for c in active}
    lagrangian = f - sum((lams[c.name] * c.g for c in active), sp.S.Zero)
    hessian = sp.hessian(lagrangian, variables).xreplace(point)
    border = (
        sp.Matrix([[sp.diff(c.g, v) for v in variables] for c in active]).xreplace(point)
        if active
        else sp.zeros(0, len(variables))
    )
    kkt = kkt_checks(constraints, candidate, sense)
    m, n = len(active), len(variables)
    if not all(entry.is_finite for entry in [*hessian, *border]):
        return CandidateWorking(
            kkt=kkt, test="f or a constraint has no second derivative here: no second-order test"
        )
    if m >= n:
        return CandidateWorking(
            kkt=kkt,
            test=f"the {m} active constraints fix the point: no direction along them to test",
            active=tuple(c.name for c in active),
        )
    if m + n > MAX_BORDERED:
        return CandidateWorking(
            kkt=kkt,
            test="too many variables and constraints to write the bordered Hessian",
            active=tuple(c.name for c in active),
        )
    bordered = (
        sp.ImmutableMatrix(
            sp.BlockMatrix([[sp.zeros(m, m), border], [border.T, hessian]]).as_explicit()
        )
        if m
        else sp.ImmutableMatrix(hessian)
    )
    minors = tuple(
        (k, tidy(bordered[:k, :k].det(method="berkowitz"))) for k in range(2 * m + 1, m + n + 1)
    )
    return CandidateWorking(
        kkt=kkt,
        bordered=bordered,
        minors=minors,
        test=minors_verdict(minors, m, n),
        active=tuple(c.name for c in active),
    )


def minors_verdict(minors: tuple, m: int, n: int) -> str:
    signs = [sign_of(value) for _, value in minors]
    if any(s is None for s in signs):
        return "the minors' signs are not decided exactly: the test is inconclusive"
    if any(s == 0 for s in signs):
        return "a minor is 0: the test is inconclusive"
    if all(s == (-1) ** m for s in signs):
        return f"every minor has the sign of (−1)^{m}: a local minimum" + (
            " along the constraints" if m else ""
        )
    if all(s == (-1) ** (k - m) for (k, _), s in zip(minors, signs)):
        return "the minors alternate in sign, the last with the sign of (−1)^n: a local maximum" + (
            " along the constraints" if m else ""
        )
    return "the minors follow neither pattern: a saddle" + (" along the constraints" if m else "")


def kkt_checks(constraints, candidate, sense: str) -> tuple:
    """For each inequality: its value g there, λ, complementary slackness λ·g = 0, and λ's
    required sign."""
    checks = []
    for c in constraints:
        if c.op == "=":
            continue
        g = tidy(c.g.xreplace(candidate.point))
        lam = candidate.multipliers.get(c.name, sp.S.Zero)
        wanted = "≥ 0" if c.multiplier_sign(sense) > 0 else "≤ 0"
        checks.append(
            KKTCheck(
                c.name, str(c), g, lam, tidy(lam * g), wanted, c.right_sign(lam, sense) is True
            )
        )
    return tuple(checks)


def pieces_working(split: list, constraints, variables: tuple, candidates, stationary_points):
    """A split objective (|u|, max, min): its smooth pieces with the region where each is f, and
    for each candidate why it is one: a KKT point of the pieces that hold there, or a point where
    f has no derivative. `split`: calcli.ops.lagrange.pieces(f) listed; `stationary_points`: that
    module's (passed down, as optimize calls both)."""
    regions = tuple((tuple(c.g for c in conditions), piece) for piece, conditions in split)
    reasons = []
    for c in candidates:
        if c.reason:
            reasons.append(c.reason)
            continue
        holding = [
            i
            for i, (_, conditions) in enumerate(split, 1)
            if all(k.satisfied(c.point) is not False for k in conditions)
        ]
        stationary = [
            i
            for i in holding
            if is_kkt_point(
                split[i - 1][0], [*constraints, *split[i - 1][1]], variables, c, stationary_points
            )
        ]
        words = f"a KKT point of {numbered(stationary)}" if stationary else "where pieces meet"
        # a piece's region is not decided for a whole family
        if any(value.free_symbols for value in c.point.values()):
            constant = not sp.sympify(c.objective).free_symbols
            words = (
                f"a family of KKT points: f = {c.objective} at each of them"
                if constant
                else "a family of KKT points of the pieces"
            )
        elif len(holding) > 1:
            words += (
                f"; {numbered(holding)} meet here, so f is compared along every side: "
                f"{c.classification}"
            )
        reasons.append(words)
    return PiecesWorking(regions=regions, reasons=tuple(reasons))


def numbered(pieces: list) -> str:
    return (
        f"piece {pieces[0]}"
        if len(pieces) == 1
        else (f"pieces {', '.join(map(str, pieces[:-1]))} and {pieces[-1]}")
    )


def is_kkt_point(piece, constraints, variables, candidate, stationary_points) -> bool:
    """∇piece = Σ λ∇g at the candidate for multipliers of the constraints that bind there (the
    piece's own boundary among them)."""
    active = [c for c in constraints if c.op == "=" or c.binds(candidate.point)]
    return any(
        all(sp.simplify(s[v] - candidate.point[v]) == 0 for v in variables)
        for s in stationary_points(piece, active, variables)
        if all(v in s for v in variables)
    )

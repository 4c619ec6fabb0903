"""The working of div, curl and laplacian as a course writes it: the formula for the coordinate
system with its scale factors h_i, then each term, every derivative in it computed on its own
line."""

from __future__ import annotations

import sympy as sp

from calcli.ops.simplify import tidy
from calcli.results import FieldSteps, FieldTerm, JacobianSteps


def derivative(of, wrt) -> tuple:
    return (of, wrt, tidy(sp.diff(of, wrt)))


def divergence_steps(comps, variables, h) -> FieldSteps:
    """∇·F = (1/(h₁h₂h₃)) Σ ∂((h₁h₂h₃/hᵢ) Fᵢ)/∂uᵢ."""
    big_h = sp.Mul(*h)
    rows = []
    for c, hi, u in zip(comps, h, variables):
        d = derivative(tidy(big_h / hi * c), u)
        rows.append(FieldTerm(u.name, (d,), (1,), big_h, tidy(d[2] / big_h)))
    return FieldSteps(tuple(h), tuple(rows))


def laplacian_steps(f, variables, h) -> FieldSteps:
    """∇²f = (1/(h₁h₂h₃)) Σ ∂((h₁h₂h₃/hᵢ²) ∂f/∂uᵢ)/∂uᵢ: ∂f/∂uᵢ first (used inside), then the
    outer derivative."""
    big_h = sp.Mul(*h)
    rows = []
    for hi, u in zip(h, variables):
        inner = derivative(f, u)
        outer = derivative(tidy(big_h / hi**2 * inner[2]), u)
        rows.append(FieldTerm(u.name, (inner, outer), (0, 1), big_h, tidy(outer[2] / big_h)))
    return FieldSteps(tuple(h), tuple(rows))


def curl_steps(comps, variables, h) -> FieldSteps:
    """(∇×F)ᵢ = (1/(hⱼhₖ)) [∂(hₖFₖ)/∂uⱼ − ∂(hⱼFⱼ)/∂uₖ], (i, j, k) cyclic; a plane field: ∂Q/∂x −
    ∂P/∂y."""
    if len(comps) == 2:
        (p, q), (x, y) = comps, variables
        a, b = derivative(q, x), derivative(p, y)
        return FieldSteps(tuple(h), (FieldTerm("z", (a, b), (1, -1), sp.S.One, tidy(a[2] - b[2])),))
    rows = []
    for i, u in enumerate(variables):
        j, k = (i + 1) % 3, (i + 2) % 3
        a = derivative(tidy(h[k] * comps[k]), variables[j])
        b = derivative(tidy(h[j] * comps[j]), variables[k])
        rows.append(
            FieldTerm(
                u.name, (a, b), (1, -1), tidy(h[j] * h[k]), tidy((a[2] - b[2]) / (h[j] * h[k]))
            )
        )
    return FieldSteps(tuple(h), tuple(rows))


def jacobian_steps(matrix, variables, determinant) -> JacobianSteps:
    """Each entry, then a square matrix's determinant expanded along its first row (up to 4 × 4)."""
    entries = tuple(
        (i + 1, v, matrix[i, j]) for i in range(matrix.rows) for j, v in enumerate(variables)
    )
    if not matrix.is_square or matrix.rows > 4:
        return JacobianSteps(entries)
    if matrix.rows == 1:
        return JacobianSteps(entries, ((1, matrix[0, 0], sp.S.One),), determinant)
    expansion = tuple(
        ((-1) ** j, matrix[0, j], tidy(matrix.minor_submatrix(0, j).det(method="laplace")))
        for j in range(matrix.cols)
    )
    return JacobianSteps(entries, expansion, determinant)

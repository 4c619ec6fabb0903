"""Labels shared by the renderers of div, curl, laplacian and jacobian."""

from __future__ import annotations

GREEK = {"theta": "θ", "phi": "φ"}

# Each divergence term in orthogonal coordinates, as a formula a student recognises.
DIV_TERMS = {
    "cylindrical": ("(1/r)·∂(r·F_r)/∂r", "(1/r)·∂F_θ/∂θ", "∂F_z/∂z"),
    "spherical": ("(1/r²)·∂(r²·F_r)/∂r", "(1/(r·sin θ))·∂(sin θ·F_θ)/∂θ", "(1/(r·sin θ))·∂F_φ/∂φ"),
}
LAPLACIAN_TERMS = {
    "cylindrical": ("(1/r)·∂(r·∂f/∂r)/∂r", "(1/r²)·∂²f/∂θ²", "∂²f/∂z²"),
    "spherical": (
        "(1/r²)·∂(r²·∂f/∂r)/∂r",
        "(1/(r²·sin θ))·∂(sin θ·∂f/∂θ)/∂θ",
        "(1/(r²·sin²θ))·∂²f/∂φ²",
    ),
}


def name(variable) -> str:
    return GREEK.get(variable.name, variable.name)


def term_labels(r) -> list[str]:
    """What each row of div, curl or laplacian computes, as a formula a student recognises."""
    from calcli.results import DivergenceResult, LaplacianResult

    names = [name(v) for v in r.variables]
    if isinstance(r, DivergenceResult):
        return list(DIV_TERMS.get(r.coordinates, [f"∂F_{n}/∂{n}" for n in names]))
    if isinstance(r, LaplacianResult):
        return list(LAPLACIAN_TERMS.get(r.coordinates, [f"∂²f/∂{n}²" for n in names]))
    return [f"(∇×F)_{n}" for n in names] if len(r.terms) == 3 else ["∂F_y/∂x − ∂F_x/∂y"]


def coordinates_note(r) -> str:
    if r.coordinates == "cartesian":
        return ""
    names = ", ".join(name(v) for v in r.variables)
    polar = (
        "; θ is the polar angle from the z axis, φ the azimuth"
        if r.coordinates == "spherical"
        else ""
    )
    return f" in {r.coordinates} coordinates ({names}{polar}; components in the orthonormal basis)"


def formula(r) -> str:
    """The formula the working follows, in the coordinates' scale factors hᵢ (all 1 in Cartesian
    coordinates)."""
    from calcli.results import CurlResult, LaplacianResult

    names = [name(v) for v in r.variables]
    curvilinear = r.coordinates != "cartesian"
    if isinstance(r, CurlResult):
        if len(names) == 2:
            return "∇×F = ∂F_y/∂x − ∂F_x/∂y"
        if not curvilinear:
            return "(∇×F)_x = ∂F_z/∂y − ∂F_y/∂z, and cyclically for y and z"
        return "(∇×F)_i = (1/(h_j·h_k))·(∂(h_k·F_k)/∂u_j − ∂(h_j·F_j)/∂u_k), (i, j, k) cyclic"
    h = "·".join(f"h_{n}" for n in names)
    if isinstance(r, LaplacianResult):
        if not curvilinear:
            return "∇²f = " + " + ".join(f"∂²f/∂{n}²" for n in names)
        return f"∇²f = (1/({h}))·Σ ∂(({h}/h_i²)·∂f/∂u_i)/∂u_i"
    if not curvilinear:
        return "∇·F = " + " + ".join(f"∂F_{n}/∂{n}" for n in names)
    return f"∇·F = (1/({h}))·Σ ∂(({h}/h_i)·F_i)/∂u_i"


def scale_factors_text(r, inline) -> str:
    if r.coordinates == "cartesian":
        return ""
    return ", ".join(
        f"h_{name(v)} = {inline(h)}" for v, h in zip(r.variables, r.steps.scale_factors)
    )


def numerator(row, write, minus: str = "−") -> str:
    """The derivatives' values as the formula combines them: a − b, with each negative or sum in
    brackets."""

    def grouped(value) -> str:
        return (
            f"({write(value)})"
            if value.is_Add or value.could_extract_minus_sign()
            else write(value)
        )

    used = [(sign, value) for sign, (_, _, value) in zip(row.signs, row.derivatives) if sign]
    if len(used) == 1 and used[0][0] > 0:
        return write(used[0][1])
    joined = ""
    for i, (sign, v) in enumerate(used):
        between = ("" if sign > 0 else minus) if i == 0 else (" + " if sign > 0 else f" {minus} ")
        joined += between + grouped(v)
    return joined


def combined(row, write) -> str:
    """The term from its derivatives' values: (a − b)/(h_j·h_k), a/(h₁h₂h₃)."""
    top = numerator(row, write)
    if row.denominator == 1:
        return top
    den = write(row.denominator)
    return (
        f"{top if sum(1 for s in row.signs if s) == 1 else f'({top})'} / "
        f"{f'({den})' if row.denominator.is_Mul or row.denominator.is_Add else den}"
    )


def difference_text(formula, order: int, write) -> str:
    """f⁽ᵏ⁾(x) ≈ (w·f(x + o·h) + …)/h^k, as a course writes a difference quotient."""
    terms = []
    for offset, weight in formula.weights:
        size_h = f"{'' if abs(offset.p) == 1 else abs(offset.p)}h" + (
            "" if offset.q == 1 else f"/{offset.q}"
        )
        at = "x" if offset == 0 else f"x {'+' if offset > 0 else '−'} {size_h}"
        size = abs(weight)
        terms.append(
            ("−" if weight < 0 else "+", f"{'' if size == 1 else write(size) + '·'}f({at})")
        )
    top = "".join(
        f"{'' if i == 0 and sign == '+' else ('−' if i == 0 else f' {sign} ')}{term}"
        for i, (sign, term) in enumerate(terms)
    )
    return f"({top})/h" + ("" if order == 1 else f"^{order}")

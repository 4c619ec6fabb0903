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
    "spherical": ("(1/r²)·∂(r²·∂f/∂r)/∂r", "(1/(r²·sin θ))·∂(sin θ·∂f/∂θ)/∂θ", "(1/(r²·sin²θ))·∂²f/∂φ²"),
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
    polar = "; θ is the polar angle from the z axis, φ the azimuth" if r.coordinates == "spherical" else ""
    return f" in {r.coordinates} coordinates ({names}{polar}; components in the orthonormal basis)"

"""div, curl, laplacian, jacobian: known formulas, and sympy.vector as a second method."""

import pytest
import sympy as sp
from sympy.vector import CoordSys3D
from sympy.vector import curl as sv_curl
from sympy.vector import divergence as sv_div

from calcli.errors import ShapeError
from calcli.ops.vector import curl, divergence, jacobian, laplacian
from calcli.parsing import symbol
from tests.conftest import same

r, theta, phi, z = (symbol(n) for n in ("r", "theta", "phi", "z"))


def test_cartesian_divergence_by_hand():
    res = divergence("2x, 4y, 6z")
    assert res.result == 12 and list(res.terms) == [2, 4, 6]


def test_divergence_of_undefined_functions_stays_as_derivatives():
    x, y, zz = symbol("x"), symbol("y"), symbol("z")
    u, v, w = (sp.Function(n, real=True) for n in "uvw")
    res = divergence("u(x,y,z), v(x,y,z), w(x,y,z)", functions=["u", "v", "w"])
    assert res.result == sp.Derivative(u(x, y, zz), x) + sp.Derivative(
        v(x, y, zz), y
    ) + sp.Derivative(w(x, y, zz), zz)


def test_two_dimensional_and_bracketed_fields():
    assert divergence("[x^2, x*y]").result == 3 * symbol("x")
    assert [v.name for v in divergence("x^2, x*y").variables] == ["x", "y"]


def test_component_count_must_match():
    with pytest.raises(ShapeError, match="3 components but there are 2 variables"):
        divergence("x, y, z", wrt="x,y")


def test_spherical_unit_radial_field():
    assert same(divergence("1, 0, 0", coords="spherical").result, 2 / r)
    assert same(divergence("r^2, 0, 0", coords="spherical").result, 4 * r)


def test_cylindrical_divergence():
    # F = (r, 0, z): (1/r) d(r*r)/dr + dz/dz = 2 + 1
    assert divergence("r, 0, z", coords="cylindrical").result == 3


def test_curl_of_a_rigid_rotation_is_twice_the_angular_velocity():
    res = curl("-2y, 2x, 0")  # omega = (0, 0, 2)
    assert tuple(res.result) == (0, 0, 4)
    assert tuple(curl("0, 3r, 0", coords="cylindrical").result) == (0, 0, 6)


def test_curl_of_a_gradient_is_zero_and_2d_curl():
    assert tuple(curl("y*z, x*z, x*y").result) == (0, 0, 0)
    assert curl("-y, x").result == 2


def test_laplacian_known_results():
    assert laplacian("x^2 + y^2 + z^2").result == 6
    assert laplacian("1/r", coords="spherical").result == 0
    assert same(laplacian("r^3", coords="spherical").result, 12 * r)  # n(n+1) r^(n-2)
    assert same(laplacian("log(r)", coords="cylindrical").result, 0)


def test_jacobian_of_polar_coordinates():
    res = jacobian("r*cos(theta), r*sin(theta)", wrt="r,theta")
    assert same(res.terms[0], r)
    assert res.result.shape == (2, 2)
    assert jacobian("x*y, x + y, x^2").result.shape == (3, 2)


def test_div_jacobian_trace_is_the_divergence():
    res = divergence("x^2*y, -x*y^2, z", jacobian=True)
    assert same(res.jacobian.trace(), res.result)


@pytest.mark.parametrize(
    "system, names", [("spherical", ("r", "theta", "phi")), ("cylindrical", ("r", "theta", "z"))]
)
def test_against_sympy_vector(system, names):
    field = ["r^2*sin(theta)", "r*cos(theta)", "r^3"]
    coordinate_system = CoordSys3D("S", transformation=system, variable_names=names)
    q = coordinate_system.base_scalars()
    subs = dict(zip((symbol(n) for n in names), q))
    exprs = [
        sp.sympify(f.replace("^", "**"), locals={n: symbol(n) for n in names}).xreplace(subs)
        for f in field
    ]
    vec = sum(
        (e * b for e, b in zip(exprs, coordinate_system.base_vectors())), sp.vector.Vector.zero
    )
    back = {v: k for k, v in subs.items()}
    assert same(divergence(", ".join(field), coords=system).result, sv_div(vec).xreplace(back))
    ours = curl(", ".join(field), coords=system).result
    theirs = sv_curl(vec).to_matrix(coordinate_system)
    assert all(same(a, b.xreplace(back)) for a, b in zip(ours, theirs))


def test_expect_and_point():
    res = divergence("x^2, y^2", at="x=1,y=2", expect="6")
    assert res.value == 6 and res.numeric == 6.0 and res.check.verdict == "equal"
    res = divergence("x^2, y^2", expect="2x + y")
    assert res.check.verdict == "different"


def test_a_four_by_four_jacobian_determinant_is_not_simplified_on_the_way():
    """sympy's default determinant simplified every intermediate entry: minutes for this 4 x 4 (a
    timeout)."""
    import numpy as np

    field = (
        "[x*y*exp(z*w) + sin(x*y)/(1+z^2), cos(x+y+z+w)*x^2*y/(1+w^2), log(1+x^2+y^2)*z*w + "
        "atan(x*w), sqrt(1+x^2+y^2+z^2+w^2)*exp(-x*y)]"
    )
    r = jacobian(field, wrt="x,y,z,w", at="x=1,y=2,z=1/2,w=-1")
    det_at_point = r.terms[0].xreplace(r.at)
    # numpy's LU of the values
    assert abs(float(det_at_point) - np.linalg.det(np.array(r.numeric, dtype=float))) < 1e-9


def test_a_large_laplacian_takes_the_backward_pass_and_is_sympys():
    """Past the size where the backward pass takes over (400 nodes), each ∂²f/∂xᵢ² comes from a
    pass over ∂f/∂xᵢ; the terms and their sum are sympy's second derivatives (2a/(2b) against
    a/b: compared as rational functions)."""
    from calcli.numbers import LARGE, node_count
    from calcli.parsing.limits import FromStdin

    text = " + ".join(
        f"exp(x{i}*x{i + 1}) + log(1 + x{i}^2)*x{i + 2}^3 - sqrt(x{i + 1}^2 + 1)/x{i}"
        for i in range(1, 18)  # just past LARGE
    )
    r = laplacian(FromStdin(text))
    f = r.field[0]
    assert node_count(f) >= LARGE and len(r.variables) == 19
    for v, term in zip(r.variables, r.terms):
        assert sp.cancel(term - sp.diff(f, v, 2)) == 0, v
    assert sp.cancel(r.result - sum(r.terms)) == 0

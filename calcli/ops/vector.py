"""Vector calculus: divergence, curl, Laplacian and Jacobian, Cartesian and curvilinear.

Curvilinear systems are orthogonal, with components in the orthonormal basis,
and use the scale factors (Lamé coefficients) h_i:

    div F   = 1/H Σ ∂(F_i H / h_i)/∂q_i                    H = h_1 h_2 h_3
    curl F  = 1/(h_j h_k) (∂(h_k F_k)/∂q_j − ∂(h_j F_j)/∂q_k)   (i, j, k cyclic)
    ∇²f     = 1/H Σ ∂(H / h_i² ∂f/∂q_i)/∂q_i

Conventions (physics): cylindrical (r, theta, z); spherical (r, theta, phi)
with theta the polar angle from the z axis and phi the azimuth.
"""

from __future__ import annotations

from typing import Iterable, Mapping

import sympy as sp

from calcli.errors import InputError, ShapeError
from calcli.numbers import is_large, numeric
from calcli.ops.arguments import validated
from calcli.ops.check import ANSWER_TOL
from calcli.ops.simplify import backward_partials, note_left_as_computed, partials, substitute, tidy
from calcli.ops.vector_steps import curl_steps, divergence_steps, jacobian_steps, laplacian_steps
from calcli.parsing import Options, declared, parse_point, parse_program, symbol, variables_for
from calcli.results import (
    CurlResult,
    DivergenceResult,
    FieldResult,
    JacobianResult,
    LaplacianResult,
)

COORDINATES = {
    "cartesian": ("x", "y", "z"),
    "cylindrical": ("r", "theta", "z"),
    "spherical": ("r", "theta", "phi"),
}


def scale_factors(coordinates: str, variables: tuple) -> tuple:
    if coordinates == "cartesian":
        return tuple(sp.Integer(1) for _ in variables)
    r, theta, _ = variables
    if coordinates == "cylindrical":
        return (sp.Integer(1), r, sp.Integer(1))
    return (sp.Integer(1), r, r * sp.sin(theta))


def components(value) -> list:
    """A field's components: a tuple's items, a vector's entries, or one scalar."""
    if isinstance(value, sp.Tuple):
        items = list(value)
    elif isinstance(value, sp.MatrixBase):
        if 1 not in value.shape:
            raise ShapeError(
                f"a field is a list of components, not a {value.rows}x{value.cols} matrix"
            )
        items = list(value)
    else:
        items = [value]
    if any(isinstance(c, (sp.MatrixBase, sp.Tuple)) for c in items):
        raise ShapeError("each component of a field must be a scalar expression")
    return items


def default_variables(field: list, wrt, coordinates: str, per_component: bool) -> tuple:
    """--wrt; else the coordinate system's names; else x, y, z for a field of up to 3
    components (`per_component`); else the free symbols in natural order."""
    if wrt is not None:
        variables = variables_for(None, wrt)
    elif coordinates != "cartesian":
        variables = tuple(symbol(name) for name in COORDINATES[coordinates])
    elif per_component and len(field) <= 3:
        variables = tuple(symbol(name) for name in COORDINATES["cartesian"][: len(field)])
    elif per_component:
        raise InputError(
            f"a field of {len(field)} components needs its variables in order: give them with --wrt"
        )
    else:
        variables = variables_for(sp.Tuple(*field), None) or (symbol("x"),)
    if coordinates != "cartesian" and len(variables) != 3:
        raise ShapeError(f"{coordinates} coordinates have 3 variables, not {len(variables)}")
    return variables


def angle_brackets(source, options):
    """<P, Q, R>, as a vector is written in many textbooks: the components (P, Q, R)."""
    body = source.strip()
    if body.startswith("<") and body.endswith(">") and not body.startswith(("<=", "<>")):
        options.note(f"{body[:1]}…{body[-1:]} read as the components of a vector")
        return type(source)("(" + body[1:-1] + ")")  # FromStdin stays FromStdin
    return source


def refuse_unit_vectors(value) -> None:
    """x i + y j + z k: i is the imaginary unit and j, k are names here, so the field would be
    one wrong scalar."""
    if (
        isinstance(value, sp.Expr)
        and not isinstance(value, sp.MatrixBase)
        and (value.has(sp.I) or {"j", "k"} & {s.name for s in value.free_symbols})
    ):
        names = {s.name for s in value.free_symbols}
        if value.has(sp.I) and ({"j", "k"} & names or not names - {"j", "k"}):
            raise InputError(
                "write a vector field as its components, (P, Q, R) or <P, Q, R>, "
                "not with unit vectors i, j, k"
            )


def _prepare(source, wrt, at, coordinates, functions, decimal_comma, kind="field"):
    """Parse; the components; the variables; the point. `kind`: field, scalar or any (jacobian)."""
    if coordinates not in COORDINATES:
        raise InputError(
            f"unknown coordinate system '{coordinates}' (cartesian, cylindrical or spherical)"
        )
    options = Options(tuple(functions), decimal_comma, declared(wrt))
    program = parse_program(angle_brackets(source, options), options)
    if kind == "field":
        refuse_unit_vectors(program.value)
    if kind == "scalar" and isinstance(program.value, (sp.Tuple, sp.MatrixBase)):
        raise ShapeError("this takes a scalar expression, not a vector")
    field = components(program.value)
    variables = default_variables(field, wrt, coordinates, per_component=kind == "field")
    free = set().union(*(getattr(c, "free_symbols", set()) for c in field))
    point = parse_point(at, set(variables) | free, options, within=field)
    return program, field, variables, point, options


def _finish(
    kind: type[FieldResult],
    program,
    field,
    variables,
    coordinates,
    terms,
    value,
    point,
    options,
    expect,
    jacobian=None,
    wrt=None,
    tol=ANSWER_TOL,
    steps=None,
):
    note_left_as_computed([*terms, value], options)
    at_point = substitute(value, point) if point else None
    check = (
        check_field(
            kind.command, expect, value, at_point, point, terms, variables, options, tol, field
        )
        if expect is not None
        else None
    )
    return kind(
        source=program.source,
        field=tuple(field),
        variables=variables,
        coordinates=coordinates,
        terms=tuple(terms),
        result=value,
        at=point,
        value=at_point,
        numeric=numeric(at_point) if point else None,
        jacobian=jacobian,
        variables_assumed=not wrt,
        check=check,
        readings=tuple(options.readings + constant_components(field, variables)),
        steps=steps,
    )


def check_field(command, expect, value, at_point, point, terms, variables, options, tol, field=()):
    from calcli.ops.check import by_component, problem_names
    from calcli.parsing.answers import read_value

    claimed = read_value(expect, options, variables, known=problem_names(list(field), variables))
    actual = at_point if point else value
    if command == "jacobian":
        claimed, actual = jacobian_answer(
            nested_matrix(claimed), value, terms[0] if terms else None
        )
        return by_component(claimed, actual, variables, point, answer_tol=tol)
    # curl F = 0: the zero vector
    if isinstance(actual, (sp.Tuple, sp.MatrixBase)) and claimed == 0:
        options.note("0 read as the zero vector")
        claimed = sp.Tuple(*[sp.S.Zero] * len(components(actual)))
    elif isinstance(actual, (sp.Tuple, sp.MatrixBase)) and len(components(claimed)) != len(
        components(actual)
    ):
        have, want = len(components(claimed)), len(components(actual))
        raise ShapeError(
            f"--expect has {have} component{'s' * (have != 1)}, but the {command} has {want}"
        )
    return by_component(claimed, actual, variables, point, answer_tol=tol, function=value)


def nested_matrix(claimed):
    """((a, b), (c, d)) and [[a, b], [c, d]] written as nested tuples or lists: the matrix they
    are."""
    if (
        isinstance(claimed, sp.Tuple)
        and claimed
        and all(isinstance(row, sp.Tuple) for row in claimed)
        and len({len(row) for row in claimed}) == 1
    ):
        return sp.ImmutableMatrix([list(row) for row in claimed])
    return claimed


def check_answer(result: FieldResult, expect: str, options, tol: float = ANSWER_TOL):
    """An answer checked against a field operator's result computed before (calcli grade)."""
    return check_field(
        result.command,
        expect,
        result.result,
        result.value,
        result.at or {},
        result.terms,
        result.variables,
        options,
        tol,
        result.field,
    )


def jacobian_answer(claimed, matrix, det):
    """(claim, what it is compared with): a matrix with J, a flat list with J's entries row by
    row, one value with det J."""
    if isinstance(claimed, sp.MatrixBase):
        if claimed.shape != matrix.shape:
            raise ShapeError(
                f"--expect is a {claimed.rows}x{claimed.cols} matrix, but J is "
                f"{matrix.rows}x{matrix.cols}"
            )
        return claimed, matrix
    if isinstance(claimed, sp.Tuple):
        if len(claimed) != len(matrix):
            raise ShapeError(
                f"--expect lists {len(claimed)} entries, but J has {len(matrix)} "
                f"({matrix.rows}x{matrix.cols}, row by row)"
            )
        return claimed, sp.Tuple(*matrix)
    if det is None:
        raise ShapeError(
            "one value is compared with det J, and this Jacobian is not square: give the matrix"
        )
    return claimed, det


def constant_components(field, variables) -> list[str]:
    """A note for bare names in a field (div "u, v, w"): they are constants, and their
    derivatives 0."""
    constants = [c.name for c in field if isinstance(c, sp.Symbol) and c not in variables]
    if not constants:
        return []
    names = ",".join(constants)
    return [
        f"{', '.join(constants)} {'is a constant' if len(constants) == 1 else 'are constants'} "
        f"here (derivative 0); "
        f"for unknown functions write {constants[0]}({','.join(v.name for v in variables)}) with "
        f"--functions {names}"
    ]


def _check_count(field, variables, what="the field"):
    if len(field) != len(variables):
        names = ", ".join(v.name for v in variables)
        raise ShapeError(
            f"{what} has {len(field)} component{'s' * (len(field) != 1)} but there "
            f"{'are' if len(variables) != 1 else 'is'} {len(variables)} "
            f"variable{'s' * (len(variables) != 1)} ({names}); give as many as there are "
            f"variables, or set --wrt"
        )


@validated
def divergence(
    field: str,
    *,
    wrt=None,
    at: str | Iterable[str] | Mapping | None = None,
    coords: str = "cartesian",
    jacobian: bool = False,
    functions: Iterable[str] = (),
    decimal_comma: bool = False,
    expect: str | None = None,
    tol: float = ANSWER_TOL,
    steps: bool = False,
) -> FieldResult:
    """∇·F, with each term ∂(...)/∂q_i; `jacobian` adds the matrix ∂F_i/∂x_j; `steps` the
    working."""
    program, comps, variables, point, options = _prepare(
        field, wrt, at, coords, functions, decimal_comma
    )
    _check_count(comps, variables)
    h = scale_factors(coords, variables)
    big_h = sp.Mul(*h)
    terms = [tidy(sp.diff(c * big_h / hi, q) / big_h) for c, hi, q in zip(comps, h, variables)]
    total = tidy(sp.Add(*terms))
    matrix = jacobian_matrix(comps, variables) if jacobian else None
    working = divergence_steps(comps, variables, h) if steps else None
    return _finish(
        DivergenceResult,
        program,
        comps,
        variables,
        coords,
        terms,
        total,
        point,
        options,
        expect,
        matrix,
        wrt,
        tol=tol,
        steps=working,
    )


@validated
def curl(
    field: str,
    *,
    wrt=None,
    at=None,
    coords: str = "cartesian",
    functions: Iterable[str] = (),
    decimal_comma: bool = False,
    expect: str | None = None,
    tol: float = ANSWER_TOL,
    steps: bool = False,
) -> FieldResult:
    """∇×F of a 3-D field; a 2-D field (P, Q) gives the scalar ∂Q/∂x − ∂P/∂y; `steps` the
    working."""
    program, comps, variables, point, options = _prepare(
        field, wrt, at, coords, functions, decimal_comma
    )
    _check_count(comps, variables)
    h = scale_factors(coords, variables)
    if len(comps) == 2 and coords == "cartesian":
        (p, q), (x, y) = comps, variables
        value = tidy(sp.diff(q, x) - sp.diff(p, y))
        working = curl_steps(comps, variables, h) if steps else None
        return _finish(
            CurlResult,
            program,
            comps,
            variables,
            coords,
            [value],
            value,
            point,
            options,
            expect,
            wrt=wrt,
            tol=tol,
            steps=working,
        )
    if len(comps) != 3:
        raise ShapeError(
            f"the curl needs a 3-D field (or a 2-D one for the scalar curl), not "
            f"{len(comps)} components"
        )
    working = curl_steps(comps, variables, h) if steps else None
    out = []
    for i in range(3):
        j, k = (i + 1) % 3, (i + 2) % 3
        out.append(
            tidy(
                (sp.diff(h[k] * comps[k], variables[j]) - sp.diff(h[j] * comps[j], variables[k]))
                / (h[j] * h[k])
            )
        )
    value = sp.Tuple(*out)
    return _finish(
        CurlResult,
        program,
        comps,
        variables,
        coords,
        out,
        value,
        point,
        options,
        expect,
        wrt=wrt,
        tol=tol,
        steps=working,
    )


@validated
def laplacian(
    expression: str,
    *,
    wrt=None,
    at=None,
    coords: str = "cartesian",
    functions: Iterable[str] = (),
    decimal_comma: bool = False,
    expect: str | None = None,
    tol: float = ANSWER_TOL,
    steps: bool = False,
) -> FieldResult:
    """∇²f of a scalar, with one term per variable; `steps` the working."""
    program, comps, variables, point, options = _prepare(
        expression, wrt, at, coords, functions, decimal_comma, "scalar"
    )
    f = comps[0]
    h = scale_factors(coords, variables)
    big_h = sp.Mul(*h)
    first = partials(f, variables)  # a sum's terms indexed once: linear in its size
    if coords == "cartesian" and is_large(f):  # each ∂²f/∂q² by a backward pass over ∂f/∂q
        terms = [tidy(backward_partials(d, [q])[0]) for q, d in zip(variables, first)]
    else:
        terms = [
            tidy(sp.diff(big_h / hi**2 * d, q) / big_h) for hi, q, d in zip(h, variables, first)
        ]
    total = tidy(sp.Add(*terms))
    working = laplacian_steps(f, variables, h) if steps else None
    return _finish(
        LaplacianResult,
        program,
        comps,
        variables,
        coords,
        terms,
        total,
        point,
        options,
        expect,
        wrt=wrt,
        tol=tol,
        steps=working,
    )


def jacobian_matrix(comps: list, variables: tuple) -> sp.ImmutableMatrix:
    """∂Fᵢ/∂xⱼ, differentiating only where Fᵢ holds xⱼ (a large field's Jacobian is mostly
    zeros)."""
    return sp.ImmutableMatrix(
        [[tidy(sp.diff(c, v)) if c.has(v) else sp.S.Zero for v in variables] for c in comps]
    )


def determinant(matrix):
    """Without simplifying on the way: sympy's default (Bareiss) simplifies every intermediate
    entry, which takes minutes on a 4 x 4 matrix of moderate entries. Cofactor expansion is n!
    products, so only up to 4 x 4; Berkowitz is division-free and polynomial beyond."""
    return matrix.det(method="laplace" if matrix.rows <= 4 else "berkowitz")


@validated
def jacobian(
    field: str,
    *,
    wrt=None,
    at=None,
    coords: str = "cartesian",
    functions: Iterable[str] = (),
    decimal_comma: bool = False,
    expect: str | None = None,
    tol: float = ANSWER_TOL,
    steps: bool = False,
) -> FieldResult:
    """The matrix ∂F_i/∂x_j (m components by n variables), with its determinant when square;
    `steps` the working."""
    program, comps, variables, point, options = _prepare(
        field, wrt, at, coords, functions, decimal_comma, "any"
    )
    matrix = jacobian_matrix(comps, variables)
    terms = [tidy(determinant(matrix))] if matrix.is_square else []
    working = jacobian_steps(matrix, variables, terms[0] if terms else None) if steps else None
    return _finish(
        JacobianResult,
        program,
        comps,
        variables,
        coords,
        terms,
        matrix,
        point,
        options,
        expect,
        wrt=wrt,
        tol=tol,
        steps=working,
    )

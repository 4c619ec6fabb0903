"""The command line: each command reads its options, calls one core function, and renders.

Nothing here imports sympy at module level, so `calcli --help` stays fast.
"""

from __future__ import annotations

import functools
import typing
from functools import partial
from typing import Annotated, Optional

import typer

from calcli import commands
from calcli.cli.options import Command, Jobs, Json, chosen_format, computing, format_option
from calcli.files import policy_of
from calcli.formats import BATCH_FORMATS, GRADE_FORMATS, Coordinates, Domain, Method
from calcli.request import Common, Request


def click_command(only: str | None = None):
    """The click command behind the app, built once per process (typer builds it anew on every
    app() call; a warm server's requests share the one it built while warming). `only`: a group
    with just that command, for a cold call that names one (building all sixteen costs a third of
    `calcli grad --help`)."""
    return _built(only)  # one cache key for click_command() and click_command(None)


@functools.lru_cache(maxsize=2)
def _built(only: str | None):
    import copy

    from typer.main import get_command, get_command_name

    if only is None:
        return get_command(app)
    shallow = copy.copy(app)
    # --install-completion and --show-completion: in `calcli --help`, not in each call's import time
    shallow._add_completion = only == ""
    names = {
        c.name or get_command_name(getattr(c.callback, "__name__", "")): c
        for c in app.registered_commands
    }
    shallow.registered_commands = [names[only]] if only in names else []
    group = get_command(shallow)
    # `calcli --help` lists every command by its summary: stand-ins that only carry their help
    if only == "":
        import inspect

        from typer.core import TyperCommand, TyperGroup

        for name, info in names.items():
            typing.cast(TyperGroup, group).add_command(
                TyperCommand(name, help=inspect.getdoc(info.callback))
            )
    return group


def execute(outcome, **_) -> None:
    """What every command returns, run: a computing command's Request, or batch's exit status."""
    from calcli.cli.runner import run_request

    raise typer.Exit(int(run_request(outcome) if isinstance(outcome, Request) else outcome or 0))


app = typer.Typer(
    add_completion=True,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["--help"]},
    result_callback=execute,
)

Coords = Annotated[
    Coordinates,
    typer.Option(
        "--coords",
        help="cartesian (x, y, z); cylindrical (r, theta, z); spherical (r, theta, phi), theta "
        "the polar angle. Components are in the orthonormal basis.",
        case_sensitive=False,
    ),
]
Field = Annotated[
    str,
    typer.Argument(
        metavar="FIELD",
        help="Components separated by commas (';' with --decimal-comma), or a list [P, Q, R].",
        show_default=False,
    ),
]
# --format for batch and grade (a computing command's is built by options.computing), offering the
# formats each writes: annotations typer reads at run time, which mypy cannot see as types
BatchFormat = format_option(BATCH_FORMATS)
GradeFormat = format_option(GRADE_FORMATS)
Expression = Annotated[
    str, typer.Argument(metavar="EXPR", help="A scalar expression.", show_default=False)
]


def show_version(value: bool) -> None:
    if value:
        from calcli import __version__

        print(f"calcli {__version__}")
        raise typer.Exit()


@app.callback()
def calcli_main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", callback=show_version, is_eager=True
        ),
    ] = False,
):
    """calcli: symbolic calculus on the command line, exact where mathematics allows.

    Every computing command takes --at, --wrt, --format, --json, --expect,
    --tol, --timeout, --decimal-comma and --functions. Exit status: 0 done, 1 a check
    failed, 2 bad input, 3 could not finish. Grammar: docs/expressions.md.

    \b
    Examples:
      calcli grad "(x+y)*z" --at x=4,y=-3,z=5 --steps
      calcli grad "x^3+x^2+7" --wrt x --expect "3x^2+2x"
      calcli div "r^2, 0, 0" --coords spherical
      calcli solve "1.2x/0.2 + 1.1y/0.1 = 26" --for x
      calcli minimize-constrained "x*y" --subject-to "x^2+y^2=1"
      calcli diff-table "x^3+x^2+7" --from 1 --to 5
      calcli batch homework.txt --answers key.txt

    calcli server start|stop|status runs a warm server for faster calls
    (docs/server.md).
    """


@computing(app)
def grad(
    expression: Annotated[
        str,
        typer.Argument(
            metavar="EXPR",
            help="A scalar, vector or matrix expression, or a program 'q = x + y; f = q*z'.",
            show_default=False,
        ),
    ],
    hessian: Annotated[
        bool, typer.Option("--hessian", help="Also the matrix of second derivatives.")
    ] = False,
    steps: bool = False,
    *,
    common: Common,
):
    """The gradient: every partial derivative.

    Partial derivatives (the gradient) of an expression, exact and at a point.

    \b
    Examples:
      calcli grad "(x+y)*z" --at x=4,y=-3,z=5
      calcli grad "x^2*y + sin(x*y)" --hessian
      calcli grad "H = [[0,1],[1,0]]; expm(I*x*H)" --wrt x --at x=2
      calcli grad "u(x,y)*x" --functions u --format json
    """
    return Request(
        "grad", common, partial(commands.grad, expression, common, hessian=hessian, steps=steps)
    )


def vector_request(kind: str, field: str, coords: Coordinates, common: Common, **extra) -> Request:
    return Request(
        kind, common, partial(commands.vector, kind, field, common, coords=coords.value, **extra)
    )


@computing(app)
def div(
    field: Field,
    coords: Coords = Coordinates.cartesian,
    jacobian: Annotated[
        bool,
        typer.Option(
            "--jacobian", help="Also the matrix dF_i/dx_j, whose trace is the divergence."
        ),
    ] = False,
    steps: bool = False,
    *,
    common: Common,
):
    """Divergence of a vector field, term by term.

    Divergence of a vector field, term by term; Cartesian, cylindrical or spherical.

    Variables: --wrt, else x, y, z (x, y for two components) or the coordinate
    system's own: cylindrical (r, theta, z), spherical (r, theta, phi) with theta
    the polar angle from the z axis. Curvilinear components are in the
    orthonormal basis (physics convention).

    \b
    Examples:
      calcli div "2x, 4y, 6z"
      calcli div "u(x,y,z), v(x,y,z), w(x,y,z)" --functions u,v,w
      calcli div "r^2, 0, 0" --coords spherical --steps
      calcli div "x^2*y, -x*y^2" --jacobian --at x=1,y=2
    """
    return vector_request("div", field, coords, common, jacobian=jacobian, steps=steps)


@computing(app)
def curl(
    field: Field,
    coords: Coords = Coordinates.cartesian,
    steps: bool = False,
    *,
    common: Common,
):
    """Curl of a 3-D (or 2-D) vector field.

    Curl of a 3-D vector field (or the scalar curl dQ/dx - dP/dy of a 2-D one).

    \b
    Examples:
      calcli curl "-y, x, 0"
      calcli curl "0, r, 0" --coords cylindrical --steps
      calcli curl "y*z, x*z, x*y" --expect "(0, 0, 0)"
    """
    return vector_request("curl", field, coords, common, steps=steps)


@computing(app)
def laplacian(
    expression: Expression,
    coords: Coords = Coordinates.cartesian,
    steps: bool = False,
    *,
    common: Common,
):
    """Laplacian of a scalar, term by term.

    Laplacian of a scalar, term by term, in any of the coordinate systems.

    \b
    Examples:
      calcli laplacian "x^2 + y^2 + z^2"
      calcli laplacian "1/r" --coords spherical --steps
      calcli laplacian "r^2*cos(theta)" --coords cylindrical --at r=1,theta=0,z=0
    """
    return vector_request("laplacian", expression, coords, common, steps=steps)


@computing(app)
def jacobian(
    field: Field,
    coords: Coords = Coordinates.cartesian,
    steps: bool = False,
    *,
    common: Common,
):
    """Jacobian matrix, and its determinant.

    Jacobian matrix dF_i/dx_j of any number of components and variables, with its determinant when
    square.

    Variables: --wrt, else the free symbols in natural order.

    \b
    Examples:
      calcli jacobian "x*y, x + y, x^2"
      calcli jacobian "r*cos(theta), r*sin(theta)" --wrt r,theta --steps
    """
    return vector_request("jacobian", field, coords, common, steps=steps)


@computing(app)
def solve(
    equations: Annotated[
        list[str],
        typer.Argument(
            metavar="EQ...",
            help="Equations 'lhs = rhs' (or an expression "
            "meaning = 0), inequalities with < <= > >=.",
            show_default=False,
        ),
    ],
    unknowns: Annotated[
        Optional[str],
        typer.Option(
            "--for",
            metavar="NAMES",
            help="The unknowns, e.g. x,y (default: one "
            "equation, its first symbol in natural "
            "order; a system, all its symbols).",
        ),
    ] = None,
    domain: Annotated[
        Domain,
        typer.Option(
            "--domain",
            help="reals, complexes, integers, naturals (0, 1, 2, ...) or positive.",
            case_sensitive=False,
        ),
    ] = Domain.reals,
    numeric: Annotated[
        bool,
        typer.Option(
            "--numeric",
            help="When there is no closed form, find roots numerically (labelled numeric).",
        ),
    ] = False,
    start: Annotated[
        Optional[list[str]],
        typer.Option(
            "--start",
            metavar="X=VALUE,...",
            help="A starting guess for --numeric, e.g. x=1 (repeatable).",
        ),
    ] = None,
    interval: Annotated[
        Optional[str],
        typer.Option(
            "--in",
            metavar="A..B",
            help="Only the solutions in [a, b] "
            "(0..2pi); with --numeric, the "
            "search range (default -10..10).",
        ),
    ] = None,
    steps: bool = False,
    *,
    common: Common,
):
    """Solve equations, inequalities and systems.

    Solve an equation, inequality or system, exactly, over a domain.

    Status is honest: solved, no_solution (proved empty), or unsolved (no closed
    form found: exit 3, unless --numeric finds roots). --at substitutes
    parameters before solving. --expect takes "x = ...", "{-2i, 2i}" or
    "(2, 1)" (a tuple in --for order).

    \b
    Examples:
      calcli solve "1.2x/0.2 + 1.1y/0.1 = 26" --for x
      calcli solve "x + y = 3" "x - y = 1"
      calcli solve "x^2 = -4" --domain complexes
      calcli solve "sin(x) = 0"
      calcli solve "sin(x) = 1/2" --in 0..2pi
      calcli solve "sin(x) > 0"
      calcli solve "x^2 < 4"
      calcli solve "x^3 - 2x^2 = 3x" --steps
      calcli solve "exp(x) = x + 2" --numeric --in -5..5
    """
    return Request(
        "solve",
        common,
        partial(
            commands.solve,
            equations,
            common,
            unknowns=unknowns,
            domain=domain.value,
            numeric=numeric,
            start=start,
            interval=interval,
            steps=steps,
        ),
    )


@computing(app, "diff")
def diff(
    expression: Expression,
    order: Annotated[
        int,
        typer.Option(
            "--order",
            metavar="N",
            help="The order n of d^n f/dx^n (one variable; "
            "for mixed partials list them: --wrt x,y,y).",
            min=1,
            max=20,
        ),
    ] = 1,
    implicit: Annotated[
        Optional[str],
        typer.Option(
            "--implicit",
            metavar="Y",
            help="The dependent variable of "
            "an equation, e.g. y: dy/dx "
            "of x^2 + y^2 = 25 (x from --wrt).",
        ),
    ] = None,
    steps: bool = False,
    *,
    common: Common,
):
    """A derivative: any order, mixed or implicit.

    A derivative: of any order, a mixed partial, or implicit (dy/dx from an equation).

    --wrt x,y,y differentiates by x, then y, then y again (a mixed partial
    ∂³f/∂y²∂x); --order n differentiates n times by one variable. With
    --implicit y, EXPR is an equation F(x, y) = G(x, y) and the result is dy/dx
    (or d^n y/dx^n) in terms of x and y. --expect checks a claimed derivative.

    \b
    Examples:
      calcli diff "x^3*sin(x)" --steps
      calcli diff "x^3*sin(x)" --order 2 --at x=pi
      calcli diff "x^2*y^3" --wrt x,y,y
      calcli diff "x^2 + y^2 = 25" --implicit y --wrt x
    """
    return Request(
        "diff",
        common,
        partial(
            commands.derivative, expression, common, order=order, implicit=implicit, steps=steps
        ),
    )


@computing(app, "integrate")
def integrate(
    expression: Expression,
    lower: Annotated[
        Optional[str],
        typer.Option(
            "--from",
            metavar="A",
            help="Lower bound(s), one per --wrt variable, inner first (oo for infinity).",
        ),
    ] = None,
    upper: Annotated[
        Optional[str],
        typer.Option(
            "--to", metavar="B", help="Upper bound(s); a bound may name the outer variables."
        ),
    ] = None,
    numeric: Annotated[
        bool,
        typer.Option(
            "--numeric",
            help="When no closed form is found: the "
            "value by quadrature (scipy), "
            "labelled, with its error estimate.",
        ),
    ] = False,
    steps: bool = False,
    *,
    common: Common,
):
    """An integral: antiderivative or definite.

    An integral: an antiderivative (+ C), or a definite, improper or multiple integral.

    Without --from/--to, an antiderivative, stated with its constant C (--expect
    accepts any antiderivative: one whose derivative is the integrand). With
    them, the value; oo bounds for improper integrals; a divergent integral is
    said to diverge. Several variables (--wrt y,x) integrate inner first, and
    the inner bounds may name the outer variables. A closed form that needs a
    special function (erf, Si) says so; none found is exit 3, where --numeric
    gives the value by quadrature.

    \b
    Examples:
      calcli integrate "x*sin(x)" --steps
      calcli integrate "x^2" --from 0 --to 3
      calcli integrate "exp(-x^2)" --from -oo --to oo
      calcli integrate "x*y" --wrt y,x --from 0,0 --to x,1
      calcli integrate "exp(sin(x))" --from 0 --to 1 --numeric
    """
    return Request(
        "integrate",
        common,
        partial(
            commands.integrate,
            expression,
            common,
            lower=lower,
            upper=upper,
            numeric=numeric,
            steps=steps,
        ),
    )


@computing(app, "limit")
def limit(
    expression: Expression,
    direction: Annotated[
        str,
        typer.Option(
            "--dir",
            metavar="+|-|both",
            help="+ (from the right), - (from the left) or both (the default).",
        ),
    ] = "both",
    steps: bool = False,
    *,
    common: Common,
):
    """A limit: one- or two-sided, or at ±∞.

    A limit as a variable approaches a point (--at x=0, x=oo): two-sided or one-sided.

    Two-sided, both one-sided limits are found: when they differ, the limit does
    not exist and both are shown. A limit may be oo or -oo (said so); a bounded
    oscillation (sin(1/x) at 0) has none. The indeterminate form at the point
    (0/0, ∞/∞, 1^∞, ...) is named.

    \b
    Examples:
      calcli limit "sin(x)/x" --at x=0
      calcli limit "(exp(x) - 1 - x)/x^2" --at x=0 --steps
      calcli limit "(1 + 1/x)^x" --at x=oo
      calcli limit "|x|/x" --at x=0
      calcli limit "x*log(x)" --at x=0 --dir +
    """
    return Request(
        "limit",
        common,
        partial(commands.limit, expression, common, direction=direction, steps=steps),
    )


@computing(app, "series")
def series(
    expression: Expression,
    order: Annotated[
        int,
        typer.Option(
            "--order",
            metavar="N",
            help="The order n: terms up to (x - a)^(n-1) are kept, the rest is O((x - a)^n).",
            min=1,
            max=30,
        ),
    ] = 6,
    steps: bool = False,
    *,
    common: Common,
):
    """A Taylor series about a point.

    A Taylor series about a point (--at x=a, default x=0), with its O term.

    Laurent (negative powers: 1/sin(x) at 0) and Puiseux (fractional powers)
    expansions are labelled; --at x=oo expands at infinity. About a point of
    several variables (--at x=0,y=0) it is the Taylor polynomial to that total
    order. --expect compares a claimed polynomial with the series up to the
    order (higher terms ignored).

    \b
    Examples:
      calcli series "sin(x)" --at x=0 --order 8
      calcli series "sqrt(x)" --at x=4 --order 3 --steps
      calcli series "log(x)" --at x=1 --order 4
      calcli series "1/sin(x)" --order 4
      calcli series "exp(x)*sin(y)" --at x=0,y=0 --order 4
      calcli series "cos(x)" --expect "1 - x^2/2 + x^4/24"
    """
    return Request(
        "series", common, partial(commands.series, expression, common, order=order, steps=steps)
    )


@computing(app, "critical-points")
def critical_points(
    expression: Expression,
    steps: bool = False,
    *,
    common: Common,
):
    """Stationary points, classified.

    Every stationary point of f, classified by the second-derivative test.

    Each point with its value, the Hessian's eigenvalues and leading principal
    minors, and its kind: local minimum, local maximum or saddle; where the
    Hessian is singular the test is inconclusive, and the kind is given only
    where f near the point proves it (else "degenerate"). Where the gradient
    repeats every 2π (sin x) each point stands for its family, x = π/2 + 2πn.
    Then whether a global minimum and maximum exist (and where), said as proved
    or not. --at gives parameters values; --expect checks a claimed set of
    points {(x1, y1), (x2, y2)}, or families (pi/2 + n pi).

    \b
    Examples:
      calcli critical-points "x^3 - 3x + y^2"
      calcli critical-points "x*y*exp(-x^2 - y^2)"
      calcli critical-points "x^4 - y^4" --steps
      calcli critical-points "sin(x)" --expect "pi/2 + n pi"
      calcli critical-points "x^3 - 3x" --expect "{-1, 1}"
    """
    return Request(
        "critical-points",
        common,
        partial(commands.critical_points, expression, common, steps=steps),
    )


@computing(app, "diff-table")
def diff_table(
    expression: Annotated[
        Optional[str],
        typer.Argument(
            metavar="[EXPR]", help="A function of one variable (or use --data).", show_default=False
        ),
    ] = None,
    start: Annotated[
        Optional[str], typer.Option("--from", metavar="A", help="First grid point.")
    ] = None,
    stop: Annotated[
        Optional[str], typer.Option("--to", metavar="B", help="Last grid point.")
    ] = None,
    step: Annotated[
        Optional[str], typer.Option("--step", metavar="S", help="Grid spacing (default 1).")
    ] = None,
    points: Annotated[
        Optional[str],
        typer.Option(
            "--points",
            metavar="X1,X2,...",
            help="Explicit points, e.g. 1,2,3 (instead of --from/--to).",
        ),
    ] = None,
    h: Annotated[
        Optional[str],
        typer.Option(
            "--h",
            metavar="H",
            help="Difference step (default: the grid step, or 1e-3 with --points).",
        ),
    ] = None,
    order: Annotated[
        int, typer.Option("--order", metavar="N", help="Derivative order: 1, 2 or 3.")
    ] = 1,
    scheme: Annotated[
        Optional[str],
        typer.Option(
            "--scheme",
            metavar="SCHEMES",
            help="Comma list of forward, backward, central, richardson (default: the first three).",
        ),
    ] = None,
    data: Annotated[
        Optional[str],
        typer.Option(
            "--data",
            metavar="FILE",
            help="A file of x,y samples (comma, semicolon or "
            "space separated; - for stdin): derivatives "
            "with no formula.",
        ),
    ] = None,
    convergence: Annotated[
        bool,
        typer.Option(
            "--convergence",
            help="Error and observed order for h = 1e-1 ... 1e-12 at the point --at x=...",
        ),
    ] = False,
    delimiter: Annotated[
        Optional[str],
        typer.Option(
            "--delimiter",
            metavar="SEP",
            help="How --data separates its "
            "columns: , ; tab or "
            "space (default: found "
            "line by line).",
        ),
    ] = None,
    steps: bool = False,
    # typer fills it; Optional would hide it from typer
    ctx: typer.Context = None,  # type: ignore[assignment]
    *,
    common: Common,
):
    """Exact derivative beside finite differences.

    Exact derivative beside forward, backward and central differences, and their errors.

    Error columns are estimate - exact. Forward and backward errors shrink like h,
    central like h^2, Richardson like h^4, until round-off takes over: see
    --convergence. --format csv writes every row at full precision. --expect
    checks a claimed formula for the exact derivative.

    --format csv and plain write the rows as they are computed, up to
    100,000,000 of them in constant memory (the table, JSON, LaTeX and --plot
    hold at most 5,000,000). --timeout covers the writing: 10^7 rows take
    about a minute.

    \b
    Examples:
      calcli diff-table "x^3+x^2+7" --from 1 --to 5
      calcli diff-table "sin(x)" --points 0,0.5,1 --h 0.01 --scheme central,richardson --steps
      calcli diff-table "x^3+x^2+7" --from 1 --to 5 --order 2 --h 0.001
      calcli diff-table "exp(x)" --convergence --at x=1
      printf 'x,y\\n1,9\\n2,19\\n3,43\\n' | calcli diff-table --data -
      calcli diff-table "sin(x)" --from 0 --to 10 --step 1e-6 --format csv --timeout 600 > big.csv
    """
    files = policy_of(ctx)
    return Request(
        "diff-table",
        common,
        partial(
            commands.diff_table,
            expression,
            common,
            start=start,
            stop=stop,
            step=step,
            points=points,
            h=h,
            order=order,
            schemes=scheme,
            data=data,
            convergence=convergence,
            delimiter=delimiter,
            steps=steps,
            files=files,
        ),
    )


@computing(app, "minimize-constrained")
def minimize_constrained(
    objective: Annotated[
        str,
        typer.Argument(
            metavar="OBJ", help="The objective, a scalar expression.", show_default=False
        ),
    ],
    subject_to: Annotated[
        Optional[list[str]],
        typer.Option(
            "--subject-to",
            metavar="CONSTRAINT",
            help="A constraint 'g = c', 'g <= c' or 'g >= c' (repeatable).",
        ),
    ] = None,
    maximize: Annotated[
        bool, typer.Option("--maximize", help="Maximise instead of minimise.")
    ] = False,
    method: Annotated[
        Method,
        typer.Option(
            "--method",
            help="auto (exact, numeric if that fails), lagrange, kkt or numeric.",
            case_sensitive=False,
        ),
    ] = Method.auto,
    start: Annotated[
        Optional[list[str]],
        typer.Option(
            "--start",
            metavar="X=VALUE,...",
            help="A starting point for the numeric method, e.g. x=1,y=0 (repeatable).",
        ),
    ] = None,
    steps: bool = False,
    *,
    common: Common,
):
    """Optimise with Lagrange multipliers and KKT.

    Optimise with Lagrange multipliers and KKT conditions: every candidate, classified.

    Convention: L = f - sum_i lambda_i*(lhs_i - rhs_i), for every constraint and
    both senses, so grad f = sum_i lambda_i grad(lhs_i - rhs_i) at the optimum;
    a minimum's active 'g <= c' has lambda <= 0, its active 'g >= c' lambda >= 0.
    Objectives with abs, max and min are split into smooth pieces; sqrt of a sum
    of squares is optimised through its square. Unbounded or infeasible problems
    end with exit 3. --expect takes the optimal point "(x, y)" (within --tol).

    \b
    Examples:
      calcli minimize-constrained "sqrt((x-4.085)^2+(y-0.17)^2)" --subject-to "6x+11y=26"
      calcli minimize-constrained "abs(x-4.085) + abs(y-0.17)" --subject-to "6x+11y=26"
      calcli minimize-constrained "x*y" --subject-to "x^2+y^2=1"
      calcli minimize-constrained "x^2+y^2" --subject-to "x + y >= 1"
      calcli minimize-constrained "x + y" --subject-to "x^2+y^2=1" --maximize
      calcli minimize-constrained "x*y" --subject-to "x^2+y^2=1" --plot lagrange.svg
      calcli minimize-constrained "x*y" --subject-to "x^2+y^2=1" --maximize --steps
    """
    step = partial(
        commands.minimize,
        objective,
        common,
        subject_to=subject_to,
        maximize=maximize,
        method=method.value,
        start=start,
        steps=steps,
    )
    return Request("minimize-constrained", common, step)


@app.command(cls=Command)
def batch(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="A file of calcli command lines, one per line ('-' "
            "for stdin); blank lines and # comments are skipped.",
            show_default=False,
        ),
    ],
    jobs: Jobs = None,
    answers: Annotated[
        Optional[str],
        typer.Option(
            "--answers",
            metavar="FILE",
            help="A file of --expect "
            "answers, one per problem "
            "line, same order ('-' or "
            "an empty line: unanswered).",
        ),
    ] = None,
    allow_files: Annotated[
        Optional[str],
        typer.Option(
            "--allow-files",
            metavar="DIR",
            help="A directory where lines may read "
            "--data and write --plot files "
            "(otherwise such lines are refused).",
        ),
    ] = None,
    format: BatchFormat = None,  # type: ignore[valid-type]
    json: Json = False,
):
    """Run many command lines in one process.

    Run many calcli command lines in one process: one record per line, in input order.

    Each line runs exactly as it would alone (shell quoting, same options, its own
    --timeout), so one slow or failing line never stops the others. Output: a
    summary table on a terminal, JSON Lines (one object per line, with "line")
    otherwise. Exit 0 when every line passed, 1 when a check failed, a line
    errored or an answer is missing, 2 when the batch file cannot be read, 130
    on Ctrl-C. Lines are untrusted: one that reads or writes a file (--data,
    --plot) is refused unless --allow-files names the directory it may use.

    \b
    Examples:
      calcli batch homework.txt
      calcli batch homework.txt --json
      calcli batch problems.txt --answers key.txt
      cat homework.txt | calcli batch -
    """
    from calcli.cli.batch import run
    from calcli.terminal import given

    return run(
        file,
        jobs,
        answers,
        allow_files,
        Common(format=chosen_format(format), json=json),
        click_command(),
        given(ctx),
    )


@app.command(cls=Command)
def grade(
    ctx: typer.Context,
    problems: Annotated[
        str,
        typer.Argument(
            metavar="PROBLEMS",
            help="The problem set: one calcli command line per problem; a "
            "'#:' line above one sets its points, tol, key, name.",
            show_default=False,
        ),
    ],
    answers: Annotated[
        list[str],
        typer.Argument(
            metavar="ANSWERS...",
            help="Answer files, one per student (named after the file), or directories of them.",
            show_default=False,
        ),
    ],
    jobs: Jobs = None,
    all_or_nothing: Annotated[
        bool,
        typer.Option(
            "--all-or-nothing",
            help="No partial credit: a cell scores its points only when wholly right.",
        ),
    ] = False,
    feedback: Annotated[
        Optional[str],
        typer.Option(
            "--feedback",
            metavar="DIR",
            help="A directory for one feedback file per student (<name>.txt).",
        ),
    ] = None,
    roster: Annotated[
        Optional[str],
        typer.Option(
            "--roster",
            metavar="CSV",
            help="Who each answer file is: a "
            "CSV with a 'file' column "
            "and the LMS's ids "
            "(docs/grading.md).",
        ),
    ] = None,
    glob: Annotated[
        Optional[str],
        typer.Option(
            "--glob",
            metavar="PATTERN",
            help="Which files of an answers folder are students (default *.txt).",
        ),
    ] = None,
    assignment: Annotated[
        Optional[str],
        typer.Option(
            "--assignment",
            metavar="NAME",
            help="The gradebook column for canvas and moodle (default: the problem file's name).",
        ),
    ] = None,
    format: GradeFormat = None,  # type: ignore[valid-type]
    json: Json = False,
):
    """Grade a class against a problem set.

    Grade a class: every student's answers against one problem set, with a gradebook.

    Each problem's answer is computed once and each answer checked as --expect
    checks it (right, wrong with a counterexample, unanswered, unreadable with
    the parse error, or error when calcli could not decide). Partial credit per
    component, per solution found. Output: a gradebook table on a terminal;
    --format csv for a spreadsheet; --json for every cell; --format gradescope
    (results.json of one submission), canvas or moodle (with --roster) for the
    gradebook those systems import. Exit 0 when
    the class is graded, 1 when a key is not right, 2 when a file cannot be
    read, 3 when a problem's answer could not be computed. docs/grading.md.

    \b
    Examples:
      calcli grade problems.txt answers/
      calcli grade problems.txt answers/ --format csv > grades.csv
      calcli grade problems.txt alice.txt bob.txt --feedback feedback/
      calcli grade problems.txt answers/ --roster roster.csv --format canvas
    """
    from calcli.cli.grade import run
    from calcli.terminal import given

    lms = (roster, assignment)
    common = Common(format=chosen_format(format), json=json)
    return run(
        problems,
        answers,
        jobs,
        all_or_nothing,
        feedback,
        common,
        click_command(),
        lms,
        glob,
        given(ctx),
    )

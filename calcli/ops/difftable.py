"""diff-table: the analytic k-th derivative beside finite-difference estimates and their errors.

The expression is compiled once (calcli.ops.numeric: a table of numpy
functions, no generated code) and evaluated on the whole grid with numpy. Stencils, for step h:

    forward   Δ^k f(x) / h^k                          error O(h)
    backward  ∇^k f(x) / h^k                          error O(h)
    central   δ^k f(x) / h^k  (k = 3: half-steps 2h)  error O(h²)
    richardson (4·central(h/2) − central(h)) / 3      error O(h⁴)

Data mode: numpy.gradient(y, x, edge_order=2), applied k times.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import replace
from typing import Iterable

import sympy as sp

from calcli.errors import InputError, ShapeError
from calcli.ops.arguments import validated
from calcli.ops.check import ANSWER_TOL
from calcli.parsing import (
    Options,
    declared,
    natural_order,
    parse_number,
    parse_point,
    parse_program,
    symbol,
    variables_for,
)
from calcli.parsing.answers import read_value
from calcli.results import DiffTableResult, roundoff_floor

SCHEMES = ("forward", "backward", "central", "richardson")
DEFAULT_SCHEMES = ("forward", "backward", "central")
MAX_ROWS = 5_000_000  # a table held whole: the terminal table, JSON, LaTeX, a picture, a batch line
MAX_STREAMED_ROWS = 100_000_000  # CSV and plain output, written as the rows are computed
# rows computed at a time; a multiple of every SIMD width, so chunks compute each value as one pass
# would
CHUNK_ROWS = 1 << 13
CONVERGENCE_STEPS = tuple(10.0**-k for k in range(1, 13))

# Stencil weights: {offset in units of h: weight}, divided by h^k (central k = 3 spans ±2h).
STENCILS: dict[tuple[str, int], dict[int, float]] = {
    ("forward", 1): {0: -1, 1: 1},
    ("forward", 2): {0: 1, 1: -2, 2: 1},
    ("forward", 3): {0: -1, 1: 3, 2: -3, 3: 1},
    ("backward", 1): {-1: -1, 0: 1},
    ("backward", 2): {-2: 1, -1: -2, 0: 1},
    ("backward", 3): {-3: -1, -2: 3, -1: -3, 0: 1},
    ("central", 1): {-1: -0.5, 1: 0.5},
    ("central", 2): {-1: 1, 0: -2, 1: 1},
    ("central", 3): {-2: -0.5, -1: 1, 1: -1, 2: 0.5},
}


ERRORS = {"forward": "O(h)", "backward": "O(h)", "central": "O(h²)", "richardson": "O(h⁴)"}


def formulas(schemes: tuple, order: int) -> tuple:
    """Each scheme's weights as exact fractions, offsets in units of h (the stencils above;
    Richardson's are central's at h/2 and h, combined)."""
    from calcli.results import DifferenceFormula

    out = []
    for scheme in schemes:
        stencil = {
            sp.Integer(o): sp.nsimplify(w)
            for o, w in STENCILS[("central" if scheme == "richardson" else scheme, order)].items()
        }
        weights = stencil
        # (4·C(h/2) − C(h))/3 with C central's stencil, and C(h/2) = 2^k·Σ w·f(x + o·h/2)/h^k
        if scheme == "richardson":
            weights = {}
            for o, w in stencil.items():
                weights[o / 2] = weights.get(o / 2, 0) + sp.Rational(4 * 2**order, 3) * w
                weights[o] = weights.get(o, 0) - w / 3
        out.append(
            DifferenceFormula(
                scheme, tuple((o, w) for o, w in sorted(weights.items()) if w != 0), ERRORS[scheme]
            )
        )
    return tuple(out)


def parse_schemes(text: str | Iterable[str] | None) -> tuple[str, ...]:
    if not text:
        return DEFAULT_SCHEMES
    names = [s.strip() for s in (text.split(",") if isinstance(text, str) else text)]
    for name in names:
        if name not in SCHEMES:
            raise InputError(f"unknown scheme '{name}' (forward, backward, central, richardson)")
    return tuple(dict.fromkeys(names))


def estimate(f, x, h: float, scheme: str, order: int):
    """The scheme's k-th derivative estimate at the points x (a numpy array)."""
    if scheme == "richardson":
        return (
            4 * estimate(f, x, h / 2, "central", order) - estimate(f, x, h, "central", order)
        ) / 3
    stencil = STENCILS[(scheme, order)]
    return sum(w * f(x + k * h) for k, w in stencil.items()) / h**order


def compile_function(expr, x, derivative: bool = False):
    """A numpy function of x from the checked sympy tree (never through generated code)."""
    from calcli.ops.numeric import real_function

    return real_function(expr, x, derivative)


class Grid:
    """The points of a table: listed (--points), or start + step·k for k < count (--from, --to,
    --step), which are made a chunk at a time. Each point is the same whichever chunk makes it."""

    def __init__(self, count: int, start: float = 0.0, step: float | None = None, points=None):
        self.count, self.start, self.step, self.points = count, start, step, points
        self.decimal = decimal_steps(start, step, count) if step is not None else None

    def chunk(self, first: int, last: int):
        import numpy as np

        if self.points is not None:
            return self.points[first:last]
        if self.decimal is not None:  # (A + S·k) / 10^d: the double nearest each decimal grid point
            numerator, step, scale = self.decimal
            return (numerator + step * np.arange(first, last, dtype=np.int64)) / scale
        return self.start + self.step * np.arange(first, last)


def decimal_steps(start: float, step: float, count: int) -> tuple[int, int, int] | None:
    """--from 0 --step 0.1 as integers (0, 1, 10): the point start + k·step is then (0 + 1·k) /
    10 in exact integers and one correctly rounded division, the double nearest 0.3 rather than
    0.1·3; None where the decimals are too long for that to be exact."""
    from fractions import Fraction

    a, s = Fraction(repr(start)), Fraction(repr(step))
    scale = max(a.denominator, s.denominator)
    if scale > 10**15 or scale % a.denominator or scale % s.denominator:
        return None
    numerator, stride = int(a * scale), int(s * scale)
    if max(abs(numerator), abs(numerator + stride * count)) >= 2**53:
        return None
    return numerator, stride, scale


class GridRows:
    """An expression's table on a grid, computed CHUNK_ROWS rows at a time, so that CSV can
    stream 10⁷ rows in constant memory. It pickles as its expressions and grid; the numpy
    functions are compiled again."""

    def __init__(self, f_expr, derivative, x, grid: Grid, h: float, order: int, schemes: tuple):
        self.f_expr, self.derivative, self.x, self.grid = f_expr, derivative, x, grid
        self.h, self.order, self.schemes = h, order, schemes
        self.poles = singular_points(f_expr, x, grid, h)
        # now: an expression numpy cannot evaluate is refused before any output
        self.functions = self.compiled()

    def compiled(self) -> tuple:
        return compile_function(self.f_expr, self.x), compile_function(
            self.derivative, self.x, derivative=True
        )

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "functions"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.functions = self.compiled()

    def __len__(self) -> int:
        return self.grid.count

    def chunks(self):
        """The rows, CHUNK_ROWS at a time (numpy arrays)."""
        f, df = self.functions
        for first in range(0, len(self), CHUNK_ROWS):
            points = self.grid.chunk(first, min(first + CHUNK_ROWS, len(self)))
            yield table_rows(f, df, points, self.h, self.order, self.schemes, self.poles)

    def whole(self):
        """Every row in one array (at most MAX_ROWS)."""
        import numpy as np

        if len(self) > MAX_ROWS:
            raise InputError(
                f"a table of {len(self):,} rows is held whole for the terminal table, JSON, LaTeX "
                f"and --plot, and the limit is {MAX_ROWS:,}; "
                f"--format csv and plain write up to {MAX_STREAMED_ROWS:,} rows as they are "
                f"computed"
            )
        return np.concatenate(list(self.chunks()))


def table_rows(f, df, grid, h: float, order: int, schemes: tuple, poles: tuple = ()):
    """Rows x, f, exact, each scheme's estimate, then each scheme's error; NaN where undefined,
    and where a stencil straddles a point where f is undefined (1/x's central difference at 0 is
    not a derivative)."""
    import numpy as np

    exact_values = df(grid)
    estimates = [estimate(f, grid, h, s, order) for s in schemes]
    for values, scheme in zip(estimates, schemes):
        offsets = STENCILS[("central" if scheme == "richardson" else scheme, order)]
        low, high = grid + min(offsets) * h, grid + max(offsets) * h
        for pole in poles:
            values[(low <= pole) & (pole <= high)] = np.nan
    return np.column_stack(
        [grid, f(grid), exact_values, *estimates, *(e - exact_values for e in estimates)]
    )


def singular_points(f_expr, x, grid: Grid, h: float) -> tuple[float, ...]:
    """The real points near the grid where f is undefined (poles, ends of a log's domain), as
    floats; none where sympy cannot list them (a stencil across them is then caught only where f
    itself is undefined)."""
    import numpy as np
    from sympy.calculus.singularities import singularities

    first, last = (
        (np.min(grid.points), np.max(grid.points))
        if grid.points is not None
        else (grid.start, grid.start + (grid.step or 0.0) * (grid.count - 1))
    )
    low, high = float(first) - 4 * h, float(last) + 4 * h
    try:
        found = singularities(f_expr, x, sp.Interval(low, high))
    except (NotImplementedError, ValueError, TypeError):
        return ()
    if not isinstance(found, sp.FiniteSet) or len(found) > 10_000:
        return ()
    return tuple(float(p) for p in found if p.is_real)


def make_grid(start, stop, step, points, options: Options) -> tuple[Grid, float | None]:
    """(the grid, its step or None)."""
    import numpy as np

    if points is not None:
        if start is not None or stop is not None:
            raise InputError("give either --points or --from/--to, not both")
        value = parse_program(points, options.quiet()).value
        items = list(value) if isinstance(value, sp.Tuple) else [value]
        listed = np.array([parse_number(str(v), "each of --points", options) for v in items])
        return Grid(len(listed), points=listed), None
    if start is None or stop is None:
        raise InputError(
            "give the points: --from A --to B [--step S], or --points 1,2,3, or --data FILE"
        )
    a, b = parse_number(start, "--from", options), parse_number(stop, "--to", options)
    s = parse_number(step, "--step", options) if step is not None else 1.0
    if s <= 0 or b < a:
        raise InputError("--from must not exceed --to, and --step must be positive")
    spans = (b - a) / s  # infinite for a step below 1e-308, or a range beyond floating point
    if not spans < MAX_STREAMED_ROWS:
        size = f"{math.floor(spans) + 1:,}" if spans < 1e12 else "over 10^12"
        raise InputError(
            f"that grid has {size} points; the limit is {MAX_STREAMED_ROWS:,} (and "
            f"{MAX_ROWS:,} for a table held whole)"
        )
    count = math.floor(spans + 1e-9) + 1
    return Grid(count, a, s), s


@validated
def diff_table(
    expression: str | None = None,
    *,
    start: str | None = None,
    stop: str | None = None,
    step: str | None = None,
    points: str | None = None,
    h: str | None = None,
    order: int = 1,
    schemes: str | Iterable[str] | None = None,
    data: str | None = None,
    convergence: bool = False,
    expect: str | None = None,
    wrt: str | None = None,
    at: str | Iterable[str] | None = None,
    functions: Iterable[str] = (),
    decimal_comma: bool = False,
    tol: float = ANSWER_TOL,
    delimiter: str | None = None,
    steps: bool = False,
) -> DiffTableResult:
    """Analytic derivative vs finite differences on a grid (or of sampled data, or a convergence
    study)."""
    if order not in (1, 2, 3):
        raise InputError(f"--order must be 1, 2 or 3, not {order}")
    options = Options(tuple(functions), decimal_comma, declared(wrt))
    if delimiter is not None and (
        data is None or delimiter not in DELIMITERS or decimal_comma and delimiter == ","
    ):
        raise InputError(
            "--delimiter goes with --data and is one of , ; tab space (not , with --decimal-comma)"
        )
    if data is not None:
        if expression:
            raise InputError("give an expression or --data, not both")
        return sampled_table(data, order, options, delimiter, expect, steps)
    if not expression:
        raise InputError("give an expression, or --data FILE")
    program = parse_program(expression, options)
    f_expr, x, point, at_x = one_variable(program.value, wrt, at, options)
    chosen = parse_schemes(schemes if schemes else (SCHEMES if convergence else None))
    exact = sp.diff(f_expr, x, order)
    if convergence:
        if at_x is None:
            raise InputError("--convergence needs the point: --at x=2")
        f, df = compile_function(f_expr, x), compile_function(exact, x, derivative=True)
        result = convergence_table(program.source, f, df, x, float(at_x), order, chosen, exact)
    else:
        grid, grid_step = make_grid(start, stop, step, points, options)
        step_h = parse_number(h, "--h", options) if h is not None else (grid_step or 1e-3)
        if not step_h > 0:
            raise InputError("--h must be positive")
        rows = GridRows(f_expr, exact, x, grid, step_h, order, chosen)
        columns = ("x", "f", "exact", *chosen, *(f"{s}_error" for s in chosen))
        result = DiffTableResult(
            source=program.source,
            variable=x,
            order=order,
            h=step_h,
            columns=columns,
            table=rows,
            mode="expression",
            derivative=exact,
        )
    if steps:
        from calcli.results import DiffTableSteps

        result = replace(result, steps=DiffTableSteps(exact, formulas(chosen, order)))
    if expect is not None:
        from calcli.ops.check import compare

        result = replace(
            result,
            check=compare(
                read_value(expect, options, [x]).subs(point), exact, (x,), answer_tol=tol
            ),
        )
    return replace(result, readings=tuple(options.readings))


def sampled_table(
    data: str, order: int, options: Options, delimiter: str | None, expect: str | None, steps: bool
) -> DiffTableResult:
    """--data: np.gradient's differences of the samples, which have no formula to check or to
    work."""
    if expect is not None:
        raise InputError("--expect checks a claimed derivative formula; data has none")
    table = data_table(data, order, options, delimiter)
    if steps:
        options.note(
            "no working shown: --steps writes the exact derivative and each scheme's "
            "formula, and data has no formula"
        )
        table = replace(table, readings=(*table.readings, options.readings[-1]))
    return table


def one_variable(f_expr, wrt, at, options: Options):
    """(f with --at's other values put in, its variable x, those values, x's own value in --at or
    None)."""
    if isinstance(f_expr, (sp.Tuple, sp.MatrixBase)):
        raise ShapeError("diff-table takes a scalar expression of one variable")
    x = the_variable(
        f_expr, wrt, parse_point(at, f_expr.free_symbols, options) if wrt is None else {}
    )
    point = parse_point(at, f_expr.free_symbols | {x}, options, within=[f_expr])
    at_x = point.pop(x, None)
    f_expr = f_expr.subs(point)
    if f_expr.free_symbols - {x}:
        names = ", ".join(s.name for s in f_expr.free_symbols - {x})
        raise InputError(f"give values for {names} with --at")
    return f_expr, x, point, at_x


def the_variable(f_expr, wrt, point: dict):
    """--wrt; else the one free symbol without a value in --at (or the only one)."""
    if wrt is not None:
        variables = variables_for(f_expr, wrt)
    else:
        free = natural_order(f_expr.free_symbols)
        variables = tuple(v for v in free if v not in point) or free or (symbol("x"),)
    if len(variables) != 1:
        names = ", ".join(v.name for v in variables)
        raise InputError(
            f"diff-table needs one variable, and this has {len(variables)} "
            f"({names}); choose it with --wrt and give the others values with --at"
        )
    return variables[0]


def convergence_table(source, f, df, x, at_x, order, schemes, exact) -> DiffTableResult:
    """Each scheme's error and observed order for h = 1e-1 ... 1e-12 at one point."""
    import numpy as np

    point = np.array([at_x])
    truth = float(df(point)[0])
    if not math.isfinite(truth):
        raise InputError(
            f"the exact derivative at {x} = {at_x:g} is undefined or too large for "
            f"floating point; choose another --at point"
        )
    f_at = float(f(point)[0])
    f_size = abs(f_at) if math.isfinite(f_at) else 1.0
    hs = np.array(CONVERGENCE_STEPS)
    errors = {
        s: np.array([abs(float(estimate(f, point, h, s, order)[0]) - truth) for h in hs])
        for s in schemes
    }
    columns, cols = ["h"], [hs]
    best = {}
    for s in schemes:
        e = errors[s]
        with np.errstate(all="ignore"):
            # h shrinks tenfold per row
            observed = np.concatenate([[np.nan], np.log10(e[:-1] / e[1:])])
        observed[~np.isfinite(observed)] = np.nan
        columns += [f"{s}_error", f"{s}_order"]
        cols += [e, observed]
        # the smallest error that is more than round-off: rows below their floor differ between
        # machines
        trusted = np.array(
            [
                np.isfinite(err) and err > roundoff_floor(f_size, h, order, s)
                for err, h in zip(e, hs)
            ]
        )
        finite = np.where(trusted, e, np.inf)
        best[s] = float(hs[int(np.argmin(finite))]) if trusted.any() else float(hs[0])
    rows = np.column_stack(cols)
    return DiffTableResult(
        source=source,
        variable=x,
        order=order,
        h=None,
        columns=tuple(columns),
        table=rows,
        mode="convergence",
        derivative=exact,
        at=at_x,
        exact_value=truth,
        best_h=best,
        f_value=f_at,
    )


DELIMITERS = (",", ";", "tab", "space")


def read_data(
    data: str, decimal_comma: bool = False, delimiter: str | None = None
) -> list[tuple[int, list[str]]]:
    """x,y text -> (line number, cells) rows; blank lines and # comments skipped. Fields are
    separated by commas (CSV), semicolons, or spaces and tabs, as spreadsheets and instruments
    export them; with a decimal comma (1,5) only by semicolons or whitespace, and the comma is
    then the decimal point. `delimiter` (--delimiter) says which, instead of finding it line by
    line."""
    from calcli.files import decode, read_stdin, read_text

    text = decode(read_stdin("--data -"), "--data -") if data == "-" else read_text(data, "--data")
    rows = []
    for number_, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            try:
                rows.append((number_, fields(line, decimal_comma, delimiter)))
            # a field over csv's limit (128 kB), a stray quote: named by its line, never shown
            except csv.Error:
                raise InputError(f"--data line {number_}: not a row of x,y numbers") from None
    return rows


def fields(line: str, decimal_comma: bool, delimiter: str | None = None) -> list[str]:
    if delimiter is not None:
        cells = (
            next(csv.reader(io.StringIO(line)))
            if delimiter == ","
            else line.split({";": ";", "tab": "\t"}.get(delimiter))
        )
        return [c.strip().replace(",", ".") if decimal_comma else c.strip() for c in cells]
    if decimal_comma:
        cells = line.split(";") if ";" in line else line.split()
        return [c.strip().replace(",", ".") for c in cells]
    if "," in line:
        return [c.strip() for c in next(csv.reader(io.StringIO(line)))]
    return [c.strip() for c in line.split(";")] if ";" in line else line.split()


def data_table(
    data: str, order: int, options: Options, delimiter: str | None = None
) -> DiffTableResult:
    import numpy as np

    rows = read_data(data, options.decimal_comma, delimiter)
    if rows and rows[0][1] and not _is_number(rows[0][1][0]):
        rows = rows[1:]  # a header such as x,y
    xs, ys = [], []
    # an error names the line, never its content (the file may be anyone's)
    for line, cells in rows:
        if len(cells) != 2 or not all(_is_number(c) for c in cells):
            raise InputError(
                f"--data line {line}: expected two finite numbers x,y (found "
                f"{len(cells)} field{'s' * (len(cells) != 1)})"
            )
        xs.append(float(cells[0]))
        ys.append(float(cells[1]))
    if len(xs) < 3:
        raise InputError(
            f"--data needs at least 3 points for second-order differences, not {len(xs)}"
        )
    x, y = np.array(xs), np.array(ys)
    steps = np.diff(x)
    if (steps <= 0).any():
        i = int(np.argmax(steps <= 0))
        problem = "repeats" if steps[i] == 0 else "goes down"
        raise InputError(
            f"--data line {rows[i + 1][0]}: x must increase, but it {problem} (sort "
            f"the data, one row per x)"
        )
    derivative = y
    for _ in range(order):
        derivative = np.gradient(derivative, x, edge_order=2)
    return DiffTableResult(
        source=data,
        variable=sp.Symbol("x"),
        order=order,
        h=None,
        columns=("x", "f", "gradient"),
        table=np.column_stack([x, y, derivative]),
        mode="data",
        notes=(
            "central differences inside, second-order one-sided at the edges (numpy.gradient, "
            "edge_order=2)",
        ),
    )


def _is_number(text: str) -> bool:
    if "_" in text:  # float() would read 1_000 as 1000
        return False
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False

"""diff-table: stencils and their orders of accuracy, data mode against numpy, convergence."""

import csv
import io
import math

import numpy as np
import pytest

from calcli.errors import InputError
from calcli.formats import Format
from calcli.ops.difftable import diff_table
from calcli.render import render


def column(result, name):
    return result.rows[:, result.columns.index(name)]


def test_the_np_diff_confusion_example():
    r = diff_table("x^3+x^2+7", start="1", stop="5", step="1")
    assert list(column(r, "exact")) == [5, 16, 33, 56, 85]
    assert list(column(r, "forward")) == [10, 24, 44, 70, 102]
    assert list(column(r, "backward")) == [2, 10, 24, 44, 70]
    assert list(column(r, "central_error")) == [1] * 5  # h^2 f'''/6 with f''' = 6


@pytest.mark.parametrize("order", [1, 2, 3])
@pytest.mark.parametrize(
    "scheme, expected_order, h",
    [("forward", 1, 0.01), ("backward", 1, 0.01), ("central", 2, 0.02), ("richardson", 4, 0.2)],
)
def test_observed_order_of_each_stencil(order, scheme, expected_order, h):
    """Halving h divides the error by 2^p: p is the order of accuracy."""
    errors = []
    for step in (h, h / 2):
        r = diff_table("exp(x)*sin(x)", points="0.3", h=str(step), order=order, schemes=scheme)
        errors.append(abs(column(r, f"{scheme}_error")[0]))
    observed = math.log2(errors[0] / errors[1])
    assert observed == pytest.approx(expected_order, abs=0.15)


def test_second_and_third_derivatives():
    r = diff_table("x^3+x^2+7", start="1", stop="5", order=2, h="0.001")
    assert list(column(r, "exact")) == [8, 14, 20, 26, 32]
    r = diff_table("x^3+x^2+7", start="1", stop="5", order=3, h="0.001")
    assert np.allclose(column(r, "central"), 6, rtol=1e-3)


def test_data_mode_from_a_file(tmp_path):
    x = np.array([0.0, 0.1, 0.35, 0.4, 1.0, 1.7])
    y = np.sin(x)
    path = tmp_path / "samples.csv"
    path.write_text(
        "# sampled sin\nx,y\n\n"
        + "\n".join(f"{float(a)!r},{float(b)!r}" for a, b in zip(x, y))
        + "\n"
    )
    r = diff_table(data=str(path))
    assert np.allclose(column(r, "gradient"), np.gradient(y, x, edge_order=2), rtol=0, atol=1e-15)
    r2 = diff_table(data=str(path), order=2)
    assert np.allclose(
        column(r2, "gradient"), np.gradient(np.gradient(y, x, edge_order=2), x, edge_order=2)
    )


def test_data_mode_without_header(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("1,9\n2,19\n3,43\n4,87\n5,157\n")
    assert list(column(diff_table(data=str(path)), "gradient")) == [3, 17, 34, 57, 83]


@pytest.mark.parametrize(
    "text, message",
    [
        ("x,y\n1,2\n2,abc\n3,4\n", "line 3"),
        ("x,y\n1,2\n3,4\n2,5\n", "goes down"),
        ("x,y\n1,2\n1,3\n2,5\n", "repeats"),
        ("x,y\n1,2\n2,3\n", "at least 3"),
        ("1,2,3\n2,3,4\n3,4,5\n", "line 1"),
        ("x,y\n1,1_000\n2,3\n3,4\n", "line 2"),
    ],
)
def test_bad_data_names_the_problem(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        diff_table(data=str(path))


def test_convergence_orders():
    r = diff_table("exp(x)", convergence=True, at="x=1")
    orders = {s: column(r, f"{s}_order") for s in ("forward", "central", "richardson")}
    assert orders["forward"][1] == pytest.approx(1, abs=0.05)  # h from 1e-1 to 1e-2
    assert orders["central"][1] == pytest.approx(2, abs=0.05)
    assert orders["richardson"][1] == pytest.approx(4, abs=0.1)
    assert r.best_h["central"] < r.best_h["richardson"] or r.best_h["central"] <= 1e-4
    assert 1e-10 < r.best_h["forward"] < 1e-6  # about sqrt(machine epsilon)


def test_undefined_points_are_null_not_a_crash():
    r = diff_table("1/x", points="-1,0,1")
    d = r.to_dict()
    assert d["rows"][1][1] is None and d["rows"][1][2] is None
    assert d["notes"] == [
        "1 row where f or a difference is undefined or too large for floating point (null)"
    ]


def test_csv_is_rfc4180_with_full_precision():
    r = diff_table("sin(x)", points="0.1,0.2", h="0.01")
    out = render(r, Format.csv)
    assert out.startswith("x,f,exact,") and "\r\n" in out
    rows = list(csv.reader(io.StringIO(out)))
    assert float(rows[1][1]) == math.sin(0.1)  # round-trips exactly


def test_parameters_and_errors():
    r = diff_table("a*x^2", points="1", at="a=3", h="0.001")
    assert column(r, "exact")[0] == 6
    for kwargs in [
        dict(points="1,2", start="0", stop="1"),
        dict(),
        dict(start="1", stop="0"),
        dict(points="1", order=4),
    ]:
        with pytest.raises(InputError):
            diff_table("x^2", **kwargs)
    with pytest.raises(InputError, match="one variable"):
        diff_table("x*y", points="1")
    with pytest.raises(InputError, match="--at"):
        diff_table("exp(x)", convergence=True)


def test_plot_draws_png_and_svg_in_memory():
    pytest.importorskip("matplotlib")
    from calcli.render.plot import plot_errors

    study = diff_table("exp(x)", convergence=True, at="x=1")
    assert plot_errors(study, "errors.png")[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in plot_errors(study, "errors.svg")[:1000]
    with pytest.raises(InputError, match="png or .svg"):
        plot_errors(study, "e.jpg")


def test_the_exact_derivative_at_a_kink_is_undefined_as_in_grad():
    """d|x|/dx at 0 does not exist: sympy's sign(0) = 0 is not shown as its value; f = sign(x)
    itself is 0 there."""
    import math

    rows = diff_table("abs(x)", points="-1,0,1", h="0.1").rows
    assert rows[0, 2] == -1 and math.isnan(rows[1, 2]) and rows[2, 2] == 1
    assert diff_table("sign(x)", points="0", h="0.1").rows[0, 1] == 0
    second = diff_table("abs(x)", points="-1,0,1", h="0.1", order=2).rows  # DiracDelta: no crash
    assert second[0, 2] == 0 and math.isnan(second[1, 2])


def test_an_odd_root_is_defined_left_of_zero():
    r = diff_table("x^(1/3)", points="-8,8", h=1e-4)
    assert list(column(r, "f")) == [-2, 2]  # the real cube root
    # 1/(3·4), by hand
    assert all(math.isclose(v, 1 / 12, rel_tol=1e-6) for v in column(r, "central"))


@pytest.mark.parametrize(
    "text, decimal_comma",
    [
        ("x y\n1 1\n2 4\n3 9\n", False),
        ("1;1\n2;4\n3;9\n", False),
        ("1\t1\n2\t4\n3\t9\n", False),
        ("1,0;1,0\n2,0;4,0\n3,0;9,0\n", True),
        ("1 1\n2 4\n3 9\n", True),
    ],
)
def test_data_separated_as_spreadsheets_and_instruments_write_it(tmp_path, text, decimal_comma):
    """y = x² sampled at 1, 2, 3: the central difference at 2 is (9 - 1)/2 = 4, however the fields
    are separated."""
    from calcli import diff_table

    path = tmp_path / "samples.txt"
    path.write_text(text)
    result = diff_table(data=str(path), decimal_comma=decimal_comma)
    assert result.rows[:, 0].tolist() == [1, 2, 3] and result.rows[1, 2] == 4


@pytest.mark.parametrize(
    "text, delimiter, decimal_comma",
    [
        ("1,1\n2,4\n3,9\n", ",", False),
        ("1;1\n2;4\n3;9\n", ";", False),
        ("1\t1\n2\t4\n3\t9\n", "tab", False),
        ("1  1\n2 4\n3   9\n", "space", False),
    ]
    + [("1,0;1\n2;4,0\n3;9\n", ";", True), ("1,0\t1\n2\t4\n3\t9\n", "tab", True)],
)
def test_a_delimiter_named_instead_of_found(tmp_path, text, delimiter, decimal_comma):
    """--delimiter: the same y = x² samples, the central difference at 2 again (9 - 1)/2 = 4."""
    path = tmp_path / "samples.txt"
    path.write_text(text)
    result = diff_table(data=str(path), delimiter=delimiter, decimal_comma=decimal_comma)
    assert result.rows[:, 0].tolist() == [1, 2, 3] and result.rows[1, 2] == 4


def test_a_delimiter_that_does_not_split_a_row_names_its_line(tmp_path):
    path = tmp_path / "samples.txt"
    path.write_text("1;1\n2;4\n3;9\n")
    # line 1 reads as a header
    with pytest.raises(InputError, match="--data line 2: expected two finite numbers"):
        diff_table(data=str(path), delimiter=",")
    for bad in ({"delimiter": "|"}, {"delimiter": ",", "decimal_comma": True}):
        with pytest.raises(InputError, match="--delimiter goes with --data"):
            diff_table(data=str(path), **bad)
    with pytest.raises(InputError, match="--delimiter goes with --data"):
        diff_table("x", points="1,2", delimiter="tab")


GRID = {"start": "-10", "stop": "10", "step": "0.01"}  # 2,001 rows


def test_a_grid_computed_in_chunks_is_the_grid_computed_whole(monkeypatch):
    """CSV streams a grid chunk by chunk; each chunk's rows are the rows of the whole, to the
    last bit."""
    from calcli.ops import difftable
    from calcli.render import streamed

    whole = render(diff_table("sin(x)*exp(-x^2/50)", **GRID), Format.csv)
    monkeypatch.setattr(difftable, "CHUNK_ROWS", 64)
    pieces = list(streamed(diff_table("sin(x)*exp(-x^2/50)", **GRID), Format.csv))
    assert len(pieces) == 1 + math.ceil(2001 / 64) and "".join(pieces) == whole
    rows = list(csv.reader(io.StringIO(whole)))[1:]
    x = np.array([float(r[0]) for r in rows])
    assert len(rows) == 2001 and x[0] == -10 and x[-1] == 10 and np.allclose(np.diff(x), 0.01)
    by_hand = np.cos(x) * np.exp(-(x**2) / 50) - x / 25 * np.sin(x) * np.exp(-(x**2) / 50)
    assert np.allclose([float(r[2]) for r in rows], by_hand, rtol=0, atol=1e-14)


def test_a_table_held_whole_has_a_limit_that_a_stream_has_not(monkeypatch):
    from calcli.ops import difftable
    from calcli.render import streamed

    monkeypatch.setattr(difftable, "MAX_ROWS", 100)
    # a whole CSV text (batch, the library) is held whole too
    for fmt in (Format.json, Format.table, Format.csv):
        with pytest.raises(
            InputError,
            match="2,001 rows is held whole .* the limit is 100; "
            "--format csv and plain write up to 100,000,000",
        ):
            render(diff_table("x^2", **GRID), fmt)
    assert "".join(streamed(diff_table("x^2", **GRID), Format.plain)).count("\n") == 2002
    with pytest.raises(
        InputError, match="that grid has 1,000,000,00[01] points; the limit is 100,000,000"
    ):
        diff_table("x^2", start="0", stop="1", step="1e-9")


def test_a_grid_pickles_as_its_expressions_and_computes_the_same_rows():
    import pickle

    # f(0) is needed at x = 0, 0.25 and 0.5
    table = diff_table("log(x)", start="0", stop="2", step="0.25", order=2)
    # numpy closures do not pickle: the grid leaves them out
    again = pickle.loads(pickle.dumps(table))
    assert np.array_equal(again.rows, table.rows, equal_nan=True) and np.isnan(table.rows[0, 1])
    assert (
        again.all_notes
        == table.all_notes
        == ("3 rows where f or a difference is undefined or too large for floating point (null)",)
    )

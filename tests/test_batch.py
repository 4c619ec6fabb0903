"""batch: one record per line, in order, whatever the lines do; Ctrl-C keeps what finished."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from calcli.errors import LimitError
from calcli.limits import Pool
from tests.calling import call
from tests.hostile import SLOW

HOMEWORK = """# homework
grad "(x+y)*z" --at x=4,y=-3,z=5 --expect "(5, 5, 1)"
grad "x^3" --expect "3x"
grad "x+"

div "2x, 4y, 6z" --expect 12
solve "1.2x/0.2 + 1.1y/0.1 = 26" --for x --expect "x = 13/3 - 11y/6"
grad "{SLOW}" --wrt x --timeout 0.5
nosuch "x"
""".replace("{SLOW}", SLOW)


def records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.fixture
def homework(tmp_path) -> Path:
    path = tmp_path / "homework.txt"
    path.write_text(HOMEWORK)
    return path


def test_one_record_per_line_in_order(homework):
    p = call("batch", str(homework), "--jobs", "3")
    got = records(p.stdout)
    assert p.returncode == 1
    assert [r["line"] for r in got] == [2, 3, 4, 6, 7, 8, 9]
    assert [r["ok"] for r in got] == [True, True, False, True, True, False, False]
    assert got[0]["check"]["verdict"] == "equal" and got[1]["check"]["verdict"] == "different"
    assert got[2]["error"]["kind"] == "parse"
    assert got[5]["error"]["kind"] == "limit" and "time limit" in got[5]["error"]["message"]
    assert got[6]["error"]["kind"] == "usage"
    assert "3 passed, 1 failed, 3 errors" in p.stderr  # the summary goes to stderr


def test_same_object_as_the_command_alone(homework):
    alone = json.loads(call("div", "2x, 4y, 6z", "--expect", "12", "--json").stdout)
    batch = next(r for r in records(call("batch", str(homework)).stdout) if r["line"] == 6)
    batch.pop("line")
    batch.pop("seconds")
    assert batch.pop("outcome") == "passed"
    assert batch == alone


def test_stdin_and_exit_zero_when_all_pass():
    p = call("batch", "-", input='grad "x^2" --expect "2x"\nsolve "x + 1 = 3"\n')
    assert p.returncode == 0 and [r["line"] for r in records(p.stdout)] == [1, 2]


def test_answer_file(tmp_path):
    problems = tmp_path / "problems.txt"
    key = tmp_path / "key.txt"
    problems.write_text('grad "x^3"\n# a comment\ndiv "2x, 4y, 6z"\nsolve "x^2 = 4"\n')
    key.write_text("3x^2\n12\n{-2, 3}\n")
    got = records(call("batch", str(problems), "--answers", str(key)).stdout)
    assert [r["check"]["verdict"] for r in got] == ["equal", "equal", "different"]
    # one short: the last problem is unanswered, never passed, and nothing is lost
    key.write_text("3x^2\n12\n")
    p = call("batch", str(problems), "--answers", str(key))
    got = records(p.stdout)
    assert p.returncode == 1 and [r["outcome"] for r in got] == ["passed", "passed", "unanswered"]
    assert "1 unanswered" in p.stderr
    key.write_text("3x^2\n-\n\n")  # '-' and an empty line are unanswered too
    got = records(call("batch", str(problems), "--answers", str(key)).stdout)
    assert [r["outcome"] for r in got] == ["passed", "unanswered", "unanswered"]


def test_unreadable_file_is_exit_2(tmp_path):
    p = call("batch", str(tmp_path / "missing.txt"))
    assert p.returncode == 2 and "cannot read" in p.stderr and "Traceback" not in p.stderr


def test_table_summary(homework):
    p = call("batch", str(homework), "--format", "table")
    assert "Batch" in p.stdout and "3 passed, 1 failed, 3 errors" in p.stdout


@pytest.mark.usefixtures("cold_and_warm")
def test_ctrl_c_prints_what_finished(tmp_path):
    path = tmp_path / "slow.txt"
    path.write_text(f'grad "x^2"\ngrad "{SLOW}" --wrt x --timeout 60\ngrad "y^2"\n')
    proc = subprocess.Popen(
        [sys.executable, "-m", "calcli", "batch", str(path), "--jobs", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # the readiness signal: line 1's record is out, so line 2 is the one running
    first = proc.stdout.readline()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    got = records(first + out)  # every printed line is whole JSON
    assert [r["line"] for r in got] == [1]
    assert "interrupted" in err


def crash():
    os.kill(os.getpid(), signal.SIGKILL)


def answer():
    return 42


def test_a_dying_worker_is_replaced_and_its_line_fails():
    pool = Pool(1)
    try:
        results = {
            key: outcome
            for key, outcome, _ in pool.run(
                [(0, crash, 10), (1, answer, 10), (2, crash, 10), (3, answer, 10)]
            )
        }
    finally:
        pool.close()
    assert results[1] == ("ok", 42) and results[3] == ("ok", 42)
    assert results[0][0] == "error" and isinstance(results[0][1], LimitError)


def test_a_bad_timeout_on_a_line_is_that_lines_error():
    p = call("batch", "-", input='grad "x^2" --timeout nan\ngrad "x^2" --timeout inf\ngrad "x"\n')
    got = records(p.stdout)
    assert [r["line"] for r in got] == [1, 2, 3] and p.returncode == 1
    assert [r["ok"] for r in got] == [False, False, True] and "--timeout" in got[0]["error"][
        "message"
    ]


def test_a_line_with_non_finite_numbers_is_that_lines_record():
    p = call(
        "batch",
        "-",
        "--json",
        input='grad x\ndiff-table "exp(x)" --convergence --at '
        'x=1000\ndiff-table "exp(x)" --points 700,800\ngrad '
        "y\n",
    )
    got = records(p.stdout)
    assert [r["line"] for r in got] == [1, 2, 3, 4] and [r["ok"] for r in got] == [
        True,
        False,
        True,
        True,
    ]
    assert got[2]["rows"][1][1] is None and "too large for floating point" in got[2]["notes"][0]


def test_input_is_read_a_line_at_a_time_with_bounded_length(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(
        b'\xef\xbb\xbfgrad "' + b"x+" * 500_000 + b'x"\ngrad y\ngrad "\xff"\ngrad "x\x00"\ngrad z\n'
    )
    got = records(call("batch", str(path)).stdout)
    assert [r["line"] for r in got] == [1, 2, 3, 4, 5]
    assert [r["ok"] for r in got] == [False, True, False, False, True]
    assert (
        "longer than" in got[0]["error"]["message"]
        and "UTF-8" in got[2]["error"]["message"]
        and "NUL" in got[3]["error"]["message"]
    )
    p = call("batch", "-", input=b"\xef\xbb\xbfgrad x\ngrad \xe9\ngrad y\n")
    got = records(p.stdout)
    assert [r["ok"] for r in got] == [True, False, True] and p.stdout.isascii()


def test_a_file_without_line_breaks_ends_the_reading(tmp_path):
    p = call("batch", "/dev/zero")
    got = records(p.stdout)
    assert p.returncode == 1 and len(got) == 1 and "not read" in got[0]["error"]["message"]


def test_lines_that_are_not_commands_never_reach_the_output():
    p = call(
        "batch", "-", "--json", input="--version\n--help\ngrad x --version\nbatch -\ngrad -h\n"
    )
    got = records(p.stdout)
    assert (
        [r["ok"] for r in got] == [False] * 5
        and "calcli 0" not in p.stdout
        and "Usage" not in p.stdout
    )


def test_plain_output_escapes_what_the_lines_typed():
    p = call(
        "batch",
        "-",
        "--format",
        "plain",
        input='diff-table x --points 1 --scheme "\x1b]0;PWNED\x07"\n',
    )
    assert "\x1b" not in p.stdout and "\x07" not in p.stdout and "\\u001b" in p.stdout


def test_jobs_are_capped_and_workers_start_with_the_work():
    p = call("batch", "-", "--jobs", "500", input="grad x\n")
    assert p.returncode == 0 and "using" in p.stderr


def test_ctrl_c_while_a_line_is_read_stops_the_batch():
    """click turns Ctrl-C while parsing into Abort: that is the user stopping the batch, never a
    line's error."""
    import typer

    from calcli.batch import Problem, collect
    from calcli.files import FilePolicy

    class Group:
        class Line:
            def main(self, **_):
                raise typer.Abort()

        commands = {"grad": Line()}

    with pytest.raises(KeyboardInterrupt):
        collect(Problem(1, ("grad", "x")), FilePolicy(untrusted=True), Group())

    class Typer(Group):  # typer turns the KeyboardInterrupt into Exit(130) and returns 130 itself
        class Line:
            def main(self, **_):
                return 130

        commands = {"grad": Line()}

    with pytest.raises(KeyboardInterrupt):
        collect(Problem(1, ("grad", "x")), FilePolicy(untrusted=True), Typer())
    from calcli.errors import as_calcli_error

    assert as_calcli_error(typer.Abort()).kind == "interrupted"


def test_csv_is_one_row_per_line_with_a_header(tmp_path):
    import csv
    import io

    problems = tmp_path / "p.txt"
    problems.write_text('grad "x^2"\nsolve "x = 1, 2"\n')
    p = call("batch", str(problems), "--format", "csv")
    rows = list(csv.reader(io.StringIO(p.stdout, newline="")))
    assert rows[0] == ["line", "outcome", "command", "result"] and [r[:3] for r in rows[1:]] == [
        ["1", "passed", "grad"],
        ["2", "error", "solve"],
    ]


def test_a_batch_reads_only_a_few_lines_ahead_of_its_records(monkeypatch):
    """What keeps a batch of 10⁵ lines flat in memory (benchmarks/growth.py measures its peak):
    lines are read as workers come free, and a record goes on as soon as the lines before it have
    theirs. Records that wait for a slow line before them are held to MAX_HELD_RECORDS: then
    reading waits too."""
    from calcli import batch
    from calcli.batch import Problem, run_batch
    from calcli.cli.app import click_command
    from calcli.files import TRUSTED

    def ahead_of_records(argvs, jobs: int) -> list[int]:
        read, ahead = [], []

        def lines():
            for number, argv in enumerate(argvs, 1):
                read.append(number)
                yield Problem(number, argv)

        assert run_batch(
            lines(),
            jobs,
            TRUSTED,
            lambda record: ahead.append(len(read) - record.line),
            click_command(),
        )
        assert len(ahead) == len(argvs)
        return ahead

    assert (
        max(
            ahead_of_records(
                [("grad", "x^2*y") if n % 3 else ("nosuch", "x") for n in range(600)], 1
            )
        )
        <= 3
    )
    monkeypatch.setattr(batch, "MAX_HELD_RECORDS", 10)
    slow_first = [
        ("grad", SLOW, "--wrt", "x", "--timeout", "1"),
        *[("nosuch", "x")] * 2000,
        ("grad", "x^2"),
    ]
    assert max(ahead_of_records(slow_first, 2)) <= 12


def test_the_progress_bar_knows_how_many_lines_there_are(tmp_path):
    from calcli.cli.batch import line_count

    lines = tmp_path / "three.txt"
    lines.write_text("grad x\n# a comment\n\ngrad y\ngrad z\n")
    assert (
        line_count(str(lines)) == 3
        and line_count("-") is None
        and line_count(str(tmp_path / "none.txt")) is None
    )

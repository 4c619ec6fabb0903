"""The output streams stay what they promise: JSON when JSON was asked, one sentence on every
failure, whatever the command line, the terminal or the environment. What calcli writes is
tested in this process (tests.calling); closed and full streams, a terminal, an encoding and
signals in real processes, cold and warm."""

import io
import json
import os
import signal
import subprocess
import sys

import pytest

from calcli.cli.runner import write_stdout
from tests.calling import call, call_process


def test_an_expression_starting_with_h_is_an_expression():
    p = call("grad", "-h*t", "--json")
    assert p.returncode == 0 and json.loads(p.stdout)["gradient"] == {"h": "-t", "t": "-h"}
    assert call("grad", "-h").stdout.startswith("Usage: calcli grad")  # -h alone is still help


@pytest.mark.parametrize(
    "args",
    [
        ["grad", "x", "--timeout", "abc"],
        ["grad", "x", "--bogus"],
        ["div", "x, y", "--coords", "polar"],
        ["grad"],
        ["nosuch", "x"],
        ["batch", "-", "--jobs", "0"],
    ],
    ids=lambda a: " ".join(a),
)
def test_usage_errors_with_json_give_json(args):
    p = call(*args, "--json", input="")
    assert p.returncode == 2
    error = json.loads(p.stdout)["error"]
    assert error["kind"] == "usage" and error["message"]
    assert (
        p.stderr.startswith("calcli: error: ")
        and "Usage:" not in p.stderr
        and "Traceback" not in p.stderr
    )


def test_usage_errors_read_like_calclis_own():
    p = call("grad", "x", "--bogus")
    assert p.stderr.splitlines() == [
        "calcli: error: no such option: --bogus.",
        "hint: see 'calcli grad --help'",
    ]
    p = call("grad", "x", "y")
    assert p.stderr.splitlines() == [
        "calcli: error: got unexpected extra argument(s) (y)",
        "hint: see 'calcli grad --help'",
    ]


class InterruptedWhileWriting(io.StringIO):
    """A stdout on which Ctrl-C arrives halfway through the write."""

    def write(self, text):
        half = len(text) // 2
        super().write(text[:half])
        os.kill(os.getpid(), signal.SIGINT)
        return super().write(text[half:]) + half


def test_ctrl_c_during_the_write_keeps_the_output_whole(monkeypatch):
    out = InterruptedWhileWriting()
    monkeypatch.setattr("sys.stdout", out)
    with pytest.raises(KeyboardInterrupt):
        write_stdout('{"calcli": 1, "ok": true}\n')
    assert json.loads(out.getvalue())["ok"] is True


@pytest.mark.usefixtures("cold_and_warm")
def test_closed_or_full_output():
    closed = subprocess.run(
        [sys.executable, "-m", "calcli", "grad", "x"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        preexec_fn=lambda: os.close(1),
    )
    assert closed.returncode == 3 and "standard output is closed" in closed.stderr
    no_stderr = subprocess.run(
        [sys.executable, "-m", "calcli", "grad", "x+"],
        capture_output=False,
        stdout=subprocess.PIPE,
        text=True,
        timeout=60,
        preexec_fn=lambda: os.close(2),
    )
    assert no_stderr.returncode == 2
    if os.path.exists("/dev/full"):
        with open("/dev/full", "w") as full:
            p = subprocess.run(
                [sys.executable, "-m", "calcli", "grad", "x"],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                timeout=60,
            )
        assert p.returncode == 3 and p.stderr.strip() == (
            "calcli: error: cannot write the output: No space left on device."
        )


@pytest.mark.usefixtures("cold_and_warm")
def test_a_terminal_that_only_takes_ascii():
    p = call_process("grad", "x^2*y", "--format", "table", env={"PYTHONIOENCODING": "ascii"})
    assert p.returncode == 0 and p.stdout.isascii() and "+---" in p.stdout


def test_a_bad_memory_setting_is_a_sentence():
    p = call("grad", "x", "--json", env={"CALCLI_MEMORY_MB": "abc"})
    assert p.returncode == 2 and "CALCLI_MEMORY_MB" in json.loads(p.stdout)["error"]["message"]
    assert call("batch", "-", input="grad x\n", env={"CALCLI_MEMORY_MB": "-5"}).returncode == 2


def test_byte_order_marks_are_not_content(tmp_path):
    data = tmp_path / "d.csv"
    data.write_bytes(b"\xef\xbb\xbfx,y\n1,1\n2,4\n3,9\n")
    assert call("diff-table", "--data", str(data)).returncode == 0
    problems, key = tmp_path / "p.txt", tmp_path / "k.txt"
    problems.write_bytes(b"\xef\xbb\xbfgrad x^2\n")
    key.write_bytes(b"\xef\xbb\xbf2x\n")
    assert call("batch", str(problems), "--answers", str(key)).returncode == 0


@pytest.mark.usefixtures("cold_and_warm")
def test_a_terminal_is_told_that_a_long_computation_is_running_and_the_notice_is_erased():
    """On a terminal (stderr a tty), from a second on: 'computing… 1 s (Ctrl-C stops it)', its
    count rewritten each second and erased before the error or the answer (never in a pipe: the
    streamed table cut by the time limit says only why)."""
    import os
    import pty
    import subprocess
    import sys

    from tests.hostile import SLOW

    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "calcli", "grad", SLOW, "--wrt", "x", "--timeout", "2.5"],
        stdout=subprocess.PIPE,
        stderr=follower,
    )
    os.close(follower)
    proc.wait(timeout=60)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    text = seen.decode()
    assert (
        proc.returncode == 3
        and "calcli: computing… 1 s (Ctrl-C stops it)" in text
        and "calcli: computing… 2 s (Ctrl-C stops it)" in text
    )
    assert text.rindex("computing…") < text.rindex("\r\x1b[K") < text.index("time limit")


# 5·10⁷ rows: minutes to write
MANY_ROWS = [
    "diff-table",
    "sin(x)",
    "--from",
    "0",
    "--to",
    "1",
    "--step",
    "2e-8",
    "--format",
    "csv",
]


def csv_rows_are_whole(text: str) -> bool:
    lines = text.replace("\r\n", "\n").split("\n")
    return lines[-1] == "" and all(len(line.split(",")) == 9 for line in lines[:-1])


@pytest.mark.usefixtures("cold_and_warm")
def test_a_streamed_table_stops_when_its_reader_has_what_it_wanted():
    """`calcli diff-table ... | head`: the rows come as they are computed, and the rest is never
    computed (computing all 5·10⁷ would run into the 20 s time limit, exit 3)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "calcli", *MANY_ROWS], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout.readline().startswith(b"x,f,exact,") and proc.stdout.readline().startswith(
        b"0,0,1,"
    )
    proc.stdout.close()
    assert proc.wait(timeout=60) == 0 and proc.stderr.read() == b""


def test_a_streamed_table_cut_by_the_time_limit_has_whole_rows_and_says_so():
    """And says nothing else: past a second, a pipe is never told that the computation runs."""
    p = call(*MANY_ROWS, "--timeout", "1.5")
    assert p.returncode == 3 and p.stderr == (
        "calcli: error: the computation did not finish "
        "within the time limit of 1.5 s (raise it with --timeout)\n"
    )
    assert p.stdout.count("\n") > 1000 and csv_rows_are_whole(p.stdout)


@pytest.mark.usefixtures("cold_and_warm")
def test_ctrl_c_stops_a_streamed_table_after_a_whole_row():
    proc = subprocess.Popen(
        [sys.executable, "-m", "calcli", *MANY_ROWS], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    first = proc.stdout.readline()
    proc.send_signal(signal.SIGINT)
    rest, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and err == b"calcli: error: interrupted by the user.\n"
    assert csv_rows_are_whole((first + rest).decode())


def test_a_streamed_table_holds_no_more_memory_than_a_small_one():
    """Peak resident memory of the largest process (the computing child): 200,001 rows against
    1,001. Held whole, as before streaming, the large table took about 150 MB more."""
    measure = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], "
        "stdout=subprocess.DEVNULL, check=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )

    def peak_mb(step: str) -> float:
        args = [
            "-m",
            "calcli",
            "diff-table",
            "sin(x)*exp(-x^2/50)",
            "--from",
            "-10",
            "--to",
            "10",
            "--step",
            step,
            "--format",
            "csv",
        ]
        return (
            int(
                subprocess.run(
                    [sys.executable, "-c", measure, sys.executable, *args],
                    capture_output=True,
                    text=True,
                    timeout=120,
                    check=True,
                ).stdout
            )
            / 1024
        )

    assert peak_mb("0.0001") < peak_mb("0.02") + 50


def test_a_streamed_table_to_a_full_disk_is_one_sentence():
    if not os.path.exists("/dev/full"):
        pytest.skip("needs /dev/full")
    with open("/dev/full", "w") as full:
        p = subprocess.run(
            [sys.executable, "-m", "calcli", *MANY_ROWS],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert p.returncode == 3 and p.stderr == (
        "calcli: error: cannot write the output: No space left on device.\n"
    )

"""Every command against hostile, malformed and enormous input: the documented exit status,
one sentence on stderr (no traceback), nothing executed or written, on time."""

import json
import os
import shlex
import time

import pytest

from tests.calling import call, call_process
from tests.hostile import CASES, EXPRESSIONS, HUNGRY, SLOW

LIMIT_SLACK = 1.0  # seconds beyond --timeout (or the 20 s default)


def test_the_corpus_reaches_every_command():
    from calcli.registry import COMMANDS

    # a command added without hostile cases fails here
    assert {args[0] for args, _ in CASES} == set(COMMANDS) | {"batch", "grade"}


@pytest.mark.parametrize("args, code", CASES, ids=[repr(a)[:60] for a, _ in CASES])
def test_hostile_input(args, code, tmp_path):
    """Through the command line (calcli's own reading of argv, click, the runner and the computing
    child), in this process: a failure inside calcli would be exit 70, never this case's status."""
    start = time.monotonic()
    result = call(*args, input="", cwd=tmp_path)
    elapsed = time.monotonic() - start
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stderr.strip(), "an error needs a sentence on stderr"
    assert (
        "\x1b" not in result.stderr + result.stdout
        and "\u202e" not in result.stderr + result.stdout
    )
    assert os.listdir(tmp_path) == [], "nothing may be written"
    timeout = (
        float(args[args.index("--timeout") + 1]) if "--timeout" in args and code == 3 else 20.0
    )
    # generous: CI machines are slow; the limit itself is tested below
    assert elapsed < timeout + LIMIT_SLACK + 10


@pytest.mark.parametrize("text", EXPRESSIONS, ids=[repr(t)[:60] for t in EXPRESSIONS])
def test_hostile_expressions_are_refused_in_process(text, tmp_path, monkeypatch):
    """The same refusal the command line gives (exit 2, one sentence), without starting anything:
    each is refused while parsing, before any computation, so an alarm (not a process) bounds the
    time."""
    import signal

    from calcli import gradient
    from calcli.errors import CalcliError

    def too_slow(*_):
        raise AssertionError("not refused at once: the parser let it through to a computation")

    monkeypatch.chdir(tmp_path)
    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(10)
    try:
        with pytest.raises(CalcliError) as caught:
            gradient(text)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert caught.value.exit_code == 2 and caught.value.message.strip()
    assert os.listdir(tmp_path) == [], "nothing may be written"


@pytest.mark.parametrize("args, code", [c for c in CASES if c[1] == 3 or "--json" in c[0]][:6])
def test_json_errors_always_parse(args, code, tmp_path):
    result = call(*args, "--format", "json", cwd=tmp_path)
    data = json.loads(result.stdout)
    # an honest ok result
    assert (data["ok"] is False and data["error"]["message"]) or data.get("status") == "unsolved"


@pytest.mark.parametrize(
    "command",
    [
        ["grad", SLOW, "--wrt", "x"],
        ["div", SLOW + ", y, z"],
        ["solve", "y = " + SLOW, "--for", "y"],
        ["minimize-constrained", "x^2 + y", "--subject-to", "y = " + SLOW],
        ["diff-table", SLOW, "--points", "3"],
    ],
)
def test_every_command_stops_at_its_timeout(command):
    start = time.monotonic()
    result = call(*command, "--timeout", "0.5")
    elapsed = time.monotonic() - start
    assert result.returncode in (0, 3), result.stderr
    assert elapsed < 0.5 + LIMIT_SLACK + 1.5
    if result.returncode == 3:
        assert "time limit" in result.stderr


def test_memory_cap_is_exit_3():
    import calcli.limits
    from calcli.errors import LimitError

    with pytest.raises(LimitError, match="memory"):
        calcli.limits.run_limited(lambda: bytearray(2 * 1024**3), timeout=10, memory_mb=400)


EVERY_COMMAND = [
    ["grad", "{}"],
    ["div", "{}, y, z"],
    ["curl", "{}, y, z"],
    ["laplacian", "{}"],
    ["jacobian", "{}, y"],
    ["solve", "{} = 1"],
    ["minimize-constrained", "{}"],
    ["diff-table", "{}", "--points", "1,2"],
]


@pytest.mark.parametrize("template", EVERY_COMMAND, ids=lambda t: t[0])
def test_every_command_refuses_oversized_input(template):
    big = "+".join(["x"] * 5001)  # 10,001 characters
    result = call(*(t.replace("{}", big) for t in template))
    assert result.returncode == 2 and "the limit is 10000" in result.stderr


# Each allocates as it goes (a symbolic determinant, or a large numpy grid).
MEMORY_HUNGRY = [
    ["grad", HUNGRY + "*y", "--wrt", "y"],
    ["div", HUNGRY + ", y, z"],
    ["curl", "y, " + HUNGRY + ", z"],
    ["laplacian", HUNGRY],
    ["jacobian", HUNGRY + ", y"],
    ["solve", "y = " + HUNGRY, "--for", "y"],
    ["minimize-constrained", "(y - " + HUNGRY + ")^2", "--wrt", "y"],
    ["diff-table", "sin(x)", "--from", "0", "--to", "1", "--step", "1e-6"],
]


def test_every_command_runs_under_the_memory_cap():
    """With a cap below what the process already holds, a large allocation must end as a clean
    exit 3: every command as a line of one batch, then a symbolic and a numeric command alone. In
    cold processes of their own: in a test's process the child would inherit the test's free
    memory, and a warm server's cap has its own test (test_server)."""
    cap = {"CALCLI_MEMORY_MB": "64"}
    lines = "".join(shlex.join(args) + "\n" for args in MEMORY_HUNGRY)
    batch = call_process("batch", "-", "--json", input=lines, env=cap)
    records = [json.loads(line) for line in batch.stdout.splitlines()]
    assert [r["line"] for r in records] == list(range(1, len(MEMORY_HUNGRY) + 1)), batch.stderr
    for record in records:
        assert record["error"]["kind"] == "limit" and "memory" in record["error"]["message"]
    for args in (MEMORY_HUNGRY[0], MEMORY_HUNGRY[-1]):
        p = call_process(*args, env=cap)
        assert p.returncode == 3, p.stdout + p.stderr
        assert "memory" in p.stderr and "Traceback" not in p.stderr, p.stderr


DENSE_DETERMINANT = (
    "det(["
    + ",".join("[" + ",".join(f"a{i}_{j}" for j in range(20)) + "]" for i in range(20))
    + "])"
)
# small to type, enormous to compute: repeated chain rules, a high power times a function, a 20 x 20
# symbolic determinant
EXPLOSIVE = [
    ["diff", "exp(exp(exp(exp(exp(x)))))", "--order", "20"],
    ["integrate", "(x+y+z+w)^60*sin(x)", "--wrt", "x"],
    ["laplacian", DENSE_DETERMINANT + " + x^2"],
]


@pytest.mark.parametrize("args", EXPLOSIVE, ids=lambda a: a[0])
def test_inputs_that_explode_end_at_a_limit_with_one_sentence(args):
    """Exit 3 within the --timeout, one line naming the limit, and the computing child's peak
    resident memory (measured by the kernel) within the cap."""
    import subprocess
    import sys

    measure = (
        "import resource, subprocess, sys; p = subprocess.run(sys.argv[1:], "
        "capture_output=True, text=True); print(p.returncode, "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); print(p.stderr, end='')"
    )
    env = {**os.environ, "CALCLI_MEMORY_MB": "256"}
    start = time.monotonic()
    out = subprocess.run(
        [sys.executable, "-c", measure, sys.executable, "-m", "calcli", *args, "--timeout", "2"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    ).stdout
    elapsed = time.monotonic() - start
    (status, peak_kb), stderr = out.split("\n", 1)[0].split(), out.split("\n", 1)[1]
    assert status == "3" and elapsed < 2 + LIMIT_SLACK + 2.5
    assert stderr.count("\n") == 1 and (
        "time limit of 2 s" in stderr or "out of memory (the limit is 256 MiB)" in stderr
    ), stderr
    assert int(peak_kb) <= 256 * 1024

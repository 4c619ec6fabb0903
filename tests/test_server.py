"""The warm server: the same bytes and exit statuses as a cold call, and it survives what clients
do to it. Every test starts its own server in a private directory and always stops it (the `warm`
fixture)."""

import json
import os
import signal
import socket
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calcli.cli.client import stamp
from calcli.registry import COMMANDS
from tests.hostile import CASES, HUNGRY, SLOW
from tests.processes import Server, alive, children, computing, serving, wait_until
from tests.test_registry import example

CALCLI = [sys.executable, "-m", "calcli"]
GRADING = Path(__file__).resolve().parent.parent / "docs" / "grading"


@pytest.fixture
def warm(tmp_path):
    """One server per test, for the tests that do things to it."""
    yield from serving(tmp_path / "run")


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One server for the comparisons, which leave it as they found it."""
    yield from serving(tmp_path_factory.mktemp("shared") / "run")


SAME = [
    ["grad", "(x+y)*z", "--at", "x=4,y=-3,z=5"],
    ["grad", "(x+y)*z", "--at", "x=4,y=-3,z=5", "--format", "table"],
    ["grad", "x^3+x^2+7", "--wrt", "x", "--expect", "3x^2+2^x"],
    ["div", "r^2, 0, 0", "--coords", "spherical", "--json"],
    ["solve", "x^2 = -4", "--domain", "complexes", "--format", "latex"],
    ["solve", "exp(x) = x + 2"],
    ["minimize-constrained", "x*y", "--subject-to", "x + y = 1"],
    ["diff-table", "x^3+x^2+7", "--from", "1", "--to", "5", "--format", "csv"],
    ["--help"],
    ["grad", "--help"],
    ["nonsense"],
    ["grad", "x^2", "--timeout", "abc", "--json"],
    [
        "grade",
        str(GRADING / "problems.txt"),
        str(GRADING / "answers" / "ben.txt"),
        str(GRADING / "answers" / "bea.txt"),
        "--format",
        "table",
    ],
    ["grade", str(GRADING / "problems.txt"), str(GRADING / "answers"), "--json"],
]
# argv cannot hold NUL
HOSTILE = [args for args, _ in CASES if "--timeout" not in args and "\x00" not in "".join(args)]
# Every command in every format it writes, and a fixed slice of the hostile corpus: its first case
# for each command and exit status (all of it runs in-process and through the CLI in
# tests/test_hostile.py). The server's bytes are a cold call's for each kind of output and of
# refusal: compared with the cold path run in this process (in_process), which is itself compared
# with a cold process on every kind of output (REFERENCE).
EVERY_FORMAT = [
    [name, *example(name), "--format", fmt.value]
    for name, command in sorted(COMMANDS.items())
    for fmt in command.formats
]


def first_of_each(cases) -> list:
    """The first case for each command and exit status, in the corpus's order."""
    firsts: dict = {}
    for args, code in cases:
        firsts.setdefault((args[0], code), args)
    return list(firsts.values())


EACH_REFUSAL = first_of_each((args, code) for args, code in CASES if args in HOSTILE)
SAMPLE = SAME + EVERY_FORMAT + EACH_REFUSAL
ONE_PER_FORMAT = list({args[-1]: args for args in reversed(EVERY_FORMAT)}.values())
REFERENCE = SAME + ONE_PER_FORMAT + EACH_REFUSAL[::4]


def in_process(args) -> tuple[int, bytes, bytes]:
    """A cold call's path (calcli.cli.entry, then launch.run) in this process, writing to a pipe's
    streams, with the server's environment: (exit status, stdout, stderr) as bytes."""
    import io

    from calcli.cli.entry import command_line
    from calcli.cli.launch import run

    out, err = io.BytesIO(), io.BytesIO()
    streams = [io.TextIOWrapper(b, encoding="utf-8", write_through=True) for b in (out, err)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COLUMNS", "80")
        patch.setenv("NO_COLOR", "1")
        patch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO()))
        patch.setattr(sys, "stdout", streams[0])
        patch.setattr(sys, "stderr", streams[1])
        code = run(command_line(list(args)))
        written = out.getvalue(), err.getvalue()
    return code, *written


@pytest.mark.parametrize("args", REFERENCE, ids=[repr(a)[:50] for a in REFERENCE])
def test_the_cold_path_in_process_gives_a_cold_processs_bytes(shared, args):
    cold = shared.run(*args, warm=False, stdin=subprocess.DEVNULL)
    assert (cold.returncode, cold.stdout, cold.stderr) == in_process(args)


@pytest.mark.parametrize("args", SAMPLE, ids=[repr(a)[:50] for a in SAMPLE])
def test_warm_and_cold_give_the_same_bytes(shared, args):
    hot = shared.run(*args, stdin=subprocess.DEVNULL)
    assert (hot.returncode, hot.stdout, hot.stderr) == in_process(args)


def test_it_is_the_server_that_answers(shared):
    served = shared.requests()
    for args in SAME[:3]:
        shared.run(*args)
    assert shared.requests() == served + 3


def test_stdin_and_the_working_directory_are_the_clients(shared, tmp_path):
    warm = shared
    (tmp_path / "problems.txt").write_text("grad x^2\nsolve x^2=4\n")
    hot = warm.run("batch", "problems.txt", cwd=tmp_path)
    cold = warm.run("batch", "problems.txt", cwd=tmp_path, warm=False)
    assert hot.returncode == cold.returncode == 0 and hot.stdout.count(b"\n") == 2
    piped = warm.run("diff-table", "--data", "-", input=b"x,y\n1,9\n2,19\n3,43\n")
    assert piped.returncode == 0 and piped.stdout.startswith(b"x\tf\tgradient\n1\t9\t")


def test_a_full_disk_is_the_clients_error_and_the_server_goes_on(shared):
    if not os.path.exists("/dev/full"):
        pytest.skip("needs /dev/full")
    for args in (["grad", "x^2"], ["batch", "-"]):
        with open("/dev/full", "wb") as full:
            hot, cold = (
                shared.run(
                    *args, warm=warm, stdout=full, stderr=subprocess.PIPE, input=b"grad x^2\n" * 500
                )
                for warm in (True, False)
            )
        assert hot.returncode == cold.returncode == 3 and hot.stderr == cold.stderr
        assert b"No space left on device" in hot.stderr
    assert shared.run("grad", "x^2").returncode == 0 and not shared.requests_running()


def test_ctrl_c_in_the_client_stops_the_request(warm):
    server = warm.pid()
    proc = subprocess.Popen(
        [*CALCLI, "grad", SLOW, "--wrt", "x", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=warm.env,
    )
    assert wait_until(lambda: any(computing(child, 0.5) for child in children(server)), 30), (
        "the request did not start computing"
    )
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and json.loads(out)["error"]["kind"] == "interrupted"
    assert wait_until(lambda: not warm.requests_running(), 10), (
        "the request's processes outlived it"
    )


def test_a_client_killed_mid_request_leaves_nothing_behind(warm):
    served = warm.requests()
    proc = subprocess.Popen(
        [*CALCLI, "grad", SLOW, "--wrt", "x"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=warm.env,
    )
    assert wait_until(lambda: warm.requests() > served, 30)
    proc.kill()
    proc.wait()
    assert wait_until(lambda: not warm.requests_running(), 10), "an orphan was left"
    assert warm.run("grad", "x^2").returncode == 0  # and the server goes on serving


def test_timeouts_and_memory_caps_leave_the_server_serving(warm):
    timed_out = warm.run("grad", SLOW, "--wrt", "x", "--timeout", "1")
    assert timed_out.returncode == 3 and b"time limit" in timed_out.stderr
    # the client's cap applies, to an expression that grows (the server's threads leave no spare
    # malloc arenas)
    hungry = warm.run("grad", HUNGRY, extra_env={"CALCLI_MEMORY_MB": "64"})
    assert hungry.returncode == 3 and b"memory" in hungry.stderr
    assert warm.run("grad", "x^2").returncode == 0


def raw_client(path: str) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(10)
    sock.connect(path)
    return sock


def test_garbage_partial_and_many_clients_do_not_stop_it(warm):
    for payload in (
        b"",
        b"\x00\x00",
        b"garbage that is not a request",
        struct.pack(">I", 5000) + b"{",
        struct.pack(">I", 2) + b"[]",
    ):
        with raw_client(warm.path) as sock:
            sock.sendall(payload)
    procs = [
        subprocess.Popen(
            [*CALCLI, "grad", f"x^{n}", "--format", "plain"], stdout=subprocess.PIPE, env=warm.env
        )
        for n in range(2, 52)
    ]
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0] * 50
    assert all(f"gradient.x\t{n}*x".encode() in out for n, out in enumerate(outputs, 2)), outputs[0]
    assert wait_until(lambda: not warm.requests_running(), 20)


def test_a_request_from_other_code_is_refused_and_the_server_ends(warm):
    pid = warm.pid()
    with raw_client(warm.path) as sock:
        body = json.dumps(
            {
                "protocol": 1,
                "stamp": "another calcli",
                "argv": ["grad", "x"],
                "cwd": "/",
                "env": {},
                "encodings": [],
            }
        ).encode()
        socket.send_fds(sock, [struct.pack(">I", len(body)) + body], [0, 1, 2])
        assert sock.recv(64) == b"stale\n"
    assert wait_until(lambda: not alive(pid), 10)
    assert warm.run("grad", "x^2").returncode == 0  # and the next call runs cold


def test_a_deleted_socket_ends_the_server_and_calls_run_cold(warm):
    pid = warm.pid()
    os.unlink(warm.path)
    assert wait_until(lambda: not alive(pid), 10)
    assert warm.run("grad", "x^2").stdout.startswith(b"expression\tx**2")


def test_a_socket_in_a_directory_others_can_enter_is_not_used(warm):
    served = warm.requests()
    os.chmod(os.path.dirname(warm.path), 0o755)
    try:
        assert warm.run("grad", "x^2").returncode == 0
    finally:
        os.chmod(os.path.dirname(warm.path), 0o700)
    assert warm.requests() == served  # it ran cold


@pytest.fixture
def reachable():
    """A server whose socket another user can reach (a directory outside pytest's private one)."""
    import shutil
    import tempfile

    base = tempfile.mkdtemp(dir="/tmp")
    os.chmod(base, 0o755)
    try:
        yield from serving(Path(base) / "run")
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to act as another user")
def test_another_user_is_refused(reachable):
    warm = reachable
    os.chmod(os.path.dirname(os.path.dirname(warm.path)), 0o755)
    served = warm.requests()
    os.chmod(os.path.dirname(warm.path), 0o755)
    os.chmod(warm.path, 0o666)
    try:
        pid = os.fork()
        if pid == 0:  # as nobody: reach the socket, and be turned away by SO_PEERCRED
            code = 1
            try:
                os.setuid(65534)
                with raw_client(warm.path) as sock:
                    body = json.dumps({"protocol": 1, "op": "status"}).encode()
                    sock.sendall(struct.pack(">I", len(body)) + body)
                    code = 0 if sock.recv(64) == b"" else 1
            except (ConnectionResetError, BrokenPipeError):  # closed unread: refused
                code = 0
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0, "another user's request was answered"
    finally:
        os.chmod(os.path.dirname(warm.path), 0o700)
        os.chmod(warm.path, 0o600)
    assert warm.requests() == served


def test_a_client_that_does_not_say_go_is_not_answered(warm, tmp_path):
    """A client that stopped waiting for "accepted" runs cold: the server's child must then not
    write as well. It runs only on the client's go, and gives up after the handshake's two
    seconds without it."""
    out = tmp_path / "out"
    served = warm.requests()
    with open(out, "wb") as sink, raw_client(warm.path) as sock:
        body = json.dumps(
            {
                "protocol": 1,
                "stamp": stamp(),
                "argv": ["grad", "x^2"],
                "cwd": str(tmp_path),
                "env": {},
                "encodings": ["utf-8"] * 3,
            }
        ).encode()
        socket.send_fds(
            sock, [struct.pack(">I", len(body)) + body], [0, sink.fileno(), sink.fileno()]
        )
        assert sock.recv(64) == b"accepted\n"
        # the socket still open
        assert wait_until(lambda: warm.requests() > served and not warm.requests_running(), 10)
    assert out.read_bytes() == b""
    assert warm.run("grad", "x^2").returncode == 0


def test_each_request_takes_the_spare_and_a_new_one_waits(warm):
    before = warm.status()["spare"]
    assert warm.run("grad", "x^2").returncode == 0
    assert wait_until(lambda: warm.status()["spare"] not in (before, "None"), 10)
    assert wait_until(lambda: not warm.requests_running(), 10)


@settings(max_examples=300)
@given(
    st.recursive(
        st.text() | st.integers(0, 2**40),
        lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
        max_leaves=20,
    )
)
def test_the_clients_json_is_json(value):
    from calcli.cli.client import to_json

    assert json.loads(to_json(value)) == value


def test_the_client_imports_only_what_it_needs():
    code = (
        "import sys, calcli.cli.entry, calcli.cli.client; print(sorted(m for m in sys.modules "
        "if m.startswith('calcli') or m in ('json', 'socket', 're', 'typing')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    # calcli.cli: an empty package
    assert loaded.strip() == "['calcli', 'calcli.cli', 'calcli.cli.client', 'calcli.cli.entry']"


def test_an_idle_server_stops_by_itself(tmp_path):
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    server = Server(str(runtime))
    assert server.run("server", "start", "--idle", "0.02").returncode == 0
    pid = server.pid()
    assert wait_until(lambda: not alive(pid), 30), "an idle server kept running"
    assert not os.path.exists(server.path)


def test_without_a_server_the_client_costs_almost_nothing(tmp_path, monkeypatch):
    from calcli.cli.client import served

    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.setenv("CALCLI_SERVER", "on")
    assert served(["grad", "x"]) is None  # no socket: cold, after one stat
    monkeypatch.setenv("CALCLI_SERVER", "off")
    assert served(["grad", "x"]) is None


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["bogus"],
        ["start", "--idle"],
        ["start", "--idle", "abc"],
        ["start", "--idle", "nan"],
        ["start", "--idle", "-1"],
        ["start", "--idle", "inf"],
        ["stop", "now"],
        ["start", "extra", "words"],
    ],
)
def test_bad_server_command_lines_are_refused(args, capsys):
    from calcli.cli.entry import server_command

    assert server_command(args) == 2
    captured = capsys.readouterr()
    assert (
        captured.err.startswith("calcli: error: ")
        and "Usage: calcli server" in captured.err
        and captured.out == ""
    )

"""The warm server: the same bytes and exit statuses as a cold call, and it survives what clients
do to it. Each server runs in a private directory and is always stopped: one per test for the
tests that stop it (`warm`), the session's for the rest (`shared`)."""

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calcli.cli.client import ACCEPTED, PROTOCOL, REQUEST, STALE, stamp
from calcli.framing import frame
from calcli.registry import COMMANDS
from tests.calling import call
from tests.hostile import CASES, HUNGRY, SLOW
from tests.processes import Server, alive, children, computing, serving, wait_until
from tests.test_registry import example

CALCLI = [sys.executable, "-m", "calcli"]
GRADING = Path(__file__).resolve().parent.parent / "docs" / "grading"


@pytest.fixture
def warm(tmp_path):
    """One server per test, for the tests that stop it or change its directory."""
    yield from serving(tmp_path / "run")


@pytest.fixture
def shared(calcli_server):
    """The session's server, for the comparisons and the clients that misbehave, which leave it
    serving as they found it."""
    return calcli_server


# each kind of output once: a table, plain with a verdict, JSON, LaTeX, CSV, --help, usage errors
# in words and in JSON, grade, and batch from a file and from stdin
KINDS = [
    ["grad", "(x+y)*z", "--at", "x=4,y=-3,z=5", "--format", "table"],
    ["grad", "x^3+x^2+7", "--wrt", "x", "--expect", "3x^2+2^x"],
    ["div", "r^2, 0, 0", "--coords", "spherical", "--json"],
    ["solve", "x^2 = -4", "--domain", "complexes", "--format", "latex"],
    ["diff-table", "x^3+x^2+7", "--from", "1", "--to", "5", "--format", "csv"],
    ["--help"],
    ["grad", "--help"],
    ["nonsense"],
    ["grad", "x^2", "--timeout", "abc", "--json"],
    ["grade", str(GRADING / "problems.txt"), str(GRADING / "answers"), "--json"],
    [
        "batch",
        str(GRADING / "problems.txt"),
        "--answers",
        str(GRADING / "answers" / "ben.txt"),
        "--format",
        "csv",
    ],
    ["batch", "-", "--format", "csv"],
]
SAME = [
    *KINDS,
    ["grad", "(x+y)*z", "--at", "x=4,y=-3,z=5"],
    ["solve", "exp(x) = x + 2"],
    ["minimize-constrained", "x*y", "--subject-to", "x + y = 1"],
    [
        "grade",
        str(GRADING / "problems.txt"),
        str(GRADING / "answers" / "ben.txt"),
        str(GRADING / "answers" / "bea.txt"),
        "--format",
        "table",
    ],
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
# and a refusal of each exit status (an expression, a limit, a file)
REFUSED = [
    next(args for args, code in CASES if args in EACH_REFUSAL and code == status)
    for status in (2, 3)
] + [next(args for args in EACH_REFUSAL if args[0] == "grade")]
REFERENCE = KINDS + REFUSED
# every case's stdin: what batch - reads (and a hostile case reading - is given)
STDIN = b'grad "x^2" --expect 2x\nsolve "x^2 = 4" --expect "{-2, 2}"\ngrad "x+"\n'


def in_process(args) -> tuple[int, bytes, bytes]:
    """A cold call's path in this process, with the server's environment: (exit status, stdout,
    stderr) as bytes."""
    done = call(*args, input=STDIN, env={"COLUMNS": "80", "NO_COLOR": "1"}, text=False)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("args", REFERENCE, ids=[repr(a)[:50] for a in REFERENCE])
def test_the_cold_path_in_process_gives_a_cold_processs_bytes(shared, args):
    cold = shared.run(*args, warm=False, input=STDIN)
    assert (cold.returncode, cold.stdout, cold.stderr) == in_process(args)


@pytest.mark.parametrize("args", SAMPLE, ids=[repr(a)[:50] for a in SAMPLE])
def test_warm_and_cold_give_the_same_bytes(shared, args):
    hot = shared.run(*args, input=STDIN)
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


def test_ctrl_c_in_the_client_stops_the_request(shared):
    server = shared.pid()
    proc = subprocess.Popen(
        [*CALCLI, "grad", SLOW, "--wrt", "x", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=shared.env,
    )
    assert wait_until(lambda: any(computing(child, 0.5) for child in children(server)), 30), (
        "the request did not start computing"
    )
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and json.loads(out)["error"]["kind"] == "interrupted"
    assert wait_until(lambda: not shared.requests_running(), 10), (
        "the request's processes outlived it"
    )


def test_a_client_killed_mid_request_leaves_nothing_behind(shared):
    served = shared.requests()
    proc = subprocess.Popen(
        [*CALCLI, "grad", SLOW, "--wrt", "x"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=shared.env,
    )
    assert wait_until(lambda: shared.requests() > served, 30)
    proc.kill()
    proc.wait()
    assert wait_until(lambda: not shared.requests_running(), 10), "an orphan was left"
    assert shared.run("grad", "x^2").returncode == 0  # and the server goes on serving


def test_timeouts_and_memory_caps_leave_the_server_serving(shared):
    timed_out = shared.run("grad", SLOW, "--wrt", "x", "--timeout", "1")
    assert timed_out.returncode == 3 and b"time limit" in timed_out.stderr
    # the client's cap applies, to an expression that grows (the server's threads leave no spare
    # malloc arenas)
    hungry = shared.run("grad", HUNGRY, extra_env={"CALCLI_MEMORY_MB": "64"})
    assert hungry.returncode == 3 and b"memory" in hungry.stderr
    assert shared.run("grad", "x^2").returncode == 0


def raw_client(path: str) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(10)
    sock.connect(path)
    return sock


def test_garbage_partial_and_many_clients_do_not_stop_it(shared):
    for payload in (
        b"",
        b"\x00\x00",
        b"garbage that is not a request",
        REQUEST + (5000).to_bytes(8, "big") + b"{",  # 5000 bytes said, 1 sent
        frame(REQUEST, b"[]"),
    ):
        with raw_client(shared.path) as sock:
            sock.sendall(payload)
    procs = [
        subprocess.Popen(
            [*CALCLI, "grad", f"x^{n}", "--format", "plain"], stdout=subprocess.PIPE, env=shared.env
        )
        for n in range(2, 22)
    ]
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0] * 20
    assert all(f"gradient.x\t{n}*x".encode() in out for n, out in enumerate(outputs, 2)), outputs[0]
    assert wait_until(lambda: not shared.requests_running(), 20)


def test_a_request_from_other_code_is_refused_and_the_server_ends(warm):
    pid = warm.pid()
    with raw_client(warm.path) as sock:
        body = json.dumps(
            {
                "protocol": PROTOCOL,
                "stamp": "another calcli",
                "argv": ["grad", "x"],
                "cwd": "/",
                "env": {},
                "encodings": [],
            }
        ).encode()
        socket.send_fds(sock, [frame(REQUEST, body)], [0, 1, 2])
        assert sock.recv(64) == frame(STALE)
    assert wait_until(lambda: not alive(pid), 10)
    assert warm.run("grad", "x^2").returncode == 0  # and the next call runs cold


def test_a_deleted_socket_ends_the_server_and_calls_run_cold(warm):
    pid = warm.pid()
    os.unlink(warm.path)
    assert wait_until(lambda: not alive(pid), 10)
    assert warm.run("grad", "x^2").stdout.startswith(b"expression\tx**2")


def test_a_socket_in_a_directory_others_can_enter_is_not_used(shared):
    served = shared.requests()
    os.chmod(os.path.dirname(shared.path), 0o755)
    try:
        assert shared.run("grad", "x^2").returncode == 0
    finally:
        os.chmod(os.path.dirname(shared.path), 0o700)
    assert shared.requests() == served  # it ran cold


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
                    body = json.dumps({"protocol": PROTOCOL, "op": "status"}).encode()
                    sock.sendall(frame(REQUEST, body))
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


def test_a_client_that_does_not_say_go_is_not_answered(shared, tmp_path):
    """A client that stopped waiting for "accepted" runs cold: the server's child must then not
    write as well. It runs only on the client's go, and gives up after the handshake's two
    seconds without it."""
    out = tmp_path / "out"
    served = shared.requests()
    with open(out, "wb") as sink, raw_client(shared.path) as sock:
        body = json.dumps(
            {
                "protocol": PROTOCOL,
                "stamp": stamp(),
                "argv": ["grad", "x^2"],
                "cwd": str(tmp_path),
                "env": {},
                "encodings": ["utf-8"] * 3,
            }
        ).encode()
        socket.send_fds(sock, [frame(REQUEST, body)], [0, sink.fileno(), sink.fileno()])
        assert sock.recv(64) == frame(ACCEPTED)
        # the socket still open
        assert wait_until(lambda: shared.requests() > served and not shared.requests_running(), 10)
    assert out.read_bytes() == b""
    assert shared.run("grad", "x^2").returncode == 0


def test_each_request_takes_the_spare_and_a_new_one_waits(shared):
    before = shared.status()["spare"]
    assert shared.run("grad", "x^2").returncode == 0
    assert wait_until(lambda: shared.status()["spare"] not in (before, "None"), 10)
    assert wait_until(lambda: not shared.requests_running(), 10)


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
    assert loaded.strip() == (
        "['calcli', 'calcli.cli', 'calcli.cli.client', 'calcli.cli.entry', 'calcli.framing']"
    )


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


def test_a_frame_is_read_whole_or_not_at_all():
    """calcli.framing on a socket, as the client and the server read it: a frame whole whatever
    the pieces it arrives in, nothing from a stream that ends inside one, and a length over the
    limit refused before anything more is read."""
    from calcli.framing import read

    ours, theirs = socket.socketpair()
    with ours, theirs:
        message = frame(b"X", b"130") + frame(b"G")
        for byte in message[:5]:
            theirs.sendall(bytes([byte]))
        theirs.sendall(message[5:])
        assert read(ours, 16) == (b"X", b"130") and read(ours, 0) == (b"G", b"")
        theirs.sendall(frame(b"X", b"12")[:-1])
        theirs.shutdown(socket.SHUT_WR)
        assert read(ours, 16) == (b"", b"")
    ours, theirs = socket.socketpair()
    with ours, theirs:
        theirs.sendall(frame(b"D", b"x" * 100))
        with pytest.raises(ValueError):  # (the caller then drops the connection)
            read(ours, 99)

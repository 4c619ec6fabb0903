"""Watching calcli's processes from a test (Linux /proc): wait for a condition, never a fixed
sleep."""

import os
import subprocess
import sys
import time
from pathlib import Path


def children(pid: int) -> set[int]:
    """The processes whose parent is pid (Linux /proc)."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry))
    return found


def descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        new = children(todo.pop()) - found
        found |= new
        todo.extend(new)
    return found


def wait_until(condition, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def computing(pid: int, seconds: float = 1.5) -> bool:
    """A child of pid has used `seconds` of CPU: past sympy's import, into the computation."""
    return any(cpu_seconds(child) >= seconds for child in children(pid))


class Server:
    """A calcli server in a private runtime directory, driven through `python -m calcli` as a
    user would."""

    def __init__(self, runtime: str):
        self.runtime = runtime
        self.env = {
            **os.environ,
            "XDG_RUNTIME_DIR": runtime,
            "CALCLI_SERVER": "on",
            "COLUMNS": "80",
            "NO_COLOR": "1",
        }
        self.path = os.path.join(runtime, "calcli", "server.sock")

    def run(self, *args, warm=True, extra_env=None, **kwargs):
        env = {**self.env, "CALCLI_SERVER": "on" if warm else "off", **(extra_env or {})}
        kwargs.setdefault("capture_output", "stdout" not in kwargs)
        return subprocess.run(
            [sys.executable, "-m", "calcli", *args], env=env, timeout=90, **kwargs
        )

    def status(self) -> dict:
        lines = self.run("server", "status").stdout.decode().splitlines()
        return dict(line.split(" ", 1) for line in lines)

    def requests(self) -> int:
        return int(self.status()["requests"])

    def pid(self) -> int:
        return int(self.status()["pid"])

    def requests_running(self) -> set[int]:
        """The server's children, but for the spare that waits for the next request."""
        status = self.status()
        return children(int(status["pid"])) - {int(status["spare"])}

    def working(self) -> set[int]:
        """The processes of the requests being served: their children and the computing children
        of those."""
        return set().union(*({pid} | descendants(pid) for pid in self.requests_running()))


class Calls:
    """Where the work of a calcli process happens: in its own children when it runs cold, in the
    server's request children when a server answers it. Tests that watch those processes ask
    here."""

    def __init__(self, server: Server | None = None):
        self.server = server

    def working(self, client: int) -> set[int]:
        return descendants(client) if self.server is None else self.server.working()

    def computing(self, client: int, seconds: float = 1.5) -> bool:
        """One of them has used `seconds` of CPU: past any import, into the computation."""
        return any(cpu_seconds(pid) >= seconds for pid in self.working(client))


def serving(runtime: Path, idle: str = "5"):
    """A server in its own private directory, always stopped afterwards (a generator for
    fixtures)."""
    runtime.mkdir(mode=0o700)
    server = Server(str(runtime))
    started = server.run("server", "start", "--idle", idle)
    assert started.returncode == 0, started.stderr
    pid = server.pid()
    try:
        yield server
    finally:
        server.run("server", "stop")
        assert wait_until(lambda: not alive(pid), 10), "the server did not stop"

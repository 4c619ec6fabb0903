"""A warm calcli server for one user: sympy, numpy, scipy, typer and rich are imported once, and
each request runs in a child forked from it, under exactly the limits of a cold call.

The socket is in a directory only the user can enter (calcli.cli.client.runtime_dir); the server
refuses a peer of another uid (SO_PEERCRED), and a request is only ever a calcli command line, run
in its own child: it cannot change the server. The server exits after an idle period, when its
socket file is removed or replaced, and when the installed calcli changes (a request from other code
is refused, and the client runs cold).
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import sys
import threading
import time

import calcli.framing as framing
from calcli.cli.client import (
    ACCEPTED,
    ANSWER,
    GO,
    HANDSHAKE_SECONDS,
    INTERRUPT,
    MAX_REQUEST,
    PROTOCOL,
    REQUEST,
    STALE,
    STATUS,
    forwarded,
    peer_uid,
    private,
    runtime_dir,
    socket_path,
    stamp,
)

IDLE_MINUTES = 15.0
READY_SECONDS = 60.0  # for the server to import its libraries and listen


def start(idle_minutes: float = IDLE_MINUTES) -> int:
    """Start a server in the background (or say that one runs); 0 when one is serving."""
    path = socket_path()
    os.makedirs(runtime_dir(), mode=0o700, exist_ok=True)
    if not private(runtime_dir()):
        print(
            f"calcli: error: {runtime_dir()} must be a directory of yours that only you can enter.",
            file=sys.stderr,
        )
        return 2
    running = ask(path, {"op": "status"})
    if running is not None:
        print(f"calcli server already running (pid {running['pid']})")
        return 0
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the daemon: a new session, then a grandchild that no terminal can reach
        os.close(ready_r)
        os.setsid()
        if os.fork():
            os._exit(0)
        _daemon(path, idle_minutes, ready_w)
    os.close(ready_w)
    os.waitpid(pid, 0)
    deadline = time.monotonic() + READY_SECONDS
    ready = b""
    while time.monotonic() < deadline and not ready.endswith(b"\n"):
        if not select.select([ready_r], [], [], max(0.0, deadline - time.monotonic()))[0]:
            break
        chunk = os.read(ready_r, 64)
        if not chunk:
            break
        ready += chunk
    os.close(ready_r)
    if not ready.startswith(b"ready"):
        print("calcli: error: the calcli server did not start.", file=sys.stderr)
        return 3
    print(
        f"calcli server started (pid {ready.split()[1].decode()}); it stops after "
        f"{idle_minutes:g} idle minutes"
    )
    return 0


def stop() -> int:
    answer = ask(socket_path(), {"op": "stop"})
    print("calcli server stopped" if answer is not None else "no calcli server is running")
    return 0


def status() -> int:
    answer = ask(socket_path(), {"op": "status"})
    if answer is None:
        print("no calcli server is running")
        return 1
    print(
        f"pid {answer['pid']}\nversion {answer['version']}\nuptime {answer['uptime']:.0f} "
        f"s\nrequests {answer['requests']}"
        f"\nidle limit {answer['idle_minutes']:g} min\nsocket {socket_path()}\nspare "
        f"{answer.get('spare')}"
    )
    return 0


def ask(path: str, request: dict) -> dict | None:
    """A control request (status, stop): the server's JSON answer, or None when none answers."""
    if not os.path.exists(path) or not private(os.path.dirname(path)):
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(2.0)
            sock.connect(path)
            if peer_uid(sock) != os.getuid():
                return None
            body = json.dumps({"protocol": PROTOCOL, **request}).encode()
            sock.sendall(framing.frame(REQUEST, body))
            kind, answer = framing.read(sock, MAX_REQUEST)
            return json.loads(answer) if kind == ANSWER else None
    except (OSError, ValueError):
        return None


# --- the daemon -----------------------------------------------------------------------------------


class Server:
    def __init__(self, path: str, idle_minutes: float):
        self.path = path
        self.idle = idle_minutes * 60
        self.stamp = stamp()
        self.started = time.monotonic()
        self.last = time.monotonic()
        self.requests = 0
        self.children: set[int] = set()
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        if os.path.exists(path):
            os.unlink(path)  # no server answered there (start asked): a stale file
        self.listener.bind(path)
        os.chmod(path, 0o600)
        self.listener.listen(64)
        self.inode = os.stat(path).st_ino
        self.spare: Spare | None = Spare(self.listener)

    def serve(self) -> None:
        while True:
            self.reap()
            if self.gone() or (not self.children and time.monotonic() - self.last > self.idle):
                return
            if select.select([self.listener], [], [], 1.0)[0]:
                conn, _ = self.listener.accept()
                try:
                    self.handle(conn)
                except (OSError, ValueError, KeyError, TypeError):
                    # a client that sent garbage, or went away: it gets nothing, the server goes on
                    pass
                finally:
                    conn.close()
                # for the next request (with no client's descriptor open)
                self.spare = self.spare or Spare(self.listener)

    def gone(self) -> bool:
        """The socket file was removed or replaced: this server can no longer be found, so it
        ends."""
        try:
            return os.stat(self.path).st_ino != self.inode
        except OSError:
            return True

    def reap(self) -> None:
        for pid in list(self.children):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                self.children.discard(pid)

    def handle(self, conn: socket.socket) -> None:
        # a client that sends half a message is dropped, not waited for
        conn.settimeout(HANDSHAKE_SECONDS)
        if peer_uid(conn) != os.getuid():
            return
        request, fds = receive(conn)
        try:
            if request.get("protocol") != PROTOCOL:
                return
            op = request.get("op", "run")
            if op in ("status", "stop"):
                conn.sendall(framing.frame(ANSWER, json.dumps(self.describe()).encode()))
                if op == "stop":
                    raise SystemExit(0)
                return
            # calcli changed since this server started: never answer
            if request.get("stamp") != self.stamp:
                conn.sendall(framing.frame(STALE))
                raise SystemExit(0)
            self.last = time.monotonic()
            self.requests += 1
            spare, self.spare = self.spare, None
            if spare is None:  # not forked here: it would inherit this client's descriptors
                return
            self.children.add(spare.pid)
            spare.take(conn, request, fds)
        finally:
            for fd in fds:
                os.close(fd)

    def describe(self) -> dict:
        from calcli import __version__

        return {
            "pid": os.getpid(),
            "version": __version__,
            "uptime": time.monotonic() - self.started,
            "requests": self.requests,
            "idle_minutes": self.idle / 60,
            "spare": self.spare.pid if self.spare else None,
        }


class Spare:
    """A request's child forked before its request comes, so that a request does not wait for a
    fork."""

    def __init__(self, listener: socket.socket):
        self.channel, theirs = socket.socketpair()
        self.pid = os.fork()
        if self.pid == 0:
            listener.close()
            self.channel.close()
            _await_request(theirs)
        theirs.close()

    def take(self, conn: socket.socket, request: dict, fds: list[int]) -> None:
        """Hand the request over: the client's connection and streams go with it."""
        try:
            message = framing.frame(REQUEST, json.dumps(request).encode())
            sent = socket.send_fds(self.channel, [message], [conn.fileno(), *fds])
            self.channel.sendall(message[sent:])
        finally:
            self.channel.close()

    def stop(self) -> None:
        self.channel.close()  # it ends when it reads the end of its channel
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def _await_request(channel: socket.socket) -> None:
    """The spare's life: one request from the server, run; or the server's end, and nothing."""
    try:
        request, fds = receive(channel, streams=4)
        channel.close()
        if len(fds) == 4:
            _run_request(socket.socket(fileno=fds[0]), request, fds[1:])
    except BaseException:  # noqa: BLE001 — the server went away: there is no request to run
        pass
    os._exit(0)


def receive(conn: socket.socket, streams: int = 3) -> tuple[dict, list[int]]:
    """One request: a REQUEST frame (calcli.framing) of JSON, and (for a command line) the client's
    three streams.
    The whole message within one deadline (a client that trickles a byte at a time holds the
    server no longer); the streams it passed are closed here when the request is refused, so none
    stays open in the server."""
    deadline = time.monotonic() + HANDSHAKE_SECONDS
    data, fds, _, _ = socket.recv_fds(conn, 65536, streams)
    try:
        return _request(conn, data, deadline), fds
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise


def _request(conn: socket.socket, data: bytes, deadline: float) -> dict:
    if len(data) < framing.HEADER:
        raise ValueError("no request")
    kind, size = framing.header(data)
    if kind != REQUEST or size > MAX_REQUEST:
        raise ValueError("not a request, or one too large")
    body = data[framing.HEADER :]
    while len(body) < size:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise ValueError("the request did not arrive in time")
        conn.settimeout(remaining)
        chunk = conn.recv(min(65536, size - len(body)))
        if not chunk:
            raise ValueError("a partial request")
        body += chunk
    request = json.loads(body)
    if not isinstance(request, dict):
        raise ValueError("not a request")
    return request


def _daemon(path: str, idle_minutes: float, ready_w: int) -> None:
    """The server process: libraries loaded, then requests served until it is idle, stopped or
    stale."""
    code, server = 0, None
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        # nothing of the shell that started it stays open (a pipe's reader would wait)
        os.closerange(3, ready_w)
        os.closerange(ready_w + 1, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 65536)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        _one_malloc_arena()
        _warm()
        server = Server(path, idle_minutes)
        os.write(ready_w, f"ready {os.getpid()}\n".encode())
        os.close(ready_w)
        server.serve()
    except SystemExit as exc:
        # as Python exits
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    # a daemon has nowhere to print; it ends, and calls run cold
    except BaseException:  # noqa: BLE001
        code = 1
    finally:
        if server is not None:
            server.reap()
            if server.spare is not None:
                server.spare.stop()
        try:
            if server is not None and not server.gone():
                os.unlink(path)  # only its own socket: a newer server's is left alone
        except OSError:
            pass
    os._exit(code)


def _one_malloc_arena() -> None:
    """Every thread allocates from glibc's main heap. Otherwise each thread (numpy's BLAS pool
    here, the Ctrl-C watcher in a request's child) reserves an arena of 64 MiB that a forked
    computing child inherits, and glibc falls back to those arenas when the memory cap stops the
    main heap: a warm request could outgrow the cap a cold call holds to. Before any thread
    exists; not glibc (M_ARENA_MAX unknown): nothing to do."""
    import ctypes

    try:
        ctypes.CDLL(None).mallopt(-8, 1)  # M_ARENA_MAX = -8 in glibc's malloc.h
    except (OSError, AttributeError):
        pass


# What requests would otherwise import in every child (found by comparing sys.modules before and
# after a request), besides what the registry preloads: sympy loads some of its own modules on first
# use.
REQUEST_MODULES = (
    "calcli.cli.app",
    "calcli.cli.launch",
    "calcli.cli.runner",
    "calcli.terminal",
    "calcli.batch",
    "calcli.cli.batch",
    "calcli.grade",
    "calcli.cli.grade",
    "calcli.render.gradebook",
    "calcli.render.table",
    "calcli.render.batch_table",
    "calcli.render.latex",
    "typer._click.decorators",
    "typer._click._textwrap",
    "calcli.ops.derivative_steps",
    "calcli.ops.integral_steps",
    "calcli.render.csv_rows",
    "sympy.sets.setexpr",
    "sympy.sets.handlers.functions",
    "sympy.sets.handlers.issubset",
    "sympy.integrals.manualintegrate",
    "sympy.integrals.heurisch",
    "sympy.integrals.risch",
    "sympy.physics.units",  # simplify() imports it on first use
)


def _warm() -> None:
    import importlib

    from calcli.limits import OWN_MODULES, warm_engine
    from calcli.registry import COMMANDS, NUMERIC_SOLVE, preload

    warm_engine()
    names = [*OWN_MODULES, *NUMERIC_SOLVE, *REQUEST_MODULES]
    for name in dict.fromkeys([*names, *(m for c in COMMANDS for m in preload(c))]):
        importlib.import_module(name)
    # built once: every request's child shares it
    importlib.import_module("calcli.cli.app").click_command()


def _run_request(conn: socket.socket, request: dict, fds: list[int]) -> None:
    """The request's child: the client's streams, directory and environment, then the command
    line as a cold call runs it."""
    code = 3
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
        argv, cwd, env, encodings = (
            request["argv"],
            request["cwd"],
            request["env"],
            request["encodings"],
        )
        if not (
            isinstance(argv, list)
            and all(isinstance(a, str) for a in argv)
            and isinstance(cwd, str)
            and isinstance(env, dict)
        ):
            raise ValueError("a malformed request")
        if len(fds) != 3:
            raise ValueError("the request has no streams")
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        _streams(encodings)
        os.chdir(cwd)
        for key in [k for k in os.environ if forwarded(k)]:
            del os.environ[key]
        os.environ.update({str(k): str(v) for k, v in env.items()})
        if "tempfile" in sys.modules:  # the client's TMPDIR, not the one the server found first
            setattr(sys.modules["tempfile"], "tempdir", None)
        conn.settimeout(HANDSHAKE_SECONDS)
        conn.sendall(framing.frame(ACCEPTED))
        if framing.read(conn, 0)[0] != GO:  # the client gave up waiting (runs cold), or went away
            os._exit(0)
        conn.settimeout(None)
        threading.Thread(target=_watch, args=(conn,), daemon=True).start()
        from calcli.cli.launch import run
        from calcli.limits import reap

        code = run(argv)
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        conn.sendall(framing.frame(STATUS, str(code).encode()))
        reap()  # the computing child's exit: after the client has its answer
    # the client says the request failed; the server is untouched
    except BaseException:  # noqa: BLE001
        pass
    os._exit(code if isinstance(code, int) else 3)


def _streams(encodings: list) -> None:
    """sys.stdin, stdout and stderr on the client's descriptors, as the client's Python had them."""
    import io

    names = [e if isinstance(e, str) else "utf-8" for e in (list(encodings) + ["utf-8"] * 3)[:3]]
    # the client's stdin is the process's now
    sys.stdin = sys.__stdin__ = io.TextIOWrapper(  # type: ignore[misc]
        io.FileIO(0, "r", closefd=False), encoding=names[0]
    )
    for fd, name in ((1, "stdout"), (2, "stderr")):
        stream = io.TextIOWrapper(
            io.FileIO(fd, "w", closefd=False),
            encoding=names[fd],
            line_buffering=os.isatty(fd),
            write_through=fd == 2,
        )
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)


def _watch(conn: socket.socket) -> None:
    """Ctrl-C in the client (it sends INTERRUPT), or the client gone (kill -9): the request is
    interrupted."""
    try:
        kind = framing.read(conn, 0)[0]
    except (OSError, ValueError):
        kind = b""
    if kind in (INTERRUPT, b""):
        # To the main thread itself: a signal sent to the process goes to this thread whenever the
        # main one has SIGINT blocked (it does, around each fork), and then a main thread already
        # waiting on the computing child would not wake until the request's timeout.
        signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)

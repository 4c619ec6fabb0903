"""The thin client of a warm calcli server (calcli/cli/server.py).

When a server runs for this user, the command line, the working directory, the environment that
affects output, and this process's stdin, stdout and stderr themselves (SCM_RIGHTS) go to it; the
server's child writes straight to the user's terminal or pipe, and the exit status comes back.
This module imports only the standard library: no typer, rich or sympy. Anything wrong about the
server before it accepts the request means None, and calcli runs cold, as if there were none.

Every call pays for what this module imports, so it takes the interpreter's C modules (_socket,
_signal, _struct, _stat) rather than their Python wrappers, and writes its JSON itself: socket,
signal, stat and json would add 10 ms to a warm call of 30 (benchmarks/server.py).
"""

from __future__ import annotations

# typeshed has no stub for it; it is `signal`
import _signal as signal  # type: ignore[import-not-found]
import _socket as socket
import _stat as stat
import _struct as struct
import os
import sys

import calcli.framing as framing

PROTOCOL = 2  # the framing of calcli.framing
HANDSHAKE_SECONDS = 2.0  # connect, send, and hear "accepted"; a slower server is passed over
ENV_KEYS = (
    "COLUMNS",
    "LINES",
    "NO_COLOR",
    "TERM",
    "LANG",
    "LANGUAGE",
    "PYTHONIOENCODING",
    "TZ",
    "TMPDIR",
    "COMP_WORDS",
    "COMP_CWORD",
)
# the locale, calcli's settings, a shell's completion request
ENV_PREFIXES = ("LC_", "CALCLI_", "_CALCLI_COMPLETE", "_TYPER_COMPLETE")
# these find the user's shell from the process tree: cold
COMPLETION_SETUP = ("--install-completion", "--show-completion")


def forwarded(key: str) -> bool:
    """An environment variable that affects what a call prints: it travels with a request to the
    server."""
    return key in ENV_KEYS or key.startswith(ENV_PREFIXES)


MAX_REQUEST = 1 << 20
# The kinds of frame (calcli.framing) between a client, the server and the request's child:
REQUEST = b"Q"  # the request as JSON (a command line's with the client's three streams)
ANSWER = b"D"  # the server's answer to a control request (status, stop), as JSON
STALE = b"S"  # the server is not this calcli's: it ends, and the call runs cold
ACCEPTED = b"A"  # the request's child has the request and waits for GO
GO = b"G"  # the client's answer to ACCEPTED: run it (a client that gave up runs cold instead)
INTERRUPT = b"I"  # Ctrl-C in the client
STATUS = b"X"  # the exit status, in ASCII digits


def runtime_dir() -> str:
    """$XDG_RUNTIME_DIR/calcli, else calcli-<uid> in the temporary directory: private to the
    user."""
    base = os.environ.get("XDG_RUNTIME_DIR")
    if base and os.path.isdir(base):
        return os.path.join(base, "calcli")
    return os.path.join(os.environ.get("TMPDIR") or "/tmp", f"calcli-{os.getuid()}")


def socket_path() -> str:
    return os.path.join(runtime_dir(), "server.sock")


def private(directory: str) -> bool:
    """A real directory (not a link) of this user's that nobody else can enter."""
    try:
        st = os.lstat(directory)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and st.st_mode & 0o077 == 0


def stamp() -> str:
    """Which calcli this is (its files' names, sizes and times), on which libraries (the times of
    the folders packages are installed in, which an upgrade changes) and PYTHONPATH: a server
    from other code never answers."""
    import zlib

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # calcli/, above calcli/cli/
    parts = [os.environ.get("PYTHONPATH", "")]
    for folder in sys.path:
        if folder.endswith("-packages") and os.path.isdir(folder):
            parts.append(f"{folder}:{os.stat(folder).st_mtime_ns}")
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories if d != "__pycache__")
        for name in sorted(f for f in files if f.endswith(".py")):
            path = os.path.join(directory, name)
            st = os.stat(path)
            parts.append(f"{os.path.relpath(path, root)}:{st.st_size}:{st.st_mtime_ns}")
    return f"{zlib.crc32(chr(10).join(parts).encode()):08x}-{len(parts)}"


def peer_uid(sock: socket.socket) -> int:
    pid, uid, gid = struct.unpack(
        "3i", sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    )
    return uid


def served(argv: list[str]) -> int | None:
    """The exit status of argv run by a warm server, or None: no usable server, run cold."""
    mode = os.environ.get("CALCLI_SERVER", "on").lower()
    if (
        mode == "off"
        or (argv and argv[0] in ("server", *COMPLETION_SETUP))
        or not like_the_server()
    ):
        return None
    path = socket_path()
    if not os.path.exists(path):
        if mode == "auto":
            start_in_background()
        return None
    interrupted: list = []
    # Ctrl-C before the server took it
    previous = signal.signal(signal.SIGINT, lambda *_: interrupted.append(True))
    try:
        sock = handshake(path, argv)
    except (OSError, ValueError):
        sock = None
    finally:
        signal.signal(signal.SIGINT, previous)
    if sock is None:
        return interrupted_here(argv) if interrupted else None
    if interrupted:
        _send_interrupt(sock)
    return wait_for_status(sock)


def like_the_server() -> bool:
    """A server's child runs as a cold call would only for a client started as the server was: a
    client that ignores Ctrl-C or hangup (nohup, a script's `&`) or has a memory limit of its own
    (ulimit -v) runs cold, where the computing child keeps both."""
    import resource

    if any(signal.getsignal(number) == signal.SIG_IGN for number in (signal.SIGINT, signal.SIGHUP)):
        return False
    return resource.getrlimit(resource.RLIMIT_AS)[0] == resource.RLIM_INFINITY


def interrupted_here(argv: list[str]) -> int:
    """Ctrl-C while asking a server that then did not take the request: as a cold call reports
    it."""
    from calcli.cli.launch import report
    from calcli.errors import Interrupted

    return report(argv[0] if argv else None, Interrupted("interrupted by the user"), argv)


def handshake(path: str, argv: list[str]) -> socket.socket | None:
    """Connect, check it is this user's server, hand over the request and the streams; the socket
    once accepted."""
    if not private(os.path.dirname(path)) or any(
        s is None for s in (sys.stdin, sys.stdout, sys.stderr)
    ):
        return None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(HANDSHAKE_SECONDS)
    try:
        sock.connect(path)
        if peer_uid(sock) != os.getuid():  # a socket someone else put there is never talked to
            raise ValueError("not this user's server")
        env = {k: v for k, v in os.environ.items() if forwarded(k)}
        encodings = [
            getattr(s, "encoding", None) or "utf-8" for s in (sys.stdin, sys.stdout, sys.stderr)
        ]
        body = to_json(
            {
                "protocol": PROTOCOL,
                "stamp": stamp(),
                "argv": argv,
                "cwd": os.getcwd(),
                "env": env,
                "encodings": encodings,
            }
        )
        message = framing.frame(REQUEST, body.encode())
        if len(message) > MAX_REQUEST:
            raise ValueError("request too large")
        sent = sock.sendmsg(
            [message], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, struct.pack("3i", 0, 1, 2))]
        )
        sock.sendall(message[sent:])
        if framing.read(sock, 0)[0] != ACCEPTED:
            raise ValueError("not accepted")
        # only now does the server's child run it: a client that gave up runs cold, never both
        sock.sendall(framing.frame(GO))
    except BaseException:
        sock.close()
        raise
    sock.settimeout(None)
    return sock


# JSON string escapes: ASCII only, so that a name that is not valid UTF-8 (a surrogate escape)
# travels too
_ESCAPES = {**{i: f"\\u{i:04x}" for i in range(32)}, ord('"'): '\\"', ord("\\"): "\\\\"}


def to_json(value) -> str:
    """The request as JSON (ints, strings, lists of strings and dicts of them), as json.dumps
    writes it."""
    if isinstance(value, bool) or not isinstance(value, (int, str, list, dict)):
        raise ValueError("not a request value")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(to_json(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{to_json(str(k))}: {to_json(v)}" for k, v in value.items()) + "}"
    text = value.translate(_ESCAPES)
    if not text.isascii():
        text = "".join(c if c.isascii() else _escape(c) for c in text)
    return f'"{text}"'


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def wait_for_status(sock: socket.socket) -> int:
    """From here the server's child is writing to our streams: never run cold as well. Ctrl-C is
    passed on."""
    previous = signal.signal(signal.SIGINT, lambda *_: _send_interrupt(sock))
    try:
        kind, digits = framing.read(sock, 16)
    except (OSError, ValueError):
        kind, digits = b"", b""
    finally:
        signal.signal(signal.SIGINT, previous)
        sock.close()
    if kind == STATUS and digits.isdigit():
        return int(digits)
    print(
        "calcli: error: the calcli server stopped during the request (run it again, or with "
        "CALCLI_SERVER=off).",
        file=sys.stderr,
    )
    return 3


def _send_interrupt(sock: socket.socket) -> None:
    try:
        sock.sendall(framing.frame(INTERRUPT))
    except OSError:
        pass


def start_in_background() -> None:
    """CALCLI_SERVER=auto: start a server for the next calls; this one runs cold."""
    import subprocess

    try:
        subprocess.Popen(
            [sys.executable, "-m", "calcli", "server", "start"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env={**os.environ, "CALCLI_SERVER": "off"},
        )
    except OSError:
        pass

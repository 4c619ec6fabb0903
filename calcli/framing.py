"""One framing for every message between calcli's processes: a kind byte, the payload's length in
8 bytes (big-endian), then the payload. A computing child and its parent (calcli.limits: the
one-shot Worker and batch's Pool), and a warm server, its request children and their clients
(calcli.cli.server, calcli.cli.client) all speak it; the kinds are each side's own. Imports
nothing: every warm call's thin client loads it."""

from __future__ import annotations

HEADER = 9  # the kind and the length


def frame(kind: bytes, payload: bytes = b"") -> bytes:
    return kind + len(payload).to_bytes(8, "big") + payload


def header(data: bytes) -> tuple[bytes, int]:
    """(kind, payload length) of a frame's first HEADER bytes."""
    return data[:1], int.from_bytes(data[1:HEADER], "big")


def read(sock, limit: int) -> tuple[bytes, bytes]:
    """(kind, payload) of the next frame on a socket (each recv waits up to its timeout);
    (b"", b"") when the stream ends first, even inside a frame. A payload longer than `limit` is
    refused (ValueError) before it is read."""
    head = _exactly(sock, HEADER)
    if len(head) < HEADER:
        return b"", b""
    kind, size = header(head)
    if size > limit:
        raise ValueError("a message too large")
    payload = _exactly(sock, size)
    return (kind, payload) if len(payload) == size else (b"", b"")


def _exactly(sock, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(min(size - len(data), 65536))
        if not chunk:
            break
        data += chunk
    return data

"""calcli's cold path run in the test's own process, as a shell would run it in a pipe: the tests
of what calcli writes need no interpreter of their own (tests/test_server.py compares these bytes
with a real cold process on every kind of output, and with a warm server's on a sample).

What only a process can show (signals, closed descriptors, a terminal, the memory cap, orphans,
PYTHONIOENCODING) stays in subprocess tests, one per concern."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest


def call(
    *args: str,
    input: str | bytes | None = None,
    env: dict[str, str] | None = None,
    cwd=None,
    text: bool = True,
) -> subprocess.CompletedProcess:
    """`calcli ARGS` with stdin, stdout and stderr pipes, in this process: entry's reading of argv,
    then launch.run (the computation still runs in a forked child). stdin holds `input` (empty when
    None); `env` is added to the environment and `cwd` is the working directory for the call.
    stdout and stderr are UTF-8 bytes, or text when `text`."""
    from calcli.cli.entry import command_line
    from calcli.cli.launch import run

    data = _bytes(input)
    out, err = io.BytesIO(), io.BytesIO()
    streams = [io.TextIOWrapper(b, encoding="utf-8", write_through=True) for b in (out, err)]
    with pytest.MonkeyPatch.context() as patch:
        for key, value in (env or {}).items():
            patch.setenv(key, value)
        if cwd is not None:
            patch.chdir(cwd)
        patch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
        patch.setattr(sys, "stdout", streams[0])
        patch.setattr(sys, "stderr", streams[1])
        code = run(command_line(list(args)))
    return _completed(args, code, out.getvalue(), err.getvalue(), text)


def call_process(
    *args: str,
    input: str | bytes | None = None,
    env: dict[str, str] | None = None,
    cwd=None,
    text: bool = True,
) -> subprocess.CompletedProcess:
    """`python -m calcli ARGS` in a new process, the same call as `call` above: cold, or answered
    by the server the environment names."""
    data = _bytes(input)
    done = subprocess.run(
        [sys.executable, "-m", "calcli", *args],
        input=data,
        capture_output=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=120,
    )
    return _completed(args, done.returncode, done.stdout, done.stderr, text)


def _bytes(input: str | bytes | None) -> bytes:
    return input.encode() if isinstance(input, str) else input or b""


def _completed(args, code: int, out: bytes, err: bytes, text: bool) -> subprocess.CompletedProcess:
    if text:
        return subprocess.CompletedProcess(args, code, out.decode(), err.decode())
    return subprocess.CompletedProcess(args, code, out, err)

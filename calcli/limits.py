"""Run a computation under a time limit and a memory cap, in a forked child process.

A child is the only way to stop work that ignores signals (huge integer
arithmetic inside CPython holds the interpreter until it is done): the parent
waits with a deadline and kills the child, so a user's machine is never hung or
swapped. The job goes to the child pickled, and its result (or CalcliError)
comes back pickled.

Every message between calcli and a child (the one-shot Worker and batch's Pool alike) is one frame
of calcli.framing: a kind byte, 8 bytes of length, and that many bytes (_send, _read_frame).

A Worker can be started before the parent imports typer: the child imports
sympy on the second core while the parent reads the command line, which makes
start-up cost about max(sympy, typer) instead of their sum.
"""

from __future__ import annotations

import functools
import importlib
import os
import pickle
import resource
import select
import signal
import sys
import time
from dataclasses import dataclass
from typing import Callable, Iterable

import calcli.framing as framing
from calcli.errors import CalcliError, EngineError, InputError, LimitError
from calcli.registry import preload
from calcli.request import DEFAULT_TIMEOUT

MEMORY_MB = 4096  # the default cap; CALCLI_MEMORY_MB sets another
MIN_MEMORY_MB = 16  # a sanity floor; tests use a tiny cap to see it hold
RECURSION_LIMIT = 6000
CPU_GRACE = 10.0  # seconds of CPU time beyond the timeout before the backstop ends a child
STARTUP_LIMIT = 120.0  # seconds for the child to import sympy before the job's own clock starts
# the kinds of frame
READY = b"R"  # the child is warm (empty)
JOB = b"J"  # the pickled job
OUTPUT = b"O"  # a piece of the output, streamed ahead of the outcome (Streamed)
OUTCOME = b"P"  # the pickled outcome: ("ok", value) or ("error", CalcliError)
PATIENCE = 1.0  # seconds before a terminal is told that calcli is still computing
OUT_OF_MEMORY = 71  # a child's exit status when it ran out of memory before it could say so


def warm_engine() -> None:
    """Import sympy and let it load what it loads lazily on first use."""
    import sympy

    x = sympy.Symbol("x", real=True)
    sympy.diff((x + 1) * x, x).subs(x, 1).evalf()


class Worker:
    """A forked child that warms up, then runs exactly one job sent to it."""

    def __init__(self, warm: Callable[[], None] = warm_engine, job: tuple | None = None):
        """`job`, (callable, memory_mb, timeout), is handed over by the fork itself rather than
        pickled."""
        self.job_w: int | None
        self.pid, self.job_w, self.result_r = _fork(
            lambda job_r, result_w: _serve(job_r, result_w, warm, job)
        )
        if job is not None:
            os.close(self.job_w)
            self.job_w = None

    def run(
        self,
        job: Callable | None,
        timeout: float,
        memory_mb: int,
        waiting: Callable[[float], None] | None = None,
        output: Callable[[str], None] | None = None,
    ):
        """job() computed in the child; raise its CalcliError, or LimitError. `waiting(seconds)`
        is called every PATIENCE while there is no answer yet (a terminal's "computing… 3 s"
        line); it changes nothing else. `output(text)` takes each piece of output the job emits,
        as it comes (an exception from it stops the child)."""
        try:
            ready = _read_frame(self.result_r, time.monotonic() + STARTUP_LIMIT)
            if ready is None or ready[0] != READY:
                raise LimitError("the computing process could not start")
            if self.job_w is not None:
                _send(self.job_w, JOB, pickle.dumps((job, memory_mb, timeout)))
                os.close(self.job_w)
            started = time.monotonic()
            deadline = started + timeout
            while waiting is not None and time.monotonic() < deadline:
                if select.select(
                    [self.result_r], [], [], max(0.0, min(PATIENCE, deadline - time.monotonic()))
                )[0]:
                    break
                # nothing read yet: the answer is still being computed
                waiting(time.monotonic() - started)
            payload = _receive(self.result_r, deadline, output)
        except BaseException:  # Ctrl-C or a failed start: the child goes too
            self.stop()
            raise
        finally:
            os.close(self.result_r)
        if payload is None:
            self.stop()
            raise _timeout_error(timeout)
        if not payload:
            raise LimitError(_death_message(os.waitpid(self.pid, 0)[1], memory_mb))
        # tearing down its memory takes milliseconds: the answer need not wait for it
        _exiting.append(self.pid)
        kind, value = pickle.loads(payload)
        if kind == "error":
            raise value
        return value

    def stop(self) -> None:
        _kill(self.pid)


def _fork(child: Callable[[int, int], None], interrupt=signal.SIG_DFL) -> tuple[int, int, int]:
    """Fork a child that runs child(job_r, result_w) and never returns; (pid, job_w, result_r)
    for the parent.

    The child dies with its parent (so a killed calcli leaves nothing running), and it
    sets its own signal handling before any signal can reach it: `interrupt` is what
    Ctrl-C does to it. A signal that calcli was started ignoring stays ignored."""
    parent = os.getpid()
    job_r, job_w = os.pipe()
    result_r, result_w = os.pipe()
    # nohup, a script's `&`
    ignored = {number for number in STOP_SIGNALS if signal.getsignal(number) == signal.SIG_IGN}
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    pid = os.fork()
    if pid == 0:
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN if signal.SIGINT in ignored else interrupt)
            for number in (signal.SIGTERM, signal.SIGHUP):
                signal.signal(number, signal.SIG_IGN if number in ignored else signal.SIG_DFL)
            _die_with(parent)
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
            os.close(job_w)
            os.close(result_r)
            child(job_r, result_w)
        finally:
            os._exit(70)
    signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    os.close(job_r)
    os.close(result_w)
    return pid, job_w, result_r


STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """Linux: the kernel kills this child when the parent exits, however it exits (even SIGKILL).
    Elsewhere the CPU limit set with each job (see _apply_limits) ends an orphan."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(70)


# calcli's own code every command uses, loaded before the memory cap as well: under a small cap even
# compiling a module can fail (and then reads as a SyntaxError); each command's own is in the
# registry
OWN_MODULES = ("calcli.commands", "calcli.ops.check", "calcli.render.plain")


def memory_limit_mb() -> int:
    """The memory cap in MiB: CALCLI_MEMORY_MB, or MEMORY_MB."""
    text = os.environ.get("CALCLI_MEMORY_MB", "").strip()
    if not text:
        return MEMORY_MB
    if not text.isascii() or not text.isdigit() or not MIN_MEMORY_MB <= int(text) <= 1 << 30:
        raise InputError(
            f"CALCLI_MEMORY_MB must be a whole number of MiB, at least "
            f"{MIN_MEMORY_MB}, not '{text[:40]}'"
        )
    return int(text)


def prestart(command: str = "", numeric: bool = False, table: bool = False) -> Worker:
    """Start the worker for this process's one command now (see the module docstring); the
    launcher hands it to the command (calcli.request.Launch), whose run_limited gives it the job.

    Commands that compute with numpy (and scipy) import it here too, before the memory
    cap, which would otherwise leave no room for loading its libraries."""
    memory_limit_mb()  # a bad setting is reported before anything starts
    modules = preload(command, numeric) + OWN_MODULES + (("calcli.render.table",) if table else ())

    def warm() -> None:
        warm_engine()
        for name in modules:
            importlib.import_module(name)
        if table:  # the command's own table too, when it has one of its own (render.writers)
            from calcli.render.writers import table_module

            importlib.import_module(table_module(command))

    return Worker(warm)


def inherited_limit_mb() -> int | None:
    """This process's own address-space limit in MiB (ulimit -v, a container's), which no child
    can raise."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limits = [value for value in (soft, hard) if value != resource.RLIM_INFINITY]
    return min(limits) // (1024 * 1024) if limits else None


# read once, in the process that forks every child (a fact of how it started)
INHERITED_MB = inherited_limit_mb()


def capped(memory_mb: int) -> int:
    """The cap a child can set: calcli's, or the lower limit the process was started under."""
    return memory_mb if INHERITED_MB is None else min(memory_mb, INHERITED_MB)


def run_limited(
    job: Callable,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int | None = None,
    waiting=None,
    output=None,
    worker: Worker | None = None,
):
    """Return job() computed in a child process under the limits; raise its CalcliError, or
    LimitError. `waiting` and `output`: see Worker.run. `worker`: one started earlier for this
    job (prestart), else a child is forked now."""
    from calcli.request import check_timeout

    # the API's caller too: a string, NaN or -1 is one sentence, never a time limit of -1 s
    check_timeout(timeout)
    memory_mb = capped(memory_mb or memory_limit_mb())
    reap()
    if worker is None:
        return Worker(warm=_nothing, job=(job, memory_mb, timeout)).run(
            None, timeout, memory_mb, waiting, output
        )
    return worker.run(job, timeout, memory_mb, waiting, output)


def _nothing() -> None:
    pass


def _serve(job_r: int, result_w: int, warm: Callable[[], None], job: tuple | None) -> None:
    """The child's whole life: never returns."""
    code, memory_mb, status = 0, None, _status_file()
    try:
        warm()
        _send(result_w, READY)
        if job is None:
            kind, data = _read_frame(job_r) or (b"", b"")
            # the parent needed no computation (usage error, --help): it closed the pipe
            if kind != JOB:
                os._exit(0)
            job = pickle.loads(data)
        call, memory_mb, timeout = job
        _apply_limits(memory_mb, timeout)
        outcome = _outcome(call, memory_mb, status)
        if outcome[0] == "ok" and isinstance(outcome[1], Streamed):
            outcome = _outcome(functools.partial(_stream, outcome[1], result_w), memory_mb, status)
        _send(result_w, OUTCOME, pickle.dumps(outcome))
        # the parent reads to the end: it has the result now, not when this exit is done
        os.close(result_w)
    except BaseException as exc:
        code = _failure_code(exc, memory_mb, status)
    finally:
        os._exit(code)


@dataclass(frozen=True)
class Streamed:
    """What a job returns when its output can be written while it is computed: the pieces, each
    sent to the parent as it is made (Worker.run's `output`), then `then()`, the job's outcome."""

    pieces: Iterable[str]
    then: Callable[[], object]


def _stream(streamed: Streamed, result_w: int):
    """In the computing child: each piece to the parent now, ahead of the outcome."""
    for piece in streamed.pieces:
        if data := piece.encode():
            _send(result_w, OUTPUT, data)
    return streamed.then()


def _receive(fd: int, deadline: float, output: Callable[[str], None] | None) -> bytes | None:
    """The child's pickled outcome, each piece of output before it given to output(); None when
    the deadline passes first, b"" when the child ended without an outcome."""
    while True:
        frame = _read_frame(fd, deadline)
        if frame is None:
            return None
        kind, payload = frame
        if kind == OUTCOME:
            return payload
        if kind != OUTPUT or output is None:  # the end, or output that nobody asked for
            return b""
        output(payload.decode())


def _send(fd: int, kind: bytes, payload: bytes = b"") -> None:
    """One frame (calcli.framing)."""
    _write_all(fd, framing.frame(kind, payload))


def _read_frame(fd: int, deadline: float | None = None) -> tuple[bytes, bytes] | None:
    """(kind, payload) of the next frame; (b"", b"") when the pipe ends first, even inside a
    frame; None when the deadline passes first."""
    head = _read_until(fd, deadline, stop_after=framing.HEADER)
    if head is None or len(head) < framing.HEADER:
        return None if head is None else (b"", b"")
    kind, size = framing.header(head)
    payload = _read_until(fd, deadline, stop_after=size) if size else b""
    if payload is None or len(payload) < size:
        return None if payload is None else (b"", b"")
    return kind, payload


def _failure_code(exc: BaseException, memory_mb: int | None, status: int | None) -> int:
    """How a child that could not even report its outcome exits: OUT_OF_MEMORY when it was at its
    cap."""
    return (
        OUT_OF_MEMORY
        if isinstance(exc, MemoryError) or (memory_mb and _at_memory_cap(memory_mb, status))
        else 70
    )


def _apply_limits(memory_mb: int, timeout: float) -> None:
    """In a child, before its job: the memory cap, room for sympy's deep recursion, and a CPU-time
    backstop (the parent's deadline is the real limit; this one only ends an orphan where the
    kernel cannot tie the child's life to the parent's, and allows for numpy's threads)."""
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    sys.setrecursionlimit(RECURSION_LIMIT)
    used = resource.getrusage(resource.RUSAGE_SELF)
    seconds = int(used.ru_utime + used.ru_stime + timeout * (os.cpu_count() or 1) + CPU_GRACE)
    hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    resource.setrlimit(
        resource.RLIMIT_CPU,
        (seconds if hard == resource.RLIM_INFINITY else min(seconds, hard), hard),
    )


# The children this process forked that gave their result and are exiting (their teardown need
# not delay the answer): a fact of the process, like the kernel's list of its children, so kept
# here rather than passed down; reap() waits for them before the next child and at exit.
_exiting: list[int] = []


def reap() -> None:
    """Wait for the children that gave their result and are exiting: none is left behind this
    process."""
    while _exiting:
        try:
            os.waitpid(_exiting.pop(), 0)
        except ChildProcessError:
            pass


def _timeout_error(timeout: float) -> LimitError:
    return LimitError(
        f"the computation did not finish within the time limit of {timeout:g} s "
        f"(raise it with --timeout)"
    )


def _kill(pid: int) -> int:
    """SIGKILL the child (if it still runs) and reap it; its wait status."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return 0


def _outcome(job: Callable, memory_mb: int, status: int | None) -> tuple:
    try:
        return "ok", job()
    except CalcliError as exc:
        return "error", exc
    except MemoryError:
        return "error", _out_of_memory(memory_mb)
    except RecursionError:
        return "error", LimitError("the expression is too deeply nested to compute")
    except Exception as exc:  # an engine failure is reported, never shown as a traceback
        # out of memory, surfacing as another error (SystemError, SyntaxError in an import)
        if _at_memory_cap(memory_mb, status):
            return "error", _out_of_memory(memory_mb)
        # ints of over 4300 digits
        if isinstance(exc, ValueError) and "integer string conversion" in str(exc):
            return "error", LimitError(
                "a number in the result has more than 4300 digits, too many to print"
            )
        return "error", engine_failure(exc)


def _out_of_memory(memory_mb: int) -> LimitError:
    return LimitError(f"the computation ran out of memory ({limit_words(memory_mb)})")


def limit_words(memory_mb: int) -> str:
    """Which limit it was: calcli's (CALCLI_MEMORY_MB), or the one the shell or container set
    (ulimit -v)."""
    if INHERITED_MB is not None and memory_mb >= INHERITED_MB:
        return f"the limit is {memory_mb} MiB, set by ulimit -v or the container calcli runs in"
    return f"the limit is {memory_mb} MiB"


def _status_file() -> int | None:
    """A computing child's /proc/self/status, opened before its cap (at the cap even open() can
    fail), for _at_memory_cap; None where there is none."""
    try:
        return os.open("/proc/self/status", os.O_RDONLY)
    except OSError:
        return None


def _at_memory_cap(memory_mb: int, status: int | None) -> bool:
    """The child's address space (its /proc/self/status) peaked within a few MiB of the cap
    (Linux; elsewhere False)."""
    try:
        text = os.pread(status, 8192, 0) if status is not None else b""
        peak_kb = int(text.split(b"VmPeak:")[1].split()[0])
    except (OSError, ValueError, IndexError, MemoryError):
        return False
    return peak_kb >= (memory_mb - 8) * 1024


def engine_failure(exc: Exception) -> EngineError:
    first_line = next((line.strip() for line in str(exc).splitlines() if line.strip()), "")
    return EngineError(
        f"the computation failed inside the engine ({type(exc).__name__}: {first_line[:200]})"
    )


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read_until(fd: int, deadline: float | None, stop_after: int | None = None) -> bytes | None:
    """The bytes on fd until EOF (or `stop_after` bytes); None when the deadline passes first."""
    chunks, size = [], 0
    while stop_after is None or size < stop_after:
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            return None
        chunk = os.read(fd, (stop_after - size) if stop_after else 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _death_message(status: int, memory_mb: int) -> str:
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == OUT_OF_MEMORY:
        return str(_out_of_memory(memory_mb))
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (
        signal.SIGKILL,
        signal.SIGSEGV,
        signal.SIGABRT,
    ):
        return (
            f"the computation was stopped: it ran out of memory ({limit_words(memory_mb)}) or "
            f"crashed"
        )
    return "the computation stopped without a result"


# a Pool's producer asks for a finished job before it goes on (batch: too many records wait)
WAIT = ("wait",)


class Pool:
    """Long-lived forked workers for batch: each runs one job at a time.

    The parent keeps every job's deadline; a worker that overruns it, or dies (the memory
    cap), is killed and replaced, and its job is reported as a LimitError."""

    def __init__(self, size: int, memory_mb: int | None = None):
        self.memory_mb = capped(memory_mb or memory_limit_mb())
        self.size = max(1, size)
        self.idle: list[_PoolWorker] = []  # workers are started when there is work for them
        self.busy: dict[int, tuple] = {}  # result fd -> (worker, key, deadline, started)

    def run(self, jobs):
        """jobs: iterable of (key, job, timeout), consumed as workers come free (so a generator
        can still be producing them); WAIT among them means: no more until a running job
        finishes. Yields (key, outcome, seconds) as jobs finish, where outcome is ("ok", value)
        or ("error", CalcliError)."""
        pending = iter(jobs)
        upcoming = next(pending, None)
        while upcoming is not None or self.busy:
            while upcoming is not None and (self.idle or len(self.busy) < self.size):
                if upcoming is WAIT:
                    if self.busy:
                        break
                    upcoming = next(pending, None)
                    continue
                key, job, timeout = upcoming
                upcoming = next(pending, None)
                worker = self.idle.pop() if self.idle else self._new()
                started = time.monotonic()
                if worker.send((job, timeout)):
                    self.busy[worker.result_r] = (worker, key, started + timeout, started, timeout)
                else:
                    yield key, ("error", LimitError("the computing process could not start")), 0.0
            if self.busy:
                yield from self._collect()
                if upcoming is WAIT:
                    upcoming = next(pending, None)

    def _collect(self):
        now = time.monotonic()
        wait = max(0.0, min(deadline for _, _, deadline, _, _ in self.busy.values()) - now)
        ready, _, _ = select.select(list(self.busy), [], [], wait)
        now = time.monotonic()
        for fd in ready:
            worker, key, _, started, _ = self.busy.pop(fd)
            outcome = worker.receive()
            if outcome is None:  # it died (the memory cap): a new one starts when there is work
                outcome = ("error", LimitError(_death_message(worker.stop(), self.memory_mb)))
            else:
                self.idle.append(worker)
            yield key, outcome, now - started
        for fd, (worker, key, deadline, started, timeout) in list(self.busy.items()):
            if now >= deadline:
                del self.busy[fd]
                worker.stop()
                yield key, ("error", _timeout_error(timeout)), now - started

    def _new(self) -> "_PoolWorker":
        return _PoolWorker(self.memory_mb)

    def close(self) -> None:
        for worker in self.idle + [w for w, *_ in self.busy.values()]:
            worker.stop()
        self.idle, self.busy = [], {}


class _PoolWorker:
    def __init__(self, memory_mb: int):
        # Ctrl-C is ignored: the parent handles it and stops the workers
        self.pid, self.job_w, self.result_r = _fork(
            lambda job_r, result_w: _pool_loop(job_r, result_w, memory_mb), signal.SIG_IGN
        )

    def send(self, job) -> bool:
        try:
            _send(self.job_w, JOB, pickle.dumps(job))
            return True
        except (BrokenPipeError, pickle.PicklingError, TypeError, AttributeError):
            self.stop()
            return False

    def receive(self):
        kind, data = _read_frame(self.result_r) or (b"", b"")
        return pickle.loads(data) if kind == OUTCOME else None

    def stop(self) -> int:
        for fd in (self.job_w, self.result_r):
            try:
                os.close(fd)
            except OSError:
                pass
        return _kill(self.pid)


def _pool_loop(job_r: int, result_w: int, memory_mb: int) -> None:
    code, status = 0, _status_file()
    try:
        while (frame := _read_frame(job_r)) and frame[0] == JOB:
            job, timeout = pickle.loads(frame[1])
            _apply_limits(memory_mb, timeout)
            _send(result_w, OUTCOME, pickle.dumps(_outcome(job, memory_mb, status)))
    except BaseException as exc:
        code = _failure_code(exc, memory_mb, status)
    finally:
        os._exit(code)

"""batch: many calcli command lines in one process, one record per line, in input order.

Each line is read by the same command-line parser as a single command (shell
quoting, the same options), its work runs in a pool of forked workers under
its own --timeout and the memory cap, and it yields the same JSON object the
command would print alone, plus "line" and "seconds".

The lines are untrusted (a student's file): they are read one at a time with a
bounded length, each line's bytes are decoded on their own (one bad byte spoils
that line only), and a line may read or write files only inside the directory
given with --allow-files. Input and output stream: memory does not grow with
the number of lines.
"""

from __future__ import annotations

import io
import os
import shlex
import sys
import time
from dataclasses import dataclass, field
from typing import BinaryIO, Callable, Iterator

from calcli.errors import CalcliError, ExitCode, InputError
from calcli.files import FilePolicy
from calcli.formats import Format
from calcli.render import envelope
from calcli.render.safe import safe

MAX_LINE_BYTES = 32_000  # a command line, an expression of up to 10,000 characters and an answer
MAX_SKIP_BYTES = 16 << 20  # past an over-long line, this much without a line break ends the reading
MAX_JOBS_PER_CORE = 4
# finished records waiting for an earlier line: beyond this, reading waits too
MAX_HELD_RECORDS = 1000
STATUSES = ("passed", "failed", "unanswered", "error")


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based line number in the batch file
    argv: tuple = ()
    unreadable: str | None = None  # why the line could not be read or split
    answer: str | None = None  # from --answers: the claimed answer (None: none given)
    graded: bool = False  # True when --answers was given


@dataclass
class Record:
    line: int
    command: str | None
    data: dict  # the JSON object: the command's own, or an error object
    seconds: float = 0.0
    unanswered: bool = False

    @property
    def status(self) -> str:
        """passed, failed (a check did not pass), unanswered (--answers had none) or error."""
        if not self.data.get("ok") or self.data.get("status") == "unsolved":
            return "error"
        if self.unanswered:
            return "unanswered"
        check = self.data.get("check")
        return "failed" if check and check.get("verdict") != "equal" else "passed"


@dataclass
class Summary:
    """Counts, and (for the terminal table only) one short row per record."""

    keep_rows: bool = False
    rows: list = field(default_factory=list)
    counts: dict = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    started: float = field(default_factory=time.monotonic)
    interrupted: bool = False

    def add(self, record: Record) -> None:
        self.counts[record.status] += 1
        if self.keep_rows:
            self.rows.append(
                (record.line, record.command, record.status, outcome_text(record), record.seconds)
            )

    def text(self) -> str:
        c = self.counts
        line = f"{c['passed']} passed, {c['failed']} failed, {c['error']} errors"
        return line + (f", {c['unanswered']} unanswered" if c["unanswered"] else "")

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return ExitCode.INTERRUPTED
        return (
            ExitCode.OK
            if self.counts["passed"] == sum(self.counts.values())
            else ExitCode.CHECK_FAILED
        )


def open_input(path: str, what: str) -> BinaryIO:
    """The user's own file of lines, opened once (a regular file, or a pipe such as <(...)), or
    stdin for -."""
    from calcli.files import open_for_reading

    if path == "-":
        if sys.stdin is None:  # started with <&-
            raise InputError(f"{what} is standard input, which is closed")
        return sys.stdin.buffer
    # closed by the caller when the batch ends
    return os.fdopen(open_for_reading(path, what, pipes=True), "rb")


def raw_lines(stream: BinaryIO) -> Iterator[tuple[int, str | None, str | None]]:
    """(number, text, None) per line, or (number, None, why) for a line too long or not UTF-8. A
    line ends with LF, CRLF or a lone CR (a file saved by an old Mac editor); each line is
    decoded on its own."""
    lines = io.TextIOWrapper(stream, encoding="utf-8", errors="surrogateescape", newline=None)
    try:
        yield from _numbered(lines)
    finally:
        lines.detach()  # the caller closes its own stream (stdin stays open)


def _numbered(lines: io.TextIOWrapper) -> Iterator[tuple[int, str | None, str | None]]:
    number = 0
    while chunk := lines.readline(MAX_LINE_BYTES + 1):
        number += 1
        if len(chunk) > MAX_LINE_BYTES and not chunk.endswith("\n"):
            skipped = 0
            # skip the rest without holding it
            while chunk and not chunk.endswith("\n") and skipped < MAX_SKIP_BYTES:
                chunk = lines.readline(1 << 16)
                skipped += len(chunk)
            if skipped >= MAX_SKIP_BYTES:  # /dev/zero, a binary file: nothing after this is a line
                yield (
                    number,
                    None,
                    (
                        f"the line is longer than {MAX_LINE_BYTES:,} bytes and no "
                        f"line break follows; the rest of the file is not read"
                    ),
                )
                return
            yield number, None, f"the line is longer than {MAX_LINE_BYTES:,} bytes"
            continue
        if "\x00" in chunk:
            yield (
                number,
                None,
                (
                    "the line contains a NUL byte: is this a text file, or one saved "
                    "as UTF-16 (save it as UTF-8)?"
                ),
            )
            continue
        text = chunk.removeprefix("\ufeff") if number == 1 else chunk
        try:
            text.encode("utf-8")  # an invalid byte was kept as a lone surrogate
        except UnicodeEncodeError:
            yield (
                number,
                None,
                ("the line is not UTF-8 text (save the file as UTF-8, not UTF-16 or Latin-1)"),
            )
            continue
        yield number, text.rstrip("\n"), None


def is_content(text: str | None) -> bool:
    return text is None or (bool(text.strip()) and not text.lstrip().startswith("#"))


def answers_from(stream: BinaryIO | None) -> Iterator[tuple[str | None, str | None]]:
    """(answer or None when unanswered, why it is unreadable) per answer line; # lines are
    comments."""
    if stream is None:
        return
    for _, text, why in raw_lines(stream):
        if text is not None and text.lstrip().startswith("#"):
            continue
        answer = None if text is None or text.strip() in ("", "-") else text.strip()
        yield answer, why


def problems_from(stream: BinaryIO, answers: BinaryIO | None) -> Iterator[Problem]:
    """The problem lines in order, each paired with its answer when --answers is given."""
    paired = answers_from(answers)
    for number, text, why in raw_lines(stream):
        if not is_content(text):
            continue
        answer, answer_why = next(paired, (None, None))
        why = why or (
            f"the answer for this line is unreadable: {answer_why}" if answer_why else None
        )
        argv: tuple = ()
        if why is None:
            try:
                argv = tuple(shlex.split(text))
            except ValueError as exc:
                why = f"the line cannot be split into words: {exc}"
        if answer is not None and not why:
            argv = (*argv, "--expect", answer)
        yield Problem(number, argv, why, answer, answers is not None)


def error_record(
    problem: Problem,
    command: str | None,
    kind: str,
    message: str,
    seconds: float = 0.0,
    position=None,
) -> Record:
    data = envelope(
        command, False, {"error": {"kind": kind, "message": message, "position": position}}
    )
    return Record(problem.line, command, data, seconds)


@dataclass(frozen=True)
class RecordJob:
    """Compute one line in a worker: its JSON object and the files it made (both pickle back
    cheaply)."""

    compute: Callable[[], object]

    def __call__(self) -> tuple[dict, tuple]:
        from calcli.files import split_files
        from calcli.render import finite, result_object

        result, files = split_files(self.compute())
        return finite(result_object(result)), files


def collect(problem: Problem, files: FilePolicy, group):
    """Parse one line as the command line does: its Request, or an error Record. `group` is
    calcli's click command; the line's subcommand is invoked on its own, so it returns its
    Request instead of running it."""
    from calcli.errors import as_calcli_error
    from calcli.request import Request, check_timeout

    if problem.unreadable:
        return error_record(problem, None, "parse", problem.unreadable)
    name = problem.argv[0] if problem.argv else ""
    if name not in group.commands or name == "batch":
        return error_record(
            problem, None, "usage", "a batch line is a calcli command such as grad, div or solve"
        )
    if {"-h", "--help", "--version"} & set(problem.argv):
        return error_record(
            problem, name, "usage", "--help and --version have no place in a batch line"
        )
    try:
        request = group.commands[name].main(
            args=list(problem.argv[1:]),
            prog_name=f"calcli {name}",
            standalone_mode=False,
            obj=files,
        )
    # a usage mistake, or calcli's own error: the line's record says which
    except Exception as exc:  # noqa: BLE001
        err = as_calcli_error(exc)
        # Ctrl-C while this line was read: it stops the batch, not the line
        if err.kind == "interrupted":
            raise KeyboardInterrupt from exc
        return error_record(problem, name, err.kind, err.message, position=err.position)
    # typer's word for Ctrl-C while it parsed the line: the user stops the batch
    if request == ExitCode.INTERRUPTED:
        raise KeyboardInterrupt
    if not isinstance(request, Request):
        return error_record(problem, name, "usage", "the line asks for no computation")
    # a record is a JSON object whatever the line says
    if request.common.format not in (None, Format.json):
        return error_record(
            problem,
            name,
            "usage",
            "--format has no place in a batch line: batch writes every record in its own --format",
        )
    try:
        check_timeout(request.common.timeout)
    except CalcliError as err:
        return error_record(problem, name, err.kind, err.message)
    return request


def finished(problem: Problem, outcome: tuple, seconds: float) -> Record:
    """The record of a line whose work ran: its object (after writing its files), or its error."""
    kind, value = outcome
    if kind != "ok":
        return error_record(
            problem, problem.argv[0], value.kind, value.message, seconds, value.position
        )
    data, files = value
    try:
        for file in files:
            file.write()
    except CalcliError as exc:
        return error_record(problem, problem.argv[0], exc.kind, exc.message, seconds)
    return Record(
        problem.line,
        data["command"],
        data,
        seconds,
        unanswered=problem.graded and problem.answer is None,
    )


def run_batch(problems: Iterator[Problem], jobs: int, files: FilePolicy, on_record, group) -> bool:
    """Run every problem; call on_record(record) in input order as they finish. False when
    interrupted."""
    from calcli.limits import WAIT, Pool

    warm_for_workers()
    pool = Pool(jobs)
    ready: dict[int, Record] = {}
    lines: dict[int, Problem] = {}
    next_index = 0

    def work():
        """The lines' jobs, read and parsed while the workers already compute the first ones. A
        line is read when a worker is free for it, and each record goes on (and is dropped) once
        the lines before it have theirs, so memory stays flat however many lines there are."""
        for index, problem in enumerate(problems):
            # they wait for a slow line before them: go on once a job has finished
            if len(ready) >= MAX_HELD_RECORDS:
                yield WAIT
            got = collect(problem, files, group)
            if isinstance(got, Record):
                ready[index] = got
                flush()  # an error line waits only for the lines before it, not for the next job
            else:
                lines[index] = problem
                yield index, RecordJob(got.compute), got.common.timeout

    def flush():
        nonlocal next_index
        while next_index in ready:
            on_record(ready.pop(next_index))
            next_index += 1

    try:
        for index, outcome, seconds in pool.run(work()):
            ready[index] = finished(lines.pop(index), outcome, seconds)
            flush()
        flush()
        return True
    except KeyboardInterrupt:
        for index in sorted(ready):  # finished but waiting for an earlier line: report them too
            on_record(ready[index])
        return False
    finally:
        pool.close()


def warm_for_workers() -> None:
    """sympy and calcli's own modules loaded once, before a pool's workers fork and take the
    memory cap."""
    import importlib

    from calcli.limits import OWN_MODULES, warm_engine
    from calcli.registry import COMMANDS, preload

    warm_engine()
    for name in dict.fromkeys(
        [*OWN_MODULES, *(m for c in COMMANDS for m in preload(c) if m.startswith("calcli."))]
    ):
        importlib.import_module(name)


def record_json(record: Record) -> dict:
    data = dict(record.data)
    head = {k: data.pop(k) for k in ("calcli", "command", "ok")}
    return {
        **head,
        "line": record.line,
        "outcome": record.status,
        "seconds": round(record.seconds, 4),
        **data,
    }


def record_plain(record: Record) -> str:
    """One tab-separated line; the user's text is escaped like every other echo of it."""
    fields = (str(record.line), record.status, record.command or "", outcome_text(record))
    return "\t".join(safe(f).replace("\t", " ").replace("\n", " ") for f in fields)


CSV_HEADER = "line,outcome,command,result\r\n"


def record_csv(record: Record) -> str:
    """One CSV row (RFC 4180, as every calcli CSV): the plain line's fields, quoted where they
    need it."""
    from calcli.render.csv_rows import csv_text

    return csv_text([[record.line, record.status, record.command or "", outcome_text(record)]])


def outcome_text(record: Record) -> str:
    """One line on how a batch line ended: done, the verdict with its counterexample, or the
    error."""
    data = record.data
    if record.status == "error":
        return f"error: {data['error']['message']}"
    if record.status == "unanswered":
        return "unanswered"
    check = data.get("check")
    if check is None:
        return "done"
    if check["verdict"] == "equal":
        return f"equal ({check['method']})"
    ce = check.get("counterexample")
    where = ""
    if ce:
        at = ", ".join(f"{k} = {v}" for k, v in ce["at"].items())
        where = (
            f": {'at ' + at + ', ' if at else ''}answer {ce['expected']}, right value "
            f"{ce['actual']}"
        )
    return f"{check['verdict']}{where}"


def cores() -> int:
    return (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )

"""batch: many calcli command lines in one process, one record per line, in input order.

Each line is read by the same command-line parser as a single command (shell
quoting, the same options), its work runs in a pool of forked workers under
its own --timeout and the memory cap, and it yields the same JSON object the
command would print alone, plus "line" and "seconds".
"""
from __future__ import annotations

import os
import shlex
import sys
import time
from dataclasses import dataclass, field
from functools import lru_cache

from calcli.errors import CalcliError, ExitCode, InputError
from calcli.render import SCHEMA_VERSION


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based line number in the batch file
    text: str
    argv: tuple


@dataclass
class Record:
    line: int
    command: str | None
    data: dict  # the JSON object: the command's own, or an error object
    seconds: float = 0.0
    text: str = ""

    @property
    def status(self) -> str:
        """passed, failed (a check did not pass) or error."""
        if not self.data.get("ok"):
            return "error"
        check = self.data.get("check")
        return "failed" if check and check.get("verdict") != "equal" else "passed"


@dataclass
class Summary:
    records: list = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    interrupted: bool = False

    def counts(self) -> dict:
        out = {"passed": 0, "failed": 0, "error": 0}
        for r in self.records:
            out[r.status] += 1
        return out

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return ExitCode.INTERRUPTED
        return ExitCode.OK if all(r.status == "passed" for r in self.records) else ExitCode.CHECK_FAILED


def read_lines(path: str) -> list[tuple[int, str]]:
    try:
        text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the batch file {path}: {getattr(exc, 'strerror', None) or exc}") from None
    return [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.lstrip().startswith("#")]


def read_problems(path: str, answers_path: str | None) -> list[Problem]:
    lines = read_lines(path)
    answers = [a for _, a in read_lines(answers_path)] if answers_path else None
    if answers is not None and len(answers) != len(lines):
        raise InputError(f"the answer file has {len(answers)} answers for {len(lines)} problems (one per line, same order)")
    problems = []
    for i, (number, text) in enumerate(lines):
        try:
            argv = shlex.split(text)
        except ValueError as exc:
            argv = ("--unreadable--", str(exc))
        if answers is not None and answers[i].strip() != "-":
            argv = [*argv, "--expect", answers[i].strip()]
        problems.append(Problem(number, text, tuple(argv)))
    return problems


def error_record(problem: Problem, command: str | None, kind: str, message: str, seconds: float = 0.0, position=None) -> Record:
    data = {"calcli": SCHEMA_VERSION, "command": command, "ok": False, "error": {"kind": kind, "message": message, "position": position}}
    return Record(problem.line, command, data, seconds)


@dataclass(frozen=True)
class RecordJob:
    """Compute one line in a worker and return its JSON object (the result must pickle back cheaply)."""

    compute: object

    def __call__(self) -> dict:
        from calcli.render import envelope

        result = self.compute()
        return envelope(result.command, True, result.to_dict())


@lru_cache(maxsize=1)
def command_line():
    """The click command behind calcli's typer app: built once, it parses every line."""
    from typer.main import get_command

    from calcli.cli import app

    return get_command(app)


def collect(problem: Problem):
    """Parse one line as the command line does: (command, Common, compute) or an error Record."""
    import typer

    try:  # typer from 0.26 on carries its own copy of click
        from typer._click.exceptions import ClickException
    except ImportError:
        from click.exceptions import ClickException

    from calcli import runner

    if not problem.argv or problem.argv[0] in ("batch",):
        return error_record(problem, None, "usage", "a batch line is a calcli command such as grad, div or solve")
    if problem.argv[0] == "--unreadable--":
        return error_record(problem, None, "parse", f"the line cannot be split into words: {problem.argv[1]}")
    if {"-h", "--help"} & set(problem.argv):
        return error_record(problem, problem.argv[0], "usage", "--help has no place in a batch line")
    runner.collector = collected = []
    try:
        command_line().main(args=list(problem.argv), prog_name="calcli", standalone_mode=False)
    except ClickException as exc:
        return error_record(problem, problem.argv[0], "usage", exc.format_message())
    except typer.Exit:
        pass
    except CalcliError as exc:
        return error_record(problem, problem.argv[0], exc.kind, exc.message, position=exc.position)
    finally:
        runner.collector = None
    if not collected:
        return error_record(problem, problem.argv[0], "usage", "the line asks for no computation (help?)")
    return collected[0]


def run_batch(problems: list[Problem], jobs: int, summary: Summary, on_record) -> None:
    """Run every problem; call on_record(record) in input order as they finish."""
    from calcli.limits import Pool, warm_engine

    warm_engine()
    pool = Pool(max(1, min(jobs, len(problems))))
    ready: dict[int, Record] = {}
    next_index = 0

    def work():
        """The lines' jobs, parsed while the workers already compute the first ones."""
        for index, problem in enumerate(problems):
            got = collect(problem)
            if isinstance(got, Record):
                ready[index] = got
            else:
                command, common, compute = got
                yield index, RecordJob(compute), common.timeout

    def flush():
        nonlocal next_index
        while next_index in ready:
            record = ready.pop(next_index)
            summary.records.append(record)
            on_record(record)
            next_index += 1

    try:
        for index, outcome, seconds in pool.run(work()):
            problem = problems[index]
            kind, value = outcome
            if kind == "ok":
                ready[index] = Record(problem.line, value["command"], value, seconds)
            else:
                ready[index] = error_record(problem, problem.argv[0], value.kind, value.message, seconds, value.position)
            flush()
        flush()
    except KeyboardInterrupt:
        summary.interrupted = True
        for index in sorted(ready):  # finished but waiting for an earlier line: report them too
            summary.records.append(ready[index])
            on_record(ready[index])
    finally:
        pool.close()


def record_json(record: Record) -> dict:
    data = dict(record.data)
    head = {k: data.pop(k) for k in ("calcli", "command", "ok")}
    return {**head, "line": record.line, "seconds": round(record.seconds, 4), **data}


def record_plain(record: Record) -> str:
    return f"{record.line}\t{record.status}\t{record.command or ''}\t{outcome_text(record)}"


def outcome_text(record: Record) -> str:
    """One line on how a batch line ended: done, the verdict with its counterexample, or the error."""
    data = record.data
    if record.status == "error":
        return f"error: {data['error']['message']}"
    check = data.get("check")
    if check is None:
        return "done"
    if check["verdict"] == "equal":
        return f"equal ({check['method']})"
    ce = check.get("counterexample")
    where = ""
    if ce:
        at = ", ".join(f"{k} = {v}" for k, v in ce["at"].items())
        where = f": {'at ' + at + ', ' if at else ''}expected {ce['expected']}, right {ce['actual']}"
    return f"{check['verdict']}{where}"


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)

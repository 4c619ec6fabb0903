"""Reading, running and printing a batch: the glue between calcli.batch and the terminal."""

from __future__ import annotations

import os
import sys

from calcli.batch import (
    CSV_HEADER,
    MAX_JOBS_PER_CORE,
    Summary,
    cores,
    open_input,
    problems_from,
    record_csv,
    record_json,
    record_plain,
    run_batch,
)
from calcli.cli.runner import StdoutClosed, report_error, write_piece
from calcli.errors import CalcliError, ExitCode, InputError
from calcli.files import FilePolicy
from calcli.formats import BATCH_FORMATS, Format
from calcli.render import to_json
from calcli.request import Common
from calcli.terminal import Terminal


def run(
    path: str,
    jobs: int | None,
    answers: str | None,
    allow_files: str | None,
    common: Common,
    group,
    terminal: Terminal | None = None,
) -> int:
    """`group`: calcli's click command, which reads each line as the command line does;
    `terminal`: as the launcher measured it (else measured here)."""
    terminal = terminal or Terminal.measure()
    fmt = terminal.output_format(common.format, common.json, piped=Format.json)
    try:
        if fmt not in BATCH_FORMATS:
            raise InputError(f"batch writes table, plain, json or csv, not {fmt.value}")
        if path == "-" and answers == "-":
            raise InputError("the batch file and --answers cannot both be standard input")
        workers = worker_count(jobs)
        files = FilePolicy(untrusted=True, root=allowed_directory(allow_files))
        problems = open_input(path, "the batch file")
        key = open_input(answers, "the answer file") if answers else None
    except CalcliError as err:
        return report_error("batch", err, json=fmt is Format.json)
    summary = Summary(keep_rows=fmt is Format.table)
    if fmt is Format.table:
        return run_with_table(
            problems_from(problems, key), workers, files, summary, path, group, terminal
        )
    write = {  # write_piece: a reader that has gone (| head) stops the batch (StdoutClosed)
        Format.json: lambda r: write_piece(to_json(record_json(r)) + "\n"),
        Format.plain: lambda r: write_piece(record_plain(r) + "\n"),
        Format.csv: lambda r: write_piece(record_csv(r)),
    }[fmt]

    def on_record(record):
        summary.add(record)
        write(record)

    try:
        if fmt is Format.csv:
            write_piece(CSV_HEADER)
        summary.interrupted = not run_batch(
            problems_from(problems, key), workers, files, on_record, group
        )
    except StdoutClosed:
        done = sum(summary.counts.values())
        print(
            f"calcli batch: the reader of the output has gone; stopped after {done} "
            f"record{'s' * (done != 1)}, the rest not computed",
            file=sys.stderr,
        )
        return ExitCode.UNFINISHED
    print(
        f"calcli batch: {summary.text()}" + (" (interrupted)" if summary.interrupted else ""),
        file=sys.stderr,
    )
    return summary.exit_code


def worker_count(jobs: int | None) -> int:
    """--jobs, at most a few per core: more workers only add memory, never speed."""
    limit = MAX_JOBS_PER_CORE * cores()
    if jobs is not None and jobs > limit:
        print(
            f"calcli: --jobs {jobs} is more than {MAX_JOBS_PER_CORE} per core; using {limit}",
            file=sys.stderr,
        )
    return min(jobs or cores(), limit)


def allowed_directory(path: str | None) -> str | None:
    if path is None:
        return None
    if not os.path.isdir(path):
        raise InputError(f"--allow-files {path} is not a directory")
    return os.path.realpath(path)


def run_with_table(
    problems, jobs: int, files: FilePolicy, summary: Summary, path: str, group, terminal: Terminal
) -> int:
    from calcli.render.batch_table import progress_bar, summary_view
    from calcli.render.table import console_for

    if terminal.stderr_tty:
        with progress_bar() as bar:
            task = bar.add_task("lines", total=line_count(path))

            def on_record(record):
                summary.add(record)
                bar.advance(task)

            summary.interrupted = not run_batch(problems, jobs, files, on_record, group)
    else:
        summary.interrupted = not run_batch(problems, jobs, files, summary.add, group)
    console_for(terminal.screen, sys.stdout).print(summary_view(summary, path))
    return summary.exit_code


def line_count(path: str) -> int | None:
    """How many lines of a batch file are command lines (for the progress bar's 1/3), or None for
    stdin or a file that cannot be read again: a terminal's count only, so any failure just
    leaves the total open."""
    from calcli.batch import is_content, raw_lines

    if path == "-":
        return None
    try:
        with open_input(path, "the batch file") as stream:
            return sum(is_content(text) for _, text, _ in raw_lines(stream))
    except (CalcliError, OSError):
        return None

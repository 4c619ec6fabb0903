"""Reading, running and printing a batch: the glue between calcli.batch and the terminal."""
from __future__ import annotations

import sys

from calcli.batch import Summary, default_jobs, read_problems, record_json, record_plain, run_batch
from calcli.errors import CalcliError, ExitCode
from calcli.formats import Format
from calcli.render import to_json
from calcli.runner import Common, describe_error, detect_screen, write_stdout

PROGRESS_AFTER = 20  # lines; shorter batches finish before a bar would help


def run(path: str, jobs: int | None, answers: str | None, common: Common) -> int:
    try:
        problems = read_problems(path, answers)
    except CalcliError as err:
        print(describe_error(err), file=sys.stderr)
        return ExitCode.BAD_INPUT
    fmt = Format.json if common.json or (common.format is None and not sys.stdout.isatty()) else (common.format or Format.table)
    if fmt not in (Format.json, Format.plain, Format.table):
        print(f"calcli: error: batch writes table, plain or json, not {fmt.value}.", file=sys.stderr)
        return ExitCode.BAD_INPUT
    summary = Summary()
    if fmt is Format.table:
        return run_with_table(problems, jobs, summary, path)
    write = (lambda r: write_stdout(to_json(record_json(r)) + "\n")) if fmt is Format.json else (lambda r: write_stdout(record_plain(r) + "\n"))
    run_batch(problems, jobs or default_jobs(), summary, write)
    report_summary(summary)
    return summary.exit_code


def run_with_table(problems, jobs, summary: Summary, path: str) -> int:
    from calcli.render.batch_table import progress_bar, summary_view
    from calcli.render.table import console_for

    show_bar = len(problems) > PROGRESS_AFTER and sys.stderr.isatty()
    if show_bar:
        with progress_bar(len(problems)) as bar:
            task = bar.add_task("lines", total=len(problems))
            run_batch(problems, jobs or default_jobs(), summary, lambda r: bar.advance(task))
    else:
        run_batch(problems, jobs or default_jobs(), summary, lambda r: None)
    console_for(detect_screen(), sys.stdout).print(summary_view(summary, path))
    return summary.exit_code


def report_summary(summary: Summary) -> None:
    counts = summary.counts()
    line = f"calcli batch: {counts['passed']} passed, {counts['failed']} failed, {counts['error']} errors"
    print(line + (" (interrupted)" if summary.interrupted else ""), file=sys.stderr)

"""Reading, grading and printing a class: the glue between calcli.grade and the terminal."""

from __future__ import annotations

import os
import sys

from calcli.cli.runner import report_error, write_pieces
from calcli.errors import CalcliError, ExitCode, InputError, Interrupted
from calcli.formats import GRADE_FORMATS, Format
from calcli.render.safe import safe
from calcli.request import Common
from calcli.terminal import Terminal

ROSTERED = (Format.canvas, Format.moodle)


def run(
    problems: str,
    answers: list[str],
    jobs: int | None,
    all_or_nothing: bool,
    feedback: str | None,
    common: Common,
    group,
    lms=(None, None),
    glob: str | None = None,
    terminal: Terminal | None = None,
) -> int:
    """Exit 0 when the class is graded (whatever the grades), 1 when a teacher's key is not
    right, 2 when an input cannot be read, 3 when a problem's answer could not be computed."""
    from calcli.cli.batch import worker_count
    from calcli.grade import DEFAULT_GLOB, grade, read_exercises, read_students

    terminal = terminal or Terminal.measure()
    fmt = terminal.output_format(common.format, common.json)
    try:
        if fmt not in GRADE_FORMATS:
            raise InputError(f"grade writes table, plain, json or csv, not {fmt.value}")
        if feedback is not None and os.path.exists(feedback) and not os.path.isdir(feedback):
            raise InputError(f"--feedback {feedback} is not a directory")
        exercises = read_exercises(problems)
        skipped: list[str] = []
        students = read_students(answers, len(exercises), skipped, glob or DEFAULT_GLOB)
        if not students:
            raise InputError(
                "no answer files were found (name files, or directories that hold them)"
            )
        roster = rostered(lms[0], fmt, students)
        workers = worker_count(jobs)
    except CalcliError as err:
        return report_error("grade", err, json=fmt is Format.json)
    for line in skipped:
        print(safe(f"calcli: note: skipped {line}"), file=sys.stderr)
    for student in students:
        if student.why:
            print(
                safe(
                    f"calcli: note: {student.why}; {student.name} has a row with every answer "
                    f"unreadable"
                ),
                file=sys.stderr,
            )
    try:
        book = with_progress(
            lambda tick: grade(exercises, students, workers, all_or_nothing, group, tick),
            exercises,
            students,
            terminal,
        )
    except KeyboardInterrupt:
        return report_error(
            "grade", Interrupted("interrupted by the user: nothing was graded"), fmt is Format.json
        )
    assignment = lms[1] or os.path.splitext(os.path.basename(problems))[0]
    write_pieces(output(book, fmt, problems, terminal, roster, assignment))
    if feedback is not None:
        try:
            write_feedback(book, feedback)
        except CalcliError as err:
            return report_error("grade", err, json=False)
    return exit_status(book)


def with_progress(work, exercises, students, terminal: Terminal):
    if not terminal.stderr_tty:
        return work(lambda: None)
    from calcli.grade import jobs_to_run
    from calcli.render.batch_table import progress_bar

    with progress_bar() as bar:
        task = bar.add_task("grading", total=jobs_to_run(exercises, students))
        return work(lambda: bar.advance(task))


def rostered(path: str | None, fmt: Format, students: list) -> dict:
    """The roster, checked against the answer files and the format: every file without an entry
    and every entry without a file is named on stderr (a Canvas or Moodle row is never dropped
    silently)."""
    from calcli.roster import matched, read_roster

    if fmt in ROSTERED and path is None:
        raise InputError(
            f"--format {fmt.value} needs --roster: a CSV naming each answer file's "
            f"student ids (docs/grading.md)"
        )
    if fmt is Format.gradescope and len(students) != 1:
        raise InputError(
            f"--format gradescope writes the results.json of one submission, and "
            f"{len(students)} answer files were given"
        )
    if path is None:
        return {}
    roster = read_roster(path)
    names = [s.name for s in students]
    missing, absent = matched(roster, names)
    for name in missing:
        print(
            safe(
                f"calcli: note: {name} has no row in the roster: left out of the {fmt.value} "
                f"gradebook"
            ),
            file=sys.stderr,
        )
    for name in absent:
        print(
            safe(
                f"calcli: note: the roster lists {name}, but no answer file is theirs: no "
                f"grade is written for them"
            ),
            file=sys.stderr,
        )
    needs = {
        Format.canvas: (("id", "sis_user_id"), "an id or sis_user_id"),
        Format.moodle: (("email", "idnumber", "username"), "an email, idnumber or username"),
    }
    if fmt in needs:
        columns, words = needs[fmt]
        lacking = [n for n in names if n in roster and not any(roster[n].get(c) for c in columns)]
        if lacking:
            raise InputError(
                f"--format {fmt.value} needs {words} for every student in --roster; "
                f"{', '.join(lacking[:3])} has none"
            )
    return roster


def output(
    book,
    fmt: Format,
    source: str,
    terminal: Terminal,
    roster: dict | None = None,
    assignment: str = "",
):
    """The gradebook's text, as pieces to write one after another."""
    from calcli.render import gradebook
    from calcli.render.csv_rows import csv_text

    if fmt is Format.gradescope:
        return [gradebook.gradescope_json(book)]
    if fmt is Format.canvas:
        return [csv_text(gradebook.canvas_rows(book, roster or {}, assignment))]
    if fmt is Format.moodle:
        return [csv_text(gradebook.moodle_rows(book, roster or {}, assignment))]
    if fmt is Format.json:
        return gradebook.gradebook_json(book)
    if fmt is Format.csv:
        return [gradebook.gradebook_csv(book)]
    if fmt is Format.plain:
        return [gradebook.gradebook_plain(book)]
    import io

    from calcli.render.table import console_for

    buffer = io.StringIO()
    console_for(terminal.screen, buffer).print(
        gradebook.gradebook_view(book, source, terminal.screen)
    )
    return [buffer.getvalue()]


def write_feedback(book, directory: str) -> None:
    """One file per student, <name>.txt in the directory (made if missing); never written through
    a link."""
    from calcli.files import write_new
    from calcli.render.gradebook import feedback_text

    try:
        os.makedirs(directory, exist_ok=True)
    except OSError as exc:
        raise InputError(f"--feedback {directory} cannot be made: {exc.strerror or exc}") from None
    for index, student in enumerate(book.students):
        write_new(
            os.path.join(directory, f"{student.name}.txt"),
            feedback_text(book, index).encode(),
            True,
            "--feedback",
        )
    print(f"calcli: wrote {len(book.students)} feedback files in {directory}", file=sys.stderr)


def exit_status(book) -> int:
    from calcli.render.gradebook import wrong_keys

    for e in book.exercises:
        if book.references[e.number]:
            print(
                safe(
                    f"calcli: error: {e.name}: {book.references[e.number]}; it is not counted "
                    f"in the totals."
                ),
                file=sys.stderr,
            )
    for e in wrong_keys(book):
        print(
            f"calcli: error: {e.name}: the key {e.key!r} is not the right answer.", file=sys.stderr
        )
    if any(book.references.values()):
        return ExitCode.UNFINISHED
    return ExitCode.CHECK_FAILED if wrong_keys(book) else ExitCode.OK

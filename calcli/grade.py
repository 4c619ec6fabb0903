"""grade: a class's answer files checked against one problem set, in one run, with a gradebook.

Each problem's answer is computed once (the reference); each distinct answer text to it is then
checked once, with the same machinery as --expect, in batch's pool of workers: every check under
the problem's --timeout and the memory cap, so one hostile answer costs its own cell and nothing
else. Student files are untrusted: read line by line with batch's bounds, never followed through a
link inside a directory, and a file that cannot be read still gets its row.
"""

from __future__ import annotations

import fnmatch
import os
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from calcli.batch import Problem as Line
from calcli.batch import answers_from, raw_lines
from calcli.errors import CalcliError, InputError
from calcli.files import DIR_FLAGS, FilePolicy, open_for_reading

OUTCOMES = ("right", "wrong", "unanswered", "unreadable", "error")
SETTINGS = ("points", "tol", "key", "name")
UNREADABLE_KINDS = ("parse", "input", "usage")


@dataclass(frozen=True)
class Exercise:
    """One problem line and its settings (from a `#:` line just above it)."""

    number: int
    line: int
    argv: tuple
    name: str
    points: float = 1.0
    key: str | None = None


@dataclass(frozen=True)
class Student:
    name: str
    path: str
    # per problem: (answer text or None for unanswered, why it is unreadable or None)
    answers: tuple = ()
    why: str | None = None  # why the file could not be read at all


@dataclass
class Cell:
    outcome: str
    answer: str | None = None
    points: float = 0.0
    credit: float = 0.0
    check: dict | None = None
    error: dict | None = None
    notes: tuple = ()

    def to_dict(self, problem: Exercise) -> dict:
        out: dict[str, object] = {
            "problem": problem.name,
            "answer": self.answer,
            "outcome": self.outcome,
            "points": self.points,
            "credit": round(self.credit, 6),
        }
        if self.check is not None:
            out["check"] = self.check
        if self.error is not None:
            out["error"] = self.error
        if self.notes:
            out["notes"] = list(self.notes)
        return out


@dataclass
class Gradebook:
    exercises: list
    students: list
    cells: dict = field(default_factory=dict)  # (student index, exercise number) -> Cell
    # exercise number -> None, or why it could not be computed
    references: dict = field(default_factory=dict)
    keys: dict = field(default_factory=dict)  # exercise number -> the key's check (dict)

    @property
    def counted(self) -> list:
        """The problems in the totals: one calcli could not grade (references: why) is left out,
        not scored 0."""
        return [e for e in self.exercises if not self.references.get(e.number)]

    @property
    def possible(self) -> float:
        return sum(e.points for e in self.counted)

    def total(self, index: int) -> float:
        return sum(self.cells[index, e.number].points for e in self.counted)

    def count(self, exercise: Exercise, outcome: str) -> int:
        return sum(
            self.cells[i, exercise.number].outcome == outcome for i in range(len(self.students))
        )


# --- reading the problems and the answers ---------------------------------------------------------


def read_exercises(path: str) -> list[Exercise]:
    """The problem file: batch's command lines, each optionally after a `#: points=2 tol=0.01
    key="..." name=P1` line."""
    from calcli.batch import open_input

    exercises: list[Exercise] = []
    settings: dict = {}
    with open_input(path, "the problem file") as stream:
        for number, text, why in raw_lines(stream):
            if why:
                raise InputError(f"{path}, line {number}: {why}")
            stripped = (text or "").strip()
            if stripped.startswith("#:"):
                settings = read_settings(stripped[2:], path, number)
            elif stripped and not stripped.startswith("#"):
                exercises.append(exercise(len(exercises) + 1, number, stripped, settings, path))
                settings = {}
    if not exercises:
        raise InputError(f"{path} holds no problems (one calcli command line per problem)")
    names = [e.name for e in exercises]
    if len(set(names)) != len(names):
        raise InputError(
            f"{path}: two problems are named {next(n for n in names if names.count(n) > 1)}"
        )
    return exercises


def read_settings(text: str, path: str, number: int) -> dict:
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise InputError(
            f"{path}, line {number}: the settings cannot be split into words: {exc}"
        ) from None
    settings = {}
    for word in words:
        name, sep, value = word.partition("=")
        if not sep or name not in SETTINGS:
            raise InputError(
                f"{path}, line {number}: '{word}' is not a setting (write name=value "
                f"with {', '.join(SETTINGS)})"
            )
        settings[name] = value
    return settings


def exercise(index: int, number: int, text: str, settings: dict, path: str) -> Exercise:
    try:
        argv = tuple(shlex.split(text))
    except ValueError as exc:
        raise InputError(
            f"{path}, line {number}: the line cannot be split into words: {exc}"
        ) from None
    if "--expect" in argv:
        raise InputError(
            f"{path}, line {number}: a problem has no --expect (the answers are the "
            f"students'; a key is key=... on a #: line)"
        )
    points = settings.get("points", "1")
    try:
        value = float(points)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1e6:
        raise InputError(
            f"{path}, line {number - 1}: points={points} is not a number of points "
            f"from 0 to 1000000"
        )
    if "tol" in settings:
        argv += ("--tol", settings["tol"])
    return Exercise(
        index, number, argv, settings.get("name") or f"P{index}", value, settings.get("key")
    )


DEFAULT_GLOB = "*.txt"


def read_students(
    paths: list[str], count: int, skipped: list | None = None, glob: str = DEFAULT_GLOB
) -> list[Student]:
    """The students, each with the first `count` answers of their file: named files, and the
    files in named folders (sorted; hidden ones skipped). A student can write to the folder while
    grading runs, so each file is opened once, relative to a descriptor of its folder, never
    through a link, never a FIFO (no waiting); whatever cannot be read still gets a row that says
    why."""
    students = []
    for path in paths:
        try:
            folder = os.open(path, DIR_FLAGS)
        except NotADirectoryError:
            students.append(read_student(path, None, os.path.basename(path), count))
            continue
        except OSError as exc:
            raise InputError(f"cannot read the answers {path}: {exc.strerror or exc}") from None
        try:
            names = student_files(folder, path, glob, skipped)
            students += [
                read_student(os.path.join(path, name), folder, name, count) for name in names
            ]
        finally:
            os.close(folder)
    seen: dict[str, str] = {}
    for student in students:
        if student.name in seen:
            raise InputError(
                f"two answer files are for the student {student.name}: "
                f"{seen[student.name]} and {student.path}"
            )
        seen[student.name] = student.path
    return students


def student_files(folder: int, path: str, glob: str, skipped: list | None) -> list[str]:
    """The names in an open folder that are students' files (matching `glob`, not hidden), alice
    before Bob; what was passed over is said in `skipped`."""
    entries = [entry.name for entry in os.scandir(folder)]
    hidden = sorted(n for n in entries if n.startswith("."))
    visible = [n for n in entries if not n.startswith(".")]
    others = sorted(n for n in visible if not fnmatch.fnmatchcase(n, glob))
    if hidden and skipped is not None:
        skipped.append(
            f"{len(hidden)} hidden file{'s' * (len(hidden) != 1)} in {path} "
            f"({', '.join(hidden[:3])}{', ...' if len(hidden) > 3 else ''}): not students"
        )
    if others and skipped is not None:
        shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
        skipped.append(
            f"{len(others)} name{'s' * (len(others) != 1)} in {path} not matching "
            f"{glob} ({shown}): not students"
        )
    return sorted(
        (n for n in visible if fnmatch.fnmatchcase(n, glob)), key=lambda n: (n.casefold(), n)
    )


def read_student(path: str, folder: int | None, name: str, count: int) -> Student:
    """The first `count` answers of one file (a short file: the rest unanswered); a file that
    cannot be read makes every answer unreadable, and the student keeps a row, with the reason in
    `why`."""
    answers, why = [], None
    try:
        fd = open_for_reading(
            name if folder is not None else path, "the answer file", dir_fd=folder
        )
        with os.fdopen(fd, "rb") as stream:
            for answer in answers_from(stream):
                answers.append(answer)
                if len(answers) == count:
                    break
    except InputError as exc:
        why = exc.message
    except OSError as exc:
        why = f"the answer file cannot be read: {exc.strerror or exc}"
    if why is not None:
        answers = [(None, why)] * count
    answers += [(None, None)] * (count - len(answers))
    return Student(Path(name).stem, path, tuple(answers), why)


# --- grading --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferenceJob:
    """A problem's result, computed once: it goes back to the parent, then out with each answer's
    job."""

    compute: Callable[[], object]

    def __call__(self):
        from calcli.files import split_files

        result, _ = split_files(self.compute())
        return result


@dataclass(frozen=True)
class AnswerJob:
    """One answer text checked against a problem's result."""

    reference: Any  # the problem's result: any command's result type, each with its `command`
    answer: str
    functions: tuple
    decimal_comma: bool
    tol: float

    def __call__(self) -> tuple[dict, float, tuple]:
        from calcli.parsing import Options
        from calcli.registry import checker

        options = Options(self.functions, self.decimal_comma, ())
        check = checker(self.reference.command)(self.reference, self.answer, options, self.tol)
        return check.to_dict(), check.credit, tuple(options.readings)


def grade(
    exercises: list[Exercise],
    students: list[Student],
    jobs: int,
    all_or_nothing: bool,
    group,
    on_progress=lambda: None,
) -> Gradebook:
    """Every cell of the gradebook. References first (one job per problem), then each distinct
    answer once."""
    from calcli.batch import warm_for_workers
    from calcli.limits import Pool

    warm_for_workers()
    book = Gradebook(exercises, students)
    requests = {e.number: problem_request(e, group) for e in exercises}
    pool = Pool(jobs)
    try:
        references = {}
        reference_jobs = (
            (e.number, ReferenceJob(r.compute), r.common.timeout)
            for e in exercises
            if not isinstance(r := requests[e.number], str)
        )
        for number, (kind, value), _ in pool.run(reference_jobs):
            on_progress()
            if kind != "ok":
                requests[number] = (
                    f"calcli could not compute this problem's answer: {value.message}"
                )
            elif (why := ungradable(value)) is not None:
                requests[number] = why
            else:
                references[number] = value
        wanted = {
            (e.number, a)
            for e in exercises
            if e.number in references
            for a in answer_texts(e, students)
        }
        checks = {}
        answer_jobs = (
            (
                key,
                answer_job(references[key[0]], key[1], requests[key[0]]),
                requests[key[0]].common.timeout,
            )
            for key in sorted(wanted)
        )
        for key, outcome, _ in pool.run(answer_jobs):
            on_progress()
            checks[key] = outcome
    finally:
        pool.close()
    for e in exercises:
        book.references[e.number] = (
            requests[e.number] if isinstance(requests[e.number], str) else None
        )
        if e.key is not None and (e.number, e.key) in checks:
            book.keys[e.number] = key_check(checks[e.number, e.key])
        for i, student in enumerate(students):
            book.cells[i, e.number] = cell(
                e, student.answers[e.number - 1], book.references[e.number], checks, all_or_nothing
            )
    return book


def ungradable(result) -> str | None:
    """Why no answer to this problem could be graded right (said before grading, and the problem
    is left out of the totals), or None."""
    if getattr(result, "status", None) == "unsolved":
        return (
            "calcli found no closed form for this problem's answer, so it cannot check "
            "answers to it"
        )
    from calcli.results import OptimizeResult, SolveResult

    if isinstance(result, SolveResult) and result.solutions is None:
        import sympy as sp

        from calcli.ops.solve_check import is_real_set

        if not is_real_set(result.solution_set) and not result.solution_set.atoms(sp.ImageSet):
            return (
                "the solutions are an infinite family, which calcli cannot yet compare answers with"
            )
    if isinstance(result, OptimizeResult) and result.optimum is None:
        return "the problem has no optimum to compare answers with"
    return None


def jobs_to_run(exercises: list[Exercise], students: list[Student]) -> int:
    """How many jobs grade() runs at most (for a progress bar)."""
    return len(exercises) + sum(len(answer_texts(e, students)) for e in exercises)


def answer_texts(exercise: Exercise, students: list[Student]) -> set[str]:
    texts = {s.answers[exercise.number - 1][0] for s in students} - {None}
    return texts | ({exercise.key} if exercise.key is not None else set())


def problem_request(exercise: Exercise, group):
    """The problem line's Request, or why it cannot be graded (a sentence)."""
    from calcli.batch import Record, collect
    from calcli.registry import COMMANDS

    got = collect(Line(exercise.line, exercise.argv), FilePolicy(untrusted=True), group)
    if isinstance(got, Record):
        return f"the problem line is not one calcli can run: {got.data['error']['message']}"
    if COMMANDS[got.command].checker is None:
        return f"{got.command} has no answer to check, so it cannot be graded"
    return got


def answer_job(reference, answer: str, request) -> AnswerJob:
    from calcli.commands import shared

    read = shared(request.common)  # the problem line's options, as its own --expect would read them
    return AnswerJob(
        reference, answer, tuple(read["functions"]), read["decimal_comma"], read["tol"]
    )


def key_check(outcome) -> dict:
    kind, value = outcome
    if kind != "ok":
        return {"verdict": "unknown", "error": value.message}
    return value[0]


def cell(
    exercise: Exercise,
    answer: tuple,
    reference_problem: str | None,
    checks: dict,
    all_or_nothing: bool,
) -> Cell:
    text, why = answer
    if why is not None:
        return Cell("unreadable", None, error={"kind": "parse", "message": why, "position": None})
    if text is None:
        return Cell("unanswered")
    if reference_problem is not None:
        return Cell(
            "error",
            text,
            error={"kind": "reference", "message": reference_problem, "position": None},
        )
    kind, value = checks[exercise.number, text]
    if kind != "ok":
        return Cell(failed_outcome(value), text, error=error_object(value))
    check, credit, notes = value
    if check["verdict"] == "unknown":
        return Cell(
            "error",
            text,
            check=check,
            error={
                "kind": "undecided",
                "message": f"calcli could not decide: {check['method']}",
                "position": None,
            },
            notes=notes,
        )
    credit = credit if not all_or_nothing else float(credit == 1.0)
    outcome = "right" if check["verdict"] == "equal" else "wrong"
    return Cell(outcome, text, round(exercise.points * credit, 6), credit, check, notes=notes)


def failed_outcome(err: CalcliError) -> str:
    """An answer calcli cannot read (an error with a place in the text, which the student can
    fix); one of the wrong shape (3 components for a 2-variable gradient), which is wrong; or
    calcli's own limit (an error)."""
    if err.kind in UNREADABLE_KINDS or (err.kind == "shape" and err.position is not None):
        return "unreadable"
    return "wrong" if err.kind == "shape" else "error"


def error_object(err: CalcliError) -> dict:
    """The error as JSON gives it, with `source`: the text its position counts in (the answer as
    read)."""
    out = {"kind": err.kind, "message": err.message, "position": err.position}
    if err.position is not None and err.source is not None:
        out["source"] = err.source
    if err.hint:
        out["hint"] = err.hint
    return out

"""A gradebook in every form: a terminal table with a per-problem summary, CSV and plain rows for a
spreadsheet or an LMS, JSON with every cell, and one feedback text per student."""

from __future__ import annotations

import shlex

from calcli.render.safe import clip, safe

MARKS = {"right": "✓", "wrong": "✗", "unanswered": "–", "unreadable": "?", "error": "!"}
ASCII_MARKS = {"right": "ok", "wrong": "x", "unanswered": "-", "unreadable": "?", "error": "!"}
STYLES = {
    "right": "green",
    "wrong": "bold red",
    "unanswered": "yellow",
    "unreadable": "yellow",
    "error": "magenta",
}


def number(value: float) -> str:
    """Points as a person writes them: 2, 0.5, 0.67 (JSON keeps them to 6 decimals)."""
    return f"{round(value, 2):g}"


def points(value: float) -> str:
    return f"{number(value)} point{'' if value == 1 else 's'}"


def gradebook_json(book):
    """The gradebook as JSON text, in pieces: the problems, then one student at a time, so that a
    class's cells never stand as one object in memory (10,000 students of 10 answers: a peak of
    133 MB, not 264)."""
    from calcli.render import envelope, to_json

    problems = [
        {
            "name": e.name,
            "line": e.line,
            "command": shlex.join(e.argv),
            "points": e.points,
            "reference": "computed"
            if book.references[e.number] is None
            else {"error": book.references[e.number]},
            **(
                {"key": {"answer": e.key, "check": book.keys.get(e.number)}}
                if e.key is not None
                else {}
            ),
            "outcomes": {o: book.count(e, o) for o in MARKS},
        }
        for e in book.exercises
    ]
    # "students" is the last key
    head = to_json(envelope("grade", True, {"problems": problems, "students": []}))
    yield head[: -len("[]}")] + "["
    for i, s in enumerate(book.students):
        student = {
            "name": s.name,
            "file": s.path,
            "total": round(book.total(i), 6),
            "possible": book.possible,
            "cells": [book.cells[i, e.number].to_dict(e) for e in book.exercises],
        }
        yield (", " if i else "") + to_json(student)
    yield "]}\n"


def gradebook_rows(book) -> list[list[str]]:
    """The header, a "points possible" row, and one row per student: points per problem, the
    total, then each problem's outcome (right, wrong, unanswered, unreadable, error), so a
    spreadsheet can tell a wrong 0 from an unanswered one and filter on it. A problem left out of
    the totals has no points possible."""
    names = [e.name for e in book.exercises]
    rows = [["student", *names, "total", *(f"{n} outcome" for n in names)]]
    possible = [number(e.points) if e in book.counted else "" for e in book.exercises]
    rows.append(["points possible", *possible, number(book.possible), *([""] * len(names))])
    for i, s in enumerate(book.students):
        cells = [book.cells[i, e.number] for e in book.exercises]
        rows.append(
            [
                s.name,
                *(number(c.points) for c in cells),
                number(book.total(i)),
                *(c.outcome for c in cells),
            ]
        )
    return rows


def gradebook_csv(book) -> str:
    from calcli.render.csv_rows import csv_text

    return csv_text(gradebook_rows(book))


def gradebook_plain(book) -> str:
    return "".join(
        "\t".join(safe(c).replace("\t", " ") for c in row) + "\n" for row in gradebook_rows(book)
    )


def gradebook_view(book, source: str, screen):
    """Students × problems with a mark per cell and the total; then how the class did on each
    problem. Problems that do not fit the width go to a second grid (and a third), never a folded
    column."""
    from rich.console import Group
    from rich.text import Text

    marks = ASCII_MARKS if screen.ascii else MARKS
    shown = {
        key: marks[c.outcome] if c.outcome != "wrong" or not c.points else number(c.points)
        for key, c in book.cells.items()
    }
    names = [safe(s.name) for s in book.students]
    name_width = min(max(len("student"), *(len(n) for n in names)), 24)
    total = f"total / {number(book.possible)}"
    parts: list = []
    chunk: list = []
    used = name_width + 4 + len(total) + 3
    for e in book.exercises:
        width = max(len(safe(e.name)), *(len(shown[i, e.number]) for i in range(len(names)))) + 3
        if chunk and used + width > screen.width:
            parts.append(chunk)
            chunk, used = [], name_width + 4 + len(total) + 3
        chunk.append(e)
        used += width
    parts.append(chunk)
    title = Text(safe(f"Gradebook: {clip(source, 60)}"), "bold")
    grids = [
        grid(book, part, names, shown, total if part is parts[-1] else None, screen)
        for part in parts
    ]
    legend = Text(
        "  ".join(f"{marks[o]} {o}" for o in MARKS) + "  (a number: the points for a "
        "partly right answer)"
    )
    return Group(title, *grids, legend, problem_summary(book, marks, screen), *problem_notes(book))


def grid(book, exercises, names, shown, total, screen):
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.ASCII if screen.ascii else box.ROUNDED)
    table.add_column("student", overflow="fold", max_width=24)
    for e in exercises:
        table.add_column(safe(e.name), justify="center", no_wrap=True)
    if total:
        table.add_column(total, justify="right", no_wrap=True)
    for i, name in enumerate(names):
        cells = [
            Text(shown[i, e.number], STYLES[book.cells[i, e.number].outcome]) for e in exercises
        ]
        table.add_row(Text(name), *cells, *([number(book.total(i))] if total else []))
    return table


def problem_summary(book, marks, screen):
    """Per problem: its points and how many students got each outcome (which problems the class
    found hard)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        box=box.ASCII if screen.ascii else box.SIMPLE,
        title=Text("Each problem", "bold"),
        title_justify="left",
    )
    table.add_column("problem", overflow="fold")
    table.add_column("points", justify="right", no_wrap=True)
    for outcome in MARKS:
        table.add_column(marks[outcome], justify="right", no_wrap=True)
    table.add_column("command", overflow="fold", ratio=1)
    for e in book.exercises:
        table.add_row(
            safe(e.name),
            number(e.points),
            *(str(book.count(e, o)) for o in MARKS),
            Text(safe(shlex.join(e.argv))),
        )
    return table


def problem_notes(book) -> list:
    from rich.text import Text

    notes = [
        Text(f"note: {safe(e.name)}: {safe(why)}; not counted in the totals", "yellow")
        for e in book.exercises
        if (why := book.references[e.number])
    ]
    notes += [
        Text(
            f"note: {safe(e.name)}: the key {safe(clip(e.key, 40))} is not right "
            f"({safe(key_words(book.keys[e.number]))})",
            "bold red",
        )
        for e in wrong_keys(book)
    ]
    return notes


def wrong_keys(book) -> list:
    return [
        e
        for e in book.exercises
        if e.key is not None and book.keys.get(e.number, {}).get("verdict") != "equal"
    ]


def key_words(check: dict | None) -> str:
    if not check:
        return "it could not be checked"
    return (
        verdict_words(check)
        if check.get("verdict") == "different"
        else check.get("error") or check.get("method", "undecided")
    )


def verdict_words(check: dict) -> str:
    """A different answer in words: where it differs, what is missing or extra, which components
    are right."""
    words = []
    ce = check.get("counterexample")
    if ce and ce.get("at"):
        at = ", ".join(f"{k} = {v}" for k, v in ce["at"].items())
        words.append(
            f"at {at} the answer gives {ce['expected']} but the right value is {ce['actual']}"
        )
    elif ce:
        words.append(f"the answer is {ce['expected']}, the right one is {ce['actual']}")
    if check.get("missing"):
        words.append(f"missing: {', '.join(check['missing'])}")
    if check.get("extra"):
        words.append(f"not solutions: {', '.join(check['extra'])}")
    if check.get("parts"):
        # a 0 component is no credit alone
        counted = [(i, v) for i, v in enumerate(check["parts"], 1) if v != "zero"]
        right = [str(i) for i, v in counted if v == "equal"]
        words.append(
            f"right components: {', '.join(right) if right else 'none'} of {len(counted)}"
            + (
                " (the components that are 0 earn nothing alone)"
                if len(counted) < len(check["parts"])
                else ""
            )
        )
    return "; ".join(words) or "it is not the right answer"


def feedback_text(book, index: int) -> str:
    """One student's feedback, in plain words: each problem, their answer, the verdict, the
    points."""
    student = book.students[index]
    lines = [
        f"Feedback for {student.name}: {number(book.total(index))} of {points(book.possible)}",
        "",
    ]
    for e in book.exercises:
        cell = book.cells[index, e.number]
        lines.append(
            f"{e.name} ({number(cell.points)} of {points(e.points)}): calcli {shlex.join(e.argv)}"
        )
        lines.append(f"  your answer: {cell.answer if cell.answer is not None else '(none)'}")
        lines.append(f"  {cell_words(cell)}")
        lines += [f"  note: {n}" for n in cell.notes]
        lines.append("")
    return safe("\n".join(lines))  # the answers are the students' own text


def cell_words(cell) -> str:
    if cell.outcome == "right":
        return "right" + (f" ({cell.check['method']})" if cell.check else "")
    if cell.outcome == "wrong":
        return f"wrong: {verdict_words(cell.check) if cell.check else cell.error['message']}"
    if cell.outcome == "unanswered":
        return "unanswered"
    error = cell.error or {}
    text = (
        f"{'unreadable' if cell.outcome == 'unreadable' else 'not graded'}: "
        f"{error.get('message', '')}"
    )
    if cell.outcome == "unreadable" and error.get("source") is not None:
        text += f"\n    {error['source']}\n    {' ' * error['position']}^"
    if error.get("hint"):
        text += f"\n  hint: {error['hint']}"
    return text


# --- the formats learning-management systems import -----------------------------------------------


def gradescope_json(book) -> str:
    """Gradescope's autograder results.json for one submission (its published specification,
    "Autograder Specifications", Output format): `score`, and per problem a test with `name`,
    `number`, `score`, `max_score`, `status` (passed or failed) and `output`, the feedback the
    student reads."""
    from calcli.render import to_json

    tests = []
    for e in book.exercises:
        cell = book.cells[0, e.number]
        counted = not book.references.get(e.number)
        tests.append(
            {
                "name": e.name,
                "number": str(e.number),
                "score": round(cell.points, 6) if counted else 0,
                "max_score": e.points if counted else 0,
                "status": "passed" if cell.outcome == "right" else "failed",
                "output": cell_words(cell)
                if counted
                else f"not graded: {book.references[e.number]}",
                "visibility": "visible",
            }
        )
    summary = f"{number(book.total(0))} of {number(book.possible)} points"
    return (
        to_json(
            {
                "score": round(book.total(0), 6),
                "output": summary,
                "visibility": "visible",
                "stdout_visibility": "hidden",
                "tests": tests,
            }
        )
        + "\n"
    )


CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")


def canvas_rows(book, roster, assignment: str) -> list[list[str]]:
    """Canvas's gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, then the
    assignment's column (its points), with the Points Possible row Canvas's own export has."""
    rows = [
        [*CANVAS_COLUMNS, assignment],
        ["Points Possible", "", "", "", "", number(book.possible)],
    ]
    for i, s in enumerate(book.students):
        entry = roster.get(s.name)
        if entry is None:
            continue
        fields = (
            entry.get("name") or s.name,
            entry.get("id"),
            entry.get("sis_user_id"),
            entry.get("sis_login_id"),
            entry.get("section"),
        )
        rows.append([*fields, number(book.total(i))])
    return rows


MOODLE_IDENTIFIERS = (
    ("email", "Email address"),
    ("idnumber", "ID number"),
    ("username", "Username"),
)


def moodle_rows(book, roster, assignment: str) -> list[list[str]]:
    """Moodle's "Import grades from CSV": an identifier column (email, ID number or username: the
    first the roster has for every student) mapped to a user field, then a grade column mapped to
    the grade item."""
    entries = [roster[s.name] for s in book.students if s.name in roster]
    column, heading = next(
        ((c, h) for c, h in MOODLE_IDENTIFIERS if entries and all(e.get(c) for e in entries)),
        MOODLE_IDENTIFIERS[0],
    )
    rows = [[heading, assignment]]
    for i, s in enumerate(book.students):
        if s.name in roster:
            rows.append([roster[s.name].get(column), number(book.total(i))])
    return rows

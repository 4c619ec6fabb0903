"""A class roster: which answer file is which student in the school's systems, read from a CSV
the teacher exports (docs/grading.md names the columns). Only `file` is required; Canvas needs
`id` or `sis_user_id`, Moodle one of `email`, `idnumber`, `username`."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from calcli.errors import InputError

COLUMNS = (
    "file",
    "name",
    "id",
    "sis_user_id",
    "sis_login_id",
    "section",
    "email",
    "idnumber",
    "username",
)
HEADINGS = {  # what exports call them: a roster straight from Canvas or Moodle reads as it is
    "student": "name",
    "sis user id": "sis_user_id",
    "sis login id": "sis_login_id",
    "email address": "email",
    "id number": "idnumber",
}


@dataclass(frozen=True)
class Entry:
    file: str
    fields: dict  # column -> text

    def get(self, column: str) -> str:
        return self.fields.get(column, "")


def read_roster(path: str) -> dict[str, Entry]:
    """{answer file's student name (the file name without .txt): Entry}; one clear sentence for a
    bad roster."""
    from calcli.files import read_text

    text = read_text(path, "--roster")
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:  # a NUL byte, a quote left open at the end
        raise InputError(f"--roster {path} is not a CSV file calcli can read ({exc})") from None
    if not rows:
        raise InputError(f"--roster {path} is empty (a header row, then a row per student)")
    header = [HEADINGS.get(h.strip().lower(), h.strip().lower().replace(" ", "_")) for h in rows[0]]
    if "file" not in header:
        raise InputError(
            f"--roster {path} has no 'file' column (the answer file of each "
            f"student); its columns: {', '.join(rows[0])[:200]}"
        )
    entries: dict[str, Entry] = {}
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        fields = {h: cell.strip() for h, cell in zip(header, row) if h in COLUMNS}
        name = student_name(fields.get("file", ""))
        if not name:
            raise InputError(f"--roster {path}, line {number}: no file named")
        if name in entries:
            raise InputError(f"--roster {path}, line {number}: the file {name} is listed twice")
        entries[name] = Entry(name, fields)
    return entries


def student_name(file: str) -> str:
    """The name calcli gives the student whose answers are in `file`: the file's name without
    folder and extension (answers/alice.txt and alice are both alice)."""
    from pathlib import PurePosixPath

    return PurePosixPath(file.replace("\\", "/")).stem


def matched(roster: dict[str, Entry], names: list[str]) -> tuple[list[str], list[str]]:
    """(answer files with no roster entry, roster entries with no answer file): both are said on
    stderr."""
    return [n for n in names if n not in roster], [n for n in roster if n not in set(names)]

"""A class of 30 answer files graded against one problem set: no right answer marked wrong, no
wrong answer marked right, nothing lost. The answers (tests/data/class/) are the forms students
write: right ones in several spellings, wrong ones, blank lines, '-', malformed text and short
files; expected.json says what each one is."""

import json
from pathlib import Path

import pytest
from typer.main import get_command

from calcli.batch import Record, RecordJob, collect, problems_from
from calcli.cli.app import app
from calcli.errors import CalcliError
from calcli.files import FilePolicy

GROUP = get_command(app)
CLASS = Path(__file__).parent / "data" / "class"
EXPECTED = json.loads((CLASS / "expected.json").read_text())


def grade(answers: Path) -> list[str]:
    """Each problem's outcome for one student, computed in this process as batch computes it in a
    worker."""
    outcomes = []
    with open(CLASS / "problems.txt", "rb") as problems, open(answers, "rb") as key:
        for problem in problems_from(problems, key):
            got = collect(problem, FilePolicy(untrusted=True), GROUP)
            if not isinstance(got, Record):
                try:
                    data, _ = RecordJob(got.compute)()
                except CalcliError as err:
                    data = {"ok": False, "error": {"message": err.message}}
                got = Record(
                    problem.line,
                    problem.argv[0],
                    data,
                    unanswered=problem.graded and problem.answer is None,
                )
            outcomes.append(got.status)
    return outcomes


@pytest.mark.parametrize("student", sorted(EXPECTED))
def test_every_answer_gets_the_grade_it_deserves(student):
    assert grade(CLASS / student) == EXPECTED[student]


def test_the_class_covers_every_outcome():
    seen = {outcome for outcomes in EXPECTED.values() for outcome in outcomes}
    assert seen == {"passed", "failed", "unanswered", "error"} and len(EXPECTED) == 30

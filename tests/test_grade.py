"""calcli grade: the test class (tests/data/class/, hand-labelled in expected.json) graded in one
run, partial credit, the gradebook's forms, settings and keys, feedback files, and hostile
students."""

import csv
import io
import json
import os
from pathlib import Path

import pytest
from typer.main import get_command

from calcli.cli.app import app
from calcli.cli.grade import run
from calcli.formats import Format
from calcli.request import Common

CLASS = Path(__file__).parent / "data" / "class"
STUDENTS = sorted(str(p) for p in CLASS.glob("student*.txt"))
EXPECTED = json.loads((CLASS / "expected.json").read_text())
# batch's outcome (hand-labelled) -> grade's: an error is the answer's fault (unreadable) or
# calcli's (error)
OUTCOME = {
    "passed": {"right"},
    "failed": {"wrong"},
    "unanswered": {"unanswered"},
    "error": {"unreadable", "error"},
}
# the partly right answers of the class, by hand: 2xy^3 right and 3x^2y wrong for ∇(x²y³) = (2xy³,
# 3x²y²); {√2} is one of the two roots of x² = 2
PARTIAL = {
    ("student03", "P1"): 0.5,
    ("student06", "P1"): 0.5,
    ("student07", "P1"): 0.5,
    ("student18", "P1"): 0.5,
}
PARTIAL |= {
    ("student24", "P1"): 0.5,
    ("student28", "P1"): 0.5,
    ("student08", "P3"): 0.5,
    ("student29", "P3"): 0.5,
}


def grade(
    capsys, problems, answers, *, fmt=Format.json, all_or_nothing=False, feedback=None, jobs=2
):
    code = run(
        str(problems),
        [str(a) for a in answers],
        jobs,
        all_or_nothing,
        feedback,
        Common(format=fmt),
        get_command(app),
    )
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def the_class():
    """The whole class, graded once (in a subprocess-free run: the pool forks from this process)."""
    import contextlib

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = run(
            str(CLASS / "problems.txt"),
            STUDENTS,
            2,
            False,
            None,
            Common(format=Format.json),
            get_command(app),
        )
    return code, json.loads(buffer.getvalue())


def test_every_cell_gets_the_outcome_it_deserves(the_class):
    code, book = the_class
    assert code == 0 and len(book["students"]) == 30
    for student in book["students"]:
        expected = EXPECTED[student["name"] + ".txt"]
        assert all(c["outcome"] in OUTCOME[e] for e, c in zip(expected, student["cells"]))


def test_partial_credit_is_per_component_and_per_solution(the_class):
    _, book = the_class
    partial = {
        (s["name"], c["problem"]): c["points"]
        for s in book["students"]
        for c in s["cells"]
        if 0 < c["points"] < 1
    }
    assert partial == PARTIAL
    for student in book["students"]:
        assert student["total"] == pytest.approx(sum(c["points"] for c in student["cells"]))
        for cell in student["cells"]:
            assert (cell["points"] == 1) == (cell["outcome"] == "right")


def test_the_class_has_every_outcome(the_class):
    _, book = the_class
    seen = {c["outcome"] for s in book["students"] for c in s["cells"]}
    # `error` (calcli undecided): the hostile test
    assert seen == {"right", "wrong", "unanswered", "unreadable"}


def test_a_wrong_cell_has_its_counterexample_and_an_unreadable_one_its_parse_error(the_class):
    _, book = the_class
    cells = {(s["name"], c["problem"]): c for s in book["students"] for c in s["cells"]}
    # div (x², y², z²) at (1, 2, 3) is 2 + 4 + 6 = 12; the answer 11.9
    wrong = cells["student01", "P2"]
    assert wrong["answer"] == "11.9" and wrong["check"]["counterexample"]["actual"] == "12"
    unreadable = cells["student02", "P2"]  # "1 +"
    assert (
        unreadable["outcome"] == "unreadable"
        and unreadable["error"]["kind"] == "parse"
        and unreadable["error"]["position"] == 3
    )


def test_all_or_nothing_takes_away_partial_credit(capsys):
    code, out, _ = grade(
        capsys,
        CLASS / "problems.txt",
        [CLASS / "student03.txt", CLASS / "student08.txt"],
        all_or_nothing=True,
    )
    book = json.loads(out)
    assert code == 0 and all(c["points"] in (0, 1) for s in book["students"] for c in s["cells"])
    # student03: P3, P4 right; student08: P1, P2, P5
    assert [s["total"] for s in book["students"]] == [2, 3]


def test_csv_round_trips_one_row_per_student(capsys):
    code, out, _ = grade(capsys, CLASS / "problems.txt", STUDENTS[:5], fmt=Format.csv)
    rows = list(csv.reader(io.StringIO(out)))
    problems = ["P1", "P2", "P3", "P4", "P5", "P6"]
    assert code == 0 and rows[0] == [
        "student",
        *problems,
        "total",
        *(f"{p} outcome" for p in problems),
    ]
    assert rows[1] == ["points possible", "1", "1", "1", "1", "1", "1", "6", *[""] * 6]
    assert [r[0] for r in rows[2:]] == [f"student0{i}" for i in range(1, 6)]
    assert all(float(r[7]) == pytest.approx(sum(float(v) for v in r[1:7])) for r in rows[2:])
    assert rows[4][1:8] == ["0.5", "0", "1", "1", "0", "0", "2.5"]  # student03
    assert set(rows[4][8:]) <= {"right", "wrong", "unanswered", "unreadable", "error"}
    for row in rows[2:]:  # a 0 is told apart: wrong, unanswered or unreadable, never right
        assert all(
            (points == "1") == (outcome == "right") for points, outcome in zip(row[1:7], row[8:])
        )


def test_plain_is_the_same_rows_tab_separated(capsys):
    _, out, _ = grade(capsys, CLASS / "problems.txt", STUDENTS[:3], fmt=Format.plain)
    _, csv_out, _ = grade(capsys, CLASS / "problems.txt", STUDENTS[:3], fmt=Format.csv)
    # CSV ends its lines with CRLF, as RFC 4180 and every calcli CSV
    assert out.replace("\t", ",").replace("\n", "\r\n") == csv_out


def test_the_table_has_the_gradebook_and_how_each_problem_went(capsys):
    code, out, _ = grade(capsys, CLASS / "problems.txt", STUDENTS[:4], fmt=Format.table)
    assert code == 0 and "Gradebook" in out and "total / 6" in out and "Each problem" in out
    assert "student03" in out and "0.5" in out and "✓ right" in out


@pytest.fixture
def small(tmp_path):
    problems = tmp_path / "problems.txt"
    problems.write_text(
        '#: points=2 name=gradient key="(2x*y^3, 3x^2*y^2)"\ngrad "x^2*y^3"\n# '
        'an ordinary comment\n#: points=3 tol=0.01\nsolve "x^2 = 2"\n'
    )
    answers = tmp_path / "answers"
    answers.mkdir()
    (answers / "alice.txt").write_text("(2xy^3, 3x^2y^2)\n1.42, -1.42\n")
    (answers / "bob.txt").write_text("(2xy^3, 3x^2y)\nsqrt(2)\n")
    (answers / ".hidden").write_text("not a student\n")
    return problems, answers


def test_settings_give_points_names_tolerances_and_a_checked_key(capsys, small):
    problems, answers = small
    code, out, err = grade(capsys, problems, [answers])
    book = json.loads(out)
    assert code == 0, err
    assert [(p["name"], p["points"]) for p in book["problems"]] == [("gradient", 2), ("P2", 3)]
    assert book["problems"][0]["key"]["check"]["verdict"] == "equal"
    totals = {s["name"]: s["total"] for s in book["students"]}
    # alice: right, and 1.42 is √2 within 1 % (not within the default 0.1 %); bob: half of each
    assert totals == {"alice": 5, "bob": 2.5}


def test_a_wrong_key_is_exit_1_and_named(capsys, small):
    problems, answers = small
    problems.write_text(
        problems.read_text().replace('key="(2x*y^3, 3x^2*y^2)"', 'key="(2x*y^3, 3x^2*y)"')
    )
    code, out, err = grade(capsys, problems, [answers])
    assert (
        code == 1
        and "gradient: the key" in err
        and json.loads(out)["problems"][0]["key"]["check"]["verdict"] == "different"
    )


def test_a_problem_calcli_cannot_compute_is_exit_3_and_its_cells_are_errors(
    capsys, tmp_path, small
):
    problems, answers = small
    problems.write_text('solve "exp(x) = x + 2"\ngrad "x^2"\n')
    code, out, err = grade(capsys, problems, [answers])
    book = json.loads(out)
    assert code == 3 and "P1" in err
    assert {s["cells"][0]["outcome"] for s in book["students"]} == {"error"}
    # graded all the same (2 components for 1)
    assert [s["cells"][1]["outcome"] for s in book["students"]] == ["wrong", "wrong"]


def test_feedback_files_say_what_was_wrong_in_words(capsys, small, tmp_path):
    problems, answers = small
    code, _, err = grade(capsys, problems, [answers], feedback=str(tmp_path / "feedback"))
    bob = (tmp_path / "feedback" / "bob.txt").read_text()
    assert code == 0 and "wrote 2 feedback files" in err
    assert "Feedback for bob: 2.5 of 5 points" in bob
    assert (
        "your answer: (2xy^3, 3x^2y)" in bob
        and "right components: 1 of 2" in bob
        and "missing: -sqrt(2)" in bob
    )


def test_feedback_is_never_written_through_a_link(capsys, small, tmp_path):
    problems, answers = small
    feedback = tmp_path / "feedback"
    feedback.mkdir()
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    (feedback / "alice.txt").symlink_to(target)
    code, _, err = grade(capsys, problems, [answers], feedback=str(feedback))
    assert code == 2 and target.read_text() == "keep me" and "link" in err


@pytest.mark.parametrize(
    "problems, message",
    [
        ('grad "x^2" --expect 2x\n', "has no --expect"),
        ("#: weight=2\ngrad x\n", "is not a setting"),
        ("#: points=lots\ngrad x\n", "is not a number of points"),
        ("# nothing but a comment\n", "holds no problems"),
        ("#: name=A\ngrad x\n#: name=A\ngrad y\n", "two problems are named A"),
    ],
)
def test_a_bad_problem_file_is_exit_2_naming_the_trouble(
    capsys, tmp_path, small, problems, message
):
    path = tmp_path / "bad.txt"
    path.write_text(problems)
    code, out, err = grade(capsys, path, [small[1]])
    assert code == 2 and message in err and json.loads(out)["ok"] is False


def test_unreadable_inputs_are_exit_2_naming_the_file(capsys, tmp_path, small):
    problems, answers = small
    assert grade(capsys, tmp_path / "missing.txt", [answers])[0] == 2
    code, _, err = grade(capsys, problems, [answers, tmp_path / "nobody.txt"])
    assert code == 2 and "nobody.txt" in err
    other = tmp_path / "other"
    other.mkdir()
    (other / "alice.txt").write_text("x\n")
    code, _, err = grade(capsys, problems, [answers, other])
    assert code == 2 and "two answer files are for the student alice" in err


def test_only_files_matching_the_glob_are_students_and_the_rest_are_named(capsys, small):
    problems, answers = small
    (answers / "README.md").write_text("instructions\n")
    (answers / "sub").mkdir()
    (answers / "sub" / "carol.txt").write_text("x\n")
    code, out, err = grade(capsys, problems, [answers])
    assert code == 0 and [s["name"] for s in json.loads(out)["students"]] == ["alice", "bob"]
    assert "2 names in" in err and "not matching *.txt (README.md, sub): not students" in err
    code, out, err = grade(capsys, problems, [answers / "sub"])
    # a sub-folder is named to be read
    assert code == 0 and [s["name"] for s in json.loads(out)["students"]] == ["carol"]
    code = run(
        str(problems),
        [str(answers)],
        2,
        False,
        None,
        Common(format=Format.json),
        get_command(app),
        (None, None),
        "*.md",
    )
    out, _ = capsys.readouterr()
    assert [s["name"] for s in json.loads(out)["students"]] == ["README"]


def test_a_directory_link_to_a_file_outside_is_not_followed(capsys, small, tmp_path):
    problems, answers = small
    secret = tmp_path / "secret.txt"
    secret.write_text("the teacher's secret\n")
    (answers / "mallory.txt").symlink_to(secret)
    code, out, _ = grade(capsys, problems, [answers])
    mallory = next(s for s in json.loads(out)["students"] if s["name"] == "mallory")
    assert (
        code == 0
        and {c["outcome"] for c in mallory["cells"]} == {"unreadable"}
        and "secret" not in out
    )


def swapped_after_the_scan(monkeypatch, answers, swap):
    """The race a student in a shared folder can run, made deterministic: the folder is listed
    while bob.txt is a regular file, and `swap` replaces it before grade opens it."""
    listing = os.scandir

    def scandir(target):
        entries = list(listing(target))
        swap(answers / "bob.txt")
        return iter(entries)

    monkeypatch.setattr(os, "scandir", scandir)


def test_a_file_swapped_for_a_link_after_the_scan_is_not_read(capsys, small, tmp_path, monkeypatch):
    problems, answers = small
    secret = tmp_path / "secret.txt"
    secret.write_text("the teacher's secret\n")

    def to_link(path):
        path.unlink()
        path.symlink_to(secret)

    swapped_after_the_scan(monkeypatch, answers, to_link)
    code, out, err = grade(capsys, problems, [answers])
    bob = next(s for s in json.loads(out)["students"] if s["name"] == "bob")
    assert (
        code == 0 and {c["outcome"] for c in bob["cells"]} == {"unreadable"} and "secret" not in out
    )
    assert "bob.txt" in err and "symbolic link" in err


def test_a_fifo_swapped_in_never_blocks_grade(capsys, small, monkeypatch):
    import threading

    problems, answers = small

    def to_fifo(path):
        path.unlink()
        os.mkfifo(path)

    swapped_after_the_scan(monkeypatch, answers, to_fifo)
    got = []
    worker = threading.Thread(
        target=lambda: got.append(grade(capsys, problems, [answers])), daemon=True
    )
    worker.start()
    worker.join(60)
    if worker.is_alive():  # unblock the read so the thread can end, then fail
        os.close(os.open(answers / "bob.txt", os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("grade waited on a FIFO")
    code, out, err = got[0]
    bob = next(s for s in json.loads(out)["students"] if s["name"] == "bob")
    assert (
        code == 0
        and bob["cells"][0]["error"]["message"].endswith("it is a FIFO, not a regular file")
        and "bob.txt" in err
    )


def test_a_folder_fifo_or_socket_named_like_a_student_gets_a_row_and_a_word(capsys, small):
    import socket

    problems, answers = small
    (answers / "carol.txt").mkdir()
    os.mkfifo(answers / "dave.txt")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(answers / "erin.txt"))
        code, out, err = grade(capsys, problems, [answers])
    finally:
        server.close()
    rows = {s["name"]: s["cells"] for s in json.loads(out)["students"]}
    assert code == 0 and {"carol", "dave", "erin"} <= set(rows)
    for name, kind in (("carol", "a folder"), ("dave", "a FIFO"), ("erin", "")):
        assert {c["outcome"] for c in rows[name]} == {"unreadable"} and f"{name}.txt" in err
        assert kind in rows[name][0]["error"]["message"]


def test_hostile_students_cost_only_their_own_cells(capsys, small):
    problems, answers = small
    problems.write_text('#: points=2\ngrad "x^2*y^3" --timeout 2\nsolve "x^2 = 2"\n')
    (answers / "junk.txt").write_bytes(b"\x00\x01\x02binary\xff\xfe\n\x89PNG\r\n")
    (answers / "latin1.txt").write_bytes("(2xy³, 3x²y²)\n".encode("latin-1", "replace") + b"\xe9\n")
    (answers / "huge.txt").write_bytes(b"(2xy^3, 3x^2y^2)\n" + b"a" * (10 << 20))
    (answers / "inject.txt").write_text(
        "__import__('os').system('touch /tmp/calcli-pwned')\n$(rm -rf ~); `id`\n"
    )
    (answers / "bomb.txt").write_text(
        "(x^(9^9^9), 3x^2y^2)\n" + "(" * 5000 + "9^9^9" + ")" * 5000 + "\n"
    )
    code, out, _ = grade(capsys, problems, [answers])
    book = json.loads(out)
    by_name = {s["name"]: [c["outcome"] for c in s["cells"]] for s in book["students"]}
    assert code == 0 and set(by_name) == {
        "alice",
        "bob",
        "junk",
        "latin1",
        "huge",
        "inject",
        "bomb",
    }
    # 1.42 is not √2 within 0.1 %
    assert by_name["alice"] == ["right", "wrong"] and by_name["bob"] == ["wrong", "wrong"]
    assert by_name["junk"] == ["unreadable", "unreadable"] and by_name["inject"] == [
        "unreadable",
        "unreadable",
    ]
    # its first line is an answer
    assert by_name["huge"][0] == "right" and by_name["huge"][1] == "unreadable"
    assert all(o in ("unreadable", "error") for o in by_name["bomb"] + by_name["latin1"])
    assert not os.path.exists("/tmp/calcli-pwned")


def test_identical_answers_are_checked_once(small):
    from calcli.grade import jobs_to_run, read_exercises, read_students

    problems, answers = small
    (answers / "carol.txt").write_text("(2xy^3, 3x^2y^2)\n1.42, -1.42\n")  # alice's, word for word
    exercises = read_exercises(str(problems))
    students = read_students([str(answers)], 2)
    # the key and 2 distinct answers for the gradient (alice's equals the key? no: spelled
    # differently), 2 for solve
    distinct = {
        ("(2x*y^3, 3x^2*y^2)", "(2xy^3, 3x^2y^2)", "(2xy^3, 3x^2y)"),
        ("1.42, -1.42", "sqrt(2)"),
    }
    assert jobs_to_run(exercises, students) == 2 + sum(len(d) for d in distinct)


def test_what_calcli_cannot_decide_is_an_error_cell_never_a_verdict():
    from calcli.errors import LimitError, ParseError
    from calcli.grade import Exercise, cell

    problem = Exercise(1, 1, ("grad", "x"), "P1", 2.0)
    undecided = {"verdict": "unknown", "method": "both sides defined at only 0 of 60 points tried"}
    checks = {
        (1, "a"): ("ok", (undecided, 0.0, ())),
        (1, "b"): (
            "error",
            LimitError("the computation did not finish within the time limit of 2 s"),
        ),
        (1, "c"): ("error", ParseError("expected a value", source="1 +", position=3)),
        (1, "d"): (
            "ok",
            (
                {
                    "verdict": "different",
                    "method": "numeric probing",
                    "parts": ["equal", "different"],
                },
                0.5,
                (),
            ),
        ),
    }
    outcomes = {text: cell(problem, (text, None), None, checks, False) for text in "abcd"}
    assert [(c.outcome, c.points) for c in outcomes.values()] == [
        ("error", 0),
        ("error", 0),
        ("unreadable", 0),
        ("wrong", 1.0),
    ]
    assert (
        "could not decide" in outcomes["a"].error["message"]
        and outcomes["c"].error["position"] == 3
    )
    assert cell(problem, ("d", None), None, checks, True).points == 0  # --all-or-nothing


def test_the_json_gradebook_is_written_a_student_at_a_time():
    """Ten thousand students' cells never stand as one JSON object (benchmarks/growth.py measures
    the peak): the text comes as the problems, then a piece per student, and is the one JSON
    document."""
    from calcli.grade import grade as grade_class
    from calcli.grade import read_exercises, read_students
    from calcli.render.gradebook import gradebook_json

    exercises = read_exercises(str(CLASS / "problems.txt"))
    students = read_students(STUDENTS[:3], len(exercises))
    pieces = list(gradebook_json(grade_class(exercises, students, 1, False, get_command(app))))
    book = json.loads("".join(pieces))
    assert len(pieces) == 2 + 3 and [s["name"] for s in book["students"]] == [
        s.name for s in students
    ]
    assert book["command"] == "grade" and len(book["problems"]) == len(exercises)


def test_students_sort_as_a_person_reads_a_list_and_hidden_files_are_named(capsys, small):
    problems, answers = small
    (answers / "Carol.txt").write_text("(2xy^3, 3x^2y^2)\n")
    (answers / ".DS_Store").write_bytes(b"\x00\x01")
    code, out, err = grade(capsys, problems, [answers], fmt=Format.csv)
    assert code == 0 and [row.split(",")[0] for row in out.splitlines()[2:]] == [
        "alice",
        "bob",
        "Carol",
    ]
    # .hidden (from the fixture) and .DS_Store
    assert "skipped 2 hidden files" in err and ".DS_Store" in err


# --- the formats learning-management systems import -----------------------------------------------


def lms(capsys, problems, answers, fmt, roster=None, assignment=None):
    code = run(
        str(problems),
        [str(a) for a in answers],
        2,
        False,
        None,
        Common(format=fmt),
        get_command(app),
        (roster and str(roster), assignment),
    )
    out, err = capsys.readouterr()
    return code, out, err


def test_gradescope_results_json_has_the_published_fields(capsys, small):
    problems, answers = small
    code, out, _ = lms(capsys, problems, [answers / "bob.txt"], Format.gradescope)
    results = json.loads(out)
    # Gradescope's "Autograder Specifications": top-level score and tests, each with these fields
    assert code == 0 and set(results) == {
        "score",
        "output",
        "visibility",
        "stdout_visibility",
        "tests",
    }
    assert [set(t) for t in results["tests"]] == [
        {"name", "number", "score", "max_score", "status", "output", "visibility"}
    ] * 2
    gradient, roots = results["tests"]
    # 1 of 2 components
    assert (gradient["name"], gradient["max_score"], gradient["score"], gradient["status"]) == (
        "gradient",
        2,
        1,
        "failed",
    )
    # {√2}: 1 of 2 roots
    assert (
        "right components: 1 of 2" in gradient["output"]
        and roots["max_score"] == 3
        and roots["score"] == 1.5
    )
    assert results["score"] == 2.5 == sum(t["score"] for t in results["tests"])


def test_gradescope_is_one_submission(capsys, small):
    problems, answers = small
    code, _, err = lms(capsys, problems, [answers], Format.gradescope)
    assert code == 2 and "one submission" in err


@pytest.fixture
def roster(tmp_path):
    path = tmp_path / "roster.csv"
    rows = [
        "file,name,id,sis_user_id,sis_login_id,section,email,idnumber",
        "alice.txt,Alice Liddell,101,A1,alice,Sec 1,alice@u.edu,S1",
        'bob,"=HYPERLINK(""http://x"")",102,B2,bob,Sec 1,bob@u.edu,S2',
        "carol.txt,Carol,103,C3,carol,Sec 2,carol@u.edu,S3",
    ]
    path.write_text("\n".join(rows) + "\n")
    return path


def test_canvas_gradebook_has_canvas_columns_a_points_row_and_every_student_accounted_for(
    capsys, small, roster
):
    problems, answers = small
    (answers / "dave.txt").write_text("-\n-\n")
    code, out, err = lms(capsys, problems, [answers], Format.canvas, roster, "Homework 3")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and out.count("\r\n") == len(rows)  # RFC 4180 line ends
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Homework 3"]
    assert rows[1] == ["Points Possible", "", "", "", "", "5"]
    assert rows[2] == ["Alice Liddell", "101", "A1", "alice", "Sec 1", "5"]
    # a formula stays text
    assert rows[3][0] == '\'=HYPERLINK("http://x")' and rows[3][1:] == [
        "102",
        "B2",
        "bob",
        "Sec 1",
        "2.5",
    ]
    assert len(rows) == 4
    assert (
        "dave has no row in the roster" in err
        and "the roster lists carol, but no answer file" in err
    )


def test_moodle_gradebook_has_an_identifier_and_a_grade_column(capsys, small, roster):
    problems, answers = small
    code, out, _ = lms(capsys, problems, [answers], Format.moodle, roster)
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and rows == [
        ["Email address", "problems"],
        ["alice@u.edu", "5"],
        ["bob@u.edu", "2.5"],
    ]


@pytest.mark.parametrize(
    "fmt, content, message",
    [
        (Format.canvas, None, "needs --roster"),
        (Format.canvas, "file,name\nalice.txt,Alice\nbob.txt,Bob\n", "needs an id or sis_user_id"),
        (
            Format.moodle,
            "file,id\nalice.txt,1\nbob.txt,2\n",
            "needs an email, idnumber or username",
        ),
        (Format.canvas, "name,id\nAlice,1\n", "no 'file' column"),
        (Format.canvas, "file,id\nalice.txt,1\nalice,2\n", "listed twice"),
    ],
)
def test_a_roster_that_cannot_serve_is_exit_2_in_one_sentence(
    capsys, small, tmp_path, fmt, content, message
):
    problems, answers = small
    path = None
    if content is not None:
        path = tmp_path / "r.csv"
        path.write_text(content)
    code, out, err = lms(capsys, problems, [answers], fmt, path)
    assert code == 2 and out == "" and message in err and err.count("\n") == 1


def test_a_roster_is_opened_as_any_user_file_is(capsys, small, tmp_path, roster):
    problems, answers = small
    link = tmp_path / "link.csv"
    link.symlink_to(roster)
    code, _, err = lms(capsys, problems, [answers], Format.canvas, link)
    assert code == 2 and "--roster" in err


def test_a_zero_component_earns_no_credit_alone(capsys, tmp_path):
    problems = tmp_path / "p.txt"
    problems.write_text('curl "y, -x, z"\n')
    answers = tmp_path / "a"
    answers.mkdir()
    # the curl is (0, 0, -2): only its zeros are right
    (answers / "zeros.txt").write_text("(0, 0, -1)\n")
    (answers / "half.txt").write_text("(0, 1, -2)\n")  # one zero wrong, the one nonzero right
    code, out, _ = grade(capsys, problems, [answers])
    cells = {s["name"]: s["cells"][0] for s in json.loads(out)["students"]}
    assert cells["zeros"]["points"] == 0  # not 2/3 for writing two zeros
    assert cells["half"]["points"] == 0.5  # of the components it did work for, 1 wrong and −2 right


@pytest.mark.parametrize(
    "content, message",
    [
        (b"file,id\nalice.txt,\xff\xfe\n", "--roster"),
        (b"", "is empty"),
    ],
)
def test_hostile_rosters_are_one_sentence(capsys, small, tmp_path, content, message):
    problems, answers = small
    path = tmp_path / "r.csv"
    path.write_bytes(content)
    code, out, err = lms(capsys, problems, [answers], Format.canvas, path)
    assert code == 2 and out == "" and message in err and "Traceback" not in err


def test_control_characters_in_a_roster_never_reach_the_gradebook_raw(capsys, small, tmp_path):
    problems, answers = small
    path = tmp_path / "r.csv"
    path.write_bytes(b"file,name,id\nalice.txt,Al\x00ice\x1b[2J,1\nbob.txt,Bob,2\n")
    code, out, _ = lms(capsys, problems, [answers], Format.canvas, path)
    assert code == 0 and "\x00" not in out and "\x1b" not in out


def test_names_from_a_roster_reach_the_terminal_escaped(capsys, small, tmp_path):
    problems, answers = small
    path = tmp_path / "r.csv"
    path.write_text("file,id\nalice.txt,1\nbob.txt,2\nmallory\x1b[2J.txt,3\n")
    code, _, err = lms(capsys, problems, [answers], Format.canvas, path)
    assert code == 0 and "\x1b" not in err and "mallory" in err

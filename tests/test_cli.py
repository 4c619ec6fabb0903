"""The command line: exit statuses, stderr sentences, formats; one real subprocess."""

import json
import os
import subprocess
import sys

import pytest
import sympy
from typer.testing import CliRunner

from calcli.cli.app import app
from tests.calling import call_process
from tests.hostile import SLOW

runner = CliRunner()


def calcli(*args):
    return runner.invoke(app, list(args))


def test_grad_json_envelope():
    r = calcli("grad", "(x+y)*z", "--at", "x=4,y=-3,z=5", "--json")
    assert r.exit_code == 0
    d = json.loads(r.stdout)
    assert (d["calcli"], d["command"], d["ok"]) == (1, "grad", True)
    assert d["numeric"] == {"x": 5.0, "y": 5.0, "z": 1.0}


def test_plain_is_the_default_in_a_pipe():
    r = calcli("grad", "x^2", "--at", "x=3")
    assert r.exit_code == 0
    assert "gradient.x\t2*x\n" in r.stdout and "value.x\t6\n" in r.stdout
    assert not any(ch in r.stdout for ch in "\x1b│╭─")


@pytest.mark.parametrize(
    "args, code",
    [
        (["grad", "x+"], 2),
        (["grad", "xsin(x)"], 2),
        (["grad", "x^2", "--at", "x="], 2),
        (["grad", "x^2", "--at", "w=1"], 2),
        (["grad", "x^2", "--at", "x=1/0"], 2),
        (["grad", "x^2", "--at", "x=nan"], 2),
        (["grad", "x^2", "--wrt", "x,x"], 2),
        (["grad", "x^2", "--format", "yaml"], 2),
        (["grad", "[x, y]", "--hessian"], 2),
        (["grad", "9**9**9**9"], 2),
        (["grad", "x^2", "--timeout", "0"], 2),
        (["nosuchcommand"], 2),
    ],
)
def test_bad_input_exit_status_and_one_sentence(args, code):
    r = calcli(*args)
    assert r.exit_code == code
    assert "Traceback" not in r.stderr
    assert r.stderr.strip()


def test_parse_error_shows_a_caret():
    r = calcli("grad", "x + * y")
    lines = r.stderr.splitlines()
    assert lines[0].startswith("calcli: error: ")
    assert lines[1] == "  x + * y"
    assert lines[2] == "      ^"


def test_json_error_object():
    r = calcli("grad", "xsin(x)", "--format", "json")
    assert r.exit_code == 2
    d = json.loads(r.stdout)
    assert d["ok"] is False and d["error"]["kind"] == "parse" and d["error"]["position"] == 0


def test_timeout_is_exit_3():
    r = calcli("grad", SLOW, "--wrt", "x", "--timeout", "0.5")
    assert r.exit_code == 3
    assert "time limit" in r.stderr


def test_escape_sequences_never_reach_the_terminal():
    r = calcli("grad", "x\x1b[31m", "--format", "table")
    assert "\x1b" not in r.stderr + r.stdout
    r = calcli("grad", "x\u202e+1")
    assert "\u202e" not in r.stderr


def test_rich_markup_in_input_is_text():
    r = calcli("grad", "x^2", "--wrt", "x", "--format", "table")
    assert r.exit_code == 0 and "Gradient of x^2" in r.stdout
    r = calcli("grad", "[red]x[/red]", "--format", "table")
    assert r.exit_code == 2 and "[red]" not in r.stdout


def test_latex():
    r = calcli("grad", "x^2*y", "--at", "x=1,y=2", "--format", "latex")
    assert r.exit_code == 0
    assert (
        r.stdout.startswith("\\begin{align*}")
        and ("\\frac{\\partial f}{\\partial x} &= 2 x y = 4") in r.stdout
    )


def test_real_subprocess_help_does_not_import_sympy():
    code = (
        "import sys; from calcli.cli.app import app\ntry:\n    app(['--help'])\nexcept "
        "SystemExit: pass\nprint('sympy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("False")


@pytest.mark.usefixtures("cold_and_warm")
def test_real_subprocess_python_m():
    out = subprocess.run(
        [sys.executable, "-m", "calcli", "grad", "(x+y)*z", "--at", "x=4,y=-3,z=5", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert out.returncode == 0
    assert json.loads(out.stdout)["value"] == {"x": "5", "y": "5", "z": "1"}


def test_expect_exit_status_and_verdict_line():
    r = calcli("grad", "x^3+x^2+7", "--wrt", "x", "--expect", "3x^2+2^x", "--format", "table")
    assert r.exit_code == 1
    assert "✗ different: at x = 0 the expected answer gives 1, the right value is 0" in r.stdout
    r = calcli("grad", "x^3+x^2+7", "--wrt", "x", "--expect", "3x^2+2x", "--format", "table")
    assert r.exit_code == 0 and "✓ equal" in r.stdout
    r = calcli("grad", "(x+y)*z", "--expect", "(z, z)")
    assert r.exit_code == 2 and "3" in r.stderr


def test_steps_plain_names_the_nodes():
    r = calcli("grad", "q = x + y; f = q*z", "--at", "x=4,y=-3,z=5", "--steps")
    assert r.exit_code == 0
    assert "backward.x\tdf/dq*dq/dx = 5*1 = 5\n" in r.stdout
    assert "node.q\tx + y\n" in r.stdout


def test_div_json_fields_and_errors():
    r = calcli("div", "2x, 4y, 6z", "--json")
    d = json.loads(r.stdout)
    assert (
        r.exit_code == 0
        and d["divergence"] == "12"
        and d["terms"] == ["2", "4", "6"]
        and d["coordinates"] == "cartesian"
    )
    r = calcli("div", "x, y, z", "--wrt", "x,y")
    assert r.exit_code == 2 and "3 components" in r.stderr and "2 variables" in r.stderr
    r = calcli("div", "r^2, 0, 0", "--coords", "polar")
    assert r.exit_code == 2


def test_expression_may_start_with_a_minus():
    assert calcli("grad", "-x^2", "--at", "x=1").exit_code == 0
    r = calcli("curl", "-y, x, 0", "--json")
    assert json.loads(r.stdout)["curl"] == ["0", "0", "2"]


def test_solve_statuses_and_exit_codes():
    r = calcli("solve", "x + y = 3", "x - y = 1", "--json")
    d = json.loads(r.stdout)
    assert r.exit_code == 0 and d["status"] == "solved" and d["solutions"] == [{"x": "2", "y": "1"}]
    assert d["numeric"] == [{"x": 2.0, "y": 1.0}]
    r = calcli("solve", "x^2 = -4", "--json")
    d = json.loads(r.stdout)
    assert (
        r.exit_code == 0
        and d["status"] == "no_solution"
        and d["solutions"] == []
        and d["complex_solutions"] == 2
    )
    r = calcli("solve", "sin(x) = 0", "--json")
    d = json.loads(r.stdout)
    assert d["solutions"] is None and d["numeric"] is None and "Integers" in d["solution_set"]
    r = calcli("solve", "exp(x) = x + 2", "--json")  # an ok result with status unsolved, and exit 3
    d = json.loads(r.stdout)
    assert (
        r.exit_code == 3
        and d["ok"] is True
        and d["status"] == "unsolved"
        and "--numeric" in d["notes"][0]
    )
    r = calcli("solve", "x^2 = 2", "--expect", "x = sqrt(2)")
    assert r.exit_code == 1


def test_minimize_json_and_exit_statuses():
    r = calcli("minimize-constrained", "x^2 + y^2", "--subject-to", "x + y >= 1", "--json")
    d = json.loads(r.stdout)
    assert r.exit_code == 0 and d["sense"] == "min" and d["convention"].startswith("L = f - ")
    assert (
        d["optimum"]["point"] == {"x": "1/2", "y": "1/2"}
        and d["optimum"]["classification"] == "minimum"
    )
    assert (
        calcli(
            "minimize-constrained", "x^2", "--subject-to", "x >= 1", "--subject-to", "x <= 0"
        ).exit_code
        == 3
    )
    assert calcli("minimize-constrained", "x^2", "--subject-to", "x > 1").exit_code == 2
    assert (
        calcli(
            "minimize-constrained", "x^2 + y^2", "--subject-to", "x + y >= 1", "--expect", "(1, 0)"
        ).exit_code
        == 1
    )


def test_ctrl_c_on_a_single_command_still_gives_json(cold_and_warm):
    import signal

    from tests.processes import wait_until

    proc = subprocess.Popen(
        [sys.executable, "-m", "calcli", "grad", SLOW, "--wrt", "x", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # a second of CPU: past the worker's imports, into the computation
    assert wait_until(lambda: cold_and_warm.computing(proc.pid, 1.0), 30), (
        "the computation did not start"
    )
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 130
    assert json.loads(out)["error"]["kind"] == "interrupted" and "interrupted" in err


@pytest.mark.parametrize(
    "args, sentence",
    [
        # else --wrtt is the expression
        (["grad", "--wrtt", "x", "x^2"], "no such option: --wrtt; did you mean --wrt?"),
        (["grad", "x^2", "--forma", "json"], "no such option: --forma; did you mean --format?"),
        (
            ["solve", "x = 1", "--domian", "reals"],
            "no such option: --domian; did you mean --domain?",
        ),  # else an equation
        (["batch", "--jbos", "2", "-"], "no such option: --jbos; did you mean --jobs?"),
        (["grad", "x^2", "--zzzz"], "no such option: --zzzz."),  # nothing close: no guess
    ],
)
def test_a_misspelled_option_is_named_with_the_options_it_is_close_to(args, sentence, capsys):
    from calcli.cli.launch import run

    assert run(args) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"calcli: error: {sentence}",
        f"hint: see 'calcli {args[0]} --help'",
    ]


def test_an_option_value_that_looks_like_an_option_is_a_value(capsys):
    from calcli.cli.launch import run

    # --x is the expected answer (−(−x)), not an option
    assert run(["grad", "x^2", "--expect", "--x"]) == 1
    assert run(["grad", "--", "--x"]) == 0  # after --, never an option: the expression --x


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_a_completion_script_for_each_shell(shell):
    """`calcli --show-completion SHELL` (the shell is found by itself when not named: here
    detection is off)."""
    # a process of its own: typer reads the variable when it is imported
    env = {"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    p = call_process("--show-completion", shell, env=env)
    assert p.returncode == 0 and f"_CALCLI_COMPLETE=complete_{shell}" in p.stdout, p.stderr


def test_the_shell_completes_commands_options_and_their_choices(calcli_call):
    """What the scripts ask calcli for on each Tab, in-process and through a warm server (which is
    given the request)."""

    def complete(shell: str, line: str) -> list[str]:
        words = line.split(" ")
        env = {
            "_CALCLI_COMPLETE": f"complete_{shell}",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - 1),
            "_TYPER_COMPLETE_ARGS": line,
            "_TYPER_COMPLETE_WORD_TO_COMPLETE": words[-1],
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        }
        p = calcli_call(env=env)
        assert p.returncode == 0, p.stderr
        return p.stdout.split()

    assert complete("bash", "calcli gr") == ["grad", "grade"]
    assert "--wrt" in complete("bash", "calcli grad x --w")
    assert complete("bash", "calcli div x --coords ") == ["cartesian", "cylindrical", "spherical"]
    assert complete("fish", "calcli grad x --format ") == ["table", "plain", "json", "latex", "csv"]
    assert '"--domain"' in " ".join(complete("zsh", "calcli solve x --dom")).replace(":", " ")


def test_json_is_ascii_so_nothing_raw_reaches_a_terminal():
    r = calcli("solve", "sin(x) = 0", "--json")
    assert r.stdout.isascii() and "\\u2124" in r.stdout  # ℤ, escaped


def test_undefined_values_are_null_and_say_so():
    d = json.loads(calcli("grad", "log(x)", "--at", "x=0", "--json").stdout)
    assert d["value"] == {"x": None} and d["numeric"] == {"x": None}
    assert "undefined" in calcli("grad", "1/x", "--at", "x=0", "--format", "table").stdout


def test_derivatives_of_undefined_functions_at_a_point_parse_back():
    from calcli import parse

    d = json.loads(
        calcli("div", "u(x,y), x", "--functions", "u", "--at", "x=1,y=2", "--json").stdout
    )
    assert d["numeric"] is None
    assert parse(d["value"], functions=["u"]).value.has(sympy.Subs)


def test_an_expression_from_standard_input():
    """EXPR given as - is read from standard input, up to 1 MiB: a 1,000-term sum (19 kB, over
    the 10,000-character limit of an argument) has its 1,001 partials."""
    from calcli.parsing import parse_program

    big = " + ".join(f"sin(x{i})*x{i + 1}^2" for i in range(1000))
    result = runner.invoke(app, ["grad", "-", "--json"], input=big + "\n")
    assert result.exit_code == 0, result.stderr
    gradient = json.loads(result.stdout)["gradient"]
    # two terms hold x5 (printed in sympy's order: large)
    by_hand = parse_program("2*x5*sin(x4) + x6^2*cos(x5)").value
    assert (
        len(gradient) == 1001 and parse_program(gradient["x5"].replace("**", "^")).value == by_hand
    )
    assert runner.invoke(app, ["div", "-", "--format", "plain"], input="x, y, z").stdout.endswith(
        "divergence\t3\n"
    )
    assert runner.invoke(app, ["grad", "-"], input="").exit_code == 2  # nothing there
    too_long = runner.invoke(app, ["grad", "-"], input="x+" * (1 << 19) + "x")
    assert too_long.exit_code == 2 and "the limit is 1048576" in too_long.stderr
    # as an argument, the 10,000-character limit holds
    assert runner.invoke(app, ["grad", big]).exit_code == 2


def test_an_unknown_command_is_answered_by_meaning(capsys):
    """difflib suggests div for derive (by spelling); a student means a derivative."""
    from calcli.cli.launch import run

    def stderr_of(*argv):
        code = run(list(argv))
        return code, capsys.readouterr().err

    code, err = stderr_of("derive", "x^2")
    assert code == 2 and "did you mean diff" in err and "div " not in err
    assert "did you mean grad?" in stderr_of("gradient", "x^2")[1]
    assert "did you mean integrate?" in stderr_of("integral", "x^2")[1]
    assert "did you mean series?" in stderr_of("taylor", "x^2")[1]
    # a typo: the spelling suggestion stays
    assert "Did you mean 'grad'" in stderr_of("grd", "x")[1]


@pytest.mark.parametrize(
    "argv", [["--help"], ["grad", "--help"], ["integrate", "--help"], ["grade", "--help"]]
)
def test_a_cold_call_builds_only_what_it_needs_and_says_the_same(argv, capsys):
    """`calcli --help` lists stand-ins, `calcli grad ...` builds grad alone (faster starts): the
    same text as the whole app gives."""
    from calcli.cli.app import click_command

    def help_of(group) -> str:
        try:
            group.main(args=argv, prog_name="calcli", standalone_mode=False)
        except SystemExit:
            pass
        return capsys.readouterr().out

    alone = "" if argv == ["--help"] else argv[0]
    assert help_of(click_command(alone)) == help_of(click_command())


def test_the_whole_app_is_built_once_however_it_is_asked_for():
    """A warm server builds it while warming; a request that asks with click_command(None) must
    get that one (a second cache key rebuilt all sixteen commands on every warm call: 10 ms
    each)."""
    from calcli.cli.app import click_command

    assert click_command() is click_command(None) is click_command()


@pytest.mark.parametrize(
    "argv, json",
    [
        # click reads --format in any case
        (["grad", "x", "--format", "JSON", "--wrtt", "x"], True),
        (["grad", "x", "--format=Json", "--wrtt", "x"], True),
        (["grad", "x", "--json", "--wrtt", "x"], True),
        # the last one given
        (["grad", "x", "--format", "json", "--format", "table", "--wrtt", "x"], False),
        (["solve", "x=1", "--format", "JSON", "--domain", "nope"], True),
        (["grade", "--format", "json", "--nope"], True),
        (["grad", "x", "--wrtt", "x"], False),
        # --at took "--format" as its value, as click reads it
        (["grad", "--at", "--format", "json"], False),
        # an unknown option does not stop the reading
        (["grad", "x", "--bogus", "--format", "json"], True),
        (["nonsense", "x", "--json"], True),  # no command: --json is every command's
    ],
)
def test_a_failed_line_is_read_for_json_as_click_reads_it(argv, json):
    """The error of a line click refused is a JSON object exactly when click would have read
    --json or --format json from it (calcli grad x --format JSON --wrtt x)."""
    from calcli.cli.launch import wants_json

    assert wants_json(argv) == json


def test_the_terminal_is_measured_once_and_handed_down(monkeypatch, capsys):
    """The launcher measures where output goes once for the whole call, and the runner draws with
    that; a test gives its own terminal to click (the context's object), so a table on a terminal
    is drawn in-process."""
    from calcli.cli.launch import run
    from calcli.render import Screen
    from calcli.terminal import Terminal

    measured = []
    pipe, tty = (
        Terminal(False, False, Screen(width=80)),
        Terminal(True, False, Screen(width=80, color=False)),
    )
    monkeypatch.setattr(Terminal, "measure", classmethod(lambda cls: measured.append(cls) or pipe))
    assert run(["grad", "x^2*y", "--at", "x=1,y=2"]) == 0
    # plain, in a pipe
    assert measured == [Terminal] and capsys.readouterr().out.startswith("expression\tx**2*y\n")
    drawn = CliRunner().invoke(app, ["grad", "x^2*y", "--at", "x=1,y=2"], obj=tty)
    # a table
    assert drawn.exit_code == 0 and "│" in drawn.stdout and "expression\t" not in drawn.stdout
    assert measured == [Terminal]  # given, not measured again
    # nothing is drawn: nothing is measured
    for command in (["--help"], ["grad", "--help"], ["nonsense"]):
        run(command)
    assert measured == [Terminal]


def test_the_prestarted_worker_is_handed_to_its_command_and_to_no_other(monkeypatch, capsys):
    """The launcher's computing process (started before typer is imported) is given to the command
    it names, with the terminal (calcli.request.Launch), and computes that command; one left
    unused by a usage error is never taken by a later computation in the same process."""
    from calcli import limits
    from calcli.cli.launch import run

    started, computed = [], []
    monkeypatch.setattr(
        limits, "prestart", lambda *args: started.append(limits.Worker()) or started[-1]
    )
    real_run = limits.Worker.run
    monkeypatch.setattr(
        limits.Worker, "run", lambda self, *a, **k: computed.append(self) or real_run(self, *a, **k)
    )
    assert run(["grad", "x^2"], prestarted=True) == 0 and "2*x" in capsys.readouterr().out
    assert len(started) == 1 and computed == started
    assert run(["grad", "x^2", "--timeout", "abc"], prestarted=True) == 2  # refused: unused
    unused = started[-1]
    assert run(["grad", "x^3"]) == 0 and len(computed) == 2 and unused not in computed
    unused.stop()

"""Every command in calcli/registry.py has every piece it needs: a CLI command that returns a Request, an API
function, a result type, renderers for each format it writes, modules to preload, and a docs page. A command
added to the registry without one of them fails here, not at run time as an engine error."""

import importlib
from pathlib import Path

import pytest
from typer.main import get_command

from calcli import results
from calcli.cli import app
from calcli.formats import Format
from calcli.registry import API, COMMANDS, checker, preload
from calcli.render.csv_rows import ROWS
from calcli.render.latex import LATEX
from calcli.render.plain import PLAIN
from calcli.render.table import TABLES
from calcli.request import Request

DOCS = Path(__file__).resolve().parent.parent / "docs" / "commands"


def example(name: str) -> list[str]:
    """The first example in the command's own help (its docstring): every command must have one."""
    import shlex

    command = get_command(app).commands[name]
    line = next(line.strip() for line in command.help.splitlines() if line.strip().startswith(f"calcli {name} "))
    return shlex.split(line)[2:]


STREAMED = {"diff-table"}  # its plain and CSV text is written a chunk of rows at a time (render.streamed)


def renderers(fmt: Format, name: str):
    """Where the renderers of a format live (JSON is every result's to_dict)."""
    if fmt is Format.json:
        return {name}
    if fmt in (Format.plain, Format.csv) and name in STREAMED:
        return STREAMED
    return {Format.table: TABLES, Format.latex: LATEX, Format.plain: PLAIN, Format.csv: ROWS}[fmt]


def test_a_command_missing_a_renderer_fails_the_registry_test(monkeypatch):
    """The check above can fail: a toy command declaring csv and plain without their renderers is caught."""
    from calcli.registry import TABLE_FORMATS

    for fmt in TABLE_FORMATS:
        if fmt is not Format.json:
            assert "toy" not in renderers(fmt, "toy")
    monkeypatch.setitem(ROWS, "toy", lambda r: [])
    assert "toy" in renderers(Format.csv, "toy") and "toy" not in renderers(Format.plain, "toy")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_piece_of_a_command_is_there(name):
    command = COMMANDS[name]
    group = get_command(app)
    assert name in group.commands, f"no CLI command {name} in calcli/cli.py"
    request = group.commands[name].main(args=example(name), prog_name=f"calcli {name}", standalone_mode=False)
    assert isinstance(request, Request) and request.command == name
    function = getattr(importlib.import_module(command.module), command.api)
    assert API[command.api] == command.module and callable(function)
    assert isinstance(getattr(results, command.result), type)
    for fmt in command.formats:  # each format the command declares has its renderer: none is a user's KeyError
        assert name in renderers(fmt, name), f"{name} declares --format {fmt.value} but has no renderer for it"
    for module in preload(name, numeric_flag=True):
        importlib.import_module(module)
    assert (DOCS / f"{name}.md").exists(), "run scripts/gen_docs.py"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_result_says_which_command_made_it(name):
    """render and batch choose by result.command: it must be the registry's name."""
    request = get_command(app).commands[name].main(args=example(name), prog_name="calcli", standalone_mode=False)
    assert request.compute().command == name


def test_every_cli_command_is_registered_or_is_batch_or_grade():
    assert set(get_command(app).commands) == set(COMMANDS) | {"batch", "grade"}


# for each command's help example: a right answer and one partly right (hand-computed)
ANSWERS = {
    "grad": ("(5, 5, 1)", "(5, 5, 2)"),
    "div": ("12", "11"),
    "curl": ("(0, 0, 2)", "(0, 0, 1)"),
    "laplacian": ("6", "4"),
    "jacobian": ("[[y, x], [1, 1], [2x, 0]]", "[[y, x], [1, 1], [x, 0]]"),
    "solve": ("x = 13/3 - 11y/6", "x = 13/3"),
    "minimize-constrained": ("(4.0705, 0.14338)", "(4.0705, 0.2)"),  # (4.085, 0.17) - 0.38/157·(6, 11)
    "diff": ("3x^2*sin(x) + x^3*cos(x)", "3x^2*sin(x)"),
    "integrate": ("sin(x) - x*cos(x) + 7", "sin(x) + x*cos(x)"),  # any antiderivative is right
    "limit": ("1", "0"),
    "critical-points": ("{(-1, 0), (1, 0)}", "{(1, 0)}"),  # x^3 - 3x + y^2: 3x² - 3 = 0, 2y = 0
    "series": ("x - x^3/6 + x^5/120 - x^7/5040 + x^9", "x - x^3/6"),  # sin(x) to order 8: x^9 is beyond it
}


@pytest.mark.parametrize("name", sorted(c.name for c in COMMANDS.values() if c.checker))
def test_a_checker_grades_the_result_the_command_computed(name):
    """calcli grade checks answers against a result computed once: its checker agrees with --expect."""
    from calcli.parsing import Options

    args = example(name)
    group = get_command(app)
    result = group.commands[name].main(args=args, prog_name="calcli", standalone_mode=False).compute()
    check_answer = checker(name)
    for answer, verdict in zip(ANSWERS[name], ("equal", "different")):
        check = check_answer(result, answer, Options((), False, ()), 1e-3)
        with_expect = group.commands[name].main(args=[*args, "--expect", answer], prog_name="calcli", standalone_mode=False).compute().check
        assert check.verdict == verdict and check.to_dict() == with_expect.to_dict()


def test_only_commands_without_an_answer_have_no_checker():
    assert [c.name for c in COMMANDS.values() if not c.checker] == ["diff-table"]

"""Every command in calcli/registry.py has every piece it needs: a CLI command that returns a
Request, an API function, a result type, renderers for each format it writes, modules to preload,
and a docs page. A command added to the registry without one of them fails here, not at run time
as an engine error."""

import importlib
from pathlib import Path

import pytest
from typer.main import get_command

from calcli import results
from calcli.cli.app import app
from calcli.formats import Format
from calcli.registry import API, COMMANDS, checker, preload
from calcli.render import writers
from calcli.request import Request

DOCS = Path(__file__).resolve().parent.parent / "docs" / "commands"


def example(name: str) -> list[str]:
    """The first example in the command's own help (its docstring): every command must have one."""
    import shlex

    command = get_command(app).commands[name]
    line = next(
        line.strip()
        for line in command.help.splitlines()
        if line.strip().startswith(f"calcli {name} ")
    )
    return shlex.split(line)[2:]


def writer_missing(kind: type, fmt: Format) -> str | None:
    """Why a result of this type cannot be written in `fmt`, or None when it can."""
    where = writers.named(kind, fmt)
    if where is None:
        return f"{kind.__name__} has no {fmt.value} writer in calcli/render/writers.py"
    if fmt is Format.json:
        return (
            None
            if callable(getattr(kind, "to_dict", None))
            else (f"{kind.__name__} has no to_dict")
        )
    module, function = where.split(":")
    if not callable(getattr(importlib.import_module(module), function, None)):
        return f"{where} does not exist"
    return None


def test_a_result_type_missing_a_writer_fails_the_registry_test(monkeypatch):
    """The check above can fail: a toy result type with a table writer only, or naming a writer
    that does not exist, is caught for the other formats."""

    class Toy:
        def to_dict(self):
            return {}

    monkeypatch.setitem(
        writers.WRITERS,
        Toy,
        writers.Writers(
            "calcli.render.table:grad_table", None, "calcli.render.latex:no_such_function"
        ),
    )
    assert writer_missing(Toy, Format.table) is None and writer_missing(Toy, Format.json) is None
    assert "no plain writer" in writer_missing(
        Toy, Format.plain
    ) and "no csv writer" in writer_missing(Toy, Format.csv)
    assert "does not exist" in writer_missing(Toy, Format.latex)
    monkeypatch.delitem(writers.WRITERS, Toy)
    assert "no table writer" in writer_missing(Toy, Format.table)


def missing_pieces(name: str) -> list[str]:
    """What the command lacks of the pieces docs/contributing.md lists (its docs page is checked
    below)."""
    command = COMMANDS.get(name)
    if command is None:
        return [f"no registry entry for {name} in calcli/registry.py"]
    group = get_command(app)
    if name not in group.commands:
        return [f"no CLI command {name} in calcli/cli/app.py"]
    missing = []
    request = group.commands[name].main(
        args=example(name), prog_name=f"calcli {name}", standalone_mode=False
    )
    if not (isinstance(request, Request) and request.command == name):
        missing.append(f"calcli {name} does not return its Request")
    if not callable(getattr(importlib.import_module(command.module), command.api, None)):
        missing.append(f"no function {command.api} in {command.module}")
    kind = getattr(results, command.result, None)
    if not (isinstance(kind, type) and kind.command == name):
        return [
            *missing,
            f"no result type {command.result} in calcli/results.py with command = {name!r}",
        ]
    # each format the command declares has its writer: none is a user's error
    for fmt in command.formats:
        if writer_missing(kind, fmt):
            missing.append(f"{name} declares --format {fmt.value}: {writer_missing(kind, fmt)}")
    return missing


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_steps_is_declared_once_by_the_registry(name):
    """--steps comes from the registry entry (what its working shows), never from a command's own
    signature."""
    import re

    params = {p.name: p for p in get_command(app).commands[name].params}
    assert ("steps" in params) == bool(COMMANDS[name].steps)
    source = (Path(__file__).resolve().parent.parent / "calcli" / "cli" / "app.py").read_text()
    assert not re.search(r'Option\(\s*"--steps"', source)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_piece_of_a_command_is_there(name):
    assert missing_pieces(name) == []
    for module in preload(name, numeric_flag=True):
        importlib.import_module(module)
    assert API[COMMANDS[name].api] == COMMANDS[name].module
    assert (DOCS / f"{name}.md").exists(), "run scripts/gen_docs.py"


@pytest.fixture
def toy(monkeypatch):
    """calcli toy, plugged in from its pieces (tests/toy_command.py); the pieces, to take any one
    out again."""
    from calcli import registry
    from tests import toy_command

    monkeypatch.setitem(registry.COMMANDS, "toy", toy_command.ENTRY)
    monkeypatch.setattr(results, "ToyResult", toy_command.ToyResult, raising=False)
    monkeypatch.setitem(writers.WRITERS, toy_command.ToyResult, toy_command.WRITERS)
    monkeypatch.setattr(app, "registered_commands", list(app.registered_commands))
    toy_command.register(app)
    return monkeypatch


@pytest.mark.parametrize("tty", [True, False], ids=["terminal", "pipe"])
def test_a_toy_command_from_the_documented_pieces_runs_in_every_format(toy, tty, capfd):
    from calcli.cli.runner import run_request
    from calcli.render import Screen
    from calcli.terminal import Terminal

    assert missing_pieces("toy") == []
    terminal = Terminal(tty, tty, Screen(width=80))
    expected = {
        Format.table: "Twice x^2*y",
        Format.plain: "double\t2*x**2*y\n",
        Format.json: '"double": "2*x**2*y"',
        Format.latex: "2f = 2 x^{2} y",
        Format.csv: "expression,double\r\nx^2*y,2*x**2*y\r\n",
    }
    for fmt in [None, *COMMANDS["toy"].formats]:
        args = ["toy", "x^2*y", *(["--format", fmt.value] if fmt else [])]
        request = (
            get_command(app)
            .commands["toy"]
            .main(args=args[1:], prog_name="calcli toy", standalone_mode=False)
        )
        assert run_request(request, terminal) == 0
        out, err = capfd.readouterr()
        assert expected[fmt or (Format.table if tty else Format.plain)] in out and err == ""


@pytest.mark.parametrize(
    "piece", ["ops", "result", "plain writer", "csv writer", "registry", "cli"]
)
def test_a_toy_command_missing_any_piece_fails_a_test(toy, piece):
    from calcli import registry
    from tests import toy_command

    if piece == "ops":
        toy.delattr(toy_command, "double")
    elif piece == "result":
        toy.delattr(results, "ToyResult")
    elif piece.endswith("writer"):
        fmt = piece.split()[0]
        toy.setitem(
            writers.WRITERS, toy_command.ToyResult, toy_command.WRITERS._replace(**{fmt: None})
        )
    elif piece == "registry":
        toy.delitem(registry.COMMANDS, "toy")
    else:
        toy.setattr(
            app,
            "registered_commands",
            [c for c in app.registered_commands if c.callback.__name__ != "toy"],
        )
    assert missing_pieces("toy"), f"a toy command without its {piece} passed"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_result_says_which_command_made_it(name):
    """JSON's envelope and batch name a result by its command: it must be the registry's name and
    type."""
    request = (
        get_command(app)
        .commands[name]
        .main(args=example(name), prog_name="calcli", standalone_mode=False)
    )
    result = request.compute()
    assert result.command == name and type(result).__name__ == COMMANDS[name].result


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
    # (4.085, 0.17) - 0.38/157·(6, 11)
    "minimize-constrained": ("(4.0705, 0.14338)", "(4.0705, 0.2)"),
    "diff": ("3x^2*sin(x) + x^3*cos(x)", "3x^2*sin(x)"),
    "integrate": ("sin(x) - x*cos(x) + 7", "sin(x) + x*cos(x)"),  # any antiderivative is right
    "limit": ("1", "0"),
    "critical-points": ("{(-1, 0), (1, 0)}", "{(1, 0)}"),  # x^3 - 3x + y^2: 3x² - 3 = 0, 2y = 0
    # sin(x) to order 8: x^9 is beyond it
    "series": ("x - x^3/6 + x^5/120 - x^7/5040 + x^9", "x - x^3/6"),
}


@pytest.mark.parametrize("name", sorted(c.name for c in COMMANDS.values() if c.checker))
def test_a_checker_grades_the_result_the_command_computed(name):
    """calcli grade checks answers against a result computed once: its checker agrees with
    --expect."""
    from calcli.parsing import Options

    args = example(name)
    group = get_command(app)
    result = (
        group.commands[name].main(args=args, prog_name="calcli", standalone_mode=False).compute()
    )
    check_answer = checker(name)
    for answer, verdict in zip(ANSWERS[name], ("equal", "different")):
        check = check_answer(result, answer, Options((), False, ()), 1e-3)
        with_expect = (
            group.commands[name]
            .main(args=[*args, "--expect", answer], prog_name="calcli", standalone_mode=False)
            .compute()
            .check
        )
        assert check.verdict == verdict and check.to_dict() == with_expect.to_dict()


def test_only_commands_without_an_answer_have_no_checker():
    assert [c.name for c in COMMANDS.values() if not c.checker] == ["diff-table"]

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
from calcli.registry import API, COMMANDS, preload
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
    assert name in TABLES and name in LATEX and (name in PLAIN or Format.csv in command.formats)
    for module in preload(name, numeric_flag=True):
        importlib.import_module(module)
    assert (DOCS / f"{name}.md").exists(), "run scripts/gen_docs.py"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_result_says_which_command_made_it(name):
    """render and batch choose by result.command: it must be the registry's name."""
    request = get_command(app).commands[name].main(args=example(name), prog_name="calcli", standalone_mode=False)
    assert request.compute().command == name


def test_every_cli_command_is_registered_or_is_batch():
    assert set(get_command(app).commands) == set(COMMANDS) | {"batch"}


def test_the_api_exposes_every_command():
    import calcli

    for command in COMMANDS.values():
        assert command.api in calcli.__all__ and callable(getattr(calcli, command.api))

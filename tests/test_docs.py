"""The docs pages hold each command's current --help and the real output of their examples."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_generator():
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_command_pages_are_current():
    for path, text in load_generator().pages().items():
        assert path.exists(), f"{path} is missing: run python scripts/gen_docs.py"
        assert path.read_text() == text, f"{path} is out of date: run python scripts/gen_docs.py"


def test_readme_setup_is_two_commands():
    readme = (ROOT / "README.md").read_text()
    block = readme.split("<!-- setup")[1].split("```sh\n")[1].split("```")[0]
    lines = block.strip().splitlines()
    assert len(lines) == 2
    assert 'calcli grad "(x+y)*z" --at x=4,y=-3,z=5' in lines[0]
    assert "pytest" in lines[1]

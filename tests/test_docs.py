"""The README's set-up. (That the docs pages hold each command's current --help and the real
output of its examples is checked by .ci/run, as a lint step: scripts/gen_docs.py --check.)"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_setup_is_two_commands():
    readme = (ROOT / "README.md").read_text()
    block = readme.split("<!-- setup")[1].split("```sh\n")[1].split("```")[0]
    lines = block.strip().splitlines()
    assert len(lines) == 2
    assert 'calcli grad "(x+y)*z" --at x=4,y=-3,z=5' in lines[0]
    assert "pytest" in lines[1]

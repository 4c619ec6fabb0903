"""Structure that keeps results deterministic: no computation reads a clock."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "calcli"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_computation_reads_a_clock():
    """The same input gives the same output under any load: only --timeout (calcli/limits.py) is time-based."""
    for path in sorted((ROOT / "ops").glob("*.py")) + sorted((ROOT / "parsing").glob("*.py")):
        assert not {"time", "signal", "threading", "datetime"} & imported_modules(path), path.name

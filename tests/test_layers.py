"""Structure: imports point down the layers, there are no import cycles, and no computation reads
a clock."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "calcli"

# From the bottom up; a module may import from its own layer and the ones below, never above.
LAYERS = [
    (
        "base",
        [
            "calcli.errors",
            "calcli.formats",
            "calcli.numbers",
            "calcli.registry",
            "calcli.request",
            "calcli.files",
            "calcli.framing",
        ],
    ),
    ("parsing", ["calcli.parsing"]),
    ("printing", ["calcli.printing", "calcli.results"]),
    ("ops", ["calcli.ops"]),
    ("render", ["calcli.render"]),
    ("process", ["calcli.limits", "calcli.terminal", "calcli.commands"]),
    ("app", ["calcli.cli", "calcli.batch", "calcli.__main__", "calcli"]),
]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Top-level names of every module imported anywhere in the file (late imports included)."""
    return {name.split(".")[0] for name in imports_of(path)}


def imports_of(path: Path) -> set[str]:
    """Full names of the modules a file imports, late imports included: `from calcli.ops import
    vector` counts as calcli.ops.vector when that is a module."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            for a in node.names:
                candidate = f"{node.module}.{a.name}"
                if (ROOT.parent / candidate.replace(".", "/")).with_suffix(".py").exists():
                    names.add(candidate)
    return names


def calcli_graph() -> dict[str, set[str]]:
    graph = {}
    for path in sorted(ROOT.rglob("*.py")):
        name = module_name(path)
        graph[name] = {m for m in imports_of(path) if m.startswith("calcli") and m != name}
    return graph


def layer_of(module: str) -> int:
    best = None
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (
                best is None or len(prefix) > best[1]
            ):
                best = (index, len(prefix))
    assert best is not None, f"{module} is in no layer: add it to LAYERS"
    return best[0]


def test_imports_point_down_the_layers():
    upward = [
        f"{m} ({LAYERS[layer_of(m)][0]}) imports {d} ({LAYERS[layer_of(d)][0]})"
        for m, deps in calcli_graph().items()
        for d in deps
        if layer_of(d) > layer_of(m)
    ]
    assert not upward, "\n".join(upward)


def test_no_import_cycles():
    graph = calcli_graph()
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module, path):
        state[module] = 1
        for dep in sorted(graph.get(module, ())):
            if state.get(dep) == 1:
                raise AssertionError(
                    "import cycle: " + " -> ".join(path[path.index(dep) :] + [dep])
                )
            if dep not in state:
                visit(dep, path + [dep])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


def test_the_checks_can_fail():
    """The cycle and layer checks see the imports of render: render.optimize_table importing
    runner would be caught."""
    assert "calcli.results" in calcli_graph()["calcli.render.optimize_table"]
    assert (
        layer_of("calcli.cli.runner")
        > layer_of("calcli.render.optimize_table")
        > layer_of("calcli.results")
    )


def test_no_computation_reads_a_clock():
    """The same input gives the same output under any load: only --timeout (calcli/limits.py) is
    time-based."""
    for path in sorted((ROOT / "ops").glob("*.py")) + sorted((ROOT / "parsing").glob("*.py")):
        assert not {"time", "signal", "threading", "datetime"} & imported_modules(path), path.name

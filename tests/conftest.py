import os

import pytest
import sympy as sp
from hypothesis import settings

from calcli.parsing import symbol
from tests import calling
from tests.processes import Calls, serving, wait_until

# The suite runs calcli cold: a server the developer has running must not answer its subprocesses.
# tests/test_server.py starts its own, in a directory of its own, and asks for it explicitly.
os.environ["CALCLI_SERVER"] = "off"

# Every property test draws the same examples on every run and machine: a failure is reproducible,
# and CI never fails on an example no one can find again.
settings.register_profile("calcli", derandomize=True)
settings.load_profile("calcli")


def same(a, b) -> bool:
    """Equal as mathematics, not as strings."""
    if isinstance(a, str):
        from calcli import parse

        a = parse(a).value
    if isinstance(b, str):
        from calcli import parse

        b = parse(b).value
    return sp.simplify(sp.sympify(a) - sp.sympify(b)) == 0


x, y, z = symbol("x"), symbol("y"), symbol("z")


@pytest.fixture(scope="session", autouse=True)
def hold_what_a_prestarted_worker_holds() -> None:
    """Each process that runs tests loads, once, what calcli's prestarted worker loads for a
    command (calcli.limits.prestart) — for every command, and the plot's libraries — so the
    computing children its tests fork start warm as a cold call's does, instead of each importing
    its command's modules again (0.3 s a child). (A fixture: xdist's controller runs no tests.)"""
    import importlib

    from calcli.limits import OWN_MODULES, warm_engine
    from calcli.registry import COMMANDS, preload
    from calcli.render.writers import table_module

    warm_engine()
    for name in COMMANDS:
        for module in (*preload(name, True), "calcli.render.table", table_module(name)):
            importlib.import_module(module)
    for module in OWN_MODULES:
        importlib.import_module(module)
    from calcli.errors import InputError
    from calcli.render.plot import pyplot

    try:
        pyplot()
    except InputError:  # no matplotlib: the plot tests skip
        pass


@pytest.fixture(scope="session")
def calcli_server(tmp_path_factory):
    """One warm server per test worker, in a private directory, stopped when the session ends."""
    yield from serving(tmp_path_factory.mktemp("server") / "run", idle="3600")


@pytest.fixture(params=["cold", "warm"])
def cold_and_warm(request, monkeypatch):
    """Runs a test's calcli processes twice: cold, then answered by the session's warm server,
    which must have served them and kept none of their processes (the same assertions hold either
    way)."""
    if request.param == "cold":
        yield Calls()
        return
    yield from _warm(request, monkeypatch)


@pytest.fixture(params=["in-process", "warm"])
def calcli_call(request, monkeypatch):
    """calcli as a function, twice: the cold path in the test's own process (tests.calling), then
    a process the session's warm server answers, which must keep none of its processes. For what
    must hold on both paths, and needs no cold process of its own (test_server compares the cold
    process with both)."""
    if request.param == "in-process":
        yield calling.call
        return
    for _ in _warm(request, monkeypatch):
        yield calling.call_process


def _warm(request, monkeypatch):
    """The session's warm server answers the test's calcli processes (a generator for fixtures)."""
    server = request.getfixturevalue("calcli_server")
    monkeypatch.setenv("CALCLI_SERVER", "on")
    monkeypatch.setenv("XDG_RUNTIME_DIR", server.runtime)
    served = server.requests()
    yield Calls(server)
    assert server.requests() > served, "the test's calls ran cold: the server did not answer them"
    assert wait_until(lambda: not server.requests_running(), 15), (
        "a request's process outlived the test"
    )

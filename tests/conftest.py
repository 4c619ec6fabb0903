import os

import pytest
import sympy as sp
from hypothesis import settings

from calcli.parsing import symbol
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
    server = request.getfixturevalue("calcli_server")
    monkeypatch.setenv("CALCLI_SERVER", "on")
    monkeypatch.setenv("XDG_RUNTIME_DIR", server.runtime)
    served = server.requests()
    yield Calls(server)
    assert server.requests() > served, "the test's calls ran cold: the server did not answer them"
    assert wait_until(lambda: not server.requests_running(), 15), (
        "a request's process outlived the test"
    )

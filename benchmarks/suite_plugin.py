"""A pytest plugin for benchmarks/suite.py: each test's time, and what it started while it ran.

A test is "interpreter" when it started a new Python (calcli, or a script), else "fork" when it
forked (calcli's limits run a computation in a forked child), else "in-process". Each worker appends
its tests as JSON lines to the file named by CALCLI_SUITE_SPLIT.
"""

from __future__ import annotations

import json
import os
import subprocess
import time

import pytest

_started = {"interpreter": 0, "fork": 0}


def _counting(kind: str, original, counts=lambda *args: True):
    def counted(*args, **kwargs):
        # a forked child's own forks and programs are its business
        if os.getpid() == _owner and counts(*args):
            _started[kind] += 1
        return original(*args, **kwargs)

    return counted


def _a_python(popen, argv, *rest) -> bool:
    """A new Python (calcli, or a test's script): not a library's own helper program (ldconfig, a
    compiler)."""
    words = [str(a) for a in (argv if isinstance(argv, (list, tuple)) else [argv])]
    return any("python" in os.path.basename(w) or "calcli" in w for w in words[:2])


_owner = os.getpid()
subprocess.Popen._execute_child = _counting(
    "interpreter", subprocess.Popen._execute_child, _a_python
)  # type: ignore[attr-defined]
os.fork = _counting("fork", os.fork)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    global _owner
    _owner = os.getpid()
    before = dict(_started)
    start = time.perf_counter()
    yield
    seconds = time.perf_counter() - start
    started = {k: _started[k] - before[k] for k in _started}
    kind = "interpreter" if started["interpreter"] else "fork" if started["fork"] else "in-process"
    with open(os.environ["CALCLI_SUITE_SPLIT"], "a") as out:
        out.write(json.dumps({"test": item.nodeid, "kind": kind, "seconds": seconds}) + "\n")

"""Time and memory limits stop work cleanly, including work that ignores signals."""

import time

import pytest

from calcli.errors import EngineError, InputError, LimitError
from calcli.limits import Streamed, run_limited


def spin():
    while True:
        pass


def huge_integer():
    return 3 ** (10**10)  # one C call that no signal interrupts


def allocate():
    return bytearray(8 * 1024**3)


def raises_input_error():
    raise InputError("bad")


def test_result_comes_back():
    assert run_limited(lambda: {"a": [1, 2]}, timeout=5) == {"a": [1, 2]}


@pytest.mark.parametrize("job", [spin, huge_integer])
def test_timeout(job):
    start = time.monotonic()
    with pytest.raises(LimitError, match="time limit"):
        run_limited(job, timeout=0.5)
    assert time.monotonic() - start < 1.5


def test_memory_cap():
    with pytest.raises(LimitError, match="memory"):
        run_limited(allocate, timeout=10, memory_mb=1024)


def test_errors_keep_their_class_and_position():
    with pytest.raises(InputError, match="bad"):
        run_limited(raises_input_error, timeout=5)


def test_engine_failures_are_reported_not_raised_raw():
    # the engine's failure, not a limit
    with pytest.raises(EngineError, match="ZeroDivisionError") as caught:
        run_limited(lambda: 1 // 0, timeout=5)
    assert caught.value.kind == "engine" and caught.value.exit_code == 3


def pieces_then_answer():
    return Streamed(iter(["a\n", "", "b\n"]), lambda: 42)


def pieces_then_failure():
    def pieces():
        yield "a\n"
        raise InputError("bad piece")

    return Streamed(pieces(), lambda: 42)


def test_a_streamed_job_sends_each_piece_as_it_is_made_then_its_outcome():
    got: list[str] = []
    assert run_limited(pieces_then_answer, timeout=5, output=got.append) == 42
    assert got == ["a\n", "b\n"]  # an empty piece is not sent
    got.clear()
    with pytest.raises(InputError, match="bad piece"):  # the pieces made before it are out
        run_limited(pieces_then_failure, timeout=5, output=got.append)
    assert got == ["a\n"]

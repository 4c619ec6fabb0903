"""Shared by the benchmark scripts: median wall time of whole commands."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

PY = sys.executable
CALCLI = str(Path(PY).with_name("calcli"))


def timed(cmd: list[str], runs: int = 5, warmup: bool = True) -> float:
    """Median wall time of `runs` runs of cmd (after one untimed run that fills the file cache)."""
    if warmup:
        subprocess.run(cmd, capture_output=True, check=False)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def report(name: str, seconds: float, floor: float, floor_name: str, target: float) -> None:
    ratio = seconds / floor
    print(
        f"{name:45s} {seconds * 1000:7.1f} ms / {floor_name} {floor * 1000:7.1f} ms = "
        f"{ratio:5.2f}  (target {target}) {'ok' if ratio <= target else 'OVER'}"
    )

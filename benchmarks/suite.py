"""The test suite's time, split by what its tests start: in-process, a forked child, a new
interpreter.

  .venv/bin/python benchmarks/suite.py          # the suite as the README runs it, plus the split

Prints the wall time, then per kind the number of tests, their summed time and its share, and the
slowest tests. Asserts nothing: the target (under 120 s on a quiet 2-core machine, no test over 10 s
except the lint steps) is read off the output.
"""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("in-process", "fork", "interpreter")


def run_suite(split: Path) -> float:
    env = {**os.environ, "CALCLI_SUITE_SPLIT": str(split), "PYTHONPATH": str(ROOT / "benchmarks")}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "suite_plugin", "-p", "no:randomly"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    summary = [line for line in done.stdout.splitlines() if " passed" in line or " failed" in line]
    print(summary[-1] if summary else done.stdout[-2000:])
    return wall


def report(records: list[dict], wall: float) -> None:
    total = sum(r["seconds"] for r in records)
    by_kind: dict[str, list[float]] = collections.defaultdict(list)
    for r in records:
        by_kind[r["kind"]].append(r["seconds"])
    print(f"wall time {wall:.0f} s (target < 120 s); tests' summed time {total:.0f} s")
    print(f"{'kind':<12} {'tests':>6} {'seconds':>8} {'share':>6} {'mean':>6}")
    for kind in KINDS:
        times = by_kind.get(kind, [])
        share = sum(times) / total if total else 0.0
        mean = sum(times) / len(times) if times else 0.0
        print(f"{kind:<12} {len(times):>6} {sum(times):>8.1f} {share:>6.0%} {mean:>6.2f}")
    slow = sorted(records, key=lambda r: -r["seconds"])[:8]
    over = sum(r["seconds"] > 10 for r in records)
    print(f"tests over 10 s: {over}; the slowest:")
    for r in slow:
        print(f"  {r['seconds']:6.2f} s  {r['kind']:<12} {r['test'][:90]}")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        split = Path(folder) / "split.jsonl"
        split.touch()
        wall = run_suite(split)
        records = [json.loads(line) for line in split.read_text().splitlines()]
    report(records, wall)


if __name__ == "__main__":
    main()
